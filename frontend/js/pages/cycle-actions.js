// The action plan: what the team will try, who owns it (any member, students too), by when,
// how they'll know it worked, and where it stands. A table, and a form for members.

import { getAll, patch, post } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, submitForm } from "../forms.js";
import { announce } from "../status.js";
import {
  loadFailed, memberChoices, options, problemText, sectionShell, shapeChanged,
} from "./cycle-common.js";
import { ACTION_STATUSES, formatDate, isPast, labelFor } from "./labels.js";
import { path } from "../path.js";

export function actionsSection(ctx) {
  const { element, body } = sectionShell("actions", "Action plan",
    "What we'll try, who owns it, by when, and how we'll know it worked.");
  const state = { actions: [], lastShape: null };
  const listBox = h("div", { "data-actions-list": "" });
  const formBox = h("div");
  body.append(listBox, formBox);

  function drawList() {
    const editable = ctx.cycle.can_contribute;
    if (!state.actions.length) {
      renderInto(listBox, h("p", { class: "muted" }, "No actions planned yet."));
      return;
    }
    const table = h("table", { class: "table" },
      h("caption", { class: "visually-hidden" }, "Actions in this cycle"),
      h("thead", {}, h("tr", {},
        ["What we'll try", "Owner", "Due", "Success criteria", "Status"].map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, state.actions.map((action) => {
        const overdue = action.due_on && isPast(action.due_on) && !["done", "dropped"].includes(action.status);
        return h("tr", { dataset: { actionId: action.id } },
          h("th", { scope: "row" }, action.title),
          h("td", {}, action.owner ? action.owner.display_name : h("span", { class: "overdue" }, "No owner yet")),
          h("td", { class: overdue ? "overdue" : "" },
            action.due_on ? formatDate(action.due_on) : h("span", { class: "overdue" }, "No date yet"),
            overdue ? " (overdue)" : ""),
          h("td", {}, action.success_criteria || h("span", { class: "muted" }, "—")),
          h("td", {}, editable ? statusSelect(action) : labelFor(ACTION_STATUSES, action.status)));
      })));
    renderInto(listBox, h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Table of actions, scrolls sideways" }, table));
  }

  function statusSelect(action) {
    const id = `status-${action.id}`;
    const select = h("select", {
      id,
      class: "select--small",
      "aria-label": `Status of “${action.title}”`,
      onchange: async () => {
        select.disabled = true;
        try {
          await patch(path`/actions/${action.id}`, { status: select.value });
          action.status = select.value;
          announce(`“${action.title}” is now ${labelFor(ACTION_STATUSES, select.value).toLowerCase()}.`);
        } catch (error) {
          select.value = action.status;
          announce(problemText(error), { tone: "error" });
        } finally {
          select.disabled = false;
          select.focus();
        }
      },
    });
    renderInto(select, options(ACTION_STATUSES, action.status));
    return select;
  }

  function actionForm() {
    const section = h("section", { class: "card", "aria-labelledby": "add-action-heading" });
    section.append(fragment(html`
      <h3 id="add-action-heading">Plan an action</h3>
      <form class="form" id="action-form" novalidate>
        <div class="field">
          <label for="action-title">What will we try?</label>
          <input id="action-title" name="title" type="text" maxlength="300">
        </div>
        <div class="field-row">
          <div class="field">
            <label for="action-owner">Owner</label>
            <p class="hint" id="action-owner-hint">Anyone on the team, students too.</p>
            <select id="action-owner" name="owner_id" aria-describedby="action-owner-hint">
              <option value="">Choose a person</option>
              ${options(memberChoices(ctx.members), "")}
            </select>
          </div>
          <div class="field">
            <label for="action-due">Due date</label>
            <input id="action-due" name="due_on" type="date">
          </div>
          <div class="field">
            <label for="action-status">Status</label>
            <select id="action-status" name="status">${options(ACTION_STATUSES, "planned")}</select>
          </div>
        </div>
        <div class="field">
          <label for="action-criteria">How will we know it worked? (success criteria)</label>
          <textarea id="action-criteria" name="success_criteria" rows="2" maxlength="5000"></textarea>
        </div>
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
      check: (values) => (values.title ? {} : { title: ["Say what you'll try."] }),
    });
    return section;
  }

  async function load() {
    try {
      state.actions = await getAll(`${ctx.api}/actions`);
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
