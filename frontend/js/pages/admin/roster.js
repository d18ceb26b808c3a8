// OneRoster CSV import: choose the files, check them (a dry run, row by row), then import.
// The real run is all or nothing, so what the check said is what happens.

import { ApiError, upload } from "../../api.js";
import { fragment, h, html } from "../../dom.js";
import { setBusy } from "../../forms.js";
import { announce } from "../../status.js";

const FILES = [
  { name: "oneroster.zip", label: "A whole OneRoster bundle (.zip), or the CSV files below", accept: ".zip,application/zip" },
  { name: "users.csv", label: "People (users.csv)" },
  { name: "classes.csv", label: "Classes, which become teams (classes.csv)" },
  { name: "enrollments.csv", label: "Who is in which class (enrollments.csv)" },
];
const STATUS_WORDS = {
  created: "Will be added", updated: "Will change", removed: "Will be taken off",
  skipped: "Left out", error: "Can't be imported", linked: "Will be linked",
  deactivated: "Will be turned off", unchanged: "No change",
};
const DONE_WORDS = {
  created: "Added", updated: "Changed", removed: "Taken off", skipped: "Left out",
  error: "Can't be imported", linked: "Linked", deactivated: "Turned off", unchanged: "No change",
};

function countsLine(counts, words) {
  return Object.entries(counts || {}).map(([kind, byStatus]) => {
    const parts = Object.entries(byStatus).map(([status, n]) => `${n} ${(words[status] || status).toLowerCase()}`);
    return html`<li><strong>${kind}</strong>: ${parts.length ? parts.join(", ") : "nothing"}</li>`;
  });
}

function report(body, { dryRun }) {
  const words = dryRun ? STATUS_WORDS : DONE_WORDS;
  const rows = body.rows || [];
  const errors = rows.filter((row) => row.status === "error");
  return html`
    <section class="card roster-report" aria-labelledby="roster-report-title" tabindex="-1">
      <h3 id="roster-report-title">${dryRun ? "What the import would do" : errors.length ? "Nothing was imported" : "Imported"}</h3>
      ${errors.length ? html`<p class="notice notice--error">${errors.length === 1 ? "1 row can't" : `${errors.length} rows can't`}
        be imported. Fix ${errors.length === 1 ? "it" : "them"} in the files and check again: nothing is imported until every row can be.</p>` : ""}
      <ul>${countsLine(body.counts, words)}</ul>
      ${rows.length ? html`
      <div class="table-wrap">
        <table class="table table--stack admin-table">
          <caption class="visually-hidden">Row by row</caption>
          <thead><tr><th scope="col">File, line</th><th scope="col">Id</th><th scope="col">Result</th><th scope="col">Why</th></tr></thead>
          <tbody>${rows.map((row) => html`
            <tr class="${row.status === "error" ? "row-error" : ""}">
              <td data-label="File">${row.file}${row.line ? `, line ${row.line}` : ""}</td>
              <td data-label="Id">${row.sourced_id || "—"}</td>
              <td data-label="Result">${words[row.status] || row.status}</td>
              <td>${row.note || ""}${row.errors ? html`<ul>${Object.entries(row.errors).map(([field, messages]) =>
                html`<li>${field === "_" ? "" : `${field}: `}${[].concat(messages).join(" ")}</li>`)}</ul>` : ""}</td>
            </tr>`)}</tbody>
        </table>
      </div>` : html`<p>No row changes anything.</p>`}
    </section>`;
}

export async function render({ api }) {
  const content = fragment(html`
    <h2>Roster import (OneRoster CSV)</h2>
    <p class="lead">Export OneRoster 1.1 from your student information system (the zip bundle,
      or its CSV files). Check them
      first: you see, row by row, what would change. Then import. If any row can't be imported,
      nothing is.</p>
    <form id="roster-form" class="card form" novalidate>
      ${FILES.map((file) => html`
        <div class="field">
          <label for="roster-${file.name}">${file.label}</label>
          <input id="roster-${file.name}" name="${file.name}" type="file" accept="${file.accept || ".csv,text/csv"}">
        </div>`)}
      <div class="field">
        <label for="roster-source">Whose ids these are</label>
        <p class="hint" id="roster-source-hint">A short name for your system, the same every time, e.g. oneroster or powerschool.</p>
        <input id="roster-source" name="source" type="text" value="oneroster" maxlength="40" aria-describedby="roster-source-hint">
      </div>
      <div class="button-row">
        <button type="submit" class="button" data-run="dry">Check the files</button>
        <button type="button" class="button button--secondary" data-run="real" disabled>Import</button>
      </div>
      <div class="roster-progress" hidden>
        <label for="roster-progress">Sending the files</label>
        <progress id="roster-progress" max="100" value="0"></progress>
      </div>
    </form>
    <div id="roster-result" aria-live="polite"></div>
  `);
  const form = content.getElementById("roster-form");
  const check = form.querySelector('[data-run="dry"]');
  const importButton = form.querySelector('[data-run="real"]');
  const result = content.getElementById("roster-result");
  const progressWrap = form.querySelector(".roster-progress");
  const progress = form.querySelector("progress");
  form.addEventListener("change", () => {
    importButton.disabled = true; // changed files need a new check
  });

  async function run(dryRun) {
    const data = new FormData();
    let sent = 0;
    for (const file of FILES) {
      const chosen = form.elements[file.name].files[0];
      if (chosen) {
        data.append(file.name, chosen);
        sent += 1;
      }
    }
    if (!sent) {
      result.replaceChildren(h("p", { class: "notice notice--error", role: "alert" }, "Choose at least one file."));
      return;
    }
    const button = dryRun ? check : importButton;
    setBusy(button, true, dryRun ? "Checking…" : "Importing…");
    progress.value = 0;
    progressWrap.hidden = false;
    try {
      const { data: body } = await upload(`${api}/roster/oneroster`, data, {
        query: { dry_run: dryRun ? "true" : "false", source: form.elements.source.value.trim() || "oneroster" },
        onProgress: (fraction) => { progress.value = Math.round(fraction * 100); },
      });
      result.replaceChildren(fragment(report(body, { dryRun })));
      const clean = !(body.rows || []).some((row) => row.status === "error");
      importButton.disabled = !(dryRun && clean);
      if (!dryRun) announce("The roster is imported.", { tone: "success" });
    } catch (error) {
      importButton.disabled = true;
      if (error instanceof ApiError && error.problem.rows) {
        result.replaceChildren(fragment(report(error.problem, { dryRun: false })));
      } else {
        result.replaceChildren(h("div", { class: "notice notice--error", role: "alert" },
          h("p", {}, error instanceof ApiError ? error.detail : "Something went wrong. Please try again."),
          ...Object.entries(error.fieldErrors || {}).map(([field, messages]) => h("p", {}, `${field}: ${messages.join(" ")}`))));
      }
    } finally {
      setBusy(button, false);
      if (button === importButton) importButton.disabled = true;
      progressWrap.hidden = true;
      result.querySelector("section")?.focus();
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(true);
  });
  importButton.addEventListener("click", () => run(false));
  return content;
}
