// Forms the same way on every page: sending one, and its errors (a message next to each field,
// and a summary at the top of the form that takes focus and links to the fields).
//
// submitForm is the one way a page sends a form:
//
//   submitForm(form, async (values) => {
//     await post(`${ctx.api}/comments`, { body: values.body });   // throw to show the error
//     form.reset();
//     announce("Comment posted.");
//   }, {
//     busy: "Posting…",                                             // the button while it runs
//                                                                   (or a function of values)
//     check: (values) => (values.body ? {} : { body: ["Write your comment first."] }),
//     headingLevel: 3,                                              // where the form sits
//     fieldNames: { "due_dates.plan": "due_plan" },                 // API field → control name
//                                                                   (or a function giving them)
//     onError: (error) => error.status === 412 && reload(),         // true: it was dealt with
//     signal,                                                       // the page's AbortSignal
//   });
//
// It checks first (problems show at once, nothing is sent), keeps the submit button busy while
// `send` runs, and shows what the server said on the form; after a success the form's errors go.
// `send` is any async function: a request, an upload with progress, several uploads in a row, a
// navigation. It throws an ApiError, or a FormProblems to say what is wrong in its own words:
//
//   throw new FormProblems({ file: ["photo.jpg: That file is too large."] }, "1 file didn't upload.");
//
// A form with two submit buttons (name="run" value="check" / value="import") gets the pressed
// one's value in `values`, and that button is the one kept busy.

import { ApiError } from "./api.js";
import { focusElement, h, html } from "./dom.js";

/** Problems a form's `send` found itself, shown on the form like the server's. */
export class FormProblems extends Error {
  /** fieldErrors is { controlName: [messages] }; message goes at the top of the summary. */
  constructor(fieldErrors = {}, message = "") {
    super(message || "There is a problem");
    this.name = "FormProblems";
    this.fieldErrors = fieldErrors;
    this.summary = message;
  }
}

/**
 * Values of a form as a plain object of trimmed strings (passwords untrimmed); with `submitter`,
 * the submit button that was pressed adds its name and value.
 */
export function formValues(form, submitter = null) {
  const values = {};
  for (const [name, value] of new FormData(form, submitter || undefined).entries()) {
    if (typeof value !== "string") continue;
    const field = form.elements.namedItem(name);
    const isPassword = field && field.type === "password";
    values[name] = isPassword ? value : value.trim();
  }
  return values;
}

function fieldFor(form, name) {
  const found = form.elements.namedItem(name);
  if (!found) return null;
  // Radio groups come back as a RadioNodeList: the first radio stands for the group.
  return found instanceof RadioNodeList ? found[0] : found;
}

function describedBy(element, id, add) {
  const ids = new Set((element.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
  if (add) ids.add(id);
  else ids.delete(id);
  if (ids.size) element.setAttribute("aria-describedby", [...ids].join(" "));
  else element.removeAttribute("aria-describedby");
}

export function clearErrors(form) {
  form.querySelectorAll(".error-summary").forEach((summary) => summary.remove());
  form.querySelectorAll(".field-error").forEach((message) => {
    form.querySelectorAll(`[aria-describedby~="${message.id}"]`).forEach((element) => {
      describedBy(element, message.id, false);
    });
    message.remove();
  });
  form.querySelectorAll("[aria-invalid]").forEach((element) => element.removeAttribute("aria-invalid"));
  form.querySelectorAll(".has-error").forEach((element) => element.classList.remove("has-error"));
}

/**
 * Show errors: fieldErrors is { name: [messages] } (names of the form's controls), message is
 * what goes at the top when no field explains it. Focus moves to the summary.
 * headingLevel keeps headings in order where the form sits (2 by default).
 */
export function showErrors(form, { fieldErrors = {}, message = "", headingLevel = 2 } = {}) {
  clearErrors(form);
  const items = [];
  for (const [name, messages] of Object.entries(fieldErrors)) {
    const text = messages.join(" ");
    const field = fieldFor(form, name);
    if (!field) {
      items.push(h("li", {}, text));
      continue;
    }
    if (!field.id) field.id = `${form.id || "form"}-${name}`;
    const errorId = `${field.id}-error`;
    const error = h("p", { class: "field-error", id: errorId }, h("span", { class: "visually-hidden" }, "Error: "), text);
    const group = field.type === "radio" || field.type === "checkbox" ? field.closest("fieldset") : null;
    if (group) {
      group.querySelector("legend").after(error);
      describedBy(group, errorId, true);
      group.classList.add("has-error");
    } else {
      const wrapper = field.closest(".field") || field.parentElement;
      wrapper.classList.add("has-error");
      field.setAttribute("aria-invalid", "true");
      describedBy(field, errorId, true);
      // The message sits between the label (and hint) and the input, where it is read first.
      (field.closest(".input-wrap") || field).before(error);
    }
    items.push(
      h("li", {}, h("a", {
        href: `#${field.id}`,
        onclick: (event) => {
          event.preventDefault();
          field.focus();
        },
      }, text)),
    );
  }
  if (message) items.unshift(h("li", {}, message));
  const summary = h(
    "div",
    { class: "error-summary", role: "alert", tabindex: "-1" },
    h(`h${headingLevel}`, { class: "error-summary__title" }, "There is a problem"),
    h("ul", {}, items),
  );
  form.prepend(summary);
  focusElement(summary);
  return summary;
}

/**
 * Show an ApiError, FormProblems (or anything thrown) on a form. fieldNames maps API fields to
 * control names.
 */
export function showApiError(form, error, { headingLevel = 2, fieldNames = {} } = {}) {
  if (error instanceof FormProblems) {
    return showErrors(form, { fieldErrors: error.fieldErrors, message: error.summary, headingLevel });
  }
  if (!(error instanceof ApiError)) {
    console.error(error);
    return showErrors(form, { message: "Something went wrong. Please try again.", headingLevel });
  }
  const fieldErrors = {};
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    fieldErrors[fieldNames[field] || field] = messages;
  }
  const hasFields = Object.keys(fieldErrors).length > 0;
  return showErrors(form, {
    fieldErrors,
    message: hasFields ? "" : error.detail,
    headingLevel,
  });
}

/** Send a form with `send(values, form)`: see the top of this module. */
export function submitForm(form, send, options = {}) {
  const { check, busy = "Please wait…", headingLevel = 2, fieldNames = {}, onError, signal } = options;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    const values = formValues(form, submitter);
    const problems = check ? check(values, form) : null;
    if (problems && Object.keys(problems).length) {
      showErrors(form, { fieldErrors: problems, headingLevel });
      return;
    }
    const button = submitter || form.querySelector('button[type="submit"]') || form.querySelector("button");
    if (button) setBusy(button, true, typeof busy === "function" ? busy(values) : busy);
    try {
      await send(values, form);
    } catch (error) {
      if (button) setBusy(button, false);
      if (!(onError && (await onError(error, form)))) {
        const names = typeof fieldNames === "function" ? fieldNames() : fieldNames;
        showApiError(form, error, { headingLevel, fieldNames: names });
      }
      return;
    }
    if (button) setBusy(button, false);
    clearErrors(form);
  }, { signal });
}

const savedLabels = new WeakMap();

/** Disable a submit button while a request runs, with a short busy label. */
export function setBusy(button, busy, busyText = "Please wait…") {
  if (busy) {
    if (!savedLabels.has(button)) savedLabels.set(button, [...button.childNodes]);
    button.textContent = busyText;
    button.disabled = true;
  } else {
    if (savedLabels.has(button)) button.replaceChildren(...savedLabels.get(button));
    savedLabels.delete(button);
    button.disabled = false;
  }
}

/** The server's shortest password, said to people before they send one. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * The two fields of a new password typed twice (checked by newPasswordProblems): the first
 * input is named `name`, the second `confirm`.
 */
export function newPasswordFields(name = "password") {
  return html`
    <div class="field">
      <label for="new-password">New password</label>
      <p class="hint" id="new-password-hint">At least ${MIN_PASSWORD_LENGTH} characters.</p>
      <input id="new-password" name="${name}" type="password" autocomplete="new-password"
             aria-describedby="new-password-hint" required>
    </div>
    <div class="field">
      <label for="confirm-password">Type it again</label>
      <input id="confirm-password" name="confirm" type="password" autocomplete="new-password"
             required>
    </div>
  `;
}

/**
 * What needs fixing in a new password typed twice, as { fieldName: [messages] } for showErrors:
 * `field` and `confirmField` name the two inputs.
 */
export function newPasswordProblems(password, confirm, { field = "password", confirmField = "confirm" } = {}) {
  const errors = {};
  if (!password) errors[field] = ["Enter a new password."];
  else if (password.length < MIN_PASSWORD_LENGTH) {
    errors[field] = [`Use at least ${MIN_PASSWORD_LENGTH} characters.`];
  }
  if (password && confirm !== password) errors[confirmField] = ["The two passwords don't match."];
  return errors;
}
