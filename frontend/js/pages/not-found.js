// A friendly page for links that lead nowhere.

import { fragment, html } from "../dom.js";
import { getCurrentUser } from "../session.js";

export async function render({ detail }) {
  const signedIn = Boolean(getCurrentUser());
  const content = fragment(html`
    <div class="narrow">
      <h1>Page not found</h1>
      <p class="lead">${detail || "We couldn't find that page."}</p>
      <p>The link may be old, or there may be a typo in the address.</p>
      <p>${signedIn
        ? html`<a class="button" href="/teams">Go to your teams</a>`
        : html`<a class="button" href="/sign-in">Go to sign in</a>`}</p>
    </div>
  `);
  return { title: "Page not found", content };
}
