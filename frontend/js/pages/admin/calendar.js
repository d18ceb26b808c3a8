// The school calendar: terms and holidays or breaks, typed in or imported from an .ics file.
// Reminders and "stalled" counts skip the days that are not school days.

import { ApiError, del, getAll, patch, post, upload } from "../../api.js";
import { fragment, html } from "../../dom.js";
import { FormProblems, clearErrors, submitForm } from "../../forms.js";
import { announce } from "../../status.js";
import { day, onButtons } from "./common.js";

const KINDS = {
  terms: { title: "Terms", one: "term", empty: "No terms yet: every weekday counts as a school day." },
  "non-school-days": { title: "Holidays and breaks", one: "holiday or break", empty: "No holidays or breaks yet." },
};

function entryForm(id, entry = {}) {
  return html`
    <div class="field">
      <label for="${id}-name">Name</label>
      <input id="${id}-name" name="name" type="text" maxlength="200" value="${entry.name || ""}" required>
    </div>
    <div class="field-row">
      <div class="field">
        <label for="${id}-starts">First day</label>
        <input id="${id}-starts" name="starts_on" type="date" value="${entry.starts_on || ""}" required>
      </div>
      <div class="field">
        <label for="${id}-ends">Last day</label>
        <input id="${id}-ends" name="ends_on" type="date" value="${entry.ends_on || ""}" required>
      </div>
    </div>`;
}

function problems(values) {
  const errors = {};
  if (!values.name) errors.name = ["Give it a name."];
  if (!values.starts_on) errors.starts_on = ["Choose the first day."];
  if (!values.ends_on) errors.ends_on = ["Choose the last day."];
  if (values.starts_on && values.ends_on && values.ends_on < values.starts_on) {
    errors.ends_on = ["Pick a last day on or after the first day."];
  }
  return errors;
}

function wireForm(form, send, done) {
  submitForm(form, async (values) => {
    await send(values);
    clearErrors(form);
    await done(values);
  }, { busy: "Saving…", headingLevel: 4, check: problems });
}

// The server names each event it could not read ("event 3 (Winter break)"): those problems
// sit by the file input, each saying which event it is about.
function eventProblems(error) {
  if (!(error instanceof ApiError)) return null;
  const events = Object.entries(error.fieldErrors).filter(([where]) => where !== "file");
  if (!events.length) return null;
  return new FormProblems({ file: events.map(([where, messages]) => `${where}: ${messages.join(" ")}`) }, error.detail);
}

function list(kind, entries) {
  const words = KINDS[kind];
  return html`
    <section class="card" aria-labelledby="${kind}-title">
      <h3 id="${kind}-title">${words.title}</h3>
      ${entries.length ? html`<ul class="calendar-list" role="list">${entries.map((entry) => html`
        <li class="calendar-entry">
          <p><strong>${entry.name}</strong>: ${day(entry.starts_on)}${entry.ends_on !== entry.starts_on ? html` to ${day(entry.ends_on)}` : ""}
            ${entry.external_source ? html` <span class="badge">imported</span>` : ""}</p>
          <div class="toolbar">
            <details class="disclosure">
              <summary>Change</summary>
              <form class="form" data-edit="${entry.id}" data-kind="${kind}" novalidate>
                ${entryForm(`edit-${entry.id}`, entry)}
                <button type="submit" class="button button--small">Save</button>
              </form>
            </details>
            <button type="button" class="button button--small button--danger-quiet" data-delete="${entry.id}"
              data-kind="${kind}" data-name="${entry.name}">Delete</button>
          </div>
        </li>`)}</ul>` : html`<p class="muted">${words.empty}</p>`}
      <details class="disclosure">
        <summary>Add a ${words.one}</summary>
        <form class="form" data-add="${kind}" novalidate>
          ${entryForm(`add-${kind}`)}
          <button type="submit" class="button button--small">Add</button>
        </form>
      </details>
    </section>`;
}

export async function render({ api, refresh }) {
  const [terms, breaks] = await Promise.all([getAll(`${api}/terms`), getAll(`${api}/non-school-days`)]);
  const content = fragment(html`
    <h2>School calendar</h2>
    <p class="lead">School days are Monday to Friday, inside a term (once you add terms), and not
      a holiday or break. Reminders count school days: a cycle is not “stalled” over a break.</p>
    <div class="card-grid calendar-grid">
      ${list("terms", terms)}
      ${list("non-school-days", breaks)}
    </div>
    <section class="card" aria-labelledby="ical-title">
      <h3 id="ical-title">Import from a calendar file</h3>
      <p>Export the school's calendar from Google Calendar, Outlook or your district's site as an
        iCalendar (.ics) file. Each event becomes a holiday or break (or a term). Importing the same
        file again updates what it imported before. If any event can't be read, nothing is imported.</p>
      <form id="ical-form" class="form" novalidate>
        <div class="field">
          <label for="ical-file">Calendar file (.ics)</label>
          <input id="ical-file" name="file" type="file" accept=".ics,text/calendar" required>
        </div>
        <fieldset class="radios">
          <legend>Each event is</legend>
          <div class="field field--check"><input id="ical-breaks" type="radio" name="kind" value="non_school_day" checked>
            <label for="ical-breaks">a holiday or break</label></div>
          <div class="field field--check"><input id="ical-terms" type="radio" name="kind" value="term">
            <label for="ical-terms">a term</label></div>
        </fieldset>
        <button type="submit" class="button">Import</button>
      </form>
    </section>
  `);
  content.querySelectorAll("form[data-add]").forEach((form) => {
    const kind = form.dataset.add;
    wireForm(form, (values) => post(`${api}/${kind}`, values), async (values) => {
      await refresh();
      announce(`${values.name} is added.`, { tone: "success" });
    });
  });
  content.querySelectorAll("form[data-edit]").forEach((form) => {
    wireForm(form, (values) => patch(`${api}/${form.dataset.kind}/${form.dataset.edit}`, values),
      async (values) => {
        await refresh();
        announce(`${values.name} is saved.`, { tone: "success" });
      });
  });
  onButtons(content, "[data-delete]", async (button) => {
    if (!window.confirm(`Delete ${button.dataset.name}?`)) return "";
    await del(`${api}/${button.dataset.kind}/${button.dataset.delete}`);
    await refresh();
    announce(`${button.dataset.name} is deleted.`, { tone: "success" });
    return "";
  });
  const icalForm = content.getElementById("ical-form");
  submitForm(icalForm, async (values, form) => {
    const data = new FormData();
    data.append("file", form.elements.file.files[0]);
    let result;
    try {
      ({ data: result } = await upload(`${api}/calendar/import`, data, { query: { kind: values.kind } }));
    } catch (error) {
      throw eventProblems(error) || error;
    }
    const { created, updated, unchanged } = result.counts;
    await refresh();
    announce(`Imported: ${created} added, ${updated} changed, ${unchanged} already there.`, { tone: "success" });
  }, {
    busy: "Importing…",
    headingLevel: 4,
    check: (values, form) => (form.elements.file.files.length ? {} : { file: ["Choose an .ics file."] }),
  });
  return content;
}
