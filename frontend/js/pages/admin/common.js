// Small pieces the admin console's sections share.

import { ApiError } from "../../api.js";
import { h, html } from "../../dom.js";
import { setBusy } from "../../forms.js";
import { announce } from "../../status.js";

export const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

export function when(value) {
  return value ? WHEN.format(new Date(value)) : "—";
}

export function day(value) {
  return value ? DAY.format(new Date(`${value}T00:00:00Z`)) : "—";
}

export function messageOf(error) {
  if (error instanceof ApiError) return error.detail;
  console.error(error);
  return "Something went wrong. Please try again.";
}

/**
 * Wire every button matching `selector` inside `root`: run `work(button)` with the button busy,
 * announce `done(button, result)` when it returns a message, and announce the error otherwise.
 */
export function onButtons(root, selector, work, { busyText = "Working…" } = {}) {
  root.querySelectorAll(selector).forEach((button) => {
    button.addEventListener("click", async () => {
      setBusy(button, true, busyText);
      try {
        const message = await work(button);
        if (message) announce(message, { tone: "success" });
      } catch (error) {
        announce(messageOf(error), { tone: "error", timeout: 0 });
      } finally {
        if (button.isConnected) setBusy(button, false);
      }
    });
  });
}

/** A secret shown once (a client secret, a webhook signing secret), with a copy button. */
export function secretPanel({ title, lines, secret, onDone }) {
  const panel = h(
    "div",
    { class: "card secret-panel", role: "region", "aria-label": title, tabindex: "-1" },
    h("h3", {}, title),
    ...lines.map((line) => h("p", {}, line)),
    h("p", {}, h("code", { class: "secret", "data-secret": "" }, secret)),
    h("p", { class: "notice notice--error" },
      "Copy it now: it is shown only this once and we keep no copy."),
  );
  const buttons = h("div", { class: "button-row" },
    h("button", {
      type: "button",
      class: "button button--secondary",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(secret);
          announce("Copied.");
        } catch {
          announce("Select the text and copy it yourself.", { tone: "error" });
        }
      },
    }, "Copy"),
    h("button", { type: "button", class: "button", onclick: onDone }, "I've saved it"),
  );
  panel.append(buttons);
  return panel;
}

export function emptyRow(columns, text) {
  return html`<tr><td colspan="${columns}" class="muted">${text}</td></tr>`;
}
