// Small pieces the cycle page's sections share.

import { ApiError, allIncluded, getAll } from "../api.js";
import { h, html } from "../dom.js";
import { formValues } from "../forms.js";
import { dueStates } from "../workflows.js";

/**
 * A part of the cycle the page's first read included (`ctx.included`), taken once: undefined
 * when it was not included or is already taken (then the section reads the part's own route).
 */
export function takeIncluded(ctx, part) {
  if (!ctx.included || !(part in ctx.included)) return undefined;
  const value = ctx.included[part];
  delete ctx.included[part];
  return value;
}

/** A section's list: what the cycle's first read included, later reads from `route`. */
export function loadList(ctx, part, route, query) {
  const included = takeIncluded(ctx, part);
  return included ? allIncluded(included, route, query) : getAll(route, query);
}

/** A section with an h2; returns { element, body }. */
export function sectionShell(key, title, intro = "") {
  const headingId = `${key}-heading`;
  const body = h("div", { class: "cycle-section__body" });
  const element = h("section", { class: `cycle-section cycle-section--${key}`, "aria-labelledby": headingId },
    h("h2", { id: headingId }, title),
    intro ? h("p", { class: "hint" }, intro) : "",
    body);
  return { element, body };
}

export function problemText(error, fallback = "That didn't work. Please try again.") {
  return error instanceof ApiError ? error.detail : fallback;
}

/** A paragraph saying a part of the page could not load. */
export function loadFailed(what, error) {
  if (!(error instanceof ApiError)) console.error(error);
  return h("p", { class: "notice notice--error" },
    `We couldn't load ${what}. ${problemText(error, "Please reload the page.")}`);
}

/** <option>s for a list of { value, label }, with one selected. */
export function options(list, selected) {
  return list.map((item) => html`<option value="${item.value}" ${item.value === selected ? "selected" : ""}>${item.label}</option>`);
}

/** Team members as { value: user id, label: "Name (Student)" }, teachers first. */
export function memberChoices(members) {
  return [...members]
    .sort((a, b) => (a.role === b.role
      ? a.user.display_name.localeCompare(b.user.display_name)
      : a.role === "teacher" ? -1 : 1))
    .map((member) => ({
      value: member.user.id,
      label: `${member.user.display_name} (${member.role === "teacher" ? "Teacher" : "Student"})`,
    }));
}

/** Remember what decides a form's shape; true when it changed since the last call. */
export function shapeChanged(holder, key) {
  if (holder.lastShape === key) return false;
  holder.lastShape = key;
  return true;
}

/** The text of a person's name, or a stand-in for someone who left. */
export function personName(person) {
  return person ? person.display_name : "Someone who has left";
}

// ---- Who does what, and when: shared by "Start a cycle" and "Change roles and dates" --------

/** API field names → form control names, for showing the server's field errors. */
export function setupFieldNames(workflow) {
  return Object.fromEntries(
    dueStates(workflow).map((state) => [`due_dates.${state.name}`, `due_${state.name}`]),
  );
}

/** The due date fields of a workflow's dated states ("Evidence collected by"). */
export function dueDateFields(workflow, dueDates = {}) {
  return html`
    <fieldset class="field" data-due-dates>
      <legend>Due dates (optional)</legend>
      <div class="field-row">${dueStates(workflow).map((state) => html`
        <div class="field">
          <label for="due-${state.name}">${state.due_label}</label>
          <input id="due-${state.name}" name="due_${state.name}" type="date" value="${dueDates[state.name] || ""}">
        </div>`)}</div>
    </fieldset>`;
}

/**
 * The fields for a cycle's title, facilitators, recorder, timekeeper and due dates; `workflow`
 * is the definition (GET /workflows/{name}) whose states have the due dates.
 */
export function cycleSetupFields(members, workflow, current = null) {
  const people = memberChoices(members);
  const facilitators = new Set((current?.facilitators || []).map((person) => person.id));
  const chosen = (person) => (person ? person.id : "");
  const dueDates = current?.due_dates || {};
  const select = (name, label, none, value) => html`
    <div class="field">
      <label for="cycle-${name}">${label}</label>
      <select id="cycle-${name}" name="${name}_id">
        <option value="">${none}</option>${options(people, value)}
      </select>
    </div>`;
  return html`
    <div class="field">
      <label for="cycle-title">Title (optional)</label>
      <input id="cycle-title" name="title" type="text" maxlength="200" value="${current?.title || ""}">
    </div>
    <fieldset class="field">
      <legend>Facilitators</legend>
      <p class="hint">Who leads the team through this cycle. Students can facilitate too.</p>
      <div class="checks">${people.map((person) => html`
        <div class="choice">
          <input type="checkbox" id="facilitator-${person.value}" name="facilitator_ids" value="${person.value}"
            ${facilitators.has(person.value) ? "checked" : ""}>
          <label for="facilitator-${person.value}">${person.label}</label>
        </div>`)}</div>
    </fieldset>
    <div class="field-row">
      ${select("recorder", "Recorder (optional)", "No recorder", chosen(current?.recorder))}
      ${select("timekeeper", "Timekeeper (optional)", "No timekeeper", chosen(current?.timekeeper))}
    </div>
    ${dueDateFields(workflow, dueDates)}`;
}

/** The body for POST (empty fields left out) or PATCH (empty fields cleared). */
export function readCycleSetup(form, workflow, { update = false } = {}) {
  const values = formValues(form);
  const body = {
    facilitator_ids: [...form.querySelectorAll('input[name="facilitator_ids"]:checked')].map((box) => box.value),
    due_dates: {},
  };
  const empty = update ? null : undefined;
  if (values.title || update) body.title = values.title || "";
  for (const name of ["recorder_id", "timekeeper_id"]) {
    const value = values[name] || empty;
    if (value !== undefined) body[name] = value;
  }
  for (const state of dueStates(workflow)) {
    const value = values[`due_${state.name}`] || empty;
    if (value !== undefined) body.due_dates[state.name] = value;
  }
  return body;
}
