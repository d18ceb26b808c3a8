// Changing and deleting what a cycle holds, the same way in every section: a "Change" button
// that swaps the item for its form, "Delete" that asks first, and a stale change (someone else
// changed it first: 412) that shows their version in the form with a message.

import { ApiError } from "../api.js";
import { focusElement, h } from "../dom.js";
import { showErrors } from "../forms.js";
import { icon } from "../icons.js";

export const STALE_ITEM = "Someone else changed this while you were working on it. Here is " +
  "their version: check it and save your change again.";

/** The If-Match header for an item as it was read (its updated_at is its version). */
export function ifMatch(item) {
  return item && item.updated_at ? { headers: { "If-Match": `"${item.updated_at}"` } } : {};
}

export function isStale(error) {
  return error instanceof ApiError && error.status === 412;
}

/** Does the signed-in person manage this cycle's team (a teacher or an admin)? */
export function managesTeam(ctx) {
  return (ctx.cycle.my_roles || []).some((role) => role === "teacher" || role === "admin");
}

/** Ask before deleting, in a modal dialog; resolves true when the person confirms. */
export function confirmDelete({ title, text, confirmLabel = "Delete" }) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": "confirm-title",
      "aria-describedby": "confirm-text" },
    h("form", { method: "dialog" },
      h("h2", { id: "confirm-title" }, title),
      h("p", { id: "confirm-text" }, text),
      h("div", { class: "dialog__buttons" },
        h("button", { type: "submit", class: "button button--danger", value: "yes" }, confirmLabel),
        h("button", { type: "submit", class: "button button--secondary", value: "no", autofocus: true },
          "Keep it"))));
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "yes");
      dialog.remove();
    });
    dialog.showModal();
  });
}

/** Small "Change" and "Delete" buttons for an item; each named for the item it acts on. */
export function itemTools({ name, onEdit = null, onDelete = null }) {
  if (!onEdit && !onDelete) return "";
  return h("div", { class: "item-tools" },
    onEdit ? h("button", { type: "button", class: "button button--small button--secondary",
      "aria-label": `Change ${name}`, onclick: onEdit }, icon("pencil"), " Change") : "",
    onDelete ? h("button", { type: "button", class: "button button--small button--danger-quiet",
      "aria-label": `Delete ${name}`, onclick: onDelete }, icon("trash"), " Delete") : "");
}

/** Show that a change came too late, in the form now holding the newer version. */
export function showStale(form, headingLevel = 4) {
  showErrors(form, { headingLevel, message: STALE_ITEM });
}

/**
 * submitForm's onError for an edit form: when someone else changed the item first, `reload`
 * draws their version and the form holding it (`findForm()`, drawn anew) says so.
 */
export function reloadWhenStale(reload, findForm, headingLevel = 3) {
  return async (error) => {
    if (!isStale(error)) return false;
    await reload();
    showStale(findForm(), headingLevel);
    return true;
  };
}

/** Buttons under an edit form: Save and Cancel. */
export function saveOrCancel(onCancel, saveLabel = "Save changes") {
  return h("div", { class: "form__buttons" },
    h("button", { type: "submit", class: "button" }, saveLabel),
    h("button", { type: "button", class: "button button--secondary", onclick: onCancel }, "Cancel"));
}

export { focusElement };
