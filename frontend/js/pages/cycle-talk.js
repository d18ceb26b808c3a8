// Reflection (written in the reflection phase), comments (coaches comment too) and the
// cycle's history (every move) with its recent activity.

import { ApiError, get, getAll, getList, post, put } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, submitForm } from "../forms.js";
import { announce } from "../status.js";
import { loadFailed, personName, sectionShell, shapeChanged } from "./cycle-common.js";
import { DECISIONS, formatDateTime, labelFor } from "./labels.js";
import { path } from "../path.js";

// ---- Reflection ----------------------------------------------------------------------------

export function reflectionSection(ctx) {
  const { element, body } = sectionShell("reflection", "Reflection",
    "What happened when we tried our actions, what the evidence of impact is, and what comes next.");
  const state = { reflection: null, lastShape: null };
  const viewBox = h("div");
  const formBox = h("div");
  body.append(viewBox, formBox);

  function drawView() {
    const reflection = state.reflection;
    if (!reflection) {
      const reflecting = ctx.workflow.states.find((item) => item.reflects);
      renderInto(viewBox, h("p", { class: "muted" }, ctx.cycle.state === reflecting?.name
        ? "No reflection yet."
        : `The team writes its reflection once the cycle reaches the ${(reflecting?.label || "reflection").toLowerCase()} phase.`));
      return;
    }
    renderInto(viewBox, h("div", { class: "card reflection" },
      h("h3", {}, "What happened"), h("p", { class: "prewrap" }, reflection.what_happened),
      reflection.impact_evidence
        ? [h("h3", {}, "Evidence of impact"), h("p", { class: "prewrap" }, reflection.impact_evidence)]
        : "",
      h("h3", {}, "Decision"), h("p", {}, labelFor(DECISIONS, reflection.decision)),
      h("p", { class: "muted" }, `Written by ${personName(reflection.author)}` +
        (reflection.updated_at ? `, ${formatDateTime(reflection.updated_at)}` : ""))));
  }

  function reflectionForm() {
    const current = state.reflection || {};
    const section = h("section", { class: "card", "aria-labelledby": "reflection-form-heading" });
    section.append(fragment(html`
      <h3 id="reflection-form-heading">${state.reflection ? "Edit the reflection" : "Write the reflection"}</h3>
      <form class="form" id="reflection-form" novalidate>
        <div class="field">
          <label for="reflection-happened">What happened when we tried our actions?</label>
          <textarea id="reflection-happened" name="what_happened" rows="4" maxlength="10000">${current.what_happened || ""}</textarea>
        </div>
        <div class="field">
          <label for="reflection-impact">What's the evidence of impact? (optional)</label>
          <textarea id="reflection-impact" name="impact_evidence" rows="3" maxlength="10000">${current.impact_evidence || ""}</textarea>
        </div>
        <fieldset class="field">
          <legend>What next?</legend>
          <div class="radios radios--stack">${DECISIONS.map((decision) => html`
            <div class="choice">
              <input type="radio" id="decision-${decision.value}" name="decision" value="${decision.value}"
                ${(current.decision || "next_cycle") === decision.value ? "checked" : ""}>
              <label for="decision-${decision.value}">${decision.label}</label>
            </div>`)}</div>
        </fieldset>
        <button type="submit" class="button">Save reflection</button>
      </form>`));
    const form = section.querySelector("form");
    submitForm(form, async (values) => {
      const { data } = await put(`${ctx.api}/reflection`, {
        what_happened: values.what_happened,
        impact_evidence: values.impact_evidence,
        decision: values.decision,
      });
      state.reflection = data;
      clearErrors(form);
      drawView();
      announce("Reflection saved.");
      await ctx.changed("reflection");
    }, {
      busy: "Saving…",
      headingLevel: 4,
      check: (values) => (values.what_happened ? {} : { what_happened: ["Say what happened."] }),
    });
    return section;
  }

  async function refresh() {
    try {
      // Asked for only when there is one: no failed request on every cycle without one.
      const { data } = ctx.cycle.has_reflection ? await get(`${ctx.api}/reflection`) : { data: null };
      state.reflection = data && data.what_happened !== undefined ? data : null;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        renderInto(viewBox, loadFailed("the reflection", error));
        return;
      }
      state.reflection = null;
    }
    drawView();
    const reflects = ctx.workflow.states.find((item) => item.name === ctx.cycle.state)?.reflects;
    const writable = ctx.cycle.can_contribute && Boolean(reflects);
    if (shapeChanged(state, `${writable}:${Boolean(state.reflection)}`)) {
      renderInto(formBox, writable ? reflectionForm() : "");
    }
  }

  return { element, refresh };
}

// ---- Comments --------------------------------------------------------------------------------

export function commentsSection(ctx) {
  const { element, body } = sectionShell("comments", "Comments",
    "Questions and encouragement from the team and its coach.");
  const listBox = h("div");
  const formBox = h("div");
  body.append(listBox, formBox);

  const form = h("form", { class: "form", id: "comment-form", novalidate: true });
  form.append(fragment(html`
    <div class="field">
      <label for="comment-body">Add a comment</label>
      <textarea id="comment-body" name="body" rows="3" maxlength="5000"></textarea>
    </div>
    <button type="submit" class="button button--secondary">Post comment</button>`));
  submitForm(form, async (values) => {
    await post(`${ctx.api}/comments`, { body: values.body });
    clearErrors(form);
    form.reset();
    announce("Comment posted.");
    await refresh();
  }, {
    busy: "Posting…",
    headingLevel: 3,
    check: (values) => (values.body ? {} : { body: ["Write your comment first."] }),
  });
  formBox.append(form);

  async function refresh() {
    let comments;
    try {
      comments = await getAll(`${ctx.api}/comments`);
    } catch (error) {
      renderInto(listBox, loadFailed("the comments", error));
      return;
    }
    renderInto(listBox, comments.length
      ? h("ul", { class: "comments", role: "list" }, comments.map((comment) =>
        h("li", { class: "comment" },
          h("p", { class: "comment__meta" }, h("strong", {}, personName(comment.author)),
            comment.created_at ? ` · ${formatDateTime(comment.created_at)}` : ""),
          h("p", { class: "prewrap" }, comment.body))))
      : h("p", { class: "muted" }, "No comments yet."));
  }

  return { element, refresh };
}

// ---- History -----------------------------------------------------------------------------------

export function historySection(ctx) {
  const { element, body } = sectionShell("history", "History");
  const movesBox = h("div");
  const activityBox = h("div");
  body.append(movesBox, activityBox);

  function label(name) {
    const found = (ctx.cycle.states || []).find((state) => state.name === name);
    return found ? found.label : name || "the start";
  }

  async function refresh() {
    try {
      const events = await getAll(`${ctx.api}/history`);
      renderInto(movesBox, h("section", { "aria-labelledby": "moves-history-heading" },
        h("h3", { id: "moves-history-heading" }, "Moves"),
        events.length
          ? h("ol", { class: "timeline" }, events.map((event) => h("li", {},
            h("p", {}, h("strong", {}, personName(event.actor)),
              event.from_state ? ` moved it from ${label(event.from_state)} to ${label(event.to_state)}`
                : ` started it in ${label(event.to_state)}`),
            event.comment ? h("p", { class: "timeline__comment" }, `“${event.comment}”`) : "",
            h("p", { class: "timeline__time" }, formatDateTime(event.created_at)))))
          : h("p", { class: "muted" }, "No moves yet.")));
    } catch (error) {
      renderInto(movesBox, loadFailed("the history", error));
    }
    try {
      const { data } = await getList(path`/teams/${ctx.cycle.team_id}/activity`,
        { cycle_id: ctx.cycle.id, page_size: 20 });
      renderInto(activityBox, h("section", { "aria-labelledby": "activity-heading" },
        h("h3", { id: "activity-heading" }, "Recent activity"),
        data && data.length
          ? h("ul", { class: "timeline" }, data.map((entry) => h("li", {},
            h("p", {}, h("strong", {}, personName(entry.actor)), " ", entry.summary),
            h("p", { class: "timeline__time" }, formatDateTime(entry.created_at)))))
          : h("p", { class: "muted" }, "Nothing yet.")));
    } catch {
      renderInto(activityBox, ""); // the activity feed is extra; the moves above are the record
    }
  }

  ctx.bus.addEventListener("changed", () => refresh());

  return { element, refresh };
}
