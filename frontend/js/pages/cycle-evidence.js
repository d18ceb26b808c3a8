// The cycle's evidence: a list filtered by kind (with image previews, downloads, texts and
// links), and for members a form that uploads files (drop them, or choose them with the
// file input: both work with a keyboard), writes a text or saves a link.

import { del, get, patch, post, upload } from "../api.js";
import { fragment, h, html, render as renderInto, uniqueId } from "../dom.js";
import { FormProblems, submitForm } from "../forms.js";
import { path } from "../path.js";
import { announce } from "../status.js";
import {
  loadFailed, loadList, options, personName, problemText, sectionShell, shapeChanged,
} from "./cycle-common.js";
import {
  confirmDelete, focusElement, ifMatch, itemTools, managesTeam, reloadWhenStale, saveOrCancel,
} from "./cycle-edit.js";
import { words } from "./words.js";
import {
  EVIDENCE_GROUPS, EVIDENCE_KINDS, fileSize, formatDate, formatDateTime, labelFor, plural,
} from "./labels.js";

const PREVIEWABLE = /^(image|audio)\/|^application\/pdf$/;

export function evidenceSection(ctx) {
  const say = words(ctx);
  const { element, body } = sectionShell("evidence", say.evidenceTitle, say.evidenceIntro);
  const state = { items: [], kind: "", lastShape: null, editing: null };
  const formBox = h("div");
  const filterBox = h("div", { class: "filter-row", hidden: true });
  const listBox = h("div", { "data-evidence-list": "" });
  body.append(filterBox, listBox, formBox);
  ctx.evidence = state.items;

  const filter = h("select", { id: "evidence-filter", onchange: () => { state.kind = filter.value; drawList(); } });
  filterBox.append(h("label", { for: "evidence-filter" }, "Show"), filter,
    h("p", { class: "hint filter-row__count", role: "status", "data-evidence-count": "" }));

  function drawFilter() {
    const present = new Set(state.items.map((item) => item.kind));
    if (state.kind && !present.has(state.kind)) state.kind = "";
    renderInto(filter, html`<option value="">All kinds (${state.items.length})</option>
      ${EVIDENCE_KINDS.filter((kind) => present.has(kind.value)).map((kind) => html`
        <option value="${kind.value}" ${kind.value === state.kind ? "selected" : ""}>${kind.label}
          (${state.items.filter((item) => item.kind === kind.value).length})</option>`)}`);
    filterBox.hidden = state.items.length === 0;
  }

  function drawList() {
    const shown = state.kind ? state.items.filter((item) => item.kind === state.kind) : state.items;
    filterBox.querySelector("[data-evidence-count]").textContent = state.kind
      ? `Showing ${plural(shown.length, "piece")} of ${labelFor(EVIDENCE_KINDS, state.kind).toLowerCase()} evidence.`
      : "";
    renderInto(listBox, shown.length
      ? h("ul", { class: "evidence-list", role: "list" }, shown.map((item) => (state.editing === item.id
        ? editItem(item)
        : evidenceItem(item, mayChange(item) ? {
          onEdit: () => { state.editing = item.id; drawList(); focusElement(listBox.querySelector(`#edit-evidence-${item.id} input`)); },
          onDelete: () => remove(item),
        } : {}))))
      : h("p", { class: "muted" }, ctx.cycle.can_contribute
        ? "No evidence yet. Add the first piece below."
        : "No evidence yet."));
  }

  async function refresh() {
    if (shapeChanged(state, String(ctx.cycle.can_contribute))) {
      renderInto(formBox, ctx.cycle.can_contribute ? addEvidenceForm(ctx, afterAdd) : "");
    }
    try {
      const items = await loadList(ctx, "evidence", `${ctx.api}/evidence`);
      state.items.splice(0, state.items.length, ...items);
    } catch (error) {
      renderInto(listBox, loadFailed("the evidence", error));
      return;
    }
    drawFilter();
    drawList();
    ctx.bus.dispatchEvent(new CustomEvent("evidence-loaded"));
  }

  function mayChange(item) {
    return ctx.cycle.can_contribute &&
      (managesTeam(ctx) || (item.added_by && ctx.me && item.added_by.id === ctx.me.id));
  }

  function stopEditing(item) {
    state.editing = null;
    drawList();
    focusElement(listBox.querySelector(`[data-evidence-id="${item.id}"] h3`));
  }

  function replaceItem(data) {
    const index = state.items.findIndex((item) => item.id === data.id);
    if (index >= 0) state.items[index] = data;
  }

  function editItem(item) {
    const prefix = `edit-evidence-${item.id}`;
    const form = h("form", { class: "form", id: prefix, novalidate: true,
      "aria-label": `Change “${item.title}”` });
    form.append(fragment(html`
      <div class="field">
        <label for="${prefix}-title">Title</label>
        <input id="${prefix}-title" name="title" type="text" maxlength="200" value="${item.title}">
      </div>
      <div class="field-row">
        <div class="field">
          <label for="${prefix}-kind">Kind</label>
          <select id="${prefix}-kind" name="kind">${options(EVIDENCE_KINDS, item.kind)}</select>
        </div>
        <div class="field">
          <label for="${prefix}-tags">Tags</label>
          <p class="hint" id="${prefix}-tags-hint">Separate them with commas.</p>
          <input id="${prefix}-tags" name="tags" type="text" value="${(item.tags || []).join(", ")}"
            aria-describedby="${prefix}-tags-hint">
        </div>
      </div>
      ${item.has_file ? html`
        <div class="field">
          <label for="${prefix}-file">Put another file in its place (optional)</label>
          <p class="hint" id="${prefix}-file-hint">Now: ${item.original_name}. The old file is deleted.</p>
          <input id="${prefix}-file" name="file" type="file" aria-describedby="${prefix}-file-hint">
        </div>` : ""}`), saveOrCancel(() => stopEditing(item)));
    submitForm(form, async (values) => {
      const tags = (values.tags || "").split(",").map((tag) => tag.trim()).filter(Boolean);
      const itemPath = path`/evidence/${item.id}`;
      let { data } = await patch(itemPath, { title: values.title, kind: values.kind, tags }, ifMatch(item));
      const file = form.elements.file && form.elements.file.files[0];
      if (file) {
        const body = new FormData();
        body.append("file", file);
        ({ data } = await upload(`${itemPath}/file`, body, { method: "PUT", ...ifMatch(data) }));
      }
      replaceItem(data);
      announce(`“${values.title}” saved.`);
      stopEditing(item);
      ctx.bus.dispatchEvent(new CustomEvent("evidence-loaded"));
    }, {
      busy: "Saving…",
      headingLevel: 3,
      check: (values) => (values.title ? {} : { title: ["Give it a short title."] }),
      onError: reloadWhenStale(async () => {
        replaceItem((await get(path`/evidence/${item.id}`)).data);
        drawList();
      }, () => listBox.querySelector(`#${prefix}`)),
    });
    return h("li", { class: "evidence-item card card--editing", dataset: { evidenceId: item.id } }, form);
  }

  async function remove(item) {
    const sure = await confirmDelete({
      title: `Delete “${item.title}”?`,
      text: item.has_file
        ? "Its file is deleted from storage too, and notes stop citing it. This can't be undone."
        : "Notes stop citing it. This can't be undone.",
      confirmLabel: "Delete the evidence",
    });
    if (!sure) return;
    try {
      await del(path`/evidence/${item.id}`);
    } catch (error) {
      announce(problemText(error), { tone: "error" });
      return;
    }
    announce(`“${item.title}” deleted.`);
    await afterAdd();
    focusElement(element.querySelector("h2"));
  }

  async function afterAdd() {
    await refresh();
    await ctx.changed("evidence");
  }

  return { element, refresh };
}

function evidenceItem(item, { onEdit = null, onDelete = null } = {}) {
  const previewUrl = item.download_url ? `${item.download_url}?inline=1` : null;
  const type = item.content_type || "";
  let preview = "";
  if (item.has_file && previewUrl && type.startsWith("image/")) {
    preview = h("img", { class: "evidence-item__preview", src: previewUrl, alt: `Preview of ${item.title}`, loading: "lazy" });
  } else if (item.has_file && previewUrl && type.startsWith("audio/")) {
    preview = h("audio", { class: "evidence-item__audio", controls: true, preload: "none", src: previewUrl,
      "aria-label": `Play ${item.title}` });
  }
  const meta = [
    h("span", { class: "badge badge--kind" }, labelFor(EVIDENCE_KINDS, item.kind)),
    item.group ? h("span", {}, `${EVIDENCE_GROUPS[item.group] || item.group} evidence`) : "",
    item.student_voice ? h("span", { class: "badge badge--student" }, "Student voice") : "",
  ];
  return h("li", { class: "evidence-item card", id: `evidence-${item.id}`, dataset: { evidenceId: item.id } },
    preview ? h("div", { class: "evidence-item__media" }, preview) : "",
    h("div", { class: "evidence-item__body" },
      h("h3", { class: "evidence-item__title" }, item.title),
      h("p", { class: "evidence-item__meta" }, meta),
      item.description ? h("p", {}, item.description) : "",
      item.text ? h("blockquote", { class: "evidence-item__text" }, item.text) : "",
      item.url ? h("p", {}, h("a", { href: item.url, rel: "noopener noreferrer", target: "_blank", "data-external": "" },
        item.url, h("span", { class: "visually-hidden" }, " (opens in a new tab)"))) : "",
      item.has_file && item.download_url
        ? h("p", { class: "evidence-item__file" },
          h("a", { href: item.download_url, download: item.original_name || "" },
            `Download ${item.original_name || "the file"}`),
          item.size !== null && item.size !== undefined ? ` (${fileSize(item.size)})` : "",
          previewUrl && PREVIEWABLE.test(type) && !type.startsWith("image/") && !type.startsWith("audio/")
            ? [" · ", h("a", { href: previewUrl, target: "_blank", rel: "noopener", "data-external": "" },
              "Open it", h("span", { class: "visually-hidden" }, " (opens in a new tab)"))]
            : "")
        : "",
      item.tags && item.tags.length
        ? h("ul", { class: "tags", "aria-label": "Tags" }, item.tags.map((tag) => h("li", {}, tag)))
        : "",
      h("p", { class: "evidence-item__by" },
        `Added by ${personName(item.added_by)}`,
        item.created_at ? ` on ${formatDateTime(item.created_at)}` : "",
        item.collected_on ? ` · collected ${formatDate(item.collected_on)}` : ""),
      itemTools({ name: `“${item.title}”`, onEdit, onDelete })));
}

// ---- Adding evidence ---------------------------------------------------------------------

const MODES = [
  { value: "file", label: "Upload files", submit: "Upload evidence", kind: "student_work" },
  { value: "text", label: "Write it down", submit: "Add evidence", kind: "observation" },
  { value: "link", label: "Save a link", submit: "Add link", kind: "link" },
];

function addEvidenceForm(ctx, afterAdd) {
  const section = h("section", { class: "card add-evidence", "aria-labelledby": "add-evidence-heading" });
  section.append(fragment(html`
    <h3 id="add-evidence-heading">Add evidence</h3>
    <form class="form" id="evidence-form" novalidate>
      <fieldset class="field">
        <legend>What are you adding?</legend>
        <div class="radios">${MODES.map((mode, index) => html`
          <div class="choice">
            <input type="radio" id="evidence-mode-${mode.value}" name="mode" value="${mode.value}" ${index === 0 ? "checked" : ""}>
            <label for="evidence-mode-${mode.value}">${mode.label}</label>
          </div>`)}</div>
      </fieldset>
      <div class="field" data-mode="file">
        <label for="evidence-files">Files to upload</label>
        <div class="dropzone input-wrap" data-dropzone>
          <p class="dropzone__text" id="evidence-files-hint">Drag files here, or choose them.
            Photos, scans, audio, PDFs and documents up to 50 MB.</p>
          <input type="file" id="evidence-files" name="file" multiple aria-describedby="evidence-files-hint">
          <p class="dropzone__chosen" data-chosen role="status"></p>
        </div>
      </div>
      <div class="field" data-mode="text" hidden>
        <label for="evidence-text">What did you see, hear or collect?</label>
        <textarea id="evidence-text" name="text" rows="4" maxlength="20000"></textarea>
      </div>
      <div class="field" data-mode="link" hidden>
        <label for="evidence-url">Link</label>
        <p class="hint" id="evidence-url-hint">Starts with https:// — a shared document, a video, a survey’s results.</p>
        <input id="evidence-url" name="url" type="url" inputmode="url" maxlength="2000" aria-describedby="evidence-url-hint">
      </div>
      <div class="field-row">
        <div class="field">
          <label for="evidence-title" data-title-label>Title (optional)</label>
          <p class="hint" id="evidence-title-hint" data-title-hint>We use the file name if you leave it empty.</p>
          <input id="evidence-title" name="title" type="text" maxlength="200" aria-describedby="evidence-title-hint">
        </div>
        <div class="field">
          <label for="evidence-kind">Kind of evidence</label>
          <select id="evidence-kind" name="kind">${options(EVIDENCE_KINDS, "student_work")}</select>
        </div>
      </div>
      <div class="field" data-description>
        <label for="evidence-description">Description (optional)</label>
        <textarea id="evidence-description" name="description" rows="2" maxlength="5000"></textarea>
      </div>
      <div class="field-row">
        <div class="field">
          <label for="evidence-tags">Tags (optional)</label>
          <p class="hint" id="evidence-tags-hint">Separate them with commas, e.g. “period 3, fractions”.</p>
          <input id="evidence-tags" name="tags" type="text" maxlength="500" aria-describedby="evidence-tags-hint">
        </div>
        <div class="field">
          <label for="evidence-collected">Collected on (optional)</label>
          <input id="evidence-collected" name="collected_on" type="date">
        </div>
      </div>
      <div class="choice">
        <input type="checkbox" id="evidence-voice" name="student_voice" value="true">
        <label for="evidence-voice">It carries students’ own words or views (student voice)</label>
      </div>
      <button type="submit" class="button" data-submit>Upload evidence</button>
    </form>
    <ul class="uploads" role="list" aria-label="Uploads" data-uploads hidden></ul>`));

  const form = section.querySelector("form");
  const fileInput = form.elements.file;
  const zone = section.querySelector("[data-dropzone]");
  const chosen = section.querySelector("[data-chosen]");
  const uploads = section.querySelector("[data-uploads]");
  const submit = form.querySelector("[data-submit]");
  const kindSelect = form.elements.kind;
  let kindTouched = false;
  kindSelect.addEventListener("change", () => { kindTouched = true; });

  function mode() {
    return form.querySelector('input[name="mode"]:checked').value;
  }

  function showMode() {
    const current = MODES.find((item) => item.value === mode());
    form.querySelectorAll("[data-mode]").forEach((box) => { box.hidden = box.dataset.mode !== current.value; });
    form.querySelector("[data-description]").hidden = current.value === "text";
    submit.textContent = current.submit;
    const titleLabel = form.querySelector("[data-title-label]");
    const titleHint = form.querySelector("[data-title-hint]");
    titleLabel.textContent = current.value === "file" ? "Title (optional)" : "Title";
    titleHint.textContent = current.value === "file" ? "We use the file name if you leave it empty." : "";
    if (!kindTouched) kindSelect.value = current.kind;
  }
  form.querySelectorAll('input[name="mode"]').forEach((radio) => radio.addEventListener("change", showMode));

  function describeChosen() {
    const files = [...fileInput.files];
    chosen.textContent = files.length
      ? `${files.length === 1 ? "Ready to upload" : `${files.length} files ready to upload`}: ` +
        `${files.map((file) => `${file.name} (${fileSize(file.size)})`).join(", ")}.`
      : "";
    if (files.length && !kindTouched) {
      const allImages = files.every((file) => file.type.startsWith("image/"));
      const allAudio = files.every((file) => file.type.startsWith("audio/"));
      kindSelect.value = allImages ? "photo" : allAudio ? "audio" : "student_work";
    }
  }
  fileInput.addEventListener("change", describeChosen);

  // Dropping files anywhere on the zone puts them in the file input, so the same Upload
  // button (and the same keyboard path) sends them.
  ["dragenter", "dragover"].forEach((type) => zone.addEventListener(type, (event) => {
    event.preventDefault();
    zone.classList.add("is-dragging");
  }));
  ["dragleave", "drop"].forEach((type) => zone.addEventListener(type, () => zone.classList.remove("is-dragging")));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    const files = event.dataTransfer ? [...event.dataTransfer.files] : [];
    if (!files.length) return;
    const transfer = new DataTransfer();
    files.forEach((file) => transfer.items.add(file));
    fileInput.files = transfer.files;
    form.querySelector("#evidence-mode-file").checked = true;
    showMode();
    describeChosen();
    fileInput.focus();
  });

  function common(values) {
    const data = { kind: values.kind };
    if (values.title) data.title = values.title;
    if (values.description && mode() !== "text") data.description = values.description;
    if (values.collected_on) data.collected_on = values.collected_on;
    const tags = (values.tags || "").split(",").map((tag) => tag.trim()).filter(Boolean);
    if (tags.length) data.tags = tags;
    data.student_voice = values.student_voice === "true";
    return data;
  }

  function uploadRow(file) {
    const nameId = uniqueId("upload");
    const progress = h("progress", { max: "1", value: "0", "aria-labelledby": nameId });
    const status = h("span", { class: "upload__status" }, "Waiting…");
    const row = h("li", { class: "upload" },
      h("span", { class: "upload__name", id: nameId }, `Uploading ${file.name}`), progress, status);
    uploads.hidden = false;
    uploads.append(row);
    return { row, progress, status, nameId };
  }

  // Files go one by one, each with its own progress bar; one that fails does not stop the rest.
  async function sendFiles(values) {
    const files = [...fileInput.files];
    const data = common(values);
    let done = 0;
    const failures = [];
    for (const file of files) {
      const { row, progress, status } = uploadRow(file);
      const formData = new FormData();
      formData.append("file", file, file.name);
      formData.append("kind", data.kind);
      formData.append("title", files.length === 1 && data.title ? data.title : file.name.replace(/\.[^.]+$/, "") || file.name);
      if (data.description) formData.append("description", data.description);
      if (data.collected_on) formData.append("collected_on", data.collected_on);
      if (data.tags) formData.append("tags", data.tags.join(","));
      formData.append("student_voice", data.student_voice ? "true" : "false");
      status.textContent = "Uploading…";
      try {
        await upload(`${ctx.api}/evidence`, formData, {
          onProgress: (fraction) => {
            progress.value = fraction;
            status.textContent = fraction >= 1 ? "Saving…" : `${Math.round(fraction * 100)}%`;
          },
        });
        progress.value = 1;
        status.textContent = "Uploaded";
        row.classList.add("upload--done");
        row.querySelector(".upload__name").textContent = file.name;
        done += 1;
      } catch (error) {
        row.classList.add("upload--failed");
        row.querySelector(".upload__name").textContent = file.name;
        status.textContent = `Not uploaded: ${problemText(error)}`;
        failures.push(`${file.name}: ${problemText(error)}`);
      }
    }
    if (done) {
      fileInput.value = "";
      chosen.textContent = "";
      form.elements.title.value = "";
      form.elements.description.value = "";
    }
    announce(done
      ? `${done === 1 ? "1 file" : `${done} files`} uploaded.${failures.length ? ` ${failures.length} didn't upload.` : ""}`
      : "Nothing was uploaded.", { tone: failures.length ? "error" : "info" });
    if (done) await afterAdd();
    if (failures.length) throw new FormProblems({ file: failures });
  }

  async function sendOther(values) {
    const data = common(values);
    if (mode() === "text") data.text = values.text;
    else data.url = values.url;
    await post(`${ctx.api}/evidence`, data);
    ["title", "text", "url", "description", "tags"].forEach((name) => { form.elements[name].value = ""; });
    announce(`Evidence “${data.title}” added.`);
    await afterAdd();
  }

  function problems(values) {
    const which = mode();
    const missing = {};
    if (which === "file") {
      if (!fileInput.files.length) missing.file = ["Choose a file to upload, or drop one on the box."];
      return missing;
    }
    if (!values.title) missing.title = ["Give it a short title."];
    if (which === "text" && !values.text) missing.text = ["Write down what you saw, heard or collected."];
    if (which === "link" && !/^https?:\/\/\S+$/i.test(values.url || "")) {
      missing.url = ["Paste a link that starts with http:// or https://."];
    }
    return missing;
  }

  submitForm(form, (values) => (mode() === "file" ? sendFiles(values) : sendOther(values)), {
    busy: () => (mode() === "file" ? "Uploading…" : "Adding…"),
    headingLevel: 4,
    check: problems,
  });

  return section;
}
