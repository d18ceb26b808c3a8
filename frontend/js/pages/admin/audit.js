// The audit log: what admins and integrations did, newest first, filtered by action, person
// and dates.

import { getList } from "../../api.js";
import { fragment, html } from "../../dom.js";
import { when } from "./common.js";

const FAMILIES = [
  { value: "", label: "Everything" },
  { value: "person.", label: "People" },
  { value: "identity.", label: "Names, emails and passwords" },
  { value: "team.", label: "Teams" },
  { value: "team_member.", label: "Team members" },
  { value: "coach.", label: "Coaches" },
  { value: "integration_client.", label: "Integration clients" },
  { value: "webhook.", label: "Webhooks" },
  { value: "calendar.", label: "Calendar" },
  { value: "lti_platform.", label: "LTI platforms" },
  { value: "privacy.", label: "Privacy requests" },
];

function actorName(actor) {
  if (!actor) return "—";
  return actor.display_name || actor.name || (actor.kind === "system" ? "The system" : actor.kind);
}

export async function render({ api, query, sectionUrl }) {
  const filters = {
    action: query.get("action") || "",
    actor_id: query.get("actor_id") || "",
    since: query.get("since") || "",
    until: query.get("until") || "",
  };
  const page = Math.max(1, Number.parseInt(query.get("page") || "1", 10) || 1);
  const [{ data: events, pagination }, { data: admins }] = await Promise.all([
    getList(`${api}/audit-events`, { ...filters, page, page_size: 50 }),
    getList(`${api}/people`, { page_size: 100 }),
  ]);
  const pageLink = (number) => {
    const params = new URLSearchParams({ ...filters, page: String(number) });
    return sectionUrl("audit", `&${params}`);
  };
  return fragment(html`
    <h2>Audit log</h2>
    <form class="card form filter-row" method="get" role="search">
      <input type="hidden" name="section" value="audit">
      <div class="field">
        <label for="audit-action">What</label>
        <select id="audit-action" name="action">
          ${FAMILIES.map((f) => html`<option value="${f.value}" ${f.value === filters.action ? "selected" : ""}>${f.label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="audit-actor">Who did it</label>
        <select id="audit-actor" name="actor_id">
          <option value="">Anyone</option>
          ${admins.filter((p) => p.is_admin || p.id === filters.actor_id).map((p) => html`<option value="${p.id}" ${p.id === filters.actor_id ? "selected" : ""}>${p.display_name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="audit-since">From</label>
        <input id="audit-since" name="since" type="date" value="${filters.since}">
      </div>
      <div class="field">
        <label for="audit-until">To</label>
        <input id="audit-until" name="until" type="date" value="${filters.until}">
      </div>
      <button type="submit" class="button">Show</button>
    </form>
    <div class="table-wrap">
      <table class="table table--stack admin-table">
        <caption class="visually-hidden">Audit events, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
        <tbody>${events.length ? events.map((event) => html`
          <tr>
            <td data-label="When"><time datetime="${event.created_at}">${when(event.created_at)}</time></td>
            <td data-label="Who">${actorName(event.actor)}</td>
            <td data-label="What"><code>${event.action}</code></td>
            <td>${Object.entries(event.details || {}).map(([key, value]) => html`<span class="audit-detail">${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}</span> `)}</td>
          </tr>`) : html`<tr><td colspan="4">Nothing matches.</td></tr>`}</tbody>
      </table>
    </div>
    ${pagination && pagination.total_pages > 1 ? html`<nav class="pager" aria-label="Pages of the log">
      ${pagination.previous_page ? html`<a href="${pageLink(pagination.previous_page)}">Newer</a>` : ""}
      <span>Page ${pagination.page} of ${pagination.total_pages}</span>
      ${pagination.next_page ? html`<a href="${pageLink(pagination.next_page)}">Older</a>` : ""}
    </nav>` : ""}
  `);
}
