// A round's results once it has closed: what to celebrate and where to grow, bars per component
// with the seed's definitions, students and adults side by side, the trend. While the round is
// open there is nothing to show but how many have answered — on purpose.

import { get } from "../api.js";
import { fragment, html } from "../dom.js";
import { plural } from "./labels.js";
import { breadcrumbs, formatDate, SURVEY_STATUS, trustPath } from "../trust/common.js";
import { componentBars, resultsTable, trendLine, trendTable } from "../trust/chart.js";
import { path } from "../path.js";

export async function render({ params }) {
  const surveyPath = path`/trust-surveys/${params.surveyId}`;
  const { data: results } = await get(`${surveyPath}/results`);
  const teamApi = path`/teams/${results.team_id}`;
  const [{ data: team }, { data: trend }] = await Promise.all([
    get(teamApi),
    get(`${teamApi}/trust-trend`),
  ]);
  const title = `Results: ${results.period}`;

  const content = fragment(html`
    ${breadcrumbs(team, title)}
    <h1>${title}</h1>
    <p class="team-summary">
      <span class="badge">${SURVEY_STATUS[results.status] || results.status}</span>
      <span>${formatDate(results.opens_on)} to ${formatDate(results.closes_on)}</span>
      <span>${results.eligible_count === null
        ? plural(results.response_count, "response")
        : `${results.response_count} of ${results.eligible_count} eligible answered`}</span>
    </p>
    ${results.released ? released(results) : waiting(results)}
    ${trendSection(trend.periods)}
    <p><a href="${trustPath(team.id)}#targets">Set a target from these results</a> ·
       <a href="/api/v1${teamApi}/trust-results.csv" download>Download all results (CSV)</a></p>
  `);
  return { title, content };
}

function waiting(results) {
  const heading = results.status === "closed" ? "No results for this round" : "Results come when the round closes";
  return html`
    <section class="card trust-waiting" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">${heading}</h2>
      <p>${results.message}</p>
      <p class="muted">Nothing is counted while a round is open, so no one can compare the page
        before and after someone answers.</p>
    </section>`;
}

function summary(results) {
  const named = (list) => list.map((item) => `${item.label} (${item.mean.toFixed(1)})`).join(", ");
  return html`
    <section class="card trust-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">What the round says</h2>
      <dl>
        <dt>Strengths to celebrate</dt>
        <dd>${results.summary.strengths.length ? named(results.summary.strengths) : "None this time"}</dd>
        <dt>Areas to grow</dt>
        <dd>${results.summary.areas_to_grow.length ? named(results.summary.areas_to_grow) : "None this time"}</dd>
      </dl>
      <p class="muted">Scores go from 1 (not evident) to 5 (consistently evident).</p>
    </section>`;
}

function released(results) {
  return html`
    ${summary(results)}
    <section aria-labelledby="by-component-heading">
      <h2 id="by-component-heading">By component</h2>
      <dl class="trust-definitions">
        ${results.components.map((component) => html`
          <dt>${component.label}</dt><dd>${component.definition}</dd>`)}
      </dl>
      <div class="trust-chart-wrap">${componentBars(results.components)}</div>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Table, scrolls sideways">${resultsTable(results.components, results.previous)}</div>
    </section>
    ${groupSection(results)}
    <section aria-labelledby="statements-heading">
      <h2 id="statements-heading">Statement by statement</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Table, scrolls sideways">
        <table class="trust-table">
          <caption>Average score for each statement</caption>
          <thead><tr><th scope="col">Statement (students' words below)</th><th scope="col">Component</th><th scope="col">Average</th></tr></thead>
          <tbody>
            ${results.components.map((component) => component.items.map((item) => html`
              <tr><th scope="row">${item.prompt}<br><span class="muted">${item.student_prompt}</span></th><td>${component.label}</td>
                <td>${item.mean === null ? "–" : item.mean.toFixed(2)}</td></tr>`))}
          </tbody>
        </table>
      </div>
    </section>
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      ${results.comments.length
        ? html`<p class="muted">In alphabetical order, so their order says nothing about who wrote them.</p>
          <ul class="trust-comments">${results.comments.map((comment) => html`<li>${comment}</li>`)}</ul>`
        : html`<p class="muted">No comments this time.</p>`}
    </section>`;
}

function groupSection(results) {
  if (!results.groups.length) {
    return html`
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">Students and adults</h2>
        <p class="muted">${results.groups_message}</p>
      </section>`;
  }
  const [first] = results.groups;
  return html`
    <section aria-labelledby="groups-heading">
      <h2 id="groups-heading">Students and adults, side by side</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Table, scrolls sideways">
        <table class="trust-table">
          <caption>Average score by group</caption>
          <thead><tr><th scope="col">Component</th>
            ${results.groups.map((group) => html`<th scope="col">${group.label} (${group.count})</th>`)}</tr></thead>
          <tbody>
            ${first.components.map((component, index) => html`
              <tr><th scope="row">${component.label}</th>
                ${results.groups.map((group) => html`<td>${group.components[index].mean.toFixed(2)}</td>`)}</tr>`)}
          </tbody>
        </table>
      </div>
    </section>`;
}

export function trendSection(periods) {
  const released = periods.filter((period) => period.released);
  return html`
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend over periods</h2>
      ${released.length
        ? html`<div class="trust-chart-wrap">${trendLine(periods)}</div>`
        : html`<p class="muted">The trend appears once a round has closed with enough answers.</p>`}
      ${periods.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table, scrolls sideways">${trendTable(periods)}</div>` : ""}
    </section>`;
}
