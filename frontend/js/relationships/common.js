// Small pieces the relationship pages share: stage words, breadcrumbs, paths.

import { html } from "../dom.js";
import { path } from "../path.js";

export { formatDate, todayIso } from "../trust/common.js";

export const STAGES = [
  ["pre_establish", "Pre-establish", "Starting again from old patterns"],
  ["establish", "Establish", "Building the relationship on purpose"],
  ["maintain", "Maintain", "Keeping a good relationship good"],
  ["restore", "Restore", "Repairing after harm"],
];

export function stageLabel(stage) {
  const found = STAGES.find(([value]) => value === stage);
  return found ? found[1] : "No stage yet";
}

export function stageBadge(stage) {
  return html`<span class="stage-badge stage-badge--${stage || "none"}">${stageLabel(stage)}</span>`;
}

export const PRIVATE_NOTE = "Only you see this. Not the student, other teachers, coaches or admins.";

export const teamPath = (teamId) => path`/teams/${teamId}`;
export const myStudentsPath = (teamId) => `${teamPath(teamId)}/my-students`;
export const myStudentPath = (teamId, studentId) =>
  path`${myStudentsPath(teamId)}/${studentId}`;

/** Breadcrumbs: Your teams › team › [more links] › current page. */
export function breadcrumbs(team, trail, current) {
  return html`
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="/teams">Your teams</a></li>
        <li><a href="${teamPath(team.id)}">${team.name}</a></li>
        ${trail.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}
        <li aria-current="page">${current}</li>
      </ol>
    </nav>`;
}
