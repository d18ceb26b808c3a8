// The facilitator view: runs a team meeting through the protocol's steps for a phase, one
// step at a time, with a big countdown timer. Made for a classroom screen and for a student
// facilitator: large type, plain words, everything on buttons and keys.
//
// Screen readers hear the step when it changes and when time is up (not every second).

import { get } from "../api.js";
import { focusElement, fragment, h, html, render as renderInto } from "../dom.js";
import { PROTOCOL, minutesLabel, phaseFor, stepsFor } from "../protocol.js";
import { agreementBanner } from "../relationships/agreement-banner.js";
import { every } from "../router.js";
import { cyclePath, names } from "./labels.js";
import { path } from "../path.js";

function clock(totalSeconds) {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

function spokenTime(totalSeconds) {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

export async function render({ params, query, signal }) {
  const cycleApi = path`/cycles/${params.cycleId}`;
  const [{ data: cycle }, prompts] = await Promise.all([
    get(cycleApi),
    get("/analysis-prompts").then(({ data }) => data || [], () => []),
  ]);
  const team = await get(path`/teams/${cycle.team_id}`).then(({ data }) => data, () => null);
  const phases = Object.keys(PROTOCOL);
  let phase = PROTOCOL[query.get("phase")] ? query.get("phase") : phaseFor(cycle.state);
  const agreement = await agreementBanner(cycle.team_id);

  const content = fragment(html`
    <div class="meeting" data-meeting>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li><a href="${path`/teams/${cycle.team_id}`}">${team ? team.name : "Team"}</a></li>
          <li><a href="${cyclePath(cycle.id)}">Cycle ${cycle.number}</a></li>
          <li aria-current="page">Meeting</li>
        </ol>
      </nav>
      <header class="meeting__header">
        <h1 class="meeting__title">Meeting: <span data-phase-title></span></h1>
        <p class="meeting__question">${cycle.puzzle_question}</p>
        ${cycle.facilitators.length ? html`<p class="meeting__who">Facilitated by ${names(cycle.facilitators)}${cycle.timekeeper ? html` · Timekeeper: ${cycle.timekeeper.display_name}` : ""}</p>` : ""}
      </header>
      ${agreement}
      <div class="meeting__controls-top">
        <label for="meeting-phase">Steps for</label>
        <select id="meeting-phase">${phases.map((name) => html`
          <option value="${name}" ${name === phase ? "selected" : ""}>${PROTOCOL[name].title}${name === cycle.state ? " (now)" : ""}</option>`)}
        </select>
        <button type="button" class="button button--secondary button--small" data-fullscreen>Full screen</button>
      </div>
      <section class="meeting__stage" aria-labelledby="step-title">
        <p class="meeting__count" data-step-count></p>
        <h2 class="meeting__step" id="step-title" tabindex="-1" data-step-title></h2>
        <p class="meeting__prompt" data-step-prompt></p>
        <ul class="meeting__tips" data-step-tips></ul>
        <div class="timer" data-timer-box>
          <p class="timer__label" id="timer-label">Time left</p>
          <p class="timer__display" role="timer" aria-labelledby="timer-label" data-timer>00:00</p>
          <p class="timer__done" data-timer-done hidden>Time's up</p>
        </div>
        <div class="meeting__buttons">
          <button type="button" class="button button--huge" data-toggle>Start timer</button>
          <button type="button" class="button button--secondary button--huge" data-reset>Reset</button>
          <button type="button" class="button button--secondary button--huge" data-add>+1 minute</button>
        </div>
        <div class="meeting__buttons meeting__nav">
          <button type="button" class="button button--secondary button--huge" data-prev>← Previous step</button>
          <button type="button" class="button button--huge" data-next>Next step →</button>
        </div>
        <p class="hint meeting__keys">Keys: Space starts or pauses the timer, R resets it, N or → goes to the next step, P or ← to the previous one.</p>
      </section>
      <section class="meeting__all" aria-labelledby="all-steps-heading">
        <h2 id="all-steps-heading">All steps</h2>
        <ol class="meeting__outline" data-outline></ol>
      </section>
      <p><a href="${cyclePath(cycle.id)}">Back to the cycle</a></p>
      <div class="visually-hidden" aria-live="assertive" aria-atomic="true" data-live></div>
    </div>
  `);

  const root = content.querySelector("[data-meeting]");
  const $ = (selector) => root.querySelector(selector);
  const timerText = $("[data-timer]");
  const timerBox = $("[data-timer-box]");
  const doneText = $("[data-timer-done]");
  const toggle = $("[data-toggle]");
  const live = $("[data-live]");

  let steps = [];
  let index = 0;
  let remaining = 0; // seconds, while paused
  let endsAt = null; // ms timestamp, while running
  let ticker = null;
  let finished = false;

  function say(message) {
    live.textContent = "";
    window.setTimeout(() => { live.textContent = message; }, 50);
  }

  function left() {
    return endsAt === null ? remaining : (endsAt - Date.now()) / 1000;
  }

  function drawTimer() {
    const seconds = left();
    timerText.textContent = clock(seconds);
    timerBox.classList.toggle("timer--low", seconds <= 60 && seconds > 0);
    timerBox.classList.toggle("timer--done", finished);
    doneText.hidden = !finished;
    toggle.textContent = endsAt === null ? (remaining < steps[index].minutes * 60 && !finished ? "Resume timer" : "Start timer") : "Pause timer";
  }

  function stop() {
    if (ticker) window.clearInterval(ticker);
    ticker = null;
  }

  function tick() {
    if (left() <= 0) {
      stop();
      endsAt = null;
      remaining = 0;
      finished = true;
      drawTimer();
      say(`Time's up for “${steps[index].title}”.`);
      return;
    }
    drawTimer();
  }

  function start() {
    if (finished || remaining <= 0) return;
    endsAt = Date.now() + remaining * 1000;
    stop();
    ticker = every(250, tick, signal); // stops with the page
    drawTimer();
  }

  function pause() {
    remaining = left();
    endsAt = null;
    stop();
    drawTimer();
    say(`Paused with ${spokenTime(remaining)} left.`);
  }

  function reset({ announceIt = true } = {}) {
    stop();
    endsAt = null;
    finished = false;
    remaining = steps[index].minutes * 60;
    drawTimer();
    if (announceIt) say(`Timer reset to ${steps[index].minutes} minutes.`);
  }

  function addMinute() {
    if (endsAt !== null) endsAt += 60000;
    else remaining += 60;
    finished = false;
    drawTimer();
    say(`One minute added. ${spokenTime(left())} left.`);
  }

  function drawStep({ focus = false } = {}) {
    const step = steps[index];
    $("[data-phase-title]").textContent = PROTOCOL[phase].title;
    $("[data-step-count]").textContent = `Step ${index + 1} of ${steps.length} · ${minutesLabel(step.minutes)}`;
    $("[data-step-title]").textContent = step.title;
    $("[data-step-prompt]").textContent = step.prompt;
    renderInto($("[data-step-tips]"), (step.tips || []).map((tip) => h("li", {}, tip)));
    $("[data-prev]").disabled = index === 0;
    $("[data-next]").disabled = index === steps.length - 1;
    renderInto($("[data-outline]"), steps.map((item, position) => h("li", {
      class: position === index ? "is-current" : position < index ? "is-done" : "",
      "aria-current": position === index ? "step" : null,
    }, `${item.title} (${minutesLabel(item.minutes)})`)));
    reset({ announceIt: false });
    if (focus) focusElement($("[data-step-title]"));
  }

  function go(to) {
    if (to < 0 || to >= steps.length) return;
    index = to;
    drawStep();
    const step = steps[index];
    say(`Step ${index + 1} of ${steps.length}: ${step.title}. ${step.minutes} minutes.`);
  }

  function choosePhase(name) {
    phase = name;
    steps = stepsFor(phase, prompts);
    index = 0;
    drawStep();
  }

  toggle.addEventListener("click", () => (endsAt === null ? start() : pause()));
  $("[data-reset]").addEventListener("click", () => reset());
  $("[data-add]").addEventListener("click", addMinute);
  $("[data-prev]").addEventListener("click", () => go(index - 1));
  $("[data-next]").addEventListener("click", () => go(index + 1));
  $("#meeting-phase").addEventListener("change", (event) => {
    choosePhase(event.target.value);
    say(`${PROTOCOL[phase].title} steps. Step 1 of ${steps.length}: ${steps[0].title}.`);
  });
  const fullscreen = $("[data-fullscreen]");
  if (!document.fullscreenEnabled) fullscreen.hidden = true;
  fullscreen.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else root.requestFullscreen().catch(() => {});
  });

  // Keys work anywhere on the page except while typing in a field or using a control that
  // already has its own meaning for the key.
  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest("input, select, textarea, [contenteditable]")) return;
    const onButton = target.closest("button, a");
    const key = event.key.toLowerCase();
    if (key === " " && !onButton) {
      event.preventDefault();
      toggle.click();
    } else if (key === "r") {
      reset();
    } else if (key === "n" || (key === "arrowright" && !onButton)) {
      go(index + 1);
    } else if (key === "p" || (key === "arrowleft" && !onButton)) {
      go(index - 1);
    }
  }
  document.addEventListener("keydown", onKey, { signal }); // gone with the page

  steps = stepsFor(phase, prompts);
  drawStep();

  return { title: `Meeting: cycle ${cycle.number}`, content };
}
