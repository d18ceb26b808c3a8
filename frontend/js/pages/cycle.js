// One cycle: where it stands (phase progress, facilitators, due dates), the moves it can make
// (blocked moves say why), and its work: evidence, analysis, action plan, reflection,
// comments and history. Moves send If-Match with the cycle's ETag.

import { ApiError, allIncluded, get, patch, post } from "../api.js";
import { focusElement, fragment, h, html, render as renderInto } from "../dom.js";
import { setBusy, showApiError, showErrors, submitForm } from "../forms.js";
import { getCurrentUser } from "../session.js";
import { announce } from "../status.js";
import { actionsSection } from "./cycle-actions.js";
import { analysisSection } from "./cycle-analysis.js";
import { icon } from "../icons.js";
import { cycleSetupFields, loadList, readCycleSetup, setupFieldNames } from "./cycle-common.js";
import { words } from "./words.js";
import { evidenceSection } from "./cycle-evidence.js";
import { commentsSection, historySection, reflectionSection } from "./cycle-talk.js";
import { cyclePath, formatDate, isPast, names } from "./labels.js";
import { puzzlePath } from "./team-work.js";
import { path } from "../path.js";
import { canMove as canMoveIn, hasEnded } from "../workflows.js";

const STALE = "Someone else just moved this cycle. We've reloaded it.";
// Everything the page draws, in the cycle's one read (the sections take their part once;
// after a change they read the part's own route)
const PARTS = [
  "team", "members", "workflow", "analysis_prompts", "evidence", "notes", "actions",
  "reflection", "comments", "history", "activity", "puzzle_cycles",
];


export async function render({ params, navigate }) {
  const cycleApi = path`/cycles/${params.cycleId}`;
  const { data: { included, ...cycle } } = await get(cycleApi, { include: PARTS.join(",") });
  const { team, workflow: definition } = included;
  const members = await allIncluded(included.members, path`/teams/${team.id}/members`);
  // Who may move it, its phases and their due dates: the cycle's workflow says (GET /workflows).
  const canMove = (cycle) => canMoveIn(definition, cycle.my_roles);

  // Shared by the sections: the cycle as last read, its ETag, the team, and a small event bus
  // ("changed": something was added, so counts and blocked moves may have changed).
  const ctx = {
    cycle,
    // The answer's ETag covers its parts too: moves and changes send the cycle's version.
    etag: `"${cycle.version}"`,
    included,
    team,
    members,
    workflow: definition,
    me: getCurrentUser(),
    api: cycleApi,
    bus: new EventTarget(),
    navigate,
    reloadCycle,
    changed,
  };

  const say = words(ctx);
  const content = fragment(html`
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="/teams">Your teams</a></li>
        <li><a href="${path`/teams/${team.id}`}">${team.name}</a></li>
        <li><a href="${puzzlePath(team.id, ctx.cycle.puzzle_id)}">Puzzle</a></li>
        <li aria-current="page">Cycle ${ctx.cycle.number}</li>
      </ol>
    </nav>
    <header class="cycle-header" data-header></header>
    <div data-setup></div>
    <div class="cycle-top">
      <section class="card phase-card" aria-labelledby="phase-heading" data-phase></section>
      <section class="card moves" aria-labelledby="moves-heading" data-moves></section>
    </div>
    <nav class="section-nav" aria-label="Parts of this cycle">
      <ul>
        <li><a href="#evidence-heading">${say.evidenceTitle}</a></li>
        <li><a href="#analysis-heading">${say.analysisTitle}</a></li>
        <li><a href="#actions-heading">${say.actionsTitle}</a></li>
        <li><a href="#reflection-heading">${say.reflectionTitle}</a></li>
        <li><a href="#comments-heading">${say.commentsTitle}</a></li>
        <li><a href="#history-heading">${say.historyTitle}</a></li>
      </ul>
    </nav>
    <div class="cycle-sections" data-sections></div>
    <dialog class="dialog" aria-labelledby="abandon-title" aria-describedby="abandon-text" data-abandon>
      <form method="dialog">
        <h2 id="abandon-title">Abandon this cycle?</h2>
        <p id="abandon-text">The team stops working on it. Its evidence, notes and actions stay
          on record, but it can't be moved or changed any more.</p>
        <div class="dialog__buttons">
          <button type="submit" class="button button--danger" value="abandon">Abandon the cycle</button>
          <button type="submit" class="button button--secondary" value="cancel" autofocus>Keep working</button>
        </div>
      </form>
    </dialog>
  `);
  const header = content.querySelector("[data-header]");
  const phase = content.querySelector("[data-phase]");
  const moves = content.querySelector("[data-moves]");
  const dialog = content.querySelector("[data-abandon]");
  const sectionsBox = content.querySelector("[data-sections]");
  const setupBox = content.querySelector("[data-setup]");
  // In-page links move focus to the section's heading (the router keeps #fragments in page).
  content.querySelector(".section-nav").addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    event.preventDefault();
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      target.scrollIntoView();
      focusElement(target);
    }
  });

  // ---- Header and phase progress ---------------------------------------------------------

  function drawHeader() {
    const { cycle } = ctx;
    renderInto(header, html`
      <p class="eyebrow">Cycle ${cycle.number}${cycle.title ? html` · ${cycle.title}` : ""}</p>
      <h1>${cycle.puzzle_question}</h1>
      <dl class="cycle-roles">
        <div><dt>Facilitators</dt><dd>${cycle.facilitators.length ? names(cycle.facilitators) : "None yet"}</dd></div>
        ${cycle.recorder ? html`<div><dt>Recorder</dt><dd>${cycle.recorder.display_name}</dd></div>` : ""}
        ${cycle.timekeeper ? html`<div><dt>Timekeeper</dt><dd>${cycle.timekeeper.display_name}</dd></div>` : ""}
        <div><dt>You</dt><dd>${myRolesText(cycle)}</dd></div>
      </dl>
      <p class="cycle-report-links">
        <a href="${path`/api/v1/cycles/${cycle.id}/report.pdf`}" download>Download the cycle report (PDF)</a>
        <button type="button" class="button button--small button--secondary" data-print>Print this page</button>
      </p>`);
    header.querySelector("[data-print]").addEventListener("click", () => window.print());
  }

  function drawPhase() {
    const { cycle } = ctx;
    // The open phases, then the ending a cycle works towards (or the one it reached).
    const states = definition.states.filter((state) => !state.terminal || state.opens_next_cycle ||
      state.name === cycle.state);
    const currentIndex = states.findIndex((state) => state.name === cycle.state);
    const due = cycle.due_dates && cycle.due_dates[cycle.state];
    renderInto(phase, html`
      <h2 id="phase-heading" tabindex="-1">Now: ${cycle.state_label}</h2>
      <ol class="phases" aria-label="Phases of the cycle">
        ${states.map((state, index) => {
          const status = index < currentIndex ? "done" : index === currentIndex ? "current" : "todo";
          const words = { done: "done", current: "current phase", todo: "to come" }[status];
          return html`<li class="phases__step phases__step--${status}"
              ${status === "current" ? html`aria-current="step"` : ""}>
            <span class="phases__dot" aria-hidden="true">${status === "done" ? icon("check") : index + 1}</span>
            <span class="phases__label">${state.label}</span>
            <span class="visually-hidden">(${words})</span>
          </li>`;
        })}
      </ol>
      ${due ? html`<p class="${isPast(due) ? "overdue" : "muted"}">${isPast(due) ? "Overdue: this phase was due" : "This phase is due"} ${formatDate(due)}.</p>` : ""}
      <p><a class="button button--secondary" href="${cyclePath(cycle.id)}/meeting">Run a meeting for this phase</a></p>`);
  }

  // ---- Roles and due dates (movers, while the cycle is open) ------------------------------

  let setupVersion = null;

  function drawSetup() {
    const { cycle } = ctx;
    // Never pull the form from under someone typing in it; redraw it when the cycle changed.
    if (setupBox.querySelector("details[open]") || setupVersion === cycle.version) return;
    setupVersion = cycle.version;
    const editable = canMove(cycle) && !hasEnded(definition, cycle.state);
    if (!editable) {
      setupBox.replaceChildren();
      return;
    }
    const form = h("form", { class: "form", id: "cycle-setup-form", novalidate: true });
    form.append(fragment(html`${cycleSetupFields(ctx.members, definition, cycle)}
      <button type="submit" class="button">Save roles and dates</button>`));
    submitForm(form, async () => {
      const { data, etag } = await patch(ctx.api, readCycleSetup(form, definition, { update: true }), {
        headers: { "If-Match": ctx.etag },
      });
      apply(data, etag);
      setupBox.querySelector("details").open = false;
      drawAll();
      announce("Roles and due dates saved.");
      focusElement(setupBox.querySelector("summary"));
    }, {
      busy: "Saving…",
      headingLevel: 3,
      fieldNames: setupFieldNames(definition),
      onError: async (error) => {
        if (!(error instanceof ApiError && error.status === 412)) return false;
        setupBox.querySelector("details").open = false;
        await reloadCycle();
        const details = setupBox.querySelector("details");
        if (details) {
          details.open = true;
          showErrors(details.querySelector("form"), {
            headingLevel: 3,
            message: "Someone else just changed this cycle. We've reloaded it: check and save again.",
          });
        }
        return true;
      },
    });
    renderInto(setupBox, h("details", { class: "disclosure card cycle-setup" },
      h("summary", {}, "Change facilitators, roles and due dates"), form));
  }

  // ---- Moves -------------------------------------------------------------------------------

  function order(cycle) {
    const index = (name) => (cycle.states || []).findIndex((state) => state.name === name);
    const here = index(cycle.state);
    // A move to an ending that opens no next cycle (abandoning) is set apart from the others.
    const ending = (name) => definition.states.find((state) => state.name === name) || {};
    const kindOf = (move) => ending(move.to).terminal && !ending(move.to).opens_next_cycle
      ? "abandon" : index(move.to) < here ? "back" : "forward";
    return (cycle.transitions || []).map((move) => ({ ...move, kind: kindOf(move) }))
      .sort((a, b) => ["forward", "back", "abandon"].indexOf(a.kind) - ["forward", "back", "abandon"].indexOf(b.kind));
  }

  function drawMoves() {
    const { cycle } = ctx;
    const mover = canMove(cycle);
    // A move that only another role may make is not offered at all (a student facilitator
    // does not see "Abandon"); one blocked by what is missing stays, with the reasons.
    const list = order(cycle).filter((move) => move.allowed ||
      !move.reasons.every((reason) => reason.startsWith("Only ")));
    moves.replaceChildren();
    moves.append(h("h2", { id: "moves-heading" }, "Move the cycle"));
    if (!mover) {
      moves.append(h("p", { class: "muted" },
        "The cycle's facilitators and the team's teachers move it from phase to phase."));
      const forward = list.find((move) => move.kind === "forward");
      if (forward && !forward.allowed) {
        const needs = forward.reasons.filter((reason) => !reason.startsWith("Only "));
        if (needs.length) {
          moves.append(h("p", {}, `Before “${forward.label}”:`),
            h("ul", { class: "reasons" }, needs.map((reason) => h("li", {}, reason))));
        }
      }
    } else if (!list.length) {
      moves.append(h("p", { class: "muted" }, "This cycle has ended. It can't move any more."));
    } else {
      const commentId = "move-comment";
      moves.append(h("ul", { class: "moves__list", role: "list" }, list.map((move) => moveItem(move))));
      moves.append(h("div", { class: "field moves__comment" },
        h("label", { for: commentId }, "Note for the history (optional)"),
        h("input", { id: commentId, type: "text", maxlength: "2000", name: "comment" })));
    }
    moves.append(h("div", { class: "moves__result", "data-move-result": "" }));
    const here = definition.states.find((state) => state.name === cycle.state);
    if (ctx.nextCycle) {
      moves.append(h("p", {}, "The next cycle of this puzzle has started. ",
        h("a", { href: cyclePath(ctx.nextCycle.id) }, `Go to cycle ${ctx.nextCycle.number}`)));
    } else if (mover && here?.opens_next_cycle) {
      moves.append(h("p", {},
        h("button", { type: "button", class: "button button--secondary", onclick: startNext },
          "Start the next cycle")),
        h("p", { class: "hint" }, !here.terminal
          ? "This closes this cycle and opens the next one. Unfinished actions carry over."
          : "Opens the next cycle of this puzzle. Unfinished actions carry over."));
    }
  }

  function moveItem(move) {
    const whyId = `why-${move.name}`;
    const style = move.kind === "forward" ? "" : move.kind === "back" ? " button--secondary" : " button--danger-quiet";
    const button = h("button", {
      type: "button",
      class: `button${style}${move.allowed ? "" : " is-blocked"}`,
      "aria-disabled": move.allowed ? null : "true",
      "aria-describedby": move.allowed ? null : whyId,
      dataset: { transition: move.name },
      onclick: () => (move.allowed ? takeMove(move, button) : explainBlocked(move)),
    }, move.label);
    return h("li", { class: `move move--${move.kind}` }, button,
      move.allowed ? "" : h("div", { class: "move__why", id: whyId },
        h("p", { class: "move__why-title" }, "Not yet:"),
        h("ul", { class: "reasons" }, move.reasons.map((reason) => h("li", {}, reason)))));
  }

  function result(message, { error = false } = {}) {
    const box = moves.querySelector("[data-move-result]");
    renderInto(box, message
      ? h("div", { class: `notice${error ? " notice--error" : ""}`, role: error ? "alert" : null }, message)
      : "");
  }

  function explainBlocked(move) {
    announce(`You can't ${move.label.toLowerCase()} yet. ${move.reasons.join(" ")}`, { tone: "error" });
  }

  async function takeMove(move, button) {
    if (move.kind === "abandon") {
      dialog.returnValue = "";
      dialog.onclose = () => {
        if (dialog.returnValue === "abandon") send(move, button);
        else button.focus();
      };
      dialog.showModal();
      return;
    }
    await send(move, button);
  }

  async function send(move, button) {
    const comment = moves.querySelector("#move-comment")?.value.trim() || "";
    button.setAttribute("aria-disabled", "true");
    button.classList.add("is-busy");
    const label = button.textContent;
    button.textContent = "Moving…";
    try {
      const { data, etag } = await post(`${ctx.api}/transitions`, { transition: move.name, comment }, {
        headers: { "If-Match": ctx.etag },
      });
      apply(data, etag);
      drawAll({ sections: true });
      announce(`Moved to ${data.state_label}.`);
      focusElement(phase.querySelector("h2"));
    } catch (error) {
      button.textContent = label;
      button.classList.remove("is-busy");
      button.removeAttribute("aria-disabled");
      if (error instanceof ApiError && error.status === 412) {
        await reloadCycle({ sections: true });
        result(STALE, { error: true });
        announce(STALE, { tone: "error" });
        focusElement(phase.querySelector("h2"));
        return;
      }
      if (error instanceof ApiError && error.status === 409) {
        const reasons = error.problem.reasons || [];
        await reloadCycle();
        result(h("div", {}, h("p", {}, error.detail),
          reasons.length ? h("ul", { class: "reasons" }, reasons.map((reason) => h("li", {}, reason))) : ""),
        { error: true });
        return;
      }
      result(error instanceof ApiError ? error.detail : "That didn't work. Please try again.", { error: true });
    }
  }

  async function startNext(event) {
    const button = event.currentTarget;
    button.disabled = true;
    button.textContent = "Starting…";
    try {
      const { data } = await post(`${ctx.api}/next`, {});
      announce(`Cycle ${data.number} started.`);
      await navigate(cyclePath(data.id));
    } catch (error) {
      button.disabled = false;
      button.textContent = "Start the next cycle";
      if (error instanceof ApiError && error.status === 409 && await findNextCycle()) {
        drawMoves(); // someone started it meanwhile: link to it instead
        return;
      }
      result(error instanceof ApiError ? error.detail : "That didn't work. Please try again.", { error: true });
    }
  }

  /** The puzzle's cycle after this one, if it has started (ended cycles only: rare). */
  async function findNextCycle() {
    try {
      const cycles = await loadList(ctx, "puzzle_cycles", path`/puzzles/${ctx.cycle.puzzle_id}/cycles`);
      ctx.nextCycle = cycles.find((other) => other.number === ctx.cycle.number + 1) || null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    return ctx.nextCycle;
  }

  // ---- Keeping everything in step ------------------------------------------------------------

  function apply(data, etag) {
    const stateChanged = data.state !== ctx.cycle.state || data.can_contribute !== ctx.cycle.can_contribute;
    ctx.cycle = data;
    ctx.etag = etag || `"${data.version}"`;
    return stateChanged;
  }

  const sections = [];

  function drawAll({ sections: redrawSections = false } = {}) {
    drawHeader();
    drawSetup();
    drawPhase();
    drawMoves();
    if (redrawSections) sections.forEach((section) => section.refresh());
  }

  /** Read the cycle again (after a change elsewhere); redraws sections if its phase changed. */
  async function reloadCycle({ sections: forceSections = false } = {}) {
    try {
      const { data, etag } = await get(ctx.api);
      const stateChanged = apply(data, etag);
      drawAll({ sections: forceSections || stateChanged });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }

  /** Something in the cycle changed (evidence added…): tell the sections, refresh the moves. */
  function changed(what) {
    ctx.bus.dispatchEvent(new CustomEvent("changed", { detail: what }));
    return reloadCycle();
  }

  sections.push(
    evidenceSection(ctx),
    analysisSection(ctx),
    actionsSection(ctx),
    reflectionSection(ctx),
    commentsSection(ctx),
    historySection(ctx),
  );
  sectionsBox.append(...sections.map((section) => section.element));
  if (hasEnded(definition, ctx.cycle.state)) await findNextCycle();
  drawAll();
  sections.forEach((section) => section.refresh());

  return { title: `Cycle ${ctx.cycle.number}: ${ctx.cycle.puzzle_question}`, content };
}

function myRolesText(cycle) {
  const words = {
    teacher: "Teacher", student: "Student", facilitator: "Facilitator", coach: "Coach", admin: "Admin",
  };
  const roles = (cycle.my_roles || []).map((role) => words[role] || role);
  return roles.length ? roles.join(", ") : "Viewer";
}
