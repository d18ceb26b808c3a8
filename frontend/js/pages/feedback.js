// 5:1 on a phone: start a tally for a lesson (or one focus student), tap positive or corrective,
// see the ratio over time against 5:1. A coach observes one of the class's teachers the same way.

import { get, getAll, post } from "../api.js";
import { fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";
import { ratioChart } from "../relationships/ratio-chart.js";
import { breadcrumbs, formatDate, myStudentsPath } from "../relationships/common.js";
import { path } from "../path.js";

function ratioText(tally) {
  if (!tally.corrective) return tally.positive ? `${tally.positive} positive, no corrections yet` : "Nothing counted yet";
  return `${tally.ratio} : 1`;
}

export async function render({ params, query, navigate }) {
  const teamApi = path`/teams/${params.teamId}`;
  const { data: team } = await get(teamApi);
  const isTeacher = team.my_role === "teacher";
  const [members, tallies, { data: ratio }] = await Promise.all([
    getAll(`${teamApi}/members`),
    getAll(`${teamApi}/feedback-tallies`),
    get(`${teamApi}/feedback-ratio`),
  ]);
  const students = members.filter((member) => member.role === "student");
  const teachers = members.filter((member) => member.role === "teacher");
  const tallyId = query.get("tally");
  let current = tallyId ? tallies.find((tally) => tally.id === tallyId) : null;
  const here = `${teamApi}/feedback`;

  const content = fragment(html`
    ${breadcrumbs(team, isTeacher ? [[myStudentsPath(team.id), "My students"]] : [], "5:1 feedback")}
    <h1>5:1 feedback</h1>
    <p class="lead">Aim for five positive comments for every correction. Tap as you teach.</p>
    ${isTeacher ? "" : html`<p class="private-note">Your observation is shared with that teacher only.</p>`}
    <div data-current></div>
    ${current ? "" : html`<div data-overview>
    <section class="card" aria-labelledby="start-heading">
      <h2 id="start-heading">${isTeacher ? "Count a lesson" : "Observe a lesson"}</h2>
      <form class="form" id="start-form" novalidate>
        ${isTeacher ? "" : html`
          <div class="field">
            <label for="tally-teacher">Whose lesson</label>
            <select id="tally-teacher" name="teacher_id" required>
              ${teachers.map((teacher) => html`<option value="${teacher.user.id}">${teacher.user.display_name}</option>`)}
            </select>
          </div>`}
        <div class="field">
          <label for="tally-label">Lesson</label>
          <input type="text" id="tally-label" name="label" maxlength="60" placeholder="Period 3">
        </div>
        ${isTeacher ? html`
          <div class="field">
            <label for="tally-focus">Count for</label>
            <select id="tally-focus" name="focus_student_id">
              <option value="">The whole class</option>
              ${students.map((student) => html`<option value="${student.user.id}">${student.user.display_name}</option>`)}
            </select>
          </div>` : ""}
        <button type="submit" class="button">Start counting</button>
      </form>
    </section>
    <section aria-labelledby="chart-heading">
      <h2 id="chart-heading">${isTeacher ? "Your ratio over time" : "Your observations over time"}</h2>
      ${ratioChart(ratio)}
    </section>
    <section aria-labelledby="tallies-heading">
      <h2 id="tallies-heading">Lessons counted</h2>
      ${tallies.length ? html`<ul class="tally-list">${tallies.map((tally) => html`
        <li><a href="${here}?tally=${tally.id}">${formatDate(tally.lesson_on)} ${tally.label}</a>
          ${tally.focus_student_name ? html`<span class="muted">for ${tally.focus_student_name}</span>` : ""}
          ${tally.observer_name ? html`<span class="badge badge--coach">Observed by ${tally.observer_name}</span>` : ""}
          <span class="fact">${tally.positive} : ${tally.corrective}</span></li>`)}</ul>`
        : html`<p class="empty">No lessons counted yet.</p>`}
    </section>
    </div>`}
  `);
  const box = content.querySelector("[data-current]");

  function drawCurrent() {
    if (!current) {
      renderInto(box, "");
      return;
    }
    const mine = isTeacher ? !current.observer_id : true;
    renderInto(box, fragment(html`
      <section class="card tally" aria-labelledby="tally-heading">
        <h2 id="tally-heading">${current.label || "This lesson"}${current.focus_student_name ? ` · ${current.focus_student_name}` : ""}</h2>
        <p class="tally__ratio" aria-live="polite">${ratioText(current)}</p>
        <p class="hint">Goal: 5 : 1 or more.</p>
        ${mine ? html`
          <div class="tap-row">
            <button type="button" class="tap tap--positive" data-tap="positive">
              <span class="tap__count">${current.positive}</span> Positive</button>
            <button type="button" class="tap tap--corrective" data-tap="corrective">
              <span class="tap__count">${current.corrective}</span> Corrective</button>
          </div>
          <div class="button-row">
            <button type="button" class="button button--secondary button--small" data-undo="positive">Take back a positive</button>
            <button type="button" class="button button--secondary button--small" data-undo="corrective">Take back a correction</button>
          </div>` : html`<p>${current.positive} positive, ${current.corrective} corrective, counted by ${current.observer_name}.</p>`}
        <p><a class="button button--secondary" href="${here}">Done: see the chart</a></p>
      </section>`));
    box.querySelectorAll("[data-tap], [data-undo]").forEach((button) => {
      button.addEventListener("click", async () => {
        const kind = button.dataset.tap || button.dataset.undo;
        current = (await post(`/feedback-tallies/${current.id}/taps`, {
          kind, undo: Boolean(button.dataset.undo),
        })).data;
        drawCurrent();
        box.querySelector(`[data-${button.dataset.tap ? "tap" : "undo"}="${kind}"]`).focus();
      });
    });
  }

  const form = content.querySelector("#start-form");
  if (form) submitForm(form, async (values) => {
    const started = await post(`${teamApi}/feedback-tallies`, {
      label: values.label || "",
      focus_student_id: values.focus_student_id || null,
      teacher_id: values.teacher_id || null,
    });
    announce("Counting. Tap positive or corrective as you go.");
    navigate(`${here}?tally=${started.data.id}`);
  }, { busy: "Starting…" });

  drawCurrent();
  return { title: `5:1 feedback · ${team.name}`, content };
}
