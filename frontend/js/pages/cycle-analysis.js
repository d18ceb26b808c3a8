// Analysis: the guiding questions, the team's notes (each showing the evidence it rests on),
// and for members a form to write a note and tick the evidence it cites.

import { del, get, patch, post } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { clearErrors, submitForm } from "../forms.js";
import { path } from "../path.js";
import { announce } from "../status.js";
import {
  loadFailed, loadList, options, personName, problemText, sectionShell, shapeChanged, takeIncluded,
} from "./cycle-common.js";
import {
  confirmDelete, focusElement, ifMatch, itemTools, managesTeam, reloadWhenStale, saveOrCancel,
} from "./cycle-edit.js";
import { EVIDENCE_KINDS, formatDateTime, labelFor } from "./labels.js";
import { noteKinds, words } from "./words.js";

let promptsCache = null;

/** The guiding questions: fetched once per visit to the app (the cycle's read includes them). */
async function loadPrompts(ctx) {
  const included = takeIncluded(ctx, "analysis_prompts");
  if (included && !promptsCache) promptsCache = Promise.resolve(included.items);
  if (!promptsCache) {
    promptsCache = get("/analysis-prompts").then(({ data }) => data || []).catch((error) => {
      promptsCache = null;
      throw error;
    });
  }
  return promptsCache;
}

export function analysisSection(ctx) {
  const say = words(ctx);
  const NOTE_KINDS = noteKinds(ctx);
  const { element, body } = sectionShell("analysis", say.analysisTitle, say.analysisIntro);
  const state = { notes: [], prompts: [], lastShape: null, editing: null };
  const promptsBox = h("div");
  const formBox = h("div");
  const listBox = h("div", { "data-notes-list": "" });
  body.append(promptsBox, listBox, formBox);

  function drawPrompts() {
    renderInto(promptsBox, state.prompts.length
      ? h("section", { class: "prompts", "aria-labelledby": "prompts-heading" },
        h("h3", { id: "prompts-heading" }, "Guiding questions"),
        h("ol", {}, state.prompts.map((prompt) => h("li", {}, prompt.text))))
      : "");
  }

  function evidenceTitle(id) {
    const found = (ctx.evidence || []).find((item) => item.id === id);
    return found ? found.title : "Evidence no longer here";
  }

  function cited(note) {
    if (Array.isArray(note.evidence) && note.evidence.length) return note.evidence;
    return (note.evidence_ids || []).map((id) => ({ id, title: evidenceTitle(id) }));
  }

  function mayChange(note) {
    return ctx.cycle.can_contribute &&
      (managesTeam(ctx) || (note.author && ctx.me && note.author.id === ctx.me.id));
  }

  function drawList() {
    renderInto(listBox, state.notes.length
      ? h("ul", { class: "notes", role: "list" }, state.notes.map((note) =>
        state.editing === note.id ? editItem(note) : noteItem(note)))
      : h("p", { class: "muted" }, "No analysis notes yet."));
  }

  function noteItem(note) {
    const evidence = cited(note);
    const prompt = note.prompt ? state.prompts.find((item) => item.key === note.prompt) : null;
    const kind = labelFor(NOTE_KINDS, note.kind);
    return h("li", { class: "note card", id: `note-${note.id}`, dataset: { noteId: note.id } },
      h("p", { class: "note__meta" },
        h("span", { class: `badge badge--note-${note.kind}` }, kind),
        h("span", {}, `${personName(note.author)}${note.created_at ? `, ${formatDateTime(note.created_at)}` : ""}`)),
      prompt ? h("p", { class: "note__prompt" }, `On: ${prompt.text}`) : "",
      h("p", { class: "note__body" }, note.body),
      evidence.length
        ? h("div", { class: "note__cites" }, h("p", { class: "note__cites-title" }, "Rests on:"),
          h("ul", { class: "tags" }, evidence.map((item) => h("li", {}, item.title))))
        : h("p", { class: "note__cites muted" }, "Cites no evidence yet."),
      mayChange(note) ? itemTools({
        name: `the note “${note.body.slice(0, 40)}”`,
        onEdit: () => { state.editing = note.id; drawList(); focusElement(listBox.querySelector("textarea")); },
        onDelete: () => remove(note),
      }) : "");
  }

  function citeChoices(prefix, checked) {
    const evidence = ctx.evidence || [];
    return evidence.length
      ? evidence.map((item) => h("div", { class: "choice" },
        h("input", { type: "checkbox", id: `${prefix}-${item.id}`, name: "evidence_ids", value: item.id,
          checked: checked.has(item.id) }),
        h("label", { for: `${prefix}-${item.id}` }, item.title,
          h("span", { class: "choice__detail" }, labelFor(EVIDENCE_KINDS, item.kind)))))
      : h("p", { class: "muted" }, "No evidence to cite yet. Add some in the Evidence section.");
  }

  function editItem(note) {
    const prefix = `edit-note-${note.id}`;
    const form = h("form", { class: "form", id: prefix, novalidate: true, "aria-label": "Change the note" });
    form.append(fragment(html`
      <div class="field">
        <label for="${prefix}-kind">Kind of note</label>
        <select id="${prefix}-kind" name="kind">${options(NOTE_KINDS, note.kind)}</select>
      </div>
      <div class="field">
        <label for="${prefix}-body">Note</label>
        <textarea id="${prefix}-body" name="body" rows="3" maxlength="5000">${note.body}</textarea>
      </div>`),
    h("fieldset", { class: "field" }, h("legend", {}, "Evidence it rests on"),
      h("div", { class: "checks" }, citeChoices(`${prefix}-cite`, new Set(cited(note).map((item) => item.id))))),
    saveOrCancel(() => { state.editing = null; drawList(); }));
    submitForm(form, async (values) => {
      const evidenceIds = [...form.querySelectorAll('input[name="evidence_ids"]:checked')].map((box) => box.value);
      await patch(path`/notes/${note.id}`,
        { kind: values.kind, body: values.body, evidence_ids: evidenceIds }, ifMatch(note));
      state.editing = null;
      announce("Note saved.");
      await loadNotes();
      await ctx.changed("notes");
    }, {
      busy: "Saving…",
      headingLevel: 3,
      check: (values) => (values.body ? {} : { body: ["Write the note."] }),
      onError: reloadWhenStale(loadNotes, () => listBox.querySelector(`#${prefix}`)),
    });
    return h("li", { class: "note card card--editing", id: `note-${note.id}` }, form);
  }

  async function remove(note) {
    const sure = await confirmDelete({
      title: "Delete this note?",
      text: "It leaves the analysis. The cycle's history keeps a line saying you deleted it.",
      confirmLabel: "Delete the note",
    });
    if (!sure) return;
    try {
      await del(path`/notes/${note.id}`);
    } catch (error) {
      announce(problemText(error), { tone: "error" });
      return;
    }
    announce("Note deleted.");
    await loadNotes();
    await ctx.changed("notes");
    focusElement(element.querySelector("h2"));
  }

  function noteForm() {
    const section = h("section", { class: "card", "aria-labelledby": "add-note-heading" });
    section.append(fragment(html`
      <h3 id="add-note-heading">Write a note</h3>
      <form class="form" id="note-form" novalidate>
        <div class="field-row">
          <div class="field">
            <label for="note-kind">Kind of note</label>
            <select id="note-kind" name="kind">${options(NOTE_KINDS, "observation")}</select>
          </div>
          <div class="field" data-prompt-field>
            <label for="note-prompt">Guiding question it answers (optional)</label>
            <select id="note-prompt" name="prompt"></select>
          </div>
        </div>
        <div class="field">
          <label for="note-body">Note</label>
          <textarea id="note-body" name="body" rows="3" maxlength="5000"></textarea>
        </div>
        <fieldset class="field" id="note-evidence">
          <legend>Evidence it rests on</legend>
          <p class="hint">Tick each piece of evidence this note comes from.</p>
          <div class="checks" data-evidence-choices></div>
        </fieldset>
        <button type="submit" class="button">Add note</button>
      </form>`));
    const form = section.querySelector("form");
    submitForm(form, async (values) => {
      const evidenceIds = [...form.querySelectorAll('input[name="evidence_ids"]:checked')].map((box) => box.value);
      const data = { kind: values.kind, body: values.body, evidence_ids: evidenceIds };
      if (values.prompt) data.prompt = values.prompt;
      await post(`${ctx.api}/notes`, data);
      clearErrors(form);
      form.elements.body.value = "";
      form.querySelectorAll('input[name="evidence_ids"]').forEach((box) => { box.checked = false; });
      announce(evidenceIds.length ? "Note added, citing its evidence." : "Note added.");
      await loadNotes();
      await ctx.changed("notes");
    }, {
      busy: "Adding…",
      headingLevel: 4,
      check: (values) => (values.body ? {} : { body: ["Write the note."] }),
    });
    return section;
  }

  function drawChoices() {
    const form = formBox.querySelector("form");
    if (!form) return;
    const box = form.querySelector("[data-evidence-choices]");
    const checked = new Set([...box.querySelectorAll("input:checked")].map((input) => input.value));
    renderInto(box, citeChoices("cite", checked));
    const prompt = form.elements.prompt;
    const current = prompt.value;
    renderInto(prompt, html`<option value="">None in particular</option>${state.prompts.map((item) => html`
      <option value="${item.key}" ${item.key === current ? "selected" : ""}>${item.text}</option>`)}`);
    form.querySelector("[data-prompt-field]").hidden = !state.prompts.length;
  }

  async function loadNotes() {
    try {
      state.notes = await loadList(ctx, "notes", `${ctx.api}/notes`);
    } catch (error) {
      renderInto(listBox, loadFailed("the notes", error));
      return;
    }
    drawList();
    ctx.notes = state.notes; // comments may be about one note
    ctx.bus.dispatchEvent(new CustomEvent("notes-loaded"));
  }

  async function refresh() {
    if (shapeChanged(state, String(ctx.cycle.can_contribute))) {
      renderInto(formBox, ctx.cycle.can_contribute ? noteForm() : "");
    }
    try {
      state.prompts = await loadPrompts(ctx);
    } catch {
      state.prompts = [];
    }
    drawPrompts();
    drawChoices();
    await loadNotes();
  }

  // New evidence shows up as a choice to cite straight away, and titles in the list update.
  ctx.bus.addEventListener("evidence-loaded", () => {
    drawChoices();
    drawList();
  });

  return { element, refresh };
}
