// A joint-work reflection session: four timed steps, notes (anonymous if you like), and one
// commitment each. The facilitator moves the steps; the page follows along every few seconds.

import { ApiError, get, getAll, patch, post, put } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, setBusy, submitForm } from "../forms.js";
import { every } from "../router.js";
import { getCurrentUser } from "../session.js";
import { announce } from "../status.js";
import { agreementBanner } from "../relationships/agreement-banner.js";
import { breadcrumbs, formatDate, todayIso } from "../trust/common.js";
import { path } from "../path.js";

const FOLLOW_EVERY_MS = 10000;
const ORDER = ["ready", "individual", "small_group", "whole_team", "commitment", "finished"];

export async function render({ params, signal }) {
  const sessionApi = path`/trust-sessions/${params.sessionId}`;
  let { data: session } = await get(sessionApi);
  const teamApi = path`/teams/${session.team_id}`;
  const { data: team } = await get(teamApi);
  const me = getCurrentUser();
  const isMember = team.my_role === "teacher" || team.my_role === "student";
  const state = { notes: [], commitments: [] };

  const agreement = await agreementBanner(team.id);
  const content = fragment(html`
    ${breadcrumbs(team, session.title)}
    <h1>${session.title}</h1>
    ${agreement}
    <p class="lead" data-cycle></p>
    <p class="muted">A joint-work reflection in four timed steps. Notes can be anonymous: an
      anonymous note is stored with no name at all.</p>
    <div class="trust-session">
      <div>
        <ol class="trust-steps" data-steps></ol>
        <div class="card trust-timer" data-timer></div>
        <div data-controls></div>
        <div data-settings></div>
      </div>
      <div>
        <section aria-labelledby="step-heading" data-step></section>
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <div data-notes></div>
        </section>
        <section aria-labelledby="commitments-heading">
          <h2 id="commitments-heading">Commitments</h2>
          <div data-commitment-form></div>
          <div data-commitments></div>
          <p><a href="${teamApi}/trust/commitments">See the team's commitments wall</a></p>
        </section>
      </div>
    </div>
  `);
  const box = (name) => content.querySelector(`[data-${name}]`);
  const stepsBox = box("steps");
  const timerBox = box("timer");
  const controlsBox = box("controls");
  const stepBox = box("step");
  const notesBox = box("notes");
  const commitmentFormBox = box("commitment-form");
  const commitmentsBox = box("commitments");
  const cycleBox = box("cycle");
  const settingsBox = box("settings");
  const cycles = session.can_facilitate
    ? await getAll(`${teamApi}/cycles`, {}, { maxPages: 1 }).catch(() => [])
    : [];

  function cycleName(cycle) {
    return `Cycle ${cycle.number}${cycle.title ? `: ${cycle.title}` : ""} — ${cycle.puzzle || cycle.puzzle_question}`;
  }

  function drawCycle() {
    cycleBox.textContent = session.cycle
      ? `The shared task we reflect on: ${cycleName(session.cycle)}`
      : "The shared task we reflect on: not chosen yet.";
  }

  function drawSettings() {
    if (!session.can_facilitate || session.step === "finished") {
      renderInto(settingsBox, "");
      return;
    }
    const minutes = (step) => h("div", { class: "field" },
      h("label", { for: `minutes-${step.step}` }, `${step.label} (minutes)`),
      h("input", { id: `minutes-${step.step}`, name: `${step.step}_minutes`, type: "number",
        class: "trust-number", min: "1", max: "120", inputmode: "numeric", value: String(step.minutes) }));
    const form = h("form", { class: "form card", id: "session-settings", novalidate: true },
      h("h2", {}, "Timing and task"),
      session.steps.map(minutes),
      h("div", { class: "field" },
        h("label", { for: "settings-cycle" }, "The shared task we reflect on"),
        h("select", { id: "settings-cycle", name: "cycle_id" },
          h("option", { value: "" }, "Not chosen yet"),
          cycles.map((cycle) => h("option", { value: cycle.id, selected: session.cycle?.id === cycle.id }, cycleName(cycle))))),
      h("button", { type: "submit", class: "button button--secondary" }, "Save timing"));
    submitForm(form, async (values) => {
      const body = { cycle_id: values.cycle_id || null };
      for (const step of session.steps) body[`${step.step}_minutes`] = Number(values[`${step.step}_minutes`]);
      ({ data: session } = await patch(sessionApi, body));
      drawAll();
      announce("Timing saved.");
    }, { busy: "Saving…", headingLevel: 3 });
    renderInto(settingsBox, form);
  }

  const stepInfo = (key) => session.steps.find((step) => step.step === key);

  function drawSteps() {
    const current = ORDER.indexOf(session.step);
    renderInto(stepsBox, session.steps.map((step) => {
      const index = ORDER.indexOf(step.step);
      const here = step.step === session.step;
      return h("li", {
        class: `trust-steps__step${here ? " is-current" : ""}${index < current ? " is-done" : ""}`,
        "aria-current": here ? "step" : false,
      },
      h("strong", {}, step.label),
      h("span", { class: "muted" }, ` · ${step.minutes} min · ${step.grouping}`),
      step.prompts.length || step.questions.length
        ? h("ul", { class: "trust-steps__prompts" },
          [...step.prompts.map((prompt) => prompt.prompt), ...step.questions]
            .map((text) => h("li", {}, text)))
        : "");
    }));
  }

  let timerHandle = null;
  let timeUpAnnounced = false;
  function drawTimer() {
    window.clearInterval(timerHandle);
    if (!session.step_ends_at) {
      renderInto(timerBox, html`<p class="trust-timer__label">${session.step === "finished"
        ? "This session has finished." : "The timer starts with the first step."}</p>`);
      return;
    }
    const ends = new Date(session.step_ends_at).getTime();
    const clock = h("p", { class: "trust-timer__clock", role: "timer", "aria-live": "off" });
    renderInto(timerBox, [h("p", { class: "trust-timer__label" }, `Time left for ${session.step_label.toLowerCase()}`), clock]);
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (left === 0 && !timeUpAnnounced) {
        timeUpAnnounced = true;
        clock.textContent = "Time's up";
        announce(`Time's up for ${session.step_label.toLowerCase()}.`);
      }
    };
    tick();
    timerHandle = every(1000, tick, signal);
  }

  function drawControls() {
    if (!session.can_facilitate) {
      renderInto(controlsBox, session.facilitator
        ? h("p", { class: "muted" }, `${session.facilitator.display_name} facilitates this session.`)
        : "");
      return;
    }
    const index = ORDER.indexOf(session.step);
    const next = ORDER[index + 1];
    const back = index > 1 ? ORDER[index - 1] : null;
    const nextLabel = session.step === "ready" ? "Start the session"
      : next === "finished" ? "Finish the session"
        : next ? `Next: ${stepInfo(next).label}` : null;
    renderInto(controlsBox, h("div", { class: "trust-controls" },
      nextLabel ? h("button", { type: "button", class: "button", onclick: (event) => moveTo(next, event.currentTarget) }, nextLabel) : "",
      back && session.step !== "finished"
        ? h("button", { type: "button", class: "button button--secondary", onclick: (event) => moveTo(back, event.currentTarget) }, `Back to ${stepInfo(back).label.toLowerCase()}`)
        : "",
      session.step_ends_at
        ? h("button", { type: "button", class: "button button--secondary", onclick: (event) => restart(event.currentTarget) }, "Restart the timer")
        : ""));
  }

  async function moveTo(step, button) {
    setBusy(button, true, "Moving…");
    try {
      ({ data: session } = await put(`${sessionApi}/step`, { step }));
    } catch (error) {
      setBusy(button, false);
      announce(error instanceof ApiError ? error.detail : "That didn't work. Please try again.");
      return;
    }
    timeUpAnnounced = false;
    await refreshLists();
    drawAll();
    announce(`Now: ${session.step_label}.`);
    controlsBox.querySelector("button")?.focus();
  }

  async function restart(button) {
    setBusy(button, true, "Restarting…");
    try {
      ({ data: session } = await put(`${sessionApi}/step`, { step: session.step, restart_timer: true }));
    } catch (error) {
      setBusy(button, false);
      announce(error instanceof ApiError ? error.detail : "That didn't work. Please try again.");
      return;
    }
    timeUpAnnounced = false;
    drawAll();
    announce("The timer started again.");
  }

  function drawStep() {
    const info = stepInfo(session.step);
    const heading = h("h2", { id: "step-heading" }, info ? info.label : session.step_label);
    if (!info) {
      renderInto(stepBox, [heading, h("p", {}, session.step === "ready"
        ? "When everyone is here, the facilitator starts the first step."
        : "Thank you for reflecting together. Your commitments are on the team's wall.")]);
      return;
    }
    const parts = [heading, h("p", { class: "trust-step__grouping" }, info.grouping), h("p", {}, info.guidance)];
    if (info.questions.length && session.step !== "commitment") {
      parts.push(h("h3", {}, "Talk through"),
        h("ul", {}, info.questions.map((question) => h("li", {}, question))));
    }
    if (session.step === "whole_team") {
      parts.push(h("div", { class: "trust-columns" }, columns(info)));
      if (isMember) parts.push(noteForm(info));
    } else if (info.prompts.length) {
      parts.push(h("ul", {}, info.prompts.map((prompt) => h("li", {}, prompt.prompt))));
      if (isMember) parts.push(noteForm(info));
    }
    if (session.step === "commitment") {
      parts.push(h("p", { class: "trust-step__question" }, info.questions[0]));
    }
    if (session.step === "individual") {
      parts.push(h("p", { class: "muted" }, "Your notes stay private until the group moves on to sharing."));
    }
    renderInto(stepBox, parts);
  }

  function columns(info) {
    return info.prompts.map((prompt) => h("div", { class: "card" },
      h("h3", {}, prompt.prompt),
      h("ul", {}, state.notes.filter((note) => note.kind === prompt.kind)
        .map((note) => h("li", {}, note.body)))));
  }

  function noteForm(info) {
    const form = h("form", { class: "form card", id: "note-form", novalidate: true },
      h("div", { class: "field" },
        h("label", { for: "note-kind" }, "Prompt"),
        h("select", { id: "note-kind", name: "kind" },
          info.prompts.map((prompt) => h("option", { value: prompt.kind }, prompt.prompt)))),
      h("div", { class: "field" },
        h("label", { for: "note-body" }, "Your note"),
        h("textarea", { id: "note-body", name: "body", rows: "3", maxlength: "2000" })),
      h("div", { class: "choice" },
        h("input", { type: "checkbox", id: "note-anonymous", name: "anonymous", value: "yes" }),
        h("label", { for: "note-anonymous" }, "Post anonymously (no name is kept)")),
      h("button", { type: "submit", class: "button" }, "Add note"));
    submitForm(form, async (values) => {
      await post(`${sessionApi}/notes`, {
        kind: values.kind, body: values.body || "", anonymous: values.anonymous === "yes",
      });
      clearErrors(form);
      form.elements.body.value = "";
      await refreshLists();
      drawNotes();
      const chart = stepBox.querySelector(".trust-columns");
      if (chart) renderInto(chart, columns(info));
      announce("Note added.");
      form.elements.body.focus();
    }, { busy: "Adding…", headingLevel: 3 });
    return form;
  }

  function drawNotes() {
    if (!state.notes.length) {
      renderInto(notesBox, h("p", { class: "muted" }, session.step === "individual" || session.step === "ready"
        ? "Notes appear here when the group moves on to sharing."
        : "No notes yet."));
      return;
    }
    const prompts = session.steps.flatMap((step) => step.prompts);
    renderInto(notesBox, prompts
      .map((prompt) => [prompt, state.notes.filter((note) => note.kind === prompt.kind)])
      .filter(([, notes]) => notes.length)
      .map(([prompt, notes]) => h("div", { class: "trust-notes" },
        h("h3", {}, prompt.prompt),
        h("ul", { class: "trust-notes__list", role: "list" }, notes.map((note) => h("li", { class: "trust-note" },
          h("p", {}, note.body),
          h("p", { class: "muted" }, note.anonymous ? "Anonymous" : note.author.display_name)))))));
  }

  function drawCommitments() {
    const mine = state.commitments.find((item) => me && item.user.id === me.id);
    const open = ORDER.indexOf(session.step) >= ORDER.indexOf("commitment");
    if (isMember && open && !mine) renderInto(commitmentFormBox, commitmentForm());
    else renderInto(commitmentFormBox, open ? "" : h("p", { class: "muted" }, "Commitments come in the last step."));
    renderInto(commitmentsBox, state.commitments.length
      ? h("ul", { class: "trust-notes__list", role: "list" }, state.commitments.map((item) => h("li", { class: "trust-note" },
        h("p", {}, item.body),
        h("p", { class: "muted" }, `${item.user.display_name} · follow up ${formatDate(item.follow_up_on)}`))))
      : "");
  }

  function commitmentForm() {
    const form = h("form", { class: "form card", id: "commitment-form", novalidate: true },
      h("div", { class: "field" },
        h("label", { for: "commitment-body" }, stepInfo("commitment").questions[0]),
        h("textarea", { id: "commitment-body", name: "body", rows: "3", maxlength: "1000" })),
      h("div", { class: "field" },
        h("label", { for: "commitment-date" }, "Follow up on"),
        h("input", { id: "commitment-date", name: "follow_up_on", type: "date", value: todayIso(14) })),
      h("button", { type: "submit", class: "button" }, "Make my commitment"));
    submitForm(form, async (values) => {
      await post(`${sessionApi}/commitments`, { body: values.body || "", follow_up_on: values.follow_up_on || null });
      await refreshLists();
      drawCommitments();
      announce("Your commitment is on the team's wall.");
    }, { busy: "Saving…", headingLevel: 3 });
    return form;
  }

  async function refreshLists() {
    [state.notes, state.commitments] = await Promise.all([
      getAll(`${sessionApi}/notes`),
      getAll(`${teamApi}/trust-commitments`, { session_id: session.id }),
    ]);
  }

  function drawAll() {
    drawCycle();
    drawSettings();
    drawSteps();
    drawTimer();
    drawControls();
    drawStep();
    drawNotes();
    drawCommitments();
  }

  // Follow the facilitator: redraw when the step changes (forms are left alone otherwise).
  every(FOLLOW_EVERY_MS, async () => {
    try {
      const { data: fresh } = await get(sessionApi);
      if (fresh.step !== session.step || fresh.step_started_at !== session.step_started_at) {
        session = fresh;
        timeUpAnnounced = false;
        await refreshLists();
        drawAll();
        announce(`Now: ${session.step_label}.`);
      }
    } catch {
      // A missed poll is fine; the next one tries again.
    }
  }, signal);

  await refreshLists();
  drawAll();
  return { title: session.title, content };
}
