// Privacy requests (organization admins): find a person, download everything held about them,
// or delete their account and personal data. Both are written to the audit log, shown below.

import { ApiError, download, getList, post } from "../api.js";
import { fragment, html } from "../dom.js";
import { setBusy } from "../forms.js";
import { getCurrentUser, isOrgAdmin } from "../session.js";
import { announce } from "../status.js";
import { path } from "../path.js";

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const ACTION_LABELS = {
  "privacy.exported": "Exported a person's data",
  "privacy.deleted": "Deleted a person's data",
  "retention.cycles_deleted": "Deleted ended cycles (retention)",
};

function personRow(person) {
  const who = person.email || person.username || "";
  return html`
    <li class="card person-row" data-person="${person.id}">
      <p><strong>${person.display_name}</strong> <span class="hint">${who}</span></p>
      <div class="toolbar">
        <button type="button" class="button button--secondary" data-export="${person.id}"
          aria-label="Download ${person.display_name}'s data">Download their data</button>
        <button type="button" class="button button--danger" data-delete="${person.id}"
          data-name="${person.display_name}"
          aria-label="Delete ${person.display_name}'s account and data">Delete…</button>
      </div>
    </li>`;
}

function eventRow(event) {
  return html`
    <li>
      <time datetime="${event.created_at}">${WHEN.format(new Date(event.created_at))}</time>:
      ${ACTION_LABELS[event.action] || event.action}
      — by ${event.actor.display_name}
    </li>`;
}

export async function render({ params, query }) {
  const organizationId = params.organizationId;
  const organization = (getCurrentUser()?.organizations || []).find((o) => o.id === organizationId);
  if (!organization || !isOrgAdmin(organizationId)) {
    throw new ApiError({ detail: "Only an organization admin can make privacy requests." }, 403);
  }
  const base = path`/organizations/${organizationId}`;
  const search = (query.get("q") || "").trim();
  const [{ data: people }, { data: events }] = await Promise.all([
    search ? getList(`${base}/people`, { q: search, page_size: 20 }) : { data: [] },
    getList(`${base}/audit-events`, { action: "privacy.", page_size: 10 }),
  ]);
  const content = fragment(html`
    <h1>Privacy requests</h1>
    <p class="lead">For ${organization.name}: download everything held about a person, or delete
      their account and personal data. Anonymous trust survey answers are never linked to anyone,
      so they are neither exported nor changed.</p>
    <form class="card form" role="search" method="get">
      <div class="field">
        <label for="privacy-q">Find a person by name, email or username</label>
        <input id="privacy-q" name="q" type="search" value="${search}" maxlength="100">
      </div>
      <button type="submit" class="button">Find</button>
    </form>
    <section aria-labelledby="privacy-people">
      <h2 id="privacy-people">People</h2>
      <p id="privacy-message" role="status"></p>
      ${search
        ? people.length
          ? html`<ul class="people" role="list">${people.map(personRow)}</ul>`
          : html`<p class="empty card">Nobody matches “${search}”.</p>`
        : html`<p class="hint">Search for the person the request is about.</p>`}
    </section>
    <section aria-labelledby="privacy-log">
      <h2 id="privacy-log">Recent privacy requests</h2>
      ${events.length
        ? html`<ul role="list">${events.map(eventRow)}</ul>`
        : html`<p class="hint">None yet.</p>`}
    </section>
  `);
  const message = content.querySelector("#privacy-message");

  content.querySelectorAll("[data-export]").forEach((button) => {
    button.addEventListener("click", async () => {
      setBusy(button, true, "Preparing…");
      try {
        await download(path`${base}/people/${button.dataset.export}/privacy-export`);
        announce("The download has started.");
      } catch (error) {
        message.textContent = error instanceof ApiError ? error.detail : "Something went wrong.";
      } finally {
        setBusy(button, false);
      }
    });
  });

  content.querySelectorAll("[data-delete]").forEach((button) => {
    button.addEventListener("click", async () => {
      const name = button.dataset.name;
      const sure = window.confirm(
        `Delete ${name}'s account, personal data and the evidence they added? ` +
          "Notes and comments they wrote for their team stay, shown as by a former student. " +
          "This can't be undone.",
      );
      if (!sure) return;
      setBusy(button, true, "Deleting…");
      try {
        const { data } = await post(
          path`${base}/people/${button.dataset.delete}/privacy-deletion`,
        );
        button.closest("li").remove();
        const pending = data.files_pending
          ? ` ${data.files_pending} file(s) will be removed from storage shortly.`
          : "";
        message.textContent = `${name}'s account and personal data were deleted.${pending}`;
      } catch (error) {
        setBusy(button, false);
        message.textContent = error instanceof ApiError ? error.detail : "Something went wrong.";
      }
    });
  });

  return { title: "Privacy requests", content };
}
