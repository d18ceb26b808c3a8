// Course link: which courses of the school's learning platform (Canvas, Moodle, …) open this
// team, filling the team from a course's member list, and linking or unlinking a course.
// For the team's teachers and the school's admins; the API is /teams/{id}/lti/courses and
// /organizations/{id}/lti/platforms/{id}/courses/{context_id} (docs/integrating.md, LTI).

import { ApiError, del, get, getAll, post, put } from "../api.js";
import { focusElement, fragment, h, html, render as renderInto } from "../dom.js";
import { setBusy } from "../forms.js";
import { announce } from "../status.js";
import { breadcrumbs } from "../relationships/common.js";
import { plural } from "./labels.js";
import { path } from "../path.js";

const TROUBLE = "That didn't work. Please try again.";

export async function render({ params }) {
  const teamApi = path`/teams/${params.teamId}`;
  const coursesApi = `${teamApi}/lti/courses`;
  const [{ data: team }, linked, others] = await Promise.all([
    get(teamApi),
    getAll(coursesApi),
    getAll(coursesApi, { others: true }),
  ]);
  const state = { linked, others };

  const content = fragment(html`
    ${breadcrumbs(team, [], "Course link")}
    <h1>Course link</h1>
    <p class="lead">When someone opens this app from a course in your learning platform (Canvas,
      Moodle and others), the course's link decides which team they land in.</p>
    <section aria-labelledby="linked-heading">
      <h2 id="linked-heading" class="section-title" tabindex="-1">Courses that open ${team.name}</h2>
      <div data-linked></div>
    </section>
    <section aria-labelledby="others-heading">
      <h2 id="others-heading" class="section-title">Link another course</h2>
      <div data-others></div>
    </section>
    ${confirmDialog()}
  `);
  const linkedBox = content.querySelector("[data-linked]");
  const othersBox = content.querySelector("[data-others]");
  const dialog = content.querySelector("dialog");

  function courseName(course) {
    return course.title || `Course ${course.context_id}`;
  }

  function courseApi(course) {
    return path`/organizations/${team.organization_id}/lti/platforms/${course.platform_id}/courses/${course.context_id}`;
  }

  function draw() {
    renderInto(linkedBox, state.linked.length
      ? h("ul", { class: "card-grid", role: "list" }, state.linked.map(linkedCourse))
      : h("p", { class: "muted" }, "No course opens this team yet. Open the app once from your "
        + "course in your learning platform, then link the course here."));
    renderInto(othersBox, state.others.length
      ? [
        h("p", { class: "hint" }, "These courses open another team of yours now. Link one here and "
          + "its next visitors land in this team instead."),
        h("ul", { class: "card-grid", role: "list" }, state.others.map(otherCourse)),
      ]
      : h("p", { class: "muted" }, "No other courses yet. Open the app once from your course in "
        + "your learning platform; it shows here then."));
  }

  function linkedCourse(course) {
    const name = courseName(course);
    const result = h("div", { class: "course-result", role: "status" });
    const fill = course.can_fill
      ? h("button", {
        type: "button",
        class: "button",
        onclick: (event) => fillTeam(course, event.currentTarget, result),
      }, "Fill the team from this course", h("span", { class: "visually-hidden" }, ` (${name})`))
      : h("p", { class: "hint" }, "To fill the team from this course, your school's admin turns "
        + "on Names and Role Provisioning for the app, then you open the app from the course once.");
    return h("li", { class: "card" },
      h("h3", {}, name),
      h("p", { class: "muted" }, `On ${course.platform_name}`),
      course.can_fill
        ? h("p", { class: "hint" }, "Filling adds the course's teachers and students to the team. "
          + "People who left the course leave the team; people you added yourself stay.")
        : "",
      fill,
      result,
      h("p", {}, h("button", {
        type: "button",
        class: "button button--small button--danger-quiet",
        onclick: (event) => confirmUnlink(course, event.currentTarget),
      }, "Unlink", h("span", { class: "visually-hidden" }, ` ${name} from ${team.name}`))));
  }

  function otherCourse(course) {
    const name = courseName(course);
    return h("li", { class: "card" },
      h("h3", {}, name),
      h("p", { class: "muted" }, `On ${course.platform_name}. Opens ${course.team_name} now.`),
      h("button", {
        type: "button",
        class: "button button--secondary",
        onclick: (event) => link(course, event.currentTarget),
      }, `Link to ${team.name}`, h("span", { class: "visually-hidden" }, ` (${name})`)));
  }

  async function reload() {
    [state.linked, state.others] = await Promise.all([
      getAll(coursesApi), getAll(coursesApi, { others: true }),
    ]);
    draw();
  }

  function showError(button, error) {
    const card = button.closest(".card");
    card.querySelectorAll(".row-error").forEach((old) => old.remove());
    card.append(h("p", { class: "field-error row-error", role: "alert" },
      error instanceof ApiError ? error.detail : TROUBLE));
    button.focus();
  }

  async function fillTeam(course, button, result) {
    setBusy(button, true, "Reading the course list…");
    let report;
    try {
      ({ data: report } = await post(`${courseApi(course)}/provision`));
    } catch (error) {
      setBusy(button, false);
      showError(button, error);
      return;
    }
    setBusy(button, false);
    renderInto(result, fillReport(report));
    button.focus();
  }

  async function link(course, button) {
    setBusy(button, true, "Linking…");
    try {
      await put(courseApi(course), { team_id: team.id });
    } catch (error) {
      setBusy(button, false);
      showError(button, error);
      return;
    }
    await reload();
    announce(`${courseName(course)} now opens ${team.name}.`);
    focusElement(document.querySelector("#linked-heading"));
  }

  // Resolves true when the teacher confirms; Cancel or Escape resolves false.
  function confirmFirst(course) {
    renderInto(dialog.querySelector("[data-title]"), `Unlink ${courseName(course)}?`);
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.onclose = () => resolve(dialog.returnValue === "confirm");
      dialog.showModal();
    });
  }

  async function confirmUnlink(course, button) {
    if (!(await confirmFirst(course))) return button.focus();
    setBusy(button, true, "Unlinking…");
    try {
      await del(courseApi(course));
    } catch (error) {
      setBusy(button, false);
      showError(button, error);
      return;
    }
    await reload();
    announce(`${courseName(course)} no longer opens ${team.name}.`);
    focusElement(document.querySelector("#linked-heading"));
  }

  draw();
  return { title: `Course link · ${team.name}`, content };
}

/** What filling the team did, in plain words. */
export function fillReport(report) {
  const lines = [];
  lines.push(report.joined
    ? `${plural(report.joined, "person", "people")} joined the team.`
    : "Nobody new joined the team.");
  if (report.already) lines.push(`${plural(report.already, "person was", "people were")} already on it.`);
  if (report.left) {
    lines.push(`${plural(report.left, "person", "people")} left the team: no longer in the course. `
      + "Their work stays.");
  }
  if (report.stayed) {
    lines.push(`${plural(report.stayed, "person stays", "people stay")} although no longer in the `
      + "course: you, or the team's last teacher.");
  }
  if (report.skipped) {
    lines.push(`${plural(report.skipped, "person was", "people were")} left out: not active in the `
      + "course, or a course role with no place in a team.");
  }
  if (!report.whole_list) {
    lines.push("The course list was too long to read in full, so nobody was taken off.");
  }
  return h("div", { class: "notice" }, lines.map((line) => h("p", {}, line)));
}

function confirmDialog() {
  return html`
    <dialog class="dialog" aria-labelledby="unlink-title" aria-describedby="unlink-text">
      <form method="dialog">
        <h2 id="unlink-title" data-title></h2>
        <p id="unlink-text">People who open the app from that course will no longer land in this
          team. Everyone on the team stays, and so does its work. You can link the course again
          after someone opens the app from it.</p>
        <div class="dialog__buttons">
          <button type="submit" class="button button--danger" value="confirm">Unlink</button>
          <button type="submit" class="button button--secondary" value="cancel" autofocus>Cancel</button>
        </div>
      </form>
    </dialog>`;
}
