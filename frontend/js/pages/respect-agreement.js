// A team's respect agreement: written with its students, endorsed by its members, reviewed
// each term. Shown at the top of meetings and reflection sessions too.

import { ApiError, del, get, post, put } from "../api.js";
import { fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";
import { breadcrumbs, formatDate } from "../relationships/common.js";
import { path } from "../path.js";

export async function render({ params }) {
  const teamApi = path`/teams/${params.teamId}`;
  const agreementApi = `${teamApi}/respect-agreement`;
  const { data: team } = await get(teamApi);
  const isMember = team.my_role === "teacher" || team.my_role === "student";
  const isTeacher = team.my_role === "teacher";
  let agreement = await get(agreementApi).then(({ data }) => data, (error) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });

  const content = fragment(html`
    ${breadcrumbs(team, [], "Respect agreement")}
    <h1>Our respect agreement</h1>
    <p class="lead">How we treat each other in this class, in our own words. Everyone can say
      they agree.</p>
    <div data-body></div>
  `);
  const body = content.querySelector("[data-body]");

  function draw() {
    renderInto(body, fragment(html`
      ${agreement ? html`
        <blockquote class="agreement card">${agreement.body}</blockquote>
        <p>${agreement.endorsements.length} of ${agreement.member_count} agree${agreement.endorsements.length
          ? html`: ${agreement.endorsements.map((person) => person.display_name).join(", ")}` : ""}.</p>
        ${isMember ? html`<p>${agreement.endorsed_by_me
          ? html`<button type="button" class="button button--secondary" data-withdraw>I no longer agree</button>`
          : html`<button type="button" class="button" data-endorse>I agree</button>`}</p>` : ""}
        <p class="muted">${agreement.review_due ? "Time to look at it again this term." : `Next review: ${formatDate(agreement.review_on)}.`}
          ${agreement.reviewed_at ? `Last reviewed ${formatDate(agreement.reviewed_at.slice(0, 10))}.` : ""}</p>
        ${isTeacher && agreement.review_due ? html`<p><button type="button" class="button button--secondary" data-review>We reviewed it</button></p>` : ""}
      ` : html`<p class="empty">No agreement yet.${isMember ? " Write it together:" : ""}</p>`}
      ${isMember ? html`
        <form class="form card" id="agreement-form" novalidate>
          <div class="field">
            <label for="agreement-body">${agreement ? "Change the words" : "Our agreement"}</label>
            <p class="hint" id="agreement-hint">For example: We listen when someone is talking. We
              can disagree and stay kind. Mistakes help us learn.${agreement ? " Changing the words asks everyone to agree again." : ""}</p>
            <textarea id="agreement-body" name="body" rows="5" maxlength="4000" required
              aria-describedby="agreement-hint">${agreement ? agreement.body : ""}</textarea>
          </div>
          <button type="submit" class="button">Save the agreement</button>
        </form>` : ""}
    `));
    const form = body.querySelector("#agreement-form");
    if (form) {
      submitForm(form, async (values) => {
        agreement = (await put(agreementApi, { body: values.body })).data;
        draw();
        announce("The agreement is saved.");
      }, { busy: "Saving…" });
    }
    const actions = [
      ["[data-endorse]", () => put(`${agreementApi}/endorsement`), "Thank you. You agree."],
      ["[data-withdraw]", () => del(`${agreementApi}/endorsement`), "You no longer agree."],
      ["[data-review]", () => post(`${agreementApi}/review`), "Marked as reviewed this term."],
    ];
    for (const [selector, send, message] of actions) {
      const button = body.querySelector(selector);
      if (!button) continue;
      button.addEventListener("click", async () => {
        button.disabled = true;
        agreement = (await send()).data;
        draw();
        announce(message);
      });
    }
  }

  draw();
  return { title: `Respect agreement · ${team.name}`, content };
}
