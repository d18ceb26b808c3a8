// One puzzle of practice: its words (members edit them), its status (teachers archive or
// resolve it), its cycles, and "Start a cycle" with facilitators (students too), a recorder,
// a timekeeper and a due date per phase.

import { ApiError, allIncluded, get, patch, post } from "../api.js";
import { focusElement, fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, setBusy, showApiError, submitForm } from "../forms.js";
import { isOrgAdmin } from "../session.js";
import { announce } from "../status.js";
import { cycleSetupFields, dueDateFields, readCycleSetup, setupFieldNames } from "./cycle-common.js";
import { PUZZLE_STATUSES, cyclePath, names } from "./labels.js";
import { hasEnded, workflows } from "../workflows.js";
import { path } from "../path.js";

export async function render({ params, navigate, path: here, query }) {
  const puzzlePath = path`/puzzles/${params.puzzleId}`;
  // One read for the page (the workflows are read once per visit to the app).
  const [{ data: { included, ...puzzle } }, definitions] = await Promise.all([
    get(puzzlePath, { include: "team,members,cycles" }),
    workflows(),
  ]);
  const { team } = included;
  const [members, cycles] = await Promise.all([
    allIncluded(included.members, path`/teams/${team.id}/members`),
    allIncluded(included.cycles, `${puzzlePath}/cycles`),
  ]);
  const admin = isOrgAdmin(team.organization_id);
  const canWrite = ["teacher", "student"].includes(team.my_role) || admin;
  const canManage = team.my_role === "teacher" || admin;
  const openCycle = cycles.find((cycle) => !hasEnded(definitions.get(cycle.workflow), cycle.state));

  const content = fragment(html`
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="/teams">Your teams</a></li>
        <li><a href="${path`/teams/${team.id}`}">${team.name}</a></li>
        <li aria-current="page">Puzzle of practice</li>
      </ol>
    </nav>
    <p class="eyebrow">Puzzle of practice</p>
    <h1>${puzzle.question}</h1>
    <p class="team-summary">
      <span class="badge">${PUZZLE_STATUSES[puzzle.status] || puzzle.status}</span>
      ${puzzle.focus_area ? html`<span>Focus: ${puzzle.focus_area}</span>` : ""}
    </p>
    ${puzzle.context ? html`<p class="lead">${puzzle.context}</p>` : ""}
    <div data-manage></div>
    <section aria-labelledby="puzzle-cycles-heading">
      <h2 id="puzzle-cycles-heading">Cycles</h2>
      ${cycles.length
        ? html`<ol class="cycle-list">${cycles.map((cycle) => html`
            <li><a href="${cyclePath(cycle.id)}">Cycle ${cycle.number}${cycle.title ? `: ${cycle.title}` : ""}</a>
              <span class="badge badge--state">${cycle.state_label}</span>
              ${cycle.facilitators.length ? html`<span class="muted">Facilitated by ${names(cycle.facilitators)}</span>` : ""}
            </li>`)}</ol>
          <p><a href="${path`/api/v1/puzzles/${puzzle.id}/report.pdf`}" download>Download the
            puzzle report (PDF, every cycle)</a></p>`
        : html`<p class="muted">No cycles yet.</p>`}
    </section>
    <div data-start></div>
  `);

  // ---- Editing the words, and the status -------------------------------------------------

  const manage = content.querySelector("[data-manage]");
  if (canWrite) {
    const form = h("form", { class: "form", id: "edit-puzzle-form", novalidate: true });
    form.append(fragment(html`
      <div class="field">
        <label for="edit-question">Question</label>
        <textarea id="edit-question" name="question" rows="2" maxlength="500">${puzzle.question}</textarea>
      </div>
      <div class="field">
        <label for="edit-context">What you've noticed</label>
        <textarea id="edit-context" name="context" rows="4" maxlength="5000">${puzzle.context || ""}</textarea>
      </div>
      <div class="field">
        <label for="edit-focus">Focus area</label>
        <input id="edit-focus" name="focus_area" type="text" maxlength="200" value="${puzzle.focus_area || ""}">
      </div>
      <button type="submit" class="button">Save changes</button>`));
    submitForm(form, async (values) => {
      await patch(puzzlePath, values);
      clearErrors(form);
      await navigate(here, { replace: true });
      announce("Puzzle saved.");
    }, {
      busy: "Saving…",
      headingLevel: 3,
      check: (values) => (values.question ? {} : { question: ["Write the puzzle as a question."] }),
    });
    manage.append(h("details", { class: "disclosure card" },
      h("summary", {}, "Edit this puzzle"), form));
  }
  if (canManage) {
    const moves = puzzle.status === "active"
      ? [["resolved", "Mark as resolved", "button--secondary"], ["archived", "Archive", "button--danger-quiet"]]
      : [["active", "Make active again", "button--secondary"]];
    const error = h("p", { class: "field-error", role: "alert", hidden: true });
    manage.append(h("div", { class: "button-row" },
      moves.map(([status, label, style]) => h("button", {
        type: "button",
        class: `button button--small ${style}`,
        onclick: async (event) => {
          const button = event.currentTarget;
          setBusy(button, true, "Saving…");
          try {
            await patch(puzzlePath, { status });
          } catch (problem) {
            setBusy(button, false);
            error.hidden = false;
            error.textContent = problem instanceof ApiError ? problem.detail : "That didn't work.";
            return;
          }
          await navigate(here, { replace: true });
          announce(`The puzzle is now ${PUZZLE_STATUSES[status].toLowerCase()}.`);
        },
      }, label)), error));
  }

  // ---- Starting a cycle --------------------------------------------------------------------

  const start = content.querySelector("[data-start]");
  if (canManage && puzzle.status === "active") {
    if (openCycle) {
      renderInto(start, html`
        <section class="card" id="start-cycle" aria-labelledby="start-heading" tabindex="-1">
          <h2 id="start-heading">Start a cycle</h2>
          <p>Cycle ${openCycle.number} is still in progress.
            <a href="${cyclePath(openCycle.id)}">Go to cycle ${openCycle.number}</a>. When it ends,
            you can start the next one from its page.</p>
        </section>`);
    } else {
      start.replaceWith(startCycleSection(puzzlePath, members, definitions, navigate));
    }
  }

  const startSection = content.querySelector("#start-cycle");
  if (query.has("start") && startSection) {
    // After the router has focused the heading: take the person straight to the form.
    window.setTimeout(() => {
      startSection.scrollIntoView();
      focusElement(startSection);
    }, 0);
  }
  return { title: puzzle.question, content };
}

function startCycleSection(puzzlePath, members, definitions, navigate) {
  const section = h("section", { class: "card", id: "start-cycle", "aria-labelledby": "start-heading", tabindex: "-1" });
  const eaa = definitions.get("eaa") || [...definitions.values()][0];
  section.append(fragment(html`
    <h2 id="start-heading">Start a cycle</h2>
    <form class="form" id="start-cycle-form" novalidate>
      ${definitions.size > 1 ? html`
        <div class="field">
          <label for="cycle-workflow">Kind of cycle</label>
          <select id="cycle-workflow" name="workflow">${[...definitions.values()].map((definition) => html`
            <option value="${definition.name}" ${definition === eaa ? "selected" : ""}>${definition.title}</option>`)}
          </select>
        </div>` : ""}
      ${cycleSetupFields(members, eaa)}
      <button type="submit" class="button">Start the cycle</button>
    </form>`));
  const form = section.querySelector("form");
  const chosen = () => definitions.get(form.elements.workflow?.value) || eaa;
  // Each kind of cycle has its own phases, so its own due dates.
  form.elements.workflow?.addEventListener("change", () => {
    form.querySelector("[data-due-dates]").replaceWith(fragment(dueDateFields(chosen())));
  });
  submitForm(form, async () => {
    const body = { ...readCycleSetup(form, chosen()), workflow: chosen().name };
    const { data } = await post(`${puzzlePath}/cycles`, body);
    announce(`Cycle ${data.number} started.`);
    await navigate(cyclePath(data.id));
  }, {
    busy: "Starting…",
    headingLevel: 3,
    fieldNames: () => setupFieldNames(chosen()),
  });
  return section;
}

