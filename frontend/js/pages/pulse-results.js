// A teacher's pulse results: each statement's average out of 5 with how many gave each
// answer, the trend over their pulses in this class, and adding it to a cycle as evidence.

import { get, getAll, post } from "../api.js";
import { fragment, html } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";
import { breadcrumbs, formatDate } from "../relationships/common.js";
import { path } from "../path.js";

const LABELS = ["Not true", "A little", "Sometimes", "Mostly", "Very true"];

export async function render({ params }) {
  const pulseApi = path`/class-pulses/${params.pulseId}`;
  const { data: result } = await get(`${pulseApi}/results`);
  const teamApi = path`/teams/${result.team_id}`;
  const [{ data: team }, cycles] = await Promise.all([
    get(teamApi), getAll(`${teamApi}/cycles`).catch(() => []),
  ]);
  const back = `${teamApi}/class-pulse`;
  const open = cycles.filter((cycle) => !["closed", "abandoned"].includes(cycle.state));
  const content = fragment(html`
    ${breadcrumbs(team, [[back, "Class pulse"]], "Results")}
    <h1>Class pulse results</h1>
    <p class="lead">${formatDate(result.opens_on)} to ${formatDate(result.closes_on)} ·
      ${result.response_count ?? 0} of ${result.eligible_count} students answered.</p>
    <p class="private-note">Only you see these results: not your students, other teachers,
      coaches or admins.</p>
    ${result.released ? html`
      <table class="ratio-table pulse-results">
        <caption class="visually-hidden">Average out of 5, and how many gave each answer</caption>
        <thead><tr><th scope="col">Statement</th><th scope="col">Average (of 5)</th>
          <th scope="col">How many answered</th></tr></thead>
        <tbody>${result.items.map((item) => html`<tr>
          <th scope="row">${item.prompt}</th>
          <td>${item.mean}</td>
          <td>${item.counts.map((count, index) => (count ? `${count} ${LABELS[index].toLowerCase()}` : ""))
            .filter(Boolean).join(", ")}</td></tr>`)}</tbody>
      </table>
      ${result.trend.length > 1 ? html`
        <h2>Over time</h2>
        <table class="ratio-table">
          <thead><tr><th scope="col">Pulse</th>${result.items.map((item) => html`<th scope="col">${item.key.replaceAll("_", " ")}</th>`)}</tr></thead>
          <tbody>${result.trend.map((point) => html`<tr><th scope="row">${formatDate(point.opens_on)}</th>
            ${result.items.map((item) => html`<td>${point.means[item.key] ?? "–"}</td>`)}</tr>`)}</tbody>
        </table>` : ""}
      ${open.length ? html`
        <section class="card" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">Use it as evidence</h2>
          <p class="hint">Adds the averages and counts (nothing else) to a cycle as student-voice evidence.</p>
          <form class="form" id="evidence-form" novalidate>
            <div class="field">
              <label for="evidence-cycle">Cycle</label>
              <select id="evidence-cycle" name="cycle_id">${open.map((cycle) => html`
                <option value="${cycle.id}">${cycle.puzzle_question || `Cycle ${cycle.number}`}</option>`)}</select>
            </div>
            <button type="submit" class="button button--secondary">Add to the cycle</button>
          </form>
        </section>` : ""}
    ` : html`<p class="card">${result.withheld_because}</p>`}
  `);
  const form = content.querySelector("#evidence-form");
  if (form) {
    submitForm(form, async (values) => {
      await post(`${pulseApi}/evidence`, values);
      announce("Added to the cycle as evidence.");
    }, { busy: "Saving…" });
  }
  return { title: "Class pulse results", content };
}
