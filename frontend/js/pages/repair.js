// A repair record: what happened, an empathy statement (with stems to start from), the repair
// offered, the student's response and a follow-up; done moves the stage back to maintain.

import { get, patch, post } from "../api.js";
import { fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";
import {
  breadcrumbs, formatDate, myStudentPath, myStudentsPath, PRIVATE_NOTE,
} from "../relationships/common.js";
import { path } from "../path.js";

export async function render({ params, navigate }) {
  const repairApi = path`/repairs/${params.repairId}`;
  const [{ data: first }, { data: guide }] = await Promise.all([
    get(repairApi), get("/relationship-guide"),
  ]);
  let repair = first;
  const { data: team } = await get(path`/teams/${repair.team_id}`);
  const name = repair.student.display_name;
  const studentPage = myStudentPath(team.id, repair.student.id);

  const content = fragment(html`
    ${breadcrumbs(team, [[myStudentsPath(team.id), "My students"], [studentPage, name]], "Repair")}
    <h1>Repair with ${name}</h1>
    <p class="private-note">${PRIVATE_NOTE}</p>
    <div data-body></div>
  `);
  const body = content.querySelector("[data-body]");

  function draw() {
    const open = repair.status === "open";
    renderInto(body, fragment(html`
      ${open ? "" : html`<p class="card done-today">Done on ${formatDate(repair.done_at.slice(0, 10))}. The relationship is back to maintain.</p>`}
      <form class="form" id="repair-form" novalidate>
        <div class="field">
          <label for="what">What happened</label>
          <textarea id="what" name="what_happened" rows="3" maxlength="2000" required>${repair.what_happened}</textarea>
        </div>
        <div class="field">
          <label for="empathy">Empathy statement</label>
          <p class="hint" id="empathy-hint">Start from one of these, in your own words:</p>
          <div class="stems" role="group" aria-labelledby="empathy-hint">
            ${guide.empathy_stems.map((stem) => html`<button type="button" class="button button--secondary button--small" data-stem="${stem}">${stem}</button>`)}
          </div>
          <textarea id="empathy" name="empathy_statement" rows="2" maxlength="1000">${repair.empathy_statement}</textarea>
        </div>
        <div class="field">
          <label for="offered">The chance to repair you offered</label>
          <textarea id="offered" name="repair_offered" rows="2" maxlength="1000">${repair.repair_offered}</textarea>
        </div>
        <div class="field">
          <label for="response">How ${name} responded</label>
          <textarea id="response" name="student_response" rows="2" maxlength="1000">${repair.student_response}</textarea>
        </div>
        <div class="field">
          <label for="follow-up">Remind me to follow up on</label>
          <input type="date" id="follow-up" name="follow_up_on" value="${repair.follow_up_on || ""}">
        </div>
        <button type="submit" class="button">Save</button>
      </form>
      ${open ? html`
        <section class="card" aria-labelledby="done-heading">
          <h2 id="done-heading">Repaired?</h2>
          <p>When the repair is made, mark it done: the relationship goes back to maintain.</p>
          <button type="button" class="button" data-done>Mark the repair done</button>
        </section>` : ""}
    `));
    const form = body.querySelector("#repair-form");
    const empathy = body.querySelector("#empathy");
    body.querySelectorAll("[data-stem]").forEach((button) => {
      button.addEventListener("click", () => {
        const stem = button.dataset.stem.replace(/ …$/, " ").replace(/…/g, "");
        empathy.value = empathy.value ? `${empathy.value.trimEnd()} ${stem}` : stem;
        empathy.focus();
      });
    });
    submitForm(form, async (values) => {
      repair = (await patch(repairApi, { ...values, follow_up_on: values.follow_up_on || null })).data;
      announce("Repair saved.");
    }, { busy: "Saving…" });
    const done = body.querySelector("[data-done]");
    if (done) {
      done.addEventListener("click", async () => {
        done.disabled = true;
        repair = (await post(`${repairApi}/done`)).data;
        announce("Repair done. The relationship is back to maintain.");
        navigate(studentPage);
      });
    }
  }

  draw();
  return { title: `Repair with ${name}`, content };
}
