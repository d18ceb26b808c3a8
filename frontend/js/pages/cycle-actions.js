// The action plan: what the team will try, who owns it (any member, students too), by when,
// how they'll know it worked, and where it stands. One card per action (nothing hides off the
// side of a phone), changed in place or deleted, and a form for members to plan one.

import { get, del, patch, post } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, submitForm } from "../forms.js";
import { announce } from "../status.js";
import {
  loadFailed, loadList, memberChoices, options, problemText, sectionShell, shapeChanged,
} from "./cycle-common.js";
import {
  confirmDelete, focusElement, ifMatch, isStale, itemTools, managesTeam, reloadWhenStale, saveOrCancel,
} from "./cycle-edit.js";
import { ACTION_STATUSES, formatDate, isPast, labelFor, todayIso } from "./labels.js";
import { words } from "./words.js";
import { path } from "../path.js";

export function actionsSection(ctx) {
  const say = words(ctx);
  const { element, body } = sectionShell("actions", say.actionsTitle, say.actionsIntro);
  const state = { actions: [], lastShape: null, editing: null };
  const listBox = h("div", { "data-actions-list": "" });
  const formBox = h("div");
  body.append(listBox, formBox);

  function mayChange(action) {
    const me = ctx.me && ctx.me.id;
    return ctx.cycle.can_contribute && (managesTeam(ctx) ||
      [action.owner && action.owner.id, action.created_by_id].includes(me));
  }

  function mayDelete(action) {
    return ctx.cycle.can_contribute && (managesTeam(ctx) || action.created_by_id === (ctx.me && ctx.me.id));
  }

  function drawList() {
    if (!state.actions.length) {
      renderInto(listBox, h("p", { class: "muted" }, say.noActions));
      return;
    }
    renderInto(listBox, h("ul", { class: "action-list", role: "list" }, state.actions.map((action) =>
      state.editing === action.id ? editItem(action) : actionItem(action))));
  }

  function actionItem(action) {
    const open = !["done", "dropped"].includes(action.status);
    const overdue = action.due_on && isPast(action.due_on) && open;
    return h("li", { class: "action-card card", id: `action-${action.id}`, dataset: { actionId: action.id } },
      h("h3", { class: "action-card__title" }, action.title),
      h("dl", { class: "action-card__facts" },
        h("div", {}, h("dt", {}, say.owner), h("dd", {},
          action.owner ? action.owner.display_name : h("span", { class: "overdue" }, say.noOwner))),
        h("div", {}, h("dt", {}, say.due), h("dd", { class: overdue ? "overdue" : "" },
          action.due_on ? formatDate(action.due_on) : h("span", { class: "overdue" }, say.noDate),
          overdue ? " (overdue)" : "")),
        action.success_criteria
          ? h("div", {}, h("dt", {}, say.criteria), h("dd", {}, action.success_criteria)) : "",
        h("div", {}, h("dt", {}, "Status"), h("dd", {},
          mayChange(action) ? statusSelect(action) : labelFor(ACTION_STATUSES, action.status)))),
      itemTools({
        name: `“${action.title}”`,
        onEdit: mayChange(action) ? () => startEditing(action) : null,
        onDelete: mayDelete(action) ? () => remove(action) : null,
      }));
  }

  function statusSelect(action) {
    const select = h("select", {
      id: `status-${action.id}`,
      class: "select--small",
      "aria-label": `Status of “${action.title}”`,
      onchange: async () => {
        select.disabled = true;
        try {
          const { data } = await patch(path`/actions/${action.id}`, { status: select.value }, ifMatch(action));
          Object.assign(action, data);
          announce(`“${action.title}” is now ${labelFor(ACTION_STATUSES, select.value).toLowerCase()}.`);
          // A dropped or done action changes what the next move needs: say so now.
          await ctx.changed("actions");
        } catch (error) {
          select.value = action.status;
          announce(problemText(error), { tone: "error" });
          if (isStale(error)) await load();
        } finally {
          select.disabled = false;
        }
      },
    });
    renderInto(select, options(ACTION_STATUSES, action.status));
    return select;
  }

  function startEditing(action) {
    state.editing = action.id;
    drawList();
    focusElement(listBox.querySelector(`#edit-action-${action.id} input[name="title"]`));
  }

  function stopEditing(action) {
    state.editing = null;
    drawList();
    focusElement(listBox.querySelector(`[data-action-id="${action.id}"] h3`));
  }

  function actionFields(prefix, action) {
    return html`
      <div class="field">
        <label for="${prefix}-title">${say.whatLabel}</label>
        <input id="${prefix}-title" name="title" type="text" maxlength="300" value="${action ? action.title : ""}">
      </div>
      <div class="field-row">
        <div class="field">
          <label for="${prefix}-owner">${say.owner}</label>
          <p class="hint" id="${prefix}-owner-hint">${say.ownerHint}</p>
          <select id="${prefix}-owner" name="owner_id" aria-describedby="${prefix}-owner-hint">
            <option value="">Choose a person</option>
            ${options(memberChoices(ctx.members), action && action.owner ? action.owner.id : "")}
          </select>
        </div>
        <div class="field">
          <label for="${prefix}-due">${say.due}</label>
          <input id="${prefix}-due" name="due_on" type="date" min="${todayIso()}" value="${action && action.due_on ? action.due_on : ""}">
        </div>
        <div class="field">
          <label for="${prefix}-status">Status</label>
          <select id="${prefix}-status" name="status">${options(ACTION_STATUSES, action ? action.status : "planned")}</select>
        </div>
      </div>
      <div class="field">
        <label for="${prefix}-criteria">${say.criteriaLabel}</label>
        <textarea id="${prefix}-criteria" name="success_criteria" rows="2" maxlength="2000">${action ? action.success_criteria : ""}</textarea>
      </div>`;
  }

  function editItem(action) {
    const form = h("form", { class: "form", id: `edit-action-${action.id}`, novalidate: true,
      "aria-label": `Change “${action.title}”` });
    form.append(fragment(actionFields(`edit-${action.id}`, action)), saveOrCancel(() => stopEditing(action)));
    submitForm(form, async (values) => {
      const changes = {
        title: values.title,
        owner_id: values.owner_id || null,
        due_on: values.due_on || null,
        success_criteria: values.success_criteria,
        status: values.status,
      };
      const { data } = await patch(path`/actions/${action.id}`, changes, ifMatch(action));
      Object.assign(action, data);
      announce(`“${action.title}” saved.`);
      stopEditing(action);
      await ctx.changed("actions");
    }, {
      busy: "Saving…",
      headingLevel: 3,
      check: (values) => (values.title ? {} : { title: [say.needTitle] }),
      // Show their version in the form, so nothing of theirs is overwritten unseen.
      onError: reloadWhenStale(async () => {
        Object.assign(action, (await get(path`/actions/${action.id}`)).data);
        drawList();
      }, () => listBox.querySelector(`#edit-action-${action.id}`)),
    });
    return h("li", { class: "action-card card card--editing", id: `action-${action.id}`,
      dataset: { actionId: action.id } }, form);
  }

  async function remove(action) {
    const sure = await confirmDelete({
      title: `Delete “${action.title}”?`,
      text: "It leaves the action plan. The cycle's history keeps a line saying you deleted it.",
      confirmLabel: "Delete the action",
    });
    if (!sure) return;
    try {
      await del(path`/actions/${action.id}`);
    } catch (error) {
      announce(problemText(error), { tone: "error" });
      return;
    }
    announce(`“${action.title}” deleted.`);
    await load();
    await ctx.changed("actions");
    focusElement(element.querySelector("h2"));
  }

  function actionForm() {
    const section = h("section", { class: "card", "aria-labelledby": "add-action-heading" });
    section.append(fragment(html`
      <h3 id="add-action-heading">${say.planTitle}</h3>
      <form class="form" id="action-form" novalidate>
        ${actionFields("action", null)}
        <button type="submit" class="button">Add action</button>
      </form>`));
    const form = section.querySelector("form");
    submitForm(form, async (values) => {
      const data = { title: values.title, status: values.status, success_criteria: values.success_criteria };
      if (values.owner_id) data.owner_id = values.owner_id;
      if (values.due_on) data.due_on = values.due_on;
      await post(`${ctx.api}/actions`, data);
      clearErrors(form);
      form.reset();
      announce(`Action “${data.title}” added.`);
      await load();
      await ctx.changed("actions");
      form.elements.title.focus();
    }, {
      busy: "Adding…",
      headingLevel: 4,
      check: (values) => (values.title ? {} : { title: [say.needTitle] }),
    });
    return section;
  }

  async function load() {
    try {
      state.actions = await loadList(ctx, "actions", `${ctx.api}/actions`);
    } catch (error) {
      renderInto(listBox, loadFailed("the actions", error));
      return;
    }
    drawList();
  }

  async function refresh() {
    if (shapeChanged(state, String(ctx.cycle.can_contribute))) {
      renderInto(formBox, ctx.cycle.can_contribute ? actionForm() : "");
    }
    await load();
  }

  return { element, refresh };
}

