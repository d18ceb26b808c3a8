// Discussion mode: the self-assessment's prompts for a meeting, shown one component at a time
// on the room's screen. Nothing is answered or stored here — the talk is the point.

import { get } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { breadcrumbs } from "../trust/common.js";
import { path } from "../path.js";

const TALK = [
  "Where have we seen this in our team lately?",
  "What gets in the way of it?",
  "What is one thing we could try before the next round?",
];

export async function render({ params }) {
  const teamApi = path`/teams/${params.teamId}`;
  const [{ data: team }, { data: adult }, { data: student }] = await Promise.all([
    get(teamApi),
    get("/trust-questions?version=adult"),
    get("/trust-questions?version=student"),
  ]);
  const title = "Discussion mode";
  const content = fragment(html`
    ${breadcrumbs(team, title)}
    <h1>${title}</h1>
    <p class="lead">Use the prompts to talk together in a meeting. No answers are collected.
      For each statement, ask: how evident is this in our team, from 1 (not evident) to 5
      (consistently evident)?</p>
    <form class="form trust-discuss__words" aria-label="Words">
      <fieldset class="field">
        <legend>Words for</legend>
        <div class="trust-discuss__choice">
          <input type="radio" id="words-adult" name="words" value="adult" checked>
          <label for="words-adult">Adults</label>
          <input type="radio" id="words-student" name="words" value="student">
          <label for="words-student">Students</label>
        </div>
      </fieldset>
    </form>
    <div data-prompts></div>
  `);
  const box = content.querySelector("[data-prompts]");

  function draw(questions, students = false) {
    renderInto(box, questions.map((component, index) => h("section",
      { class: "card trust-discuss", "aria-labelledby": `discuss-${component.component}` },
      h("h2", { id: `discuss-${component.component}` }, `${index + 1}. ${component.label}`),
      h("p", { class: "trust-discuss__definition" }, component.definition),
      students ? h("p", { class: "hint" }, `In other words: ${component.student_definition}`) : "",
      h("ol", { class: "trust-discuss__prompts" },
        component.items.map((item) => h("li", {}, item.prompt))),
      h("h3", {}, "Talk about it"),
      h("ul", {}, TALK.map((question) => h("li", {}, question))))));
  }

  content.querySelector(".trust-discuss__words").addEventListener("change", (event) => {
    const students = event.target.value === "student";
    draw(students ? student : adult, students);
  });
  draw(adult);
  return { title: `${title} · ${team.name}`, content };
}
