// My work: everything that waits for me across my teams, soonest first — actions I own, cycles
// I run, surveys to answer, my commitments. Also drawn on a student's teams page (their home).

import { get } from "../api.js";
import { fragment, html } from "../dom.js";
import { formatDate, isPast } from "./labels.js";

const ROLE_WORDS = { facilitator: "facilitator", recorder: "recorder", timekeeper: "timekeeper" };

function due(date, overdue, words = "Due") {
  if (!date) return html`<span class="muted">No date yet</span>`;
  return overdue
    ? html`<span class="overdue">${words} ${formatDate(date)} (overdue)</span>`
    : html`<span>${words} ${formatDate(date)}</span>`;
}

function list(items, draw, empty) {
  return items.length
    ? html`<ul class="work-list" role="list">${items.map(draw)}</ul>`
    : html`<p class="muted">${empty}</p>`;
}

/** The four lists of /me/work, under headings of the given level. */
export function workSections(work, { level = 2 } = {}) {
  const heading = (id, text) => html`<h${level} id="${id}">${text}</h${level}>`;
  return html`
    <section aria-labelledby="work-actions">
      ${heading("work-actions", "Things I said I'd do")}
      ${list(work.actions, (action) => html`
        <li class="card work-item">
          <a class="work-item__title" href="${action.link}">${action.title}</a>
          <p class="work-item__meta">${due(action.due_on, action.overdue)} ·
            ${action.team.name}, cycle ${action.cycle_number}</p>
        </li>`, "Nothing to do right now.")}
    </section>
    <section aria-labelledby="work-cycles">
      ${heading("work-cycles", "Cycles I help run")}
      ${list(work.cycles, (cycle) => html`
        <li class="card work-item">
          <a class="work-item__title" href="${cycle.link}">Cycle ${cycle.number}: ${cycle.puzzle_question}</a>
          <p class="work-item__meta">I'm the ${cycle.my_roles.map((role) => ROLE_WORDS[role] || role).join(" and ")} ·
            now: ${cycle.state_label} ·
            ${cycle.phase_due_on ? due(cycle.phase_due_on, cycle.phase_overdue, "this part is due") : "no due date for this part"}
            · ${cycle.team.name}</p>
        </li>`, "You're not running a cycle right now.")}
    </section>
    <section aria-labelledby="work-surveys">
      ${heading("work-surveys", "Surveys to answer")}
      ${list(work.surveys, (survey) => html`
        <li class="card work-item">
          <a class="work-item__title" href="${survey.link}">Answer the survey “${survey.period}”</a>
          <p class="work-item__meta">Closes ${formatDate(survey.closes_on)} · ${survey.team.name}</p>
        </li>`, "No survey is waiting for you.")}
    </section>
    <section aria-labelledby="work-commitments">
      ${heading("work-commitments", "My commitments")}
      ${list(work.commitments, (commitment) => html`
        <li class="card work-item">
          <a class="work-item__title" href="${commitment.link}">${commitment.body}</a>
          <p class="work-item__meta">${isPast(commitment.follow_up_on) ? "Checked on" : "We check on it"}
            ${formatDate(commitment.follow_up_on)} · ${commitment.team.name}</p>
        </li>`, "No open commitments.")}
    </section>`;
}

export async function render() {
  const { data: work } = await get("/me/work");
  const content = fragment(html`
    <h1>My work</h1>
    <p class="lead">What waits for you across your teams, soonest first.</p>
    ${workSections(work)}`);
  return { title: "My work", content };
}
