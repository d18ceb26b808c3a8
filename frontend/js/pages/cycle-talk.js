// Reflection (written in the reflection phase), comments (coaches comment too) and the
// cycle's history (every move) with its recent activity.

import { ApiError, del, get, getList, patch, post, put } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, submitForm } from "../forms.js";
import { announce } from "../status.js";
import {
  loadFailed, loadList, personName, problemText, sectionShell, shapeChanged, takeIncluded,
} from "./cycle-common.js";
import {
  confirmDelete, focusElement, ifMatch, itemTools, reloadWhenStale, saveOrCancel,
} from "./cycle-edit.js";
import { icon } from "../icons.js";
import { DECISIONS, formatDateTime, labelFor } from "./labels.js";
import { path } from "../path.js";
import { words } from "./words.js";

/** The start of a long text, for a list of choices. */
function shortened(text, length = 60) {
  return text.length > length ? `${text.slice(0, length).trimEnd()}…` : text;
}

// ---- Reflection ----------------------------------------------------------------------------

export function reflectionSection(ctx) {
  const { element, body } = sectionShell("reflection", words(ctx).reflectionTitle,
    words(ctx).reflectionIntro);
  const state = { reflection: null, lastShape: null, writable: false };
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
        (reflection.updated_at ? `, ${formatDateTime(reflection.updated_at)}` : "")),
      state.writable ? itemTools({ name: "the reflection", onDelete: deleteReflection }) : ""));
  }

  async function deleteReflection() {
    const sure = await confirmDelete({
      title: "Delete the reflection?",
      text: "What happened, the evidence of impact and the decision go. This can't be undone.",
      confirmLabel: "Delete the reflection",
    });
    if (!sure) return;
    try {
      await del(`${ctx.api}/reflection`);
    } catch (error) {
      announce(problemText(error), { tone: "error" });
      return;
    }
    state.reflection = null;
    drawView();
    renderInto(formBox, reflectionForm());
    state.lastShape = `${state.writable}:false`;
    announce("Reflection deleted.");
    await ctx.changed("reflection");
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
      // Included in the page's first read (null when none); later asked for only when there
      // is one: no failed request on every cycle without one.
      const included = takeIncluded(ctx, "reflection");
      const { data } = included !== undefined ? { data: included }
        : ctx.cycle.has_reflection ? await get(`${ctx.api}/reflection`) : { data: null };
      state.reflection = data && data.what_happened !== undefined ? data : null;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        renderInto(viewBox, loadFailed("the reflection", error));
        return;
      }
      state.reflection = null;
    }
    const reflects = ctx.workflow.states.find((item) => item.name === ctx.cycle.state)?.reflects;
    const writable = ctx.cycle.can_contribute && Boolean(reflects);
    state.writable = writable;
    drawView();
    if (shapeChanged(state, `${writable}:${Boolean(state.reflection)}`)) {
      renderInto(formBox, writable ? reflectionForm() : "");
    }
  }

  return { element, refresh };
}

// ---- Comments --------------------------------------------------------------------------------

export function commentsSection(ctx) {
  const say = words(ctx);
  const { element, body } = sectionShell("comments", say.commentsTitle, say.commentsIntro);
  const state = { comments: [], replyingTo: null, editing: null };
  const listBox = h("div");
  const formBox = h("div");
  body.append(listBox, formBox);

  /** What a comment can be about: the whole cycle, one piece of evidence, or one note. */
  function aboutChoices(selected = "") {
    const evidence = (ctx.evidence || []).map((item) => ({ value: `evidence:${item.id}`, label: `Evidence: ${item.title}` }));
    const notes = (ctx.notes || []).map((note) => ({ value: `note:${note.id}`, label: `Note: ${shortened(note.body)}` }));
    return html`<option value="">The whole cycle</option>${[...evidence, ...notes].map((choice) => html`
      <option value="${choice.value}" ${choice.value === selected ? "selected" : ""}>${choice.label}</option>`)}`;
  }

  function aboutOf(comment) {
    if (comment.evidence_id) {
      const found = (ctx.evidence || []).find((item) => item.id === comment.evidence_id);
      return found ? h("a", { class: "comment__about", href: `#evidence-${found.id}` }, `On “${found.title}”`) : "";
    }
    if (!comment.note_id) return "";
    const note = (ctx.notes || []).find((item) => item.id === comment.note_id);
    return h("a", { class: "comment__about", href: `#note-${comment.note_id}` },
      note ? `On the note “${shortened(note.body)}”` : "On a note");
  }

  function drawAbout() {
    const about = form.elements.about;
    renderInto(about, aboutChoices(about.value));
  }

  // The comment form and each reply form post the same way; `done` says what happened.
  function postFrom(form, data, done, emptyMessage) {
    submitForm(form, async (values) => {
      await post(`${ctx.api}/comments`, { ...data(values), body: values.body });
      form.reset();
      done();
      await refresh();
    }, {
      busy: "Posting…",
      headingLevel: 3,
      check: (values) => (values.body ? {} : { body: [emptyMessage] }),
    });
  }

  const form = h("form", { class: "form", id: "comment-form", novalidate: true });
  form.append(fragment(html`
    <div class="field">
      <label for="comment-about">About</label>
      <select id="comment-about" name="about"></select>
    </div>
    <div class="field">
      <label for="comment-body">Add a comment</label>
      <textarea id="comment-body" name="body" rows="3" maxlength="2000"></textarea>
    </div>
    <button type="submit" class="button button--secondary">Post comment</button>`));
  postFrom(form, (values) => {
    const about = {};
    if (values.about.startsWith("evidence:")) about.evidence_id = values.about.slice("evidence:".length);
    if (values.about.startsWith("note:")) about.note_id = values.about.slice("note:".length);
    return about;
  }, () => announce("Comment posted."), "Write your comment first.");
  formBox.append(form);

  function replyForm(comment) {
    const id = `reply-${comment.id}`;
    const reply = h("form", { class: "form comment__reply", novalidate: true, "aria-label": `Reply to ${personName(comment.author)}` });
    reply.append(fragment(html`
      <div class="field">
        <label for="${id}">Your reply to ${personName(comment.author)}</label>
        <textarea id="${id}" name="body" rows="2" maxlength="2000"></textarea>
      </div>`), saveOrCancel(() => { state.replyingTo = null; draw(); }, "Post reply"));
    postFrom(reply, () => ({ parent_id: comment.id }), () => {
      state.replyingTo = null;
      announce(`Reply posted. ${personName(comment.author)} is told.`);
    }, "Write your reply first.");
    return reply;
  }

  function editForm(comment) {
    const id = `edit-comment-${comment.id}`;
    const edit = h("form", { class: "form", id, novalidate: true, "aria-label": "Change your comment" });
    edit.append(fragment(html`
      <div class="field">
        <label for="${id}-body">Your comment</label>
        <textarea id="${id}-body" name="body" rows="3" maxlength="2000">${comment.body}</textarea>
      </div>`), saveOrCancel(() => { state.editing = null; draw(); }));
    submitForm(edit, async (values) => {
      await patch(path`/comments/${comment.id}`, { body: values.body }, ifMatch(comment));
      state.editing = null;
      announce("Comment saved.");
      await refresh();
    }, {
      busy: "Saving…",
      headingLevel: 3,
      check: (values) => (values.body ? {} : { body: ["Write something first."] }),
      onError: reloadWhenStale(refresh, () => listBox.querySelector(`#${id}`)),
    });
    return edit;
  }

  async function remove(comment) {
    const sure = await confirmDelete({
      title: "Delete your comment?",
      text: "Replies to it stay. This can't be undone.",
      confirmLabel: "Delete the comment",
    });
    if (!sure) return;
    try {
      await del(path`/comments/${comment.id}`);
    } catch (error) {
      announce(problemText(error), { tone: "error" });
      return;
    }
    announce("Comment deleted.");
    await refresh();
  }

  function commentItem(comment, replies) {
    const mine = comment.author && ctx.me && comment.author.id === ctx.me.id;
    const editing = state.editing === comment.id;
    return h("li", { class: "comment", id: `comment-${comment.id}` },
      h("p", { class: "comment__meta" }, h("strong", {}, personName(comment.author)),
        comment.created_at ? ` · ${formatDateTime(comment.created_at)}` : "",
        comment.edited_at ? " · edited" : ""),
      aboutOf(comment),
      editing ? editForm(comment) : h("p", { class: "prewrap" }, comment.body),
      editing ? "" : h("div", { class: "item-tools" },
        h("button", { type: "button", class: "button button--small button--secondary",
          "aria-label": `Reply to ${personName(comment.author)}`,
          onclick: () => { state.replyingTo = comment.id; draw(); focusElement(listBox.querySelector(`#reply-${comment.id}`)); },
        }, icon("reply"), " Reply"),
        mine ? itemTools({ name: "your comment",
          onEdit: () => { state.editing = comment.id; draw(); },
          onDelete: () => remove(comment) }) : ""),
      state.replyingTo === comment.id ? replyForm(comment) : "",
      replies.length ? h("ul", { class: "comments comments--replies", role: "list" },
        replies.map((reply) => commentItem(reply, []))) : "");
  }

  function draw() {
    const ids = new Set(state.comments.map((comment) => comment.id));
    const top = state.comments.filter((comment) => !comment.parent_id || !ids.has(comment.parent_id));
    const repliesTo = (comment) => state.comments.filter((reply) => reply.parent_id === comment.id);
    // Replies to replies sit under the first comment of their thread, in time order.
    const thread = (comment) => {
      const all = [];
      const walk = (item) => repliesTo(item).forEach((reply) => { all.push(reply); walk(reply); });
      walk(comment);
      return all.sort((a, b) => a.created_at.localeCompare(b.created_at));
    };
    renderInto(listBox, state.comments.length
      ? h("ul", { class: "comments", role: "list" }, top.map((comment) => commentItem(comment, thread(comment))))
      : h("p", { class: "muted" }, "No comments yet."));
    drawAbout();
  }

  async function refresh() {
    try {
      state.comments = await loadList(ctx, "comments", `${ctx.api}/comments`);
    } catch (error) {
      renderInto(listBox, loadFailed("the comments", error));
      return;
    }
    draw();
  }

  ctx.bus.addEventListener("evidence-loaded", () => draw());
  // While a reply or change is being typed, only the choices: a redraw would lose the words.
  ctx.bus.addEventListener("notes-loaded", () =>
    (state.replyingTo || state.editing ? drawAbout() : draw()));

  return { element, refresh };
}

// ---- History -----------------------------------------------------------------------------------

export function historySection(ctx) {
  const { element, body } = sectionShell("history", words(ctx).historyTitle);
  const movesBox = h("div");
  const activityBox = h("div");
  body.append(movesBox, activityBox);

  function label(name) {
    const found = (ctx.cycle.states || []).find((state) => state.name === name);
    return found ? found.label : name || "the start";
  }

  async function refresh() {
    try {
      const events = await loadList(ctx, "history", `${ctx.api}/history`);
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
      // The most recent entries: the first page, as the page's first read included it.
      const included = takeIncluded(ctx, "activity");
      const { data } = included ? { data: included.items }
        : await getList(path`/teams/${ctx.cycle.team_id}/activity`, { cycle_id: ctx.cycle.id });
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
