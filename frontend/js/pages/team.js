// One team: who is on it (teachers, students, coaches), and for teachers and admins,
// adding people, changing their role and taking them off the team.

import { ApiError, allIncluded, del, get, getList, patch, post } from "../api.js";
import { focusElement, fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, setBusy, submitForm } from "../forms.js";
import { getCurrentUser, isOrgAdmin } from "../session.js";
import { announce } from "../status.js";
import { initials, plural, roleLabel } from "./labels.js";
import { relationshipLinks } from "../relationships/team-links.js";
import { WORK_PARTS, loadTeamWork, teamWork } from "./team-work.js";
import { path } from "../path.js";

const GROUPS = [
  { role: "teacher", heading: "Teachers", empty: "No teachers yet." },
  { role: "student", heading: "Students", empty: "No students yet." },
];

// The page in one request: the team with its people and its work (see docs/integrating.md).
const PEOPLE_PARTS = ["members", "coaches"];
const PAGE_PARTS = [...PEOPLE_PARTS, ...WORK_PARTS];

/** An admin's team page also searches people at once, so their counts come with the team. */
function pageParts() {
  const admin = (getCurrentUser()?.organizations || []).some((org) => org.is_admin);
  return admin ? [...PAGE_PARTS, "relationship_counts"] : PAGE_PARTS;
}

/** The team and its people: the page's first read, and its refresh after a change. */
async function loadTeam(teamPath, parts) {
  const { data: { included, ...team } } = await get(teamPath, { include: parts.join(",") });
  const [members, coaches] = await Promise.all([
    allIncluded(included.members, `${teamPath}/members`),
    allIncluded(included.coaches, `${teamPath}/coaches`),
  ]);
  return { team, included, members, coaches };
}

export async function render({ params, navigate, path: here }) {
  const teamPath = path`/teams/${params.teamId}`;
  const { team, included, members, coaches } = await loadTeam(teamPath, pageParts());
  const [work, relationships] = await Promise.all([
    loadTeamWork(team.id, included), relationshipLinks(team, included.relationship_counts),
  ]);
  const me = getCurrentUser();
  const canManage = team.my_role === "teacher" || isOrgAdmin(team.organization_id);
  const state = { team, members, coaches };

  const content = fragment(html`
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol><li><a href="/teams">Your teams</a></li><li aria-current="page">${team.name}</li></ol>
    </nav>
    <h1>${team.name}</h1>
    ${team.description ? html`<p class="lead">${team.description}</p>` : ""}
    <p class="team-summary" data-summary></p>
    <p class="team-links"><a href="${teamPath}/trust">Relational trust: surveys, targets and
      commitments</a></p>
    ${canManage ? html`<p class="team-links"><a href="${teamPath}/course">Course link: open this
      team from your learning platform</a></p>` : ""}
    ${relationships}
    <div data-work></div>
    <h2 class="section-title" id="people-heading">People</h2>
    <div class="team-layout">
      <div class="team-layout__people" data-people></div>
      ${canManage ? addMemberSection() : ""}
    </div>
    ${canManage ? confirmDialog() : ""}
  `);
  const summary = content.querySelector("[data-summary]");
  const people = content.querySelector("[data-people]");
  const canWrite = ["teacher", "student"].includes(team.my_role) || isOrgAdmin(team.organization_id);
  content.querySelector("[data-work]").replaceWith(
    teamWork({ team, work, canWrite, canManage, navigate }));

  function drawPeople() {
    renderInto(summary, html`
      <span class="badge badge--${team.my_role || "member"}">You: ${roleLabel(team.my_role)}</span>
      <span>${plural(state.members.length, "member")}</span>
      <span>${plural(state.coaches.length, "coach", "coaches")}</span>`);
    renderInto(people, [
      ...GROUPS.map((group) =>
        memberGroup(group, state.members.filter((member) => member.role === group.role))),
      coachGroup(state.coaches),
    ]);
  }

  function memberGroup(group, list) {
    const headingId = `${group.role}s-heading`;
    return h("section", { class: "people-group", "aria-labelledby": headingId },
      h("h3", { id: headingId }, group.heading, " ", h("span", { class: "count" }, `(${list.length})`)),
      list.length
        ? h("ul", { class: "people", role: "list" }, list.map(memberRow))
        : h("p", { class: "muted" }, group.empty));
  }

  function memberRow(member) {
    const name = member.user.display_name;
    const row = h("li", { class: "person", dataset: { membershipId: member.id } },
      h("span", { class: "avatar", "aria-hidden": "true" }, initials(name)),
      h("span", { class: "person__name" }, name, isMe(member) ? h("span", { class: "muted" }, " (you)") : ""),
    );
    if (!canManage) return row;
    const otherRole = member.role === "teacher" ? "student" : "teacher";
    row.append(h("span", { class: "person__actions" },
      h("button", {
        type: "button",
        class: "button button--small button--secondary",
        onclick: (event) => changeRole(member, otherRole, event.currentTarget),
      }, `Make ${roleLabel(otherRole).toLowerCase()}`,
      h("span", { class: "visually-hidden" }, ` (${name})`)),
      h("button", {
        type: "button",
        class: "button button--small button--danger-quiet",
        onclick: (event) => confirmRemove(member, event.currentTarget),
      }, "Remove", h("span", { class: "visually-hidden" }, ` ${name} from the team`)),
    ));
    return row;
  }

  function coachGroup(list) {
    return h("section", { class: "people-group", "aria-labelledby": "coaches-heading" },
      h("h3", { id: "coaches-heading" }, "Coaches", " ", h("span", { class: "count" }, `(${list.length})`)),
      list.length
        ? h("ul", { class: "people", role: "list" }, list.map((coach) =>
          h("li", { class: "person" },
            h("span", { class: "avatar avatar--coach", "aria-hidden": "true" }, initials(coach.user.display_name)),
            h("span", { class: "person__name" }, coach.user.display_name,
              me && coach.user.id === me.id ? h("span", { class: "muted" }, " (you)") : ""))))
        : h("p", { class: "muted" }, "No coaches follow this team yet."));
  }

  async function refresh() {
    const fresh = await loadTeam(teamPath, PEOPLE_PARTS);
    Object.assign(team, fresh.team);
    state.members = fresh.members;
    state.coaches = fresh.coaches;
    drawPeople();
  }

  function rowError(button, message) {
    const row = button.closest(".person");
    row.querySelectorAll(".row-error").forEach((old) => old.remove());
    row.append(h("p", { class: "field-error row-error", role: "alert" }, message));
  }

  async function afterOwnChange(message) {
    announce(message);
    await navigate(here, { replace: true });
  }

  async function changeRole(member, role, button) {
    const name = member.user.display_name;
    if (isMe(member) && member.role === "teacher") {
      const sure = await confirmFirst({
        title: `Stop being a teacher of ${team.name}?`,
        text: "You will no longer be able to add people, change their roles or manage this "
          + "team. The way back: another teacher or an admin can make you a teacher again.",
        button: "Make me a student",
      });
      if (!sure) return button.focus();
    }
    setBusy(button, true, "Saving…");
    try {
      await patch(path`${teamPath}/members/${member.id}`, { role });
    } catch (error) {
      setBusy(button, false);
      rowError(button, error instanceof ApiError ? error.detail : "That didn't work. Please try again.");
      button.focus();
      return;
    }
    const message = `${name} is now a ${roleLabel(role).toLowerCase()}.`;
    if (isMe(member)) return afterOwnChange(message);
    await refresh();
    announce(message);
    // Focus follows the person into their new group.
    const moved = people.querySelector(`[data-membership-id="${CSS.escape(member.id)}"] button`);
    if (moved) moved.focus();
  }

  // ---- Removing, with a confirmation dialog ----------------------------------------------

  const dialog = content.querySelector("dialog");

  function isMe(member) {
    return Boolean(me && member.user.id === me.id);
  }

  // Resolves true when the person confirms; Cancel or Escape resolves false.
  function confirmFirst({ title, text, button }) {
    renderInto(dialog.querySelector("[data-title]"), title);
    renderInto(dialog.querySelector("[data-text]"), text);
    renderInto(dialog.querySelector("[data-confirm]"), button);
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.onclose = () => resolve(dialog.returnValue === "confirm");
      dialog.showModal();
    });
  }

  async function confirmRemove(member, button) {
    const name = member.user.display_name;
    const sure = await confirmFirst(isMe(member)
      ? {
        title: `Leave ${team.name}?`,
        text: `You will no longer see ${team.name} or its cycles. The way back: another `
          + "teacher or an admin can add you again.",
        button: "Leave the team",
      }
      : {
        title: `Remove ${name}?`,
        text: `${name} will no longer see ${team.name} or its cycles. You can add them again later.`,
        button: "Remove",
      });
    if (!sure) return button.focus();
    await remove(member, button);
  }

  async function remove(member, button) {
    const name = member.user.display_name;
    setBusy(button, true, "Removing…");
    try {
      await del(path`${teamPath}/members/${member.id}`);
    } catch (error) {
      setBusy(button, false);
      rowError(button, error instanceof ApiError ? error.detail : "That didn't work. Please try again.");
      button.focus();
      return;
    }
    if (isMe(member)) {
      announce(`You left ${team.name}.`);
      await navigate("/teams", { replace: true });
      return;
    }
    await refresh();
    announce(`${name} was taken off the team.`);
    focusElement(people.querySelector(`#${member.role}s-heading`));
    if (addForm) searchPeople();
  }

  // ---- Adding people ---------------------------------------------------------------------

  const addForm = content.querySelector("#add-member-form");
  let searchPeople = () => {};
  if (addForm) searchPeople = wireAddForm(addForm);

  function wireAddForm(form) {
    const search = form.elements.q;
    const results = form.querySelector("[data-results]");
    const resultStatus = form.querySelector("[data-result-status]");
    let timer = null;
    let searchId = 0;

    async function runSearch() {
      const id = ++searchId;
      const q = search.value.trim();
      let page;
      try {
        page = await getList(path`/organizations/${team.organization_id}/people`,
          { q, page_size: 20 });
      } catch (error) {
        if (id !== searchId) return;
        renderInto(results, h("p", { class: "field-error" },
          error instanceof ApiError ? error.detail : "The search didn't work. Please try again."));
        return;
      }
      if (id !== searchId) return;
      const onTeam = new Map(state.members.map((member) => [member.user.id, member.role]));
      const chosen = form.querySelector('input[name="user_id"]:checked')?.value;
      const list = page.data || [];
      const total = page.pagination ? page.pagination.total : list.length;
      renderInto(results, list.length
        ? h("div", { class: "choices" }, list.map((person) => personChoice(person, onTeam, chosen)))
        : h("p", { class: "muted" }, q ? `No one in your school matches “${q}”.` : "No people found."));
      resultStatus.textContent = !list.length
        ? ""
        : total > list.length
          ? `Showing ${list.length} of ${total} people. Type more of a name to narrow it down.`
          : `${plural(total, "person", "people")} found.`;
    }

    function personChoice(person, onTeam, chosen) {
      const inputId = `person-${person.id}`;
      const role = onTeam.get(person.id);
      const detail = person.email || person.username || "";
      return h("div", { class: `choice${role ? " choice--disabled" : ""}` },
        h("input", {
          type: "radio", name: "user_id", id: inputId, value: person.id,
          disabled: Boolean(role), checked: !role && chosen === person.id,
          dataset: { name: person.display_name },
        }),
        h("label", { for: inputId },
          h("span", { class: "choice__name" }, person.display_name),
          detail ? h("span", { class: "choice__detail" }, detail) : "",
          role ? h("span", { class: "choice__detail" }, `Already on the team (${roleLabel(role).toLowerCase()})`) : ""));
    }

    search.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(runSearch, 250);
    });
    search.addEventListener("keydown", (event) => {
      // Enter searches here rather than submitting the whole form.
      if (event.key === "Enter") {
        event.preventDefault();
        window.clearTimeout(timer);
        runSearch();
      }
    });
    form.querySelector('[data-action="search"]').addEventListener("click", () => {
      window.clearTimeout(timer);
      runSearch();
    });

    submitForm(form, async (values) => {
      const name = form.querySelector('input[name="user_id"]:checked').dataset.name;
      await post(`${teamPath}/members`, { user_id: values.user_id, role: values.role });
      clearErrors(form);
      await refresh();
      announce(`${name} added as a ${roleLabel(values.role).toLowerCase()}.`);
      await runSearch();
      search.focus();
    }, {
      busy: "Adding…",
      headingLevel: 4,
      check: (values) => {
        if (values.user_id) return {};
        const hasChoices = form.querySelector('input[name="user_id"]:not(:disabled)');
        return hasChoices
          ? { user_id: ["Choose the person to add."] }
          : { q: ["Search for the person to add, then choose them."] };
      },
    });

    runSearch();
    return runSearch;
  }

  drawPeople();
  return { title: team.name, content };
}

function addMemberSection() {
  return html`
    <section class="card add-member" aria-labelledby="add-member-heading">
      <h3 id="add-member-heading">Add a member</h3>
      <form id="add-member-form" class="form" novalidate>
        <div class="field">
          <label for="person-search">Find a person</label>
          <p class="hint" id="person-search-hint">Type part of their name, email or username.</p>
          <div class="search-row input-wrap">
            <input id="person-search" name="q" type="search" autocomplete="off"
                   aria-describedby="person-search-hint">
            <button type="button" class="button button--secondary" data-action="search">Search</button>
          </div>
        </div>
        <fieldset class="field">
          <legend>Choose a person</legend>
          <p class="hint" role="status" data-result-status></p>
          <div data-results><p class="muted">Loading people…</p></div>
        </fieldset>
        <fieldset class="field">
          <legend>Their role on this team</legend>
          <div class="radios">
            <div class="choice">
              <input type="radio" id="role-student" name="role" value="student" checked>
              <label for="role-student">Student</label>
            </div>
            <div class="choice">
              <input type="radio" id="role-teacher" name="role" value="teacher">
              <label for="role-teacher">Teacher</label>
            </div>
          </div>
        </fieldset>
        <button type="submit" class="button">Add to team</button>
      </form>
    </section>`;
}

function confirmDialog() {
  return html`
    <dialog class="dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
      <form method="dialog">
        <h2 id="confirm-title" data-title></h2>
        <p id="confirm-text" data-text></p>
        <div class="dialog__buttons">
          <button type="submit" class="button button--danger" value="confirm" data-confirm>Remove</button>
          <button type="submit" class="button button--secondary" value="cancel" autofocus>Cancel</button>
        </div>
      </form>
    </dialog>`;
}
