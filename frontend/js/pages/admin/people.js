// People: add someone, invite them by email, set a password, turn accounts off and on,
// make or unmake admins.

import { getList, patch, post, put } from "../../api.js";
import { fragment, html } from "../../dom.js";
import { MIN_PASSWORD_LENGTH, clearErrors, submitForm } from "../../forms.js";
import { announce } from "../../status.js";
import { onButtons } from "./common.js";
import { path } from "../../path.js";

function status(person) {
  if (!person.is_active) return html`<span class="badge badge--warn">Turned off</span>`;
  if (!person.has_password) return html`<span class="badge">Invited, no password yet</span>`;
  return html`<span class="badge badge--student">Active</span>`;
}

function row(person, me) {
  const login = person.email || person.username || "";
  const self = person.id === me;
  return html`
    <tr data-person="${person.id}">
      <th scope="row">${person.display_name}${person.is_admin ? html` <span class="badge badge--teacher">Admin</span>` : ""}</th>
      <td data-label="Signs in with">${login}</td>
      <td data-label="Account">${status(person)}</td>
      <td>
        <div class="toolbar">
          ${person.email && person.is_active ? html`<button type="button" class="button button--small button--secondary"
            data-invite="${person.id}" data-name="${person.display_name}">
            ${person.has_password ? "Send a reset link" : "Send invitation"}</button>` : ""}
          ${self ? "" : person.is_active
            ? html`<button type="button" class="button button--small button--danger-quiet"
                data-active="false" data-person-id="${person.id}" data-name="${person.display_name}">Turn off</button>`
            : html`<button type="button" class="button button--small button--secondary"
                data-active="true" data-person-id="${person.id}" data-name="${person.display_name}">Turn on</button>`}
          ${self ? "" : html`<button type="button" class="button button--small button--secondary"
            data-admin="${person.is_admin ? "false" : "true"}" data-person-id="${person.id}"
            data-name="${person.display_name}">${person.is_admin ? "Remove admin" : "Make admin"}</button>`}
          <details class="disclosure">
            <summary>Set password</summary>
            <form class="form set-password" data-person="${person.id}" novalidate>
              <div class="field">
                <label for="pw-${person.id}">New password for ${person.display_name}</label>
                <p class="hint" id="pw-hint-${person.id}">At least ${MIN_PASSWORD_LENGTH} characters. Tell them in person.</p>
                <input id="pw-${person.id}" name="password" type="password" autocomplete="new-password"
                  aria-describedby="pw-hint-${person.id}" required>
              </div>
              <button type="submit" class="button button--small">Set password</button>
            </form>
          </details>
        </div>
      </td>
    </tr>`;
}

export async function render({ api, query, refresh, organization }) {
  const q = (query.get("q") || "").trim();
  const page = Math.max(1, Number.parseInt(query.get("page") || "1", 10) || 1);
  const { data: people, pagination } = await getList(`${api}/people`, { q, page, page_size: 50 });
  const { getCurrentUser } = await import("../../session.js");
  const me = getCurrentUser()?.id;
  const content = fragment(html`
    <h2>People</h2>
    <details class="card disclosure">
      <summary>Add a person</summary>
      <form id="add-person" class="form" novalidate>
        <div class="field">
          <label for="person-name">Name</label>
          <input id="person-name" name="display_name" type="text" maxlength="120" required autocomplete="off">
        </div>
        <div class="field">
          <label for="person-email">Email</label>
          <p class="hint" id="person-email-hint">Students may have none: then give a username.</p>
          <input id="person-email" name="email" type="email" maxlength="254" aria-describedby="person-email-hint" autocomplete="off">
        </div>
        <div class="field">
          <label for="person-username">Username (optional)</label>
          <input id="person-username" name="username" type="text" maxlength="64" autocomplete="off">
        </div>
        <div class="field">
          <label for="person-password">Password (optional)</label>
          <p class="hint" id="person-password-hint">Leave empty to email an invitation instead.</p>
          <input id="person-password" name="password" type="password" autocomplete="new-password" aria-describedby="person-password-hint">
        </div>
        <div class="field field--check">
          <input id="person-invite" name="invite" type="checkbox" checked>
          <label for="person-invite">Email them an invitation to choose a password</label>
        </div>
        <div class="field field--check">
          <input id="person-admin" name="is_admin" type="checkbox">
          <label for="person-admin">Admin of ${organization.name}</label>
        </div>
        <button type="submit" class="button">Add person</button>
      </form>
    </details>
    <form class="search-row" role="search" method="get">
      <input type="hidden" name="section" value="people">
      <div class="field">
        <label for="people-q">Find by name, email or username</label>
        <input id="people-q" name="q" type="search" value="${q}" maxlength="100">
      </div>
      <button type="submit" class="button">Find</button>
    </form>
    <div class="table-wrap">
      <table class="table table--stack admin-table">
        <caption class="visually-hidden">People of ${organization.name}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Signs in with</th><th scope="col">Account</th><th scope="col">Manage</th></tr></thead>
        <tbody>
          ${people.length ? people.map((person) => row(person, me))
            : html`<tr><td colspan="4">${q ? `Nobody matches “${q}”.` : "Nobody yet."}</td></tr>`}
        </tbody>
      </table>
    </div>
    ${pagination && pagination.total_pages > 1 ? html`<nav class="pager" aria-label="Pages of people">
      ${pagination.previous_page ? html`<a href="${path`?section=people&q=${q}&page=${pagination.previous_page}`}">Previous page</a>` : ""}
      <span>Page ${pagination.page} of ${pagination.total_pages}</span>
      ${pagination.next_page ? html`<a href="${path`?section=people&q=${q}&page=${pagination.next_page}`}">Next page</a>` : ""}
    </nav>` : ""}
  `);

  const form = content.getElementById("add-person");
  submitForm(form, async (values) => {
    const body = { display_name: values.display_name, is_admin: form.elements.is_admin.checked };
    if (values.email) body.email = values.email;
    if (values.username) body.username = values.username;
    if (values.password) body.password = values.password;
    {
      const { data: person } = await post(`${api}/people`, body);
      let note = `${person.display_name} was added.`;
      if (form.elements.invite.checked && person.email && !values.password) {
        try {
          await post(`${api}/people/${person.id}/invitation`);
          note += ` We emailed ${person.email} a link to choose a password.`;
        } catch (error) {
          note += ` The invitation wasn't sent: ${error.detail || "try again from the list"}`;
        }
      }
      clearErrors(form);
      await refresh();
      announce(note, { tone: "success" });
    }
  }, {
    busy: "Adding…",
    check: (values) => {
      if (!values.display_name) return { display_name: ["Enter the person's name."] };
      if (!values.email && !values.username) return { email: ["Give an email or a username."] };
      return {};
    },
  });

  onButtons(content, "[data-invite]", async (button) => {
    const { data } = await post(`${api}/people/${button.dataset.invite}/invitation`);
    return `We emailed ${data.sent_to} a link to choose a password.`;
  }, { busyText: "Sending…" });

  content.querySelectorAll("form.set-password").forEach((passwordForm) => {
    submitForm(passwordForm, async ({ password }) => {
      await put(`${api}/people/${passwordForm.dataset.person}/password`, { password });
      clearErrors(passwordForm);
      passwordForm.reset();
      passwordForm.closest("details").open = false;
      announce("Password set. They are signed out everywhere and sign in with the new one.", { tone: "success" });
    }, {
      busy: "Saving…",
      headingLevel: 3,
      check: ({ password }) => (!password || password.length < MIN_PASSWORD_LENGTH
        ? { password: [`Use at least ${MIN_PASSWORD_LENGTH} characters.`] } : {}),
    });
  });

  onButtons(content, "[data-active]", async (button) => {
    const on = button.dataset.active === "true";
    if (!on && !window.confirm(`Turn off ${button.dataset.name}'s account? They can't sign in until you turn it back on. Their work stays.`)) return "";
    await post(`${api}/people/${button.dataset.personId}/${on ? "reactivate" : "deactivate"}`);
    await refresh();
    return on ? `${button.dataset.name} can sign in again.` : `${button.dataset.name}'s account is turned off.`;
  });

  onButtons(content, "[data-admin]", async (button) => {
    const makeAdmin = button.dataset.admin === "true";
    await patch(`${api}/people/${button.dataset.personId}`, { is_admin: makeAdmin });
    await refresh();
    return makeAdmin ? `${button.dataset.name} is now an admin.` : `${button.dataset.name} is no longer an admin.`;
  });
  return content;
}
