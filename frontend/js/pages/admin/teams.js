// Teams: create, rename, archive; who is on each team, in which role; who coaches it.

import { del, getAll, patch, post } from "../../api.js";
import { fragment, h, html } from "../../dom.js";
import { clearErrors, submitForm } from "../../forms.js";
import { announce } from "../../status.js";
import { plural } from "../labels.js";
import { messageOf, onButtons } from "./common.js";

function optionLabel(person) {
  return `${person.display_name} (${person.email || person.username})`;
}

function personOptions(people) {
  return people.map((person) => html`<option value="${person.id}">${optionLabel(person)}</option>`);
}

function teamCard(team) {
  return html`
    <li class="card admin-team" data-team="${team.id}">
      <h3><a href="/teams/${team.id}">${team.name}</a>
        ${team.archived ? html` <span class="badge badge--warn">Archived</span>` : ""}</h3>
      <p class="muted" data-count>${plural(team.member_count, "member")}</p>
      <details class="disclosure" data-manage="${team.id}">
        <summary>Manage ${team.name}</summary>
        <div class="admin-team__body" data-body="${team.id}"><p>Loading…</p></div>
      </details>
    </li>`;
}

async function manage(container, team, api, people, refresh) {
  const [members, coaches] = await Promise.all([
    getAll(`/teams/${team.id}/members`),
    getAll(`/teams/${team.id}/coaches`),
  ]);
  const onTeam = new Set(members.map((m) => m.user.id));
  container.closest(".admin-team").querySelector("[data-count]").textContent = plural(members.length, "member");
  const coaching = new Set(coaches.map((c) => c.user.id));
  const body = fragment(html`
    <form class="form rename" novalidate>
      <div class="field">
        <label for="rename-${team.id}">Team name</label>
        <input id="rename-${team.id}" name="name" type="text" value="${team.name}" maxlength="200" required>
      </div>
      <button type="submit" class="button button--small">Rename</button>
    </form>
    <h4>Members</h4>
    <ul class="people" role="list">
      ${members.length ? members.map((m) => html`
        <li class="person">
          <span class="person__name">${m.user.display_name}</span>
          <label class="visually-hidden" for="role-${m.id}">Role of ${m.user.display_name}</label>
          <select id="role-${m.id}" class="select--small" data-role="${m.id}">
            <option value="teacher" ${m.role === "teacher" ? "selected" : ""}>Teacher</option>
            <option value="student" ${m.role === "student" ? "selected" : ""}>Student</option>
          </select>
          <button type="button" class="button button--small button--danger-quiet" data-remove="${m.id}"
            data-name="${m.user.display_name}">Take off the team</button>
        </li>`) : html`<li class="muted">Nobody yet.</li>`}
    </ul>
    ${team.archived ? "" : html`
    <form class="form add-member field-row" novalidate>
      <div class="field">
        <label for="add-${team.id}">Add a person</label>
        <select id="add-${team.id}" name="user_id" required>
          <option value="">Choose…</option>
          ${personOptions(people.filter((p) => !onTeam.has(p.id) && p.is_active !== false))}
        </select>
      </div>
      <div class="field">
        <label for="add-role-${team.id}">as</label>
        <select id="add-role-${team.id}" name="role">
          <option value="student">Student</option>
          <option value="teacher">Teacher</option>
        </select>
      </div>
      <button type="submit" class="button button--small">Add to team</button>
    </form>`}
    <h4>Coaches</h4>
    <ul class="people" role="list">
      ${coaches.length ? coaches.map((c) => html`
        <li class="person"><span class="person__name">${c.user.display_name}</span>
          <button type="button" class="button button--small button--danger-quiet" data-uncoach="${c.id}"
            data-name="${c.user.display_name}">Stop coaching</button></li>`)
        : html`<li class="muted">No coach yet.</li>`}
    </ul>
    ${team.archived ? "" : html`
    <form class="form add-coach field-row" novalidate>
      <div class="field">
        <label for="coach-${team.id}">Assign a coach</label>
        <select id="coach-${team.id}" name="user_id" required>
          <option value="">Choose…</option>
          ${personOptions(people.filter((p) => !coaching.has(p.id) && p.is_active !== false))}
        </select>
      </div>
      <button type="submit" class="button button--small">Assign coach</button>
    </form>`}
    <div class="button-row">
      <button type="button" class="button button--small ${team.archived ? "button--secondary" : "button--danger-quiet"}"
        data-archive="${team.archived ? "false" : "true"}">${team.archived ? "Bring the team back" : "Archive the team"}</button>
    </div>
  `);
  const again = () => manage(container, team, api, people, refresh);
  const submit = (selector, work, success) => {
    const form = body.querySelector(selector);
    if (!form) return;
    submitForm(form, async (values) => {
      await work(values);
      clearErrors(form);
      const message = success(values, form);
      await again(); // draw the team again first, so what the message says is on the page
      announce(message, { tone: "success" });
    }, {
      busy: "Saving…",
      headingLevel: 4,
      check: (values) => Object.fromEntries(Object.entries(values)
        .filter(([, value]) => !value).map(([name]) => [name, ["Choose or fill this in."]])),
    });
  };
  const nameOf = (form) => form.elements.user_id.selectedOptions[0].textContent.replace(/ \([^)]*\)$/, "");
  submit(".rename", async (values) => {
    await patch(`/teams/${team.id}`, { name: values.name });
    team.name = values.name;
  }, (values) => `The team is now called ${values.name}.`);
  submit(".add-member", (values) => post(`/teams/${team.id}/members`, values),
    (values, form) => `${nameOf(form)} joined ${team.name} as ${values.role}.`);
  submit(".add-coach", (values) => post(`/teams/${team.id}/coaches`, values),
    (values, form) => `${nameOf(form)} now coaches ${team.name}.`);
  body.querySelectorAll("[data-role]").forEach((select) => {
    select.addEventListener("change", async () => {
      try {
        await patch(`/teams/${team.id}/members/${select.dataset.role}`, { role: select.value });
        announce(`Role changed to ${select.value}.`, { tone: "success" });
      } catch (error) {
        announce(messageOf(error), { tone: "error", timeout: 0 });
        await again();
      }
    });
  });
  onButtons(body, "[data-remove]", async (button) => {
    await del(`/teams/${team.id}/members/${button.dataset.remove}`);
    await again();
    return `${button.dataset.name} is off the team.`;
  });
  onButtons(body, "[data-uncoach]", async (button) => {
    await del(`/teams/${team.id}/coaches/${button.dataset.uncoach}`);
    await again();
    return `${button.dataset.name} no longer coaches ${team.name}.`;
  });
  onButtons(body, "[data-archive]", async (button) => {
    const archive = button.dataset.archive === "true";
    if (archive && !window.confirm(`Archive ${team.name}? It leaves everyone's lists and takes no new people. Its work stays, and you can bring it back.`)) return "";
    await patch(`/teams/${team.id}`, { archived: archive });
    await refresh();
    return archive ? `${team.name} is archived.` : `${team.name} is back.`;
  });
  container.replaceChildren(body);
}

export async function render({ api, organizationId, query, refresh, sectionUrl }) {
  const archived = query.get("archived") === "true";
  const [teams, people] = await Promise.all([
    getAll("/teams", { organization_id: organizationId, archived }),
    getAll(`${api}/people`),
  ]);
  const content = fragment(html`
    <h2>Teams</h2>
    <details class="card disclosure">
      <summary>Create a team</summary>
      <form id="create-team" class="form" novalidate>
        <div class="field">
          <label for="team-name">Team name</label>
          <input id="team-name" name="name" type="text" maxlength="200" required autocomplete="off">
        </div>
        <div class="field">
          <label for="team-description">What the team is for (optional)</label>
          <textarea id="team-description" name="description" maxlength="2000" rows="2"></textarea>
        </div>
        <button type="submit" class="button">Create team</button>
      </form>
    </details>
    <p>${archived
      ? html`Showing archived teams. <a href="${sectionUrl("teams")}">Show current teams</a>`
      : html`<a href="${sectionUrl("teams", "&archived=true")}">Show archived teams</a>`}</p>
    ${teams.length ? html`<ul class="admin-teams" role="list">${teams.map(teamCard)}</ul>`
      : html`<p class="empty card">${archived ? "No archived teams." : "No teams yet."}</p>`}
  `);
  const form = content.getElementById("create-team");
  submitForm(form, async (values) => {
    await post(`${api}/teams`, { name: values.name, description: values.description || "" });
    await refresh();
    announce(`${values.name} is created. Open “Manage” to add its people.`, { tone: "success" });
  }, {
    busy: "Creating…",
    check: (values) => (values.name ? {} : { name: ["Give the team a name."] }),
  });
  const byId = new Map(teams.map((team) => [team.id, team]));
  content.querySelectorAll("[data-manage]").forEach((details) => {
    details.addEventListener("toggle", async () => {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = "yes";
      const container = details.querySelector("[data-body]");
      try {
        await manage(container, byId.get(details.dataset.manage), api, people, refresh);
      } catch (error) {
        container.replaceChildren(h("p", { class: "notice notice--error" }, messageOf(error)));
      }
    });
  });
  return content;
}
