// OneRoster CSV import: choose the files, check them (a dry run, row by row), then import.
// The real run is all or nothing, so what the check said is what happens.

import { ApiError, upload } from "../../api.js";
import { fragment, html } from "../../dom.js";
import { clearErrors, submitForm } from "../../forms.js";
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
        <button type="submit" class="button" name="run" value="check">Check the files</button>
        <button type="submit" class="button button--secondary" name="run" value="import"
          aria-disabled="true">Import</button>
      </div>
      <div class="roster-progress" hidden>
        <label for="roster-progress">Sending the files</label>
        <progress id="roster-progress" max="100" value="0"></progress>
      </div>
    </form>
    <div id="roster-result" aria-live="polite"></div>
  `);
  const form = content.getElementById("roster-form");
  const importButton = form.querySelector('[value="import"]');
  const result = content.getElementById("roster-result");
  const progressWrap = form.querySelector(".roster-progress");
  const progress = form.querySelector("progress");
  // Import stays focusable but refuses until a check of these very files found nothing wrong.
  const setChecked = (clean) => importButton.setAttribute("aria-disabled", String(!clean));
  form.addEventListener("change", () => setChecked(false)); // changed files need a new check

  function chosenFiles() {
    return FILES.map((file) => [file.name, form.elements[file.name].files[0]]).filter(([, chosen]) => chosen);
  }

  function showReport(body, { dryRun }) {
    result.replaceChildren(fragment(report(body, { dryRun })));
    result.querySelector("section").focus();
  }

  submitForm(form, async (values) => {
    const dryRun = values.run !== "import";
    const data = new FormData();
    chosenFiles().forEach(([name, chosen]) => data.append(name, chosen));
    setChecked(false);
    result.replaceChildren(); // the last report is not about this run
    progress.value = 0;
    progressWrap.hidden = false;
    let body;
    try {
      ({ data: body } = await upload(`${api}/roster/oneroster`, data, {
        query: { dry_run: String(dryRun), source: values.source || "oneroster" },
        onProgress: (fraction) => { progress.value = Math.round(fraction * 100); },
      }));
    } finally {
      progressWrap.hidden = true;
    }
    showReport(body, { dryRun });
    setChecked(dryRun && !(body.rows || []).some((row) => row.status === "error"));
    if (!dryRun) announce("The roster is imported.", { tone: "success" });
  }, {
    busy: (values) => (values.run === "import" ? "Importing…" : "Checking…"),
    headingLevel: 3,
    fieldNames: { bundle: FILES[0].name, file: FILES[0].name },
    check(values) {
      if (!chosenFiles().length) return { [FILES[0].name]: ["Choose the bundle, or at least one CSV file."] };
      if (values.run === "import" && importButton.getAttribute("aria-disabled") === "true") {
        return { import: ["Check the files first: Import works once the check finds nothing wrong."] };
      }
      return {};
    },
    onError(error) {
      // A refused import answers with its row-by-row report: that says what to fix.
      if (!(error instanceof ApiError && error.problem.rows)) return false;
      clearErrors(form);
      showReport(error.problem, { dryRun: false });
      return true;
    },
  });
  return content;
}
