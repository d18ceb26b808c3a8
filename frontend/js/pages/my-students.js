// My students: a teacher's class list with their private stage for each student, on a phone.

import { get } from "../api.js";
import { fragment, html } from "../dom.js";
import {
  breadcrumbs, myStudentPath, PRIVATE_NOTE, stageBadge, teamPath,
} from "../relationships/common.js";
import { path } from "../path.js";

export async function render({ params }) {
  const teamApi = path`/teams/${params.teamId}`;
  const [{ data: team }, { data: students }] = await Promise.all([
    get(teamApi),
    get(`${teamApi}/my-students`),
  ]);
  const base = teamPath(team.id);
  const content = fragment(html`
    ${breadcrumbs(team, [], "My students")}
    <h1>My students</h1>
    <p class="lead">Where each relationship stands for you: establish, maintain or restore.</p>
    <p class="private-note">${PRIVATE_NOTE}</p>
    <p class="inline-list">
      <a href="${base}/feedback">5:1 feedback tally</a>
      <a href="${base}/cards">Get-to-know-me cards</a>
      <a href="${base}/class-pulse">Class pulse</a>
    </p>
    ${students.length ? html`
      <ul class="student-list">
        ${students.map((row) => html`
          <li class="student-row">
            <a class="student-row__name" href="${myStudentPath(team.id, row.student.id)}">${row.student.display_name}</a>
            <span class="student-row__facts">
              ${stageBadge(row.stage)}
              ${row.two_by_ten ? html`<span class="fact">Two-by-Ten: ${row.two_by_ten.days_done} of 10${row.two_by_ten.needs_choice ? " · a day was missed" : ""}</span>` : ""}
              ${row.open_repair ? html`<span class="fact">Repair open</span>` : ""}
              ${row.has_card ? html`<span class="fact">Has a card</span>` : ""}
            </span>
          </li>`)}
      </ul>` : html`<p class="empty">No students in this class yet.</p>`}
  `);
  return { title: `My students · ${team.name}`, content };
}
