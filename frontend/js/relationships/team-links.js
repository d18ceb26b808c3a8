// The relationship links on a team's page, by role; coaches and admins see counts, never names.

import { get } from "../api.js";
import { html } from "../dom.js";
import { path } from "../path.js";

/** `counts`: the team's relationship counts when the page read them with the team. */
export async function relationshipLinks(team, counts) {
  const base = path`/teams/${team.id}`;
  const agreement = html`<a href="${base}/respect-agreement">Respect agreement</a>`;
  if (team.my_role === "teacher") {
    return html`<p class="inline-list relationship-links">
      <a href="${base}/my-students">My students</a>
      <a href="${base}/feedback">5:1 feedback tally</a>
      <a href="${base}/cards">Students' cards</a>
      <a href="${base}/class-pulse">Class pulse</a>
      ${agreement}</p>`;
  }
  if (team.my_role === "student") {
    return html`<p class="inline-list relationship-links">
      <a href="/me/get-to-know-me">My get-to-know-me card</a>
      <a href="${base}/cards">Our teachers</a>
      <a href="${base}/class-pulse">Class pulse</a>
      ${agreement}</p>`;
  }
  counts ??= await get(`${base}/relationship-counts`).then(({ data }) => data, () => null);
  return html`
    <p class="inline-list relationship-links">${agreement}
      ${team.my_role === "coach" ? html`<a href="${base}/feedback">Observe a lesson (5:1)</a>` : ""}</p>
    ${counts ? html`<p class="muted relationship-counts" data-relationship-counts>
      This term: ${counts.students_with_two_by_ten_this_term} of ${counts.students} students have
      a Two-by-Ten · respect agreement: ${counts.has_respect_agreement
        ? `yes, ${counts.respect_agreement_endorsements} agree` : "not yet"}
      · class pulses closed: ${counts.pulses_closed_this_term}${counts.pulse_response_rate === null
        ? "" : ` (${Math.round(counts.pulse_response_rate * 100)}% of students answered)`}</p>` : ""}`;
}
