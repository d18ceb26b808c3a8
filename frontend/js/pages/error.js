// Shown when a page could not load for a reason other than "not found".

import { ApiError } from "../api.js";
import { fragment, html } from "../dom.js";

export async function render({ error }) {
  const detail =
    error instanceof ApiError ? error.detail : "Something went wrong on our side. Please try again.";
  const content = fragment(html`
    <div class="narrow">
      <h1>Sorry, this page didn't load</h1>
      <p class="lead">${detail}</p>
      <p><button type="button" class="button" data-action="retry">Try again</button></p>
    </div>
  `);
  content.querySelector('[data-action="retry"]').addEventListener("click", () => window.location.reload());
  return { title: "Something went wrong", content };
}
