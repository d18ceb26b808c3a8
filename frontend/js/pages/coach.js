// The coach's dashboard: every team you follow, where its cycles stand and what is stuck.

import { getList } from "../api.js";
import { fragment, html } from "../dom.js";
import { submitForm } from "../forms.js";

const SORTS = [
  { value: "name", label: "Team name" },
  { value: "stalled", label: "Most stalled first" },
  { value: "overdue", label: "Most overdue first" },
];

function percent(share) {
  return share === null || share === undefined ? "No cycles yet" : `${Math.round(share * 100)}%`;
}

function cycleRow(cycle) {
  const flags = [
    cycle.stalled ? html`<span class="badge badge--warn">Stalled</span>` : "",
    cycle.phase_overdue ? html`<span class="badge badge--warn">Phase overdue</span>` : "",
    cycle.overdue_actions ? html`<span class="badge badge--warn">${cycle.overdue_actions} overdue
      action${cycle.overdue_actions === 1 ? "" : "s"}</span>` : "",
    cycle.facilitated_by_student ? html`<span class="badge">Student facilitator</span>` : "",
  ];
  return html`
    <tr>
      <th scope="row"><a href="/cycles/${cycle.id}">Cycle ${cycle.number}</a>
        <span class="muted">${cycle.puzzle_question}</span></th>
      <td data-label="Phase">${cycle.state_label}</td>
      <td data-label="In phase">${cycle.days_in_phase} day${cycle.days_in_phase === 1 ? "" : "s"}</td>
      <td data-label="Phase due">${cycle.phase_due_on || "—"}</td>
      <td data-label="Evidence / notes / actions">${cycle.counts.evidence} / ${cycle.counts.notes} / ${cycle.counts.actions}</td>
      <td data-label="Needs attention">${flags}</td>
    </tr>`;
}

function change(value) {
  if (value === null || value === undefined) return "";
  if (value === 0) return " (no change)";
  return ` (${value > 0 ? "up" : "down"} ${Math.abs(value).toFixed(1)})`;
}

// Results appear only once a round has closed with enough answers; the change is from the
// round before.
function trustLine(trust) {
  if (!trust) return html`<p class="muted">No closed trust round with results yet.</p>`;
  const since = trust.previous_period ? ` Change since ${trust.previous_period} in brackets.` : "";
  const answered = trust.eligible_count === null
    ? `${trust.response_count} answered`
    : `${trust.response_count} of ${trust.eligible_count} answered`;
  return html`
    <div class="coach-team__trust">
      <p>Trust, ${trust.period} (${answered}; scores out of 5).${since}</p>
      <ul class="inline-list">${trust.components.map((c) => html`
        <li>${c.label}: <strong>${c.mean.toFixed(1)}</strong>${change(c.change)}</li>`)}</ul>
    </div>`;
}

function teamSection(team) {
  return html`
    <section class="card coach-team" aria-labelledby="team-${team.id}">
      <h2 id="team-${team.id}"><a href="/teams/${team.id}">${team.name}</a></h2>
      <p class="coach-team__meta">
        <span>${team.stalled_count} stalled</span> ·
        <span>${team.overdue_count} overdue</span> ·
        <span>Cycles with a student facilitator: ${percent(team.student_facilitated_share)}</span>
      </p>
      ${trustLine(team.trust)}
      ${team.cycles.length ? html`
        <table class="table table--stack">
          <caption class="visually-hidden">Active cycles of ${team.name}</caption>
          <thead><tr><th scope="col">Cycle</th><th scope="col">Phase</th>
            <th scope="col">In phase</th><th scope="col">Phase due</th>
            <th scope="col">Evidence / notes / actions</th><th scope="col">Needs attention</th></tr></thead>
          <tbody>${team.cycles.map(cycleRow)}</tbody>
        </table>` : html`<p class="muted">No cycle in progress.</p>`}
    </section>`;
}

export async function render({ query, navigate }) {
  const sort = SORTS.some((s) => s.value === query.get("sort")) ? query.get("sort") : "name";
  const filters = {};
  if (query.get("stalled") === "true") filters.stalled = true;
  if (query.get("overdue") === "true") filters.overdue = true;
  const { data: teams } = await getList("/coach/dashboard", { sort, page_size: 100, ...filters });
  const content = fragment(html`
    <h1>Teams you coach</h1>
    <p><a href="/api/v1/coach/dashboard.csv?${new URLSearchParams({ sort, ...filters })}" download>Download as CSV</a>
      (one row per open cycle, for a spreadsheet)</p>
    <form class="toolbar" id="dashboard-options">
      <div class="field">
        <label for="sort">Sort by</label>
        <select id="sort" name="sort">${SORTS.map((option) => html`
          <option value="${option.value}" ${option.value === sort ? "selected" : ""}>
            ${option.label}</option>`)}</select>
      </div>
      <div class="field field--check">
        <input type="checkbox" id="only-stalled" name="stalled" value="true"
          ${filters.stalled ? "checked" : ""}>
        <label for="only-stalled">Only teams with a stalled cycle</label>
      </div>
      <div class="field field--check">
        <input type="checkbox" id="only-overdue" name="overdue" value="true"
          ${filters.overdue ? "checked" : ""}>
        <label for="only-overdue">Only teams with something overdue</label>
      </div>
      <button type="submit" class="button button--secondary">Show</button>
    </form>
    ${teams.length ? teams.map(teamSection)
      : Object.keys(filters).length
        ? html`<p class="empty card">No team you coach matches these choices right now.
          <a href="/coach?sort=${sort}">Show every team</a></p>`
        : html`<p class="empty card">No teams to show. Coaches see the teams an admin asks them
          to follow.</p>`}
  `);
  // The choices live in the address, so the page can be shared and Back undoes a filter.
  submitForm(content.getElementById("dashboard-options"),
    (values) => navigate(`/coach?${new URLSearchParams(values)}`), { busy: "Showing…" });
  return { title: "Teams you coach", content };
}
