// The admin console of one organization: people, teams, roster import, integrations,
// webhooks, the audit log and the school calendar, each a section of its own module.

import { ApiError } from "../api.js";
import { fragment, html } from "../dom.js";
import { getCurrentUser, isOrgAdmin } from "../session.js";
import { path } from "../path.js";

const SECTIONS = [
  { key: "people", label: "People", load: () => import("./admin/people.js") },
  { key: "teams", label: "Teams", load: () => import("./admin/teams.js") },
  { key: "roster", label: "Roster import", load: () => import("./admin/roster.js") },
  { key: "integrations", label: "Integrations", load: () => import("./admin/integrations.js") },
  { key: "webhooks", label: "Webhooks", load: () => import("./admin/webhooks.js") },
  { key: "calendar", label: "Calendar", load: () => import("./admin/calendar.js") },
  { key: "audit", label: "Audit log", load: () => import("./admin/audit.js") },
];

export async function render({ params, query, navigate }) {
  const organizationId = params.organizationId;
  const organization = (getCurrentUser()?.organizations || []).find((o) => o.id === organizationId);
  if (!organization || !isOrgAdmin(organizationId)) {
    throw new ApiError({ detail: "Only an organization admin can open the admin console." }, 403);
  }
  const current = SECTIONS.find((s) => s.key === query.get("section")) || SECTIONS[0];
  const base = path`/organizations/${organizationId}/admin`;
  const module = await current.load();
  const context = {
    organization,
    organizationId,
    api: path`/organizations/${organizationId}`,
    query,
    // Draw the section again after a change, keeping the page where it is.
    refresh: () => navigate(window.location.pathname + window.location.search,
      { replace: true, focus: false }),
    navigate,
    sectionUrl: (key, extra = "") => `${base}?section=${key}${extra}`,
  };
  const body = await module.render(context);
  const content = fragment(html`
    <p class="eyebrow">${organization.name}</p>
    <h1>Admin console</h1>
    <nav class="section-nav admin-nav" aria-label="Admin sections">
      <ul>
        ${SECTIONS.map((section) => html`<li><a href="${base}?section=${section.key}"
          ${section === current ? html`aria-current="page"` : ""}>${section.label}</a></li>`)}
        <li><a href="/organizations/${organizationId}/privacy">Privacy requests</a></li>
      </ul>
    </nav>
  `);
  const holder = document.createElement("section");
  holder.className = "admin-section";
  holder.setAttribute("aria-label", current.label);
  holder.append(body);
  content.append(holder);
  return { title: `${current.label} · Admin`, content };
}
