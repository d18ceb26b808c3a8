// The team's commitments wall: one commitment per member per session, public to the team,
// each with a follow-up date. Its maker marks it kept or lets it go.

import { ApiError, getAll, get, patch } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { setBusy } from "../forms.js";
import { getCurrentUser } from "../session.js";
import { announce } from "../status.js";
import { breadcrumbs, COMMITMENT_STATUS, formatDate } from "../trust/common.js";
import { path } from "../path.js";

const FILTERS = [["", "All"], ["open", "Open"], ["kept", "Kept"], ["let_go", "Let go"]];

export async function render({ params, query }) {
  const teamApi = path`/teams/${params.teamId}`;
  const status = FILTERS.some(([value]) => value === query.get("status")) ? query.get("status") : "";
  const [{ data: team }, commitments] = await Promise.all([
    get(teamApi),
    getAll(`${teamApi}/trust-commitments`, status ? { status } : {}),
  ]);
  const me = getCurrentUser();

  const content = fragment(html`
    ${breadcrumbs(team, "Commitments")}
    <h1>Our commitments</h1>
    <p class="lead">What each of us committed to in our joint-work reflections, and when we
      check back.</p>
    <nav aria-label="Show commitments" class="trust-filters">
      ${FILTERS.map(([value, label]) => html`
        <a href="${teamApi}/trust/commitments${value ? `?status=${value}` : ""}"
           ${value === status ? html`aria-current="page"` : ""}>${label}</a>`)}
    </nav>
    <div data-wall></div>
  `);
  const wall = content.querySelector("[data-wall]");

  function draw(list) {
    renderInto(wall, list.length
      ? h("ul", { class: "trust-wall", role: "list" }, list.map(card))
      : h("p", { class: "muted" }, "No commitments here yet."));
  }

  function card(item) {
    const mine = me && item.user.id === me.id;
    return h("li", { class: `card trust-wall__card trust-wall__card--${item.status}` },
      h("p", { class: "trust-wall__body" }, item.body),
      h("p", { class: "muted" },
        `${item.user.display_name}${mine ? " (you)" : ""} · ${item.session.title} · follow up ${formatDate(item.follow_up_on)}`),
      h("p", {}, h("span", { class: "badge" }, COMMITMENT_STATUS[item.status])),
      mine
        ? h("div", { class: "trust-list__actions" },
          item.status !== "kept" ? button(item, "kept", "Mark kept") : "",
          item.status !== "let_go" ? button(item, "let_go", "Let it go") : "",
          item.status !== "open" ? button(item, "open", "Reopen") : "")
        : "");
  }

  function button(item, next, label) {
    return h("button", {
      type: "button", class: "button button--small button--secondary",
      onclick: (event) => change(item, next, event.currentTarget),
    }, label, h("span", { class: "visually-hidden" }, ` (${item.body})`));
  }

  async function change(item, next, control) {
    setBusy(control, true, "Saving…");
    try {
      await patch(path`/trust-commitments/${item.id}`, { status: next });
    } catch (error) {
      setBusy(control, false);
      announce(error instanceof ApiError ? error.detail : "That didn't work. Please try again.");
      return;
    }
    draw(await getAll(`${teamApi}/trust-commitments`, status ? { status } : {}));
    announce(`Commitment marked ${COMMITMENT_STATUS[next].toLowerCase()}.`);
  }

  draw(commitments);
  return { title: `Commitments · ${team.name}`, content };
}
