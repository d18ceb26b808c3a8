// The scaffold of a page opened from a link in an email (/reset-password#token=...): a narrow
// page whose one form sends the link's token, then says what happened in its place.
//
// The token leaves the address bar at once (out of the history and of anyone's sight) and is
// kept here for the rest of the visit, so the page can be drawn again. Nothing is sent until
// the person presses the button: mail scanners that open links change nothing.

import { focusElement, fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";

const tokens = new Map(); // page path → the token its link brought, for this visit

function takeToken(pagePath) {
  const found = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (found) {
    tokens.set(pagePath, found);
    window.history.replaceState(null, "", pagePath);
  }
  return tokens.get(pagePath) || "";
}

/**
 * Draw the page at `pagePath` ({ title, content } for the router).
 * - fields: html`` inside the form, above its button; submit: the button's words; busy, check:
 *   as submitForm takes them
 * - missingLink: html`` (paragraphs) for a visit without a token; footer: html`` under the form
 * - send(values, token): does the work and resolves to { heading, body } (body is html``),
 *   shown in the form's place with the heading focused
 */
export function emailedLinkPage({ pagePath, title, fields = "", submit, busy, check, missingLink, footer = "", send }) {
  const content = fragment(html`
    <div class="narrow">
      <h1>${title}</h1>
      <div data-link-body>
        <form class="form card" novalidate>
          ${fields}
          <button type="submit" class="button">${submit}</button>
        </form>
      </div>
      ${footer}
    </div>
  `);
  const body = content.querySelector("[data-link-body]");
  const token = takeToken(pagePath);
  if (!token) {
    renderInto(body, html`<div class="notice notice--error">${missingLink}</div>`);
    return { title, content };
  }
  submitForm(body.querySelector("form"), async (values) => {
    const done = await send(values, token);
    tokens.delete(pagePath); // used: a link works once
    renderInto(body, html`
      <div class="card">
        <h2 tabindex="-1">${done.heading}</h2>
        ${done.body}
      </div>
    `);
    focusElement(body.querySelector("h2"));
  }, { busy, check });
  return { title, content };
}
