// The team page's inquiry work: the board of cycles by phase, and the puzzles of practice
// (adopt a starter or write your own). Used by pages/team.js.

import { ApiError, get, getAll, post } from "../api.js";
import { fragment, h, html } from "../dom.js";
import { formValues, setBusy, showApiError, showErrors } from "../forms.js";
import { announce } from "../status.js";
import {
  BOARD_PHASES, ENDED_STATES, PUZZLE_STATUSES, cyclePath, formatDate, isPast, names, plural,
} from "./labels.js";

export function puzzlePath(teamId, puzzleId) {
  return `/teams/${encodeURIComponent(teamId)}/puzzles/${encodeURIComponent(puzzleId)}`;
}

/** Fetch what the sections need; a part that fails to load says so instead of breaking the page. */
export async function loadTeamWork(teamId) {
  const base = `/teams/${encodeURIComponent(teamId)}`;
  const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));
  const [puzzles, cycles, starters] = await Promise.all([
    settle(getAll(`${base}/puzzles`)),
    settle(getAll(`${base}/cycles`)),
    settle(get("/puzzle-starters").then(({ data }) => data || [])),
  ]);
  return { puzzles, cycles, starters };
}

/**
 * The two sections as one Node. canWrite: may add puzzles (members, admins);
 * canManage: may start cycles and archive puzzles (teachers, admins).
 */
export function teamWork({ team, work, canWrite, canManage, navigate }) {
  const wrap = h("div", { class: "team-work" });
  wrap.append(board(team, work.cycles), puzzlesSection({ team, work, canWrite, canManage, navigate }));
  return wrap;
}

function loadProblem(result, what) {
  const detail = result.error instanceof ApiError ? result.error.detail : "Please reload the page.";
  return h("p", { class: "notice notice--error" }, `We couldn't load ${what}. ${detail}`);
}

// ---- The board ---------------------------------------------------------------------------

function board(team, result) {
  const section = h("section", { class: "board-section", "aria-labelledby": "board-heading" },
    h("h2", { id: "board-heading" }, "Cycles by phase"));
  if (result.error) {
    section.append(loadProblem(result, "the cycles"));
    return section;
  }
  const cycles = result.value;
  const open = cycles.filter((cycle) => !ENDED_STATES.has(cycle.state));
  const ended = cycles.filter((cycle) => ENDED_STATES.has(cycle.state));
  // Phases of other workflows get a column of their own after the EAA ones.
  const columns = [...BOARD_PHASES];
  for (const cycle of open) {
    if (!columns.some((column) => column.state === cycle.state)) {
      columns.push({ state: cycle.state, label: cycle.state_label || cycle.state });
    }
  }
  section.append(h("p", { class: "hint" }, open.length
    ? `${plural(open.length, "cycle")} in progress. Open a card to work on that cycle.`
    : "No cycles in progress. Start one from a puzzle below."));
  section.append(h("div", { class: "board" }, columns.map((column) => {
    const list = open.filter((cycle) => cycle.state === column.state);
    const headingId = `board-${column.state}`;
    return h("section", { class: "board__column", "aria-labelledby": headingId },
      h("h3", { id: headingId, class: "board__heading" }, column.label, " ",
        h("span", { class: "count" }, `(${list.length})`)),
      list.length
        ? h("ul", { class: "board__cards", role: "list" }, list.map((cycle) => cycleCard(cycle)))
        : h("p", { class: "board__empty" }, "None"));
  })));
  if (ended.length) {
    section.append(h("details", { class: "board__closed" },
      h("summary", {}, `Closed cycles (${ended.length})`),
      h("ul", { class: "board__cards board__cards--closed", role: "list" },
        ended.map((cycle) => cycleCard(cycle, true)))));
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
  if (work.puzzles.error) {
    section.append(loadProblem(work.puzzles, "the puzzles"));
    return section;
  }
  const puzzles = work.puzzles.value;
  const active = puzzles.filter((puzzle) => puzzle.status === "active");
  const others = puzzles.filter((puzzle) => puzzle.status !== "active");
  section.append(active.length
    ? h("ul", { class: "puzzles", role: "list" }, active.map((puzzle) => puzzleItem(team, puzzle, canManage)))
    : h("p", { class: "muted" }, canWrite
      ? "No puzzles yet. Adopt a starter puzzle or write your own to begin."
      : "This team has no puzzles of practice yet."));
  if (others.length) {
    section.append(h("details", { class: "puzzles__others" },
      h("summary", {}, `Resolved and archived puzzles (${others.length})`),
      h("ul", { class: "puzzles", role: "list" }, others.map((puzzle) => puzzleItem(team, puzzle, false)))));
  }
  if (canWrite) section.append(newPuzzle(team, work.starters, navigate));
  return section;
}

function puzzleItem(team, puzzle, canManage) {
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
    canManage && puzzle.status === "active" && !(current && !ENDED_STATES.has(current.state))
      ? h("p", { class: "puzzle__actions" },
        h("a", { class: "button button--small", href: `${link}?start=1` }, "Start a cycle",
          h("span", { class: "visually-hidden" }, ` on “${puzzle.question}”`)))
      : "");
}

function newPuzzle(team, startersResult, navigate) {
  const base = `/teams/${encodeURIComponent(team.id)}/puzzles`;
  const starters = startersResult.error ? [] : startersResult.value;

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
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    if (!values.question) {
      showErrors(form, { headingLevel: 4, fieldErrors: { question: ["Write your puzzle as a question."] } });
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    setBusy(button, true, "Adding…");
    try {
      const { data } = await post(base, values);
      await created(data, "Puzzle added.");
    } catch (error) {
      setBusy(button, false);
      showApiError(form, error, { headingLevel: 4 });
    }
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
