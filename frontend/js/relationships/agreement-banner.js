// The team's respect agreement at the top of a meeting or a reflection session (nothing when
// the team has not written one, or the agreement cannot be read).

import { get } from "../api.js";
import { html } from "../dom.js";
import { path } from "../path.js";

export async function agreementBanner(teamId) {
  const url = path`/teams/${teamId}/respect-agreement`;
  const agreement = await get(url).then(({ data }) => data, () => null);
  if (!agreement) return "";
  return html`
    <aside class="agreement-banner" aria-label="Our respect agreement">
      <p class="agreement-banner__title">Our respect agreement</p>
      <p class="agreement-banner__body">${agreement.body}</p>
    </aside>`;
}
