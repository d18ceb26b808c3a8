// A Two-by-Ten on a phone: the ten school days as a row of days, one big "done" button with an
// optional note, the choice after a missed day, and the closing reflection.

import { get, patch, post } from "../api.js";
import { focusElement, fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";
import {
  breadcrumbs, formatDate, myStudentPath, myStudentsPath, STAGES,
} from "../relationships/common.js";
import { path } from "../path.js";

const DAY_STATES = {
  done: "Done",
  missed: "Missed",
  missed_waiting: "Missed",
  today: "Today",
  ahead: "Coming up",
  no_school: "No school",
};

/** "2026-11-02" → "Mon 2" (the month is in the row's label). */
function shortDay(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toLocaleDateString(undefined, { weekday: "short", day: "numeric", timeZone: "UTC" });
}

export async function render({ params }) {
  const planApi = path`/two-by-tens/${params.planId}`;
  let plan = (await get(planApi)).data;
  const { data: team } = await get(path`/teams/${plan.team_id}`);
  const name = plan.student.display_name;

  const content = fragment(html`
    ${breadcrumbs(team, [[myStudentsPath(team.id), "My students"],
      [myStudentPath(team.id, plan.student.id), name]], "Two-by-Ten")}
    <h1>Two-by-Ten with ${name}</h1>
    <p class="lead">Two minutes a day about anything ${name} likes (not school work), ten school
      days in a row. Weekends and holidays don't count.</p>
    <div data-body></div>
  `);
  const body = content.querySelector("[data-body]");

  function draw() {
    const active = plan.status === "active";
    const missed = plan.missed_days.map(formatDate).join(", ");
    const next = plan.timeline.find((day) => day.state === "ahead");
    renderInto(body, fragment(html`
      <p class="streak" aria-live="polite"><strong>${plan.days_done} of 10</strong> school days done${plan.restarts ? html` <span class="muted">(started again ${plan.restarts} ${plan.restarts === 1 ? "time" : "times"})</span>` : ""}</p>
      <ol class="day-row" aria-label="The ten school days">
        ${plan.timeline.map((day) => html`
          <li class="day day--${day.state}">
            <span class="day__date"><span class="visually-hidden">${formatDate(day.day)}</span><span aria-hidden="true">${shortDay(day.day)}</span></span>
            <span class="day__state">${DAY_STATES[day.state] || day.state}</span>
          </li>`)}
      </ol>

      ${active && plan.needs_choice ? html`
        <section class="card card--attention" aria-labelledby="missed-heading" tabindex="-1" data-missed>
          <h2 id="missed-heading">A school day was missed</h2>
          <p>No two minutes on ${missed}. That happens. Carry on from here, or start the ten days
            again from today?</p>
          <div class="button-row">
            <button type="button" class="button" data-continue>Carry on</button>
            <button type="button" class="button button--secondary" data-restart>Start again</button>
          </div>
        </section>` : ""}

      ${active && !plan.ready_to_close ? (plan.done_today ? html`
        <p class="card done-today" tabindex="-1" data-done-today>Done for today. Well done!
          ${next ? `Next: ${formatDate(next.day)}.` : ""}</p>` : plan.school_day_today && plan.today >= plan.streak_starts_on ? html`
        <form class="form card" id="check-in-form" novalidate>
          <div class="field">
            <label for="check-in-note">What did you learn? (optional)</label>
            <p class="hint" id="check-in-hint">An interest, a strength, something that made them smile.</p>
            <textarea id="check-in-note" name="note" rows="2" maxlength="1000" aria-describedby="check-in-hint"></textarea>
          </div>
          <button type="submit" class="button button--big">Done for today</button>
        </form>` : html`
        <p class="card">No Two-by-Ten today. ${next ? `Next: ${formatDate(next.day)}.` : ""}</p>`) : ""}

      ${active ? html`
        <${plan.ready_to_close ? "section" : "details"} class="card" aria-labelledby="close-heading">
          ${plan.ready_to_close ? html`<h2 id="close-heading">Ten days done: reflect</h2>`
            : html`<summary><h2 id="close-heading" class="summary-heading">Finish early</h2></summary>`}
          <form class="form" id="close-form" novalidate>
            <div class="field">
              <label for="close-reflection">What did these days teach you about ${name}?</label>
              <textarea id="close-reflection" name="reflection" rows="3" maxlength="4000" required></textarea>
            </div>
            <div class="field">
              <label for="close-stage">Move the relationship to (optional)</label>
              <select id="close-stage" name="stage">
                <option value="">Keep the stage as it is</option>
                ${STAGES.map(([value, label]) => html`<option value="${value}">${label}</option>`)}
              </select>
            </div>
            <button type="submit" class="button ${plan.ready_to_close ? "" : "button--secondary"}">Finish the Two-by-Ten</button>
          </form>
        </${plan.ready_to_close ? "section" : "details"}>
        <details class="card">
          <summary>Reminder: school days at ${plan.reminder_at.slice(0, 5)}</summary>
          <form class="form inline-form" id="reminder-form" novalidate>
            <div class="field">
              <label for="reminder-time">Remind me at</label>
              <input type="time" id="reminder-time" name="reminder_at" value="${plan.reminder_at.slice(0, 5)}" required>
            </div>
            <button type="submit" class="button button--secondary">Change the time</button>
          </form>
        </details>` : html`
        <section class="card" aria-labelledby="reflection-heading">
          <h2 id="reflection-heading">${plan.status === "completed" ? "Completed" : "Finished early"}</h2>
          <p>${plan.reflection}</p>
        </section>`}

      ${plan.timeline.some((day) => day.note) ? html`
        <section aria-labelledby="learned-heading">
          <h2 id="learned-heading">What you learned</h2>
          <ul>${plan.timeline.filter((day) => day.note).map((day) => html`
            <li><span class="muted">${formatDate(day.day)}:</span> ${day.note}</li>`)}</ul>
        </section>` : ""}
    `));
    wire();
  }

  async function act(path, message) {
    plan = (await post(path)).data;
    draw();
    announce(message);
    focusElement(body.querySelector("[data-done-today], #check-in-form button, .streak"));
  }

  function wire() {
    const carry = body.querySelector("[data-continue]");
    if (carry) carry.addEventListener("click", () => act(`${planApi}/continue`, "Carrying on. The missed day stays marked."));
    const restart = body.querySelector("[data-restart]");
    if (restart) restart.addEventListener("click", () => act(`${planApi}/restart`, "Starting the ten days again."));
    const checkIn = body.querySelector("#check-in-form");
    if (checkIn) {
      submitForm(checkIn, async (values) => {
        plan = (await post(`${planApi}/check-ins`, { note: values.note || null })).data;
        draw();
        announce(`Done for today: ${plan.days_done} of 10.`);
        focusElement(body.querySelector("[data-done-today]") || body.querySelector(".streak"));
      }, { busy: "Saving…" });
    }
    const close = body.querySelector("#close-form");
    if (close) {
      submitForm(close, async (values) => {
        plan = (await post(`${planApi}/close`, {
          reflection: values.reflection, stage: values.stage || null,
        })).data;
        draw();
        announce("Two-by-Ten finished. Thank you for the reflection.");
      }, { busy: "Finishing…" });
    }
    const reminder = body.querySelector("#reminder-form");
    if (reminder) {
      submitForm(reminder, async (values) => {
        plan = (await patch(planApi, values)).data;
        announce(`You'll be reminded at ${plan.reminder_at.slice(0, 5)} on school days.`);
      }, { busy: "Saving…" });
    }
  }

  draw();
  return { title: `Two-by-Ten with ${name}`, content };
}
