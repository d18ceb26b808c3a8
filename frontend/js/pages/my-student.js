// One student, as their teacher privately sees the relationship: the stage and what the material
// offers for it, the student's own card, strengths-based notes, Two-by-Ten, repairs, history.

import { del, get, post, put } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";
import {
  breadcrumbs, formatDate, myStudentsPath, PRIVATE_NOTE, STAGES, stageBadge, stageLabel,
} from "../relationships/common.js";
import { path } from "../path.js";

const SOURCES = {
  started: "where every relationship starts",
  teacher: "you chose it",
  repair_opened: "a repair began",
  repair_done: "a repair was done",
  two_by_ten: "after a Two-by-Ten",
};

export async function render({ params, navigate }) {
  const teamApi = path`/teams/${params.teamId}`;
  const studentApi = path`${teamApi}/my-students/${params.studentId}`;
  const [{ data: team }, { data: guide }] = await Promise.all([
    get(teamApi), get("/relationship-guide"),
  ]);
  let detail = (await get(studentApi)).data;
  const name = detail.student.display_name;
  const noteLabel = (kind) => (guide.note_kinds.find((item) => item.kind === kind) || {}).label || kind;

  const content = fragment(html`
    ${breadcrumbs(team, [[myStudentsPath(team.id), "My students"]], name)}
    <h1>${name}</h1>
    <p class="private-note">${PRIVATE_NOTE}</p>
    <div data-body></div>
  `);
  const body = content.querySelector("[data-body]");

  function draw() {
    const active = detail.two_by_tens.find((plan) => plan.status === "active");
    const card = detail.card;
    renderInto(body, fragment(html`
      <section class="card" aria-labelledby="stage-heading">
        <h2 id="stage-heading">Stage: ${stageBadge(detail.stage)}</h2>
        <form class="form" id="stage-form" novalidate>
          <fieldset class="field">
            <legend>Where is this relationship now?</legend>
            <div class="choices">
              ${STAGES.map(([value, label, meaning]) => html`
                <div class="choice">
                  <input type="radio" name="stage" id="stage-${value}" value="${value}"
                    ${value === detail.stage ? html`checked` : ""}>
                  <label for="stage-${value}">${label}
                    <span class="choice__detail">${meaning}</span></label>
                </div>`)}
            </div>
          </fieldset>
          <button type="submit" class="button">Save the stage</button>
        </form>
        <h3>Ideas for ${stageLabel(detail.stage || "establish").toLowerCase()}</h3>
        <ul class="strategies">${detail.strategies.map((item) => html`<li>${item}</li>`)}</ul>
      </section>

      <section class="card" aria-labelledby="card-heading">
        <h2 id="card-heading">${name}'s card</h2>
        ${card && (card.interests || card.helps_me_learn || card.want_teacher_to_know) ? html`
          <dl class="facts">
            <dt>Things I like</dt><dd>${card.interests || "–"}</dd>
            <dt>What helps me learn</dt><dd>${card.helps_me_learn || "–"}</dd>
            <dt>What I want my teacher to know</dt><dd>${card.want_teacher_to_know || "–"}</dd>
          </dl>` : html`<p class="empty">${name} hasn't filled in a get-to-know-me card yet.</p>`}
      </section>

      <section class="card" aria-labelledby="two-by-ten-heading">
        <h2 id="two-by-ten-heading">Two-by-Ten</h2>
        <p class="hint">Two minutes a day, ten school days in a row, about anything ${name} likes.</p>
        ${active ? html`
          <p><a class="button" href="/two-by-tens/${active.id}">Open the Two-by-Ten: ${active.days_done} of 10 done</a></p>
        ` : html`
          <form class="form" id="two-by-ten-form" novalidate>
            <div class="field">
              <label for="two-by-ten-start">First day</label>
              <p class="hint" id="two-by-ten-start-hint">Leave it empty to start today.</p>
              <input type="date" id="two-by-ten-start" name="starts_on" aria-describedby="two-by-ten-start-hint">
            </div>
            <div class="field">
              <label for="two-by-ten-time">Remind me each school day at</label>
              <input type="time" id="two-by-ten-time" name="reminder_at" value="08:15" required>
            </div>
            <button type="submit" class="button">Start a Two-by-Ten</button>
          </form>`}
        ${detail.two_by_tens.filter((plan) => plan.status !== "active").map((plan) => html`
          <p class="muted">Finished ${formatDate(plan.closed_at && plan.closed_at.slice(0, 10))}:
            ${plan.days_done} of 10 days. <a href="/two-by-tens/${plan.id}">See it</a></p>`)}
      </section>

      <section class="card" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <p class="hint">Strengths, interests, what helps: things that build the relationship.</p>
        <form class="form" id="note-form" novalidate>
          <div class="field">
            <label for="note-kind">Kind of note</label>
            <select id="note-kind" name="kind">
              ${guide.note_kinds.map((item) => html`<option value="${item.kind}">${item.label}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="note-body">Note</label>
            <textarea id="note-body" name="body" rows="3" maxlength="1000" required></textarea>
          </div>
          <button type="submit" class="button">Add the note</button>
        </form>
        <ul class="notes">
          ${detail.notes.map((note) => html`
            <li class="note-item" data-note="${note.id}">
              <span class="note-item__kind">${noteLabel(note.kind)}</span>
              <span class="note-item__body">${note.body}</span>
              <span class="muted">${formatDate(note.created_at.slice(0, 10))}</span>
              <button type="button" class="button button--danger-quiet button--small" data-delete-note="${note.id}">Delete<span class="visually-hidden"> this note</span></button>
            </li>`)}
        </ul>
      </section>

      <section class="card" aria-labelledby="repair-heading">
        <h2 id="repair-heading">Repairs</h2>
        <p class="hint">After harm: say what happened, offer empathy and a real chance to repair.
          When it's done, the stage goes back to maintain.</p>
        <ul class="repairs">
          ${detail.repairs.map((repair) => html`
            <li><a href="/repairs/${repair.id}">${repair.status === "open" ? "Open" : "Done"}:
              ${repair.what_happened}</a> <span class="muted">${formatDate(repair.created_at.slice(0, 10))}</span></li>`)}
        </ul>
        <form class="form" id="repair-form" novalidate>
          <div class="field">
            <label for="repair-what">What happened, in plain words</label>
            <textarea id="repair-what" name="what_happened" rows="3" maxlength="2000" required></textarea>
          </div>
          <button type="submit" class="button button--secondary">Start a repair</button>
        </form>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        ${detail.history.length ? html`<ol class="history">
          ${detail.history.map((change) => html`<li>${formatDate(change.changed_at.slice(0, 10))}:
            ${change.from_stage ? `${stageLabel(change.from_stage)} → ` : ""}${stageLabel(change.to_stage)}
            <span class="muted">(${SOURCES[change.source] || change.source})</span></li>`)}
        </ol>` : html`<p class="empty">No stage chosen yet.</p>`}
      </section>
    `));
    wire();
  }

  function wire() {
    const stageForm = body.querySelector("#stage-form");
    submitForm(stageForm, async (values) => {
      detail = (await put(`${studentApi}/stage`, { stage: values.stage })).data;
      draw();
      announce(`Stage saved: ${stageLabel(detail.stage)}.`);
    }, { busy: "Saving…" });
    const planForm = body.querySelector("#two-by-ten-form");
    if (planForm) {
      submitForm(planForm, async (values) => {
        const started = await post(`${studentApi}/two-by-ten`, {
          reminder_at: values.reminder_at, starts_on: values.starts_on || undefined,
        });
        navigate(path`/two-by-tens/${started.data.id}`);
      }, { busy: "Starting…" });
    }
    const noteForm = body.querySelector("#note-form");
    submitForm(noteForm, async (values) => {
      await post(`${studentApi}/notes`, values);
      detail = (await get(studentApi)).data;
      draw();
      announce("Note added.");
      body.querySelector("#note-body").focus();
    }, { busy: "Saving…" });
    body.querySelectorAll("[data-delete-note]").forEach((button) => {
      button.addEventListener("click", async () => {
        button.disabled = true;
        await del(path`/relationship-notes/${button.dataset.deleteNote}`);
        detail = (await get(studentApi)).data;
        draw();
        announce("Note deleted.");
      });
    });
    const repairForm = body.querySelector("#repair-form");
    submitForm(repairForm, async (values) => {
      const opened = await post(`${studentApi}/repairs`, values);
      navigate(path`/repairs/${opened.data.id}`);
    }, { busy: "Saving…" });
  }

  draw();
  return { title: `${name} · My students`, content };
}
