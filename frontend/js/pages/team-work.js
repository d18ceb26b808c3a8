// The team page's inquiry work: the board of cycles by phase, and the puzzles of practice
// (adopt a starter or write your own). Used by pages/team.js.

import { ApiError, allIncluded, post } from "../api.js";
import { fragment, h, html } from "../dom.js";
import { setBusy, submitForm } from "../forms.js";
import { announce } from "../status.js";
import {
  PUZZLE_STATUSES, cyclePath, formatDate, isPast, names, plural,
} from "./labels.js";
import { path } from "../path.js";
import { hasEnded, openStates, rememberWorkflows } from "../workflows.js";

export function puzzlePath(teamId, puzzleId) {
  return path`/teams/${teamId}/puzzles/${puzzleId}`;
}

/** The parts of the team's read these sections draw from (GET /teams/{id}?include=…). */
export const WORK_PARTS = ["puzzles", "cycles", "puzzle_starters", "workflows"];

/** What the sections need, from the team read's included parts (long lists read on). */
export async function loadTeamWork(teamId, included) {
  const base = path`/teams/${teamId}`;
  const [puzzles, cycles] = await Promise.all([
    allIncluded(included.puzzles, `${base}/puzzles`),
    allIncluded(included.cycles, `${base}/cycles`),
  ]);
  return {
    puzzles,
    cycles,
    starters: included.puzzle_starters.items,
    workflows: rememberWorkflows(included.workflows.items),
  };
}

/**
 * The two sections as one Node. canWrite: may add puzzles (members, admins);
 * canManage: may start cycles and archive puzzles (teachers, admins).
 */
export function teamWork({ team, work, canWrite, canManage, navigate }) {
  const wrap = h("div", { class: "team-work" });
  wrap.append(board(work.cycles, work.workflows), puzzlesSection({ team, work, canWrite, canManage, navigate }));
  return wrap;
}

// ---- The board ---------------------------------------------------------------------------

/** The board: a column per open phase, in the order of each workflow's definition. */
function board(cycles, definitions) {
  const section = h("section", { class: "board-section", "aria-labelledby": "board-heading" },
    h("h2", { id: "board-heading" }, "Cycles by phase"));
  const ended = (cycle) => hasEnded(definitions.get(cycle.workflow), cycle.state);
  const open = cycles.filter((cycle) => !ended(cycle));
  const closed = cycles.filter(ended);
  section.append(h("p", { class: "hint" }, open.length
    ? `${plural(open.length, "cycle")} in progress. Open a card to work on that cycle.`
    : "No cycles in progress. Start one from a puzzle below."));
  // EAA's columns always; another workflow's too while one of its cycles is open.
  const shown = [...definitions.values()].filter((definition) => definition.name === "eaa" ||
    open.some((cycle) => cycle.workflow === definition.name));
  for (const definition of shown) {
    const mine = open.filter((cycle) => cycle.workflow === definition.name);
    if (shown.length > 1) {
      section.append(h("h3", { class: "board__workflow" }, definition.title));
    }
    section.append(h("div", { class: "board" }, openStates(definition).map((column) => {
      const list = mine.filter((cycle) => cycle.state === column.name);
      const headingId = `board-${definition.name}-${column.name}`;
      return h("section", { class: "board__column", "aria-labelledby": headingId },
        h(shown.length > 1 ? "h4" : "h3", { id: headingId, class: "board__heading" }, column.label, " ",
          h("span", { class: "count" }, `(${list.length})`)),
        list.length
          ? h("ul", { class: "board__cards", role: "list" }, list.map((cycle) => cycleCard(cycle)))
          : h("p", { class: "board__empty" }, "None"));
    })));
  }
  if (closed.length) {
    section.append(h("details", { class: "board__closed" },
      h("summary", {}, `Closed cycles (${closed.length})`),
      h("ul", { class: "board__cards board__cards--closed", role: "list" },
        closed.map((cycle) => cycleCard(cycle, true)))));
  }
  return section;
}

function cycleCard(cycle, ended = false) {
  const due = cycle.due_dates ? cycle.due_dates[cycle.state] : null;
  const counts = cycle.counts || {};
  return h("li", { class: "cycle-card" },
    h("a", { class: "cycle-card__link", href: cyclePath(cycle.id) },
      h("span", { class: "cycle-card__number" }, `Cycle ${cycle.number}`,
        ended ? ` · ${cycle.state_label}` : ""),
      h("span", { class: "cycle-card__question" }, cycle.title || cycle.puzzle_question)),
    cycle.facilitators && cycle.facilitators.length
      ? h("p", { class: "cycle-card__meta" }, `Facilitated by ${names(cycle.facilitators)}`)
      : h("p", { class: "cycle-card__meta" }, "No facilitator yet"),
    due && !ended
      ? h("p", { class: `cycle-card__meta${isPast(due) ? " overdue" : ""}` },
        isPast(due) ? `Overdue: was due ${formatDate(due)}` : `Due ${formatDate(due)}`)
      : "",
    h("p", { class: "cycle-card__meta" },
      `${plural(counts.evidence || 0, "piece")} of evidence · ${plural(counts.notes || 0, "note")} · ` +
      `${plural(counts.actions || 0, "action")}`));
}

// ---- Puzzles -----------------------------------------------------------------------------

function puzzlesSection({ team, work, canWrite, canManage, navigate }) {
  const section = h("section", { class: "puzzles-section", "aria-labelledby": "puzzles-heading" },
    h("h2", { id: "puzzles-heading" }, "Puzzles of practice"));
  const puzzles = work.puzzles;
  const active = puzzles.filter((puzzle) => puzzle.status === "active");
  const others = puzzles.filter((puzzle) => puzzle.status !== "active");
  section.append(active.length
    ? h("ul", { class: "puzzles", role: "list" }, active.map((puzzle) => puzzleItem(team, puzzle, canManage, work.workflows)))
    : h("p", { class: "muted" }, canWrite
      ? "No puzzles yet. Adopt a starter puzzle or write your own to begin."
      : "This team has no puzzles of practice yet."));
  if (others.length) {
    section.append(h("details", { class: "puzzles__others" },
      h("summary", {}, `Resolved and archived puzzles (${others.length})`),
      h("ul", { class: "puzzles", role: "list" }, others.map((puzzle) => puzzleItem(team, puzzle, false, work.workflows)))));
  }
  if (canWrite) section.append(newPuzzle(team, work.starters, navigate));
  return section;
}

function puzzleItem(team, puzzle, canManage, definitions) {
  const current = puzzle.current_cycle;
  const link = puzzlePath(team.id, puzzle.id);
  return h("li", { class: "puzzle card" },
    h("h3", { class: "puzzle__question" }, h("a", { href: link }, puzzle.question)),
    puzzle.focus_area ? h("p", { class: "puzzle__focus" }, `Focus: ${puzzle.focus_area}`) : "",
    h("p", { class: "puzzle__meta" },
      puzzle.status !== "active"
        ? h("span", { class: "badge" }, PUZZLE_STATUSES[puzzle.status] || puzzle.status)
        : "",
      h("span", {}, plural(puzzle.cycle_count || 0, "cycle")),
      current
        ? h("a", { href: cyclePath(current.id) }, `Cycle ${current.number}: ${current.state_label}`)
        : ""),
    canManage && puzzle.status === "active" && !(current && !hasEnded(definitions.get(current.workflow), current.state))
      ? h("p", { class: "puzzle__actions" },
        h("a", { class: "button button--small", href: `${link}?start=1` }, "Start a cycle",
          h("span", { class: "visually-hidden" }, ` on “${puzzle.question}”`)))
      : "");
}

function newPuzzle(team, starters, navigate) {
  const base = path`/teams/${team.id}/puzzles`;

  async function created(puzzle, message) {
    announce(message);
    await navigate(puzzlePath(team.id, puzzle.id));
  }

  const starterList = h("ul", { class: "starters", role: "list" }, starters.map((starter) =>
    h("li", { class: "starter" },
      h("p", { class: "starter__question" }, starter.question),
      starter.focus_area ? h("p", { class: "starter__focus" }, `Focus: ${starter.focus_area}`) : "",
      starter.context ? h("p", { class: "starter__context" }, starter.context) : "",
      h("button", {
        type: "button",
        class: "button button--small button--secondary",
        onclick: async (event) => {
          const button = event.currentTarget;
          setBusy(button, true, "Adopting…");
          try {
            const { data } = await post(base, { starter_key: starter.key });
            await created(data, "Puzzle adopted. Make it your own: edit the words to fit your team.");
          } catch (error) {
            setBusy(button, false);
            button.after(h("p", { class: "field-error", role: "alert" },
              error instanceof ApiError ? error.detail : "That didn't work. Please try again."));
          }
        },
      }, "Adopt", h("span", { class: "visually-hidden" }, ` “${starter.question}”`)))));

  const form = h("form", { class: "form", id: "new-puzzle-form", novalidate: true });
  form.append(fragment(html`
    <div class="field">
      <label for="puzzle-question">Your puzzle, as a question</label>
      <p class="hint" id="puzzle-question-hint">Start with “How might we…”. Keep it about your practice.</p>
      <textarea id="puzzle-question" name="question" rows="2" maxlength="500" required
                aria-describedby="puzzle-question-hint"></textarea>
    </div>
    <div class="field">
      <label for="puzzle-context">What you've noticed (optional)</label>
      <textarea id="puzzle-context" name="context" rows="3" maxlength="5000"></textarea>
    </div>
    <div class="field">
      <label for="puzzle-focus">Focus area (optional)</label>
      <input id="puzzle-focus" name="focus_area" type="text" maxlength="200">
    </div>
    <button type="submit" class="button">Add puzzle</button>`));
  submitForm(form, async (values) => {
    const { data } = await post(base, values);
    await created(data, "Puzzle added.");
  }, {
    busy: "Adding…",
    headingLevel: 4,
    check: (values) => (values.question ? {} : { question: ["Write your puzzle as a question."] }),
  });

  return h("section", { class: "new-puzzle card", "aria-labelledby": "new-puzzle-heading" },
    h("h3", { id: "new-puzzle-heading" }, "Add a puzzle"),
    starters.length
      ? h("details", { class: "disclosure" },
        h("summary", {}, "Adopt a starter puzzle"),
        h("p", { class: "hint" }, "Five puzzles many teams begin with. Adopt one, then edit it to fit your team."),
        starterList)
      : "",
    h("details", { class: "disclosure" },
      h("summary", {}, "Write your own"),
      form));
}
