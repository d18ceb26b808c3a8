// The workflows a cycle can follow, as the API serves them (GET /workflows): each one's states
// in order (label, due date words, where the team reflects, terminal or not) and who may move
// a cycle. Pages read these instead of lists of their own; fetched once per page load.

import { get } from "./api.js";

let loading = null;

/** Every workflow by name: Map("eaa" → definition). */
export function workflows() {
  loading ||= get("/workflows").then(
    ({ data }) => new Map(data.map((definition) => [definition.name, definition])),
    (error) => {
      loading = null; // try again next time
      throw error;
    },
  );
  return loading;
}

/** Keep definitions a page read with something else (an `include` part): Map as above. */
export function rememberWorkflows(list) {
  const byName = new Map(list.map((definition) => [definition.name, definition]));
  loading ||= Promise.resolve(byName);
  return byName;
}

/** One workflow by name (EAA when the name is unknown). */
export async function workflow(name) {
  const all = await workflows();
  return all.get(name) || all.get("eaa");
}

/** The states a cycle is still worked in, in order: a board's columns. */
export function openStates(definition) {
  return definition.states.filter((state) => !state.terminal);
}

/** The states that have a due date, with the words that ask for it. */
export function dueStates(definition) {
  return definition.states.filter((state) => state.due_label);
}

/** Whether a cycle in `state` has ended (closed, abandoned, …). */
export function hasEnded(definition, state) {
  return Boolean(definition?.states.find((item) => item.name === state)?.terminal);
}

/** Whether someone with these roles towards a cycle may move it at all. */
export function canMove(definition, roles) {
  return (roles || []).some((role) => definition.movers.includes(role));
}
