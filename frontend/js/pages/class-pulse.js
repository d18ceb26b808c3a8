// A class's pulse page: a teacher opens one (every two weeks by default) and follows their
// rounds; a student sees the pulses opened for them and answers.

import { get, post } from "../api.js";
import { fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";
import { breadcrumbs, formatDate } from "../relationships/common.js";
import { path } from "../path.js";

const STATUS = { scheduled: "Opens soon", open: "Open", closed: "Closed" };

export async function render({ params }) {
  const teamApi = path`/teams/${params.teamId}`;
  const { data: team } = await get(teamApi);
  const isTeacher = team.my_role === "teacher";
  let pulses = (await get(`${teamApi}/class-pulses`)).data;

  const content = fragment(html`
    ${breadcrumbs(team, [], "Class pulse")}
    <h1>Class pulse</h1>
    <p class="lead">${isTeacher
      ? "Five quick statements your students answer anonymously. You see the results when it closes, if at least 5 answered."
      : "Five quick questions about this class. Your answers are anonymous: no one can see which answers are yours, not even your teacher."}</p>
    <div data-body></div>
  `);
  const body = content.querySelector("[data-body]");

  function draw() {
    renderInto(body, fragment(html`
      ${isTeacher ? html`
        <section class="card" aria-labelledby="open-heading">
          <h2 id="open-heading">Open a pulse</h2>
          <form class="form" id="open-form" novalidate>
            <div class="field">
              <label for="pulse-closes">Last day to answer</label>
              <p class="hint" id="pulse-closes-hint">Leave it empty for five days from today.</p>
              <input type="date" id="pulse-closes" name="closes_on" aria-describedby="pulse-closes-hint">
            </div>
            <div class="field">
              <label for="pulse-repeat">Ask again</label>
              <select id="pulse-repeat" name="repeat_every_days">
                <option value="14">Every two weeks</option>
                <option value="21">Every three weeks</option>
                <option value="28">Every four weeks</option>
                <option value="">Just this once</option>
              </select>
            </div>
            <button type="submit" class="button">Open the pulse</button>
          </form>
        </section>` : ""}
      <section aria-labelledby="pulses-heading">
        <h2 id="pulses-heading">${isTeacher ? "Your pulses" : "Pulses for you"}</h2>
        ${pulses.length ? html`<ul class="tally-list">${pulses.map((pulse) => html`
          <li>
            <span>${formatDate(pulse.opens_on)} to ${formatDate(pulse.closes_on)}</span>
            <span class="badge">${STATUS[pulse.status]}</span>
            ${isTeacher ? html`
              <span class="fact">${pulse.response_count} of ${pulse.eligible_count} answered</span>
              ${pulse.status === "closed"
                ? html`<a href="/class-pulses/${pulse.id}/results">See the results</a>`
                : html`<button type="button" class="button button--secondary button--small" data-close="${pulse.id}">Close it now</button>`}`
            : pulse.i_have_answered ? html`<span class="fact">You answered. Thank you!</span>`
              : pulse.can_answer ? html`<a class="button button--small" href="/class-pulses/${pulse.id}">Answer ${pulse.teacher.display_name}'s pulse</a>` : ""}
          </li>`)}</ul>` : html`<p class="empty">${isTeacher ? "No pulses yet." : "No pulse for you right now."}</p>`}
      </section>
    `));
    const form = body.querySelector("#open-form");
    if (form) {
      submitForm(form, async (values) => {
        await post(`${teamApi}/class-pulses`, {
          closes_on: values.closes_on || undefined,
          repeat_every_days: values.repeat_every_days ? Number(values.repeat_every_days) : null,
        });
        pulses = (await get(`${teamApi}/class-pulses`)).data;
        draw();
        announce("The pulse is open. Your students can answer it now.");
      }, { busy: "Opening…" });
    }
    body.querySelectorAll("[data-close]").forEach((button) => {
      button.addEventListener("click", async () => {
        button.disabled = true;
        await post(path`/class-pulses/${button.dataset.close}/close`);
        pulses = (await get(`${teamApi}/class-pulses`)).data;
        draw();
        announce("The pulse is closed and counted.");
      });
    });
  }

  draw();
  return { title: `Class pulse · ${team.name}`, content };
}
