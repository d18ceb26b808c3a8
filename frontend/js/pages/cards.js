// Get to know each other, for one class: students see their teachers' "about me" cards; teachers
// see their students' "get to know me" cards. Each side links to writing their own.

import { get } from "../api.js";
import { fragment, html } from "../dom.js";
import { breadcrumbs } from "../relationships/common.js";
import { path } from "../path.js";

export async function render({ params }) {
  const teamApi = path`/teams/${params.teamId}`;
  const { data: team } = await get(teamApi);
  const isTeacher = team.my_role === "teacher";
  const { data: entries } = await get(`${teamApi}/${isTeacher ? "student" : "teacher"}-cards`);
  const fields = isTeacher
    ? [["interests", "Things I like"], ["helps_me_learn", "What helps me learn"],
      ["want_teacher_to_know", "What I want my teacher to know"]]
    : [["about_me", "About me"], ["interests", "Things I like"], ["ask_me_about", "Ask me about"]];
  const content = fragment(html`
    ${breadcrumbs(team, [], isTeacher ? "Students' cards" : "Our teachers")}
    <h1>${isTeacher ? "Get to know your students" : "Get to know your teachers"}</h1>
    <p class="lead">${isTeacher
      ? "What your students wrote for you. Only they and their teachers see these cards."
      : "What your teachers wrote about themselves, for you."}</p>
    <p><a class="button button--secondary" href="${isTeacher ? "/me/about-me" : "/me/get-to-know-me"}">${isTeacher ? "Write your about-me card" : "Fill in my get-to-know-me card"}</a></p>
    <ul class="card-grid person-cards">
      ${entries.map((entry) => html`
        <li class="card person-card">
          <h2>${entry.person.display_name}</h2>
          ${entry.card ? html`<dl class="facts">${fields.map(([key, label]) => html`
            <dt>${label}</dt><dd>${entry.card[key] || "–"}</dd>`)}</dl>`
            : html`<p class="empty">No card yet.</p>`}
        </li>`)}
    </ul>
  `);
  return { title: isTeacher ? "Students' cards" : "Our teachers", content };
}
