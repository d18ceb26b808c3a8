// Small pieces the trust pages share: breadcrumbs, dates, labels.

import { html } from "../dom.js";
import { path } from "../path.js";

// The seed's names for Bryk and Schneider's four components.
export const COMPONENT_OPTIONS = [
  ["respect", "Mutual respect"],
  ["personal_regard", "Personal regard"],
  ["competence", "Competence in core responsibilities"],
  ["integrity", "Integrity"],
];

export const SURVEY_STATUS = { scheduled: "Opens soon", open: "Open", closed: "Closed" };
export const COMMITMENT_STATUS = { open: "Open", kept: "Kept", let_go: "Let go" };
export const TARGET_STATUS = { active: "Active", met: "Met", dropped: "Dropped" };

export function componentLabel(key) {
  const found = COMPONENT_OPTIONS.find(([value]) => value === key);
  return found ? found[1] : key;
}

/** "2026-11-24" → "Tue 24 Nov 2026" in the reader's language. */
export function formatDate(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
  });
}

/** Today's date as YYYY-MM-DD in the reader's time zone, for date inputs. */
export function todayIso(plusDays = 0) {
  const date = new Date();
  date.setDate(date.getDate() + plusDays);
  const pad = (value) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function teamPath(teamId) {
  return path`/teams/${teamId}`;
}

export function trustPath(teamId) {
  return `${teamPath(teamId)}/trust`;
}

/** Breadcrumbs: Your teams › team › [Relational trust ›] current page. */
export function breadcrumbs(team, current, { underTrust = true } = {}) {
  return html`
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="/teams">Your teams</a></li>
        <li><a href="${teamPath(team.id)}">${team.name}</a></li>
        ${underTrust ? html`<li><a href="${trustPath(team.id)}">Relational trust</a></li>` : ""}
        <li aria-current="page">${current}</li>
      </ol>
    </nav>`;
}
