// Your teams: every team you belong to, coach or administer.

import { get, getList } from "../api.js";
import { fragment, html } from "../dom.js";
import { getCurrentUser } from "../session.js";
import { plural, roleLabel } from "./labels.js";
import { path } from "../path.js";
import { workSections } from "./my-work.js";

function pageNumber(query) {
  const page = Number.parseInt(query.get("page") || "1", 10);
  return Number.isFinite(page) && page > 0 ? page : 1;
}

function teamCard(team, organizationNames) {
  const organization = organizationNames.size > 1 ? organizationNames.get(team.organization_id) : null;
  return html`
    <li class="card team-card">
      <h2 class="team-card__name"><a href="${path`/teams/${team.id}`}">${team.name}</a></h2>
      ${organization ? html`<p class="team-card__org">${organization}</p>` : ""}
      ${team.description ? html`<p class="team-card__description">${team.description}</p>` : ""}
      <p class="team-card__meta">
        <span class="badge badge--${team.my_role || "member"}">You: ${roleLabel(team.my_role)}</span>
        <span>${plural(team.member_count, "member")}</span>
      </p>
    </li>`;
}

function pager(pagination) {
  if (!pagination || pagination.total_pages <= 1) return "";
  return html`
    <nav class="pager" aria-label="Pages of teams">
      ${pagination.previous_page
        ? html`<a href="/teams?page=${pagination.previous_page}" rel="prev">Previous page</a>`
        : ""}
      <span>Page ${pagination.page} of ${pagination.total_pages}</span>
      ${pagination.next_page
        ? html`<a href="/teams?page=${pagination.next_page}" rel="next">Next page</a>`
        : ""}
    </nav>`;
}

export async function render({ query }) {
  const page = pageNumber(query);
  const { data: teams, pagination } = await getList("/teams", { page, page_size: 24 });
  const me = getCurrentUser();
  const organizationNames = new Map((me?.organizations || []).map((org) => [org.id, org.name]));
  const total = pagination ? pagination.total : teams.length;
  const administered = (me?.organizations || []).filter((org) => org.is_admin);
  // A student's home: what waits for them first, then their teams.
  const student = teams.length > 0 && teams.every((team) => team.my_role === "student");
  const work = student ? (await get("/me/work")).data : null;
  const content = fragment(html`
    <h1>Your teams</h1>
    ${work ? html`<section class="home-work" aria-labelledby="home-work-heading">
      <h2 id="home-work-heading">Waiting for you</h2>
      ${workSections(work, { level: 3 })}
      <p><a href="/my-work">Open My work</a></p>
    </section>` : ""}
    ${administered.map((org) => html`<p><a href="/organizations/${org.id}/admin">Admin console
      for ${org.name}</a>: people, teams, roster, integrations, calendar.</p>`)}
    ${teams.some((team) => team.my_role === "coach")
      ? html`<p><a href="/coach">Open the coach dashboard</a> to see every team you follow at
          a glance.</p>` : ""}
    ${teams.length
      ? html`
        <p class="lead">${total === 1 ? "You're part of 1 team." : `You're part of ${total} teams.`}
          Open a team to see its people.</p>
        <ul class="card-grid" role="list" aria-label="Your teams">${teams.map((team) => teamCard(team, organizationNames))}</ul>
        ${pager(pagination)}`
      : html`
        <div class="empty card">
          <p><strong>You're not on a team yet.</strong></p>
          <p>Ask a teacher or your school's admin to add you to an inquiry team.</p>
        </div>`}
  `);
  return { title: "Your teams", content };
}
