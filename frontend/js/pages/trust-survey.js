// Answering a trust survey: twelve statements scored 1 (not evident) to 5 (consistently
// evident) and an optional comment, in the adults' words (the seed's) or the students' own.
// Built for phones: one column, big tap targets, the scale spelled out on every choice.

import { ApiError, get, post } from "../api.js";
import { focusElement, fragment, h, html } from "../dom.js";
import { clearErrors, showErrors, submitForm } from "../forms.js";
import { announce } from "../status.js";
import { breadcrumbs, formatDate, trustPath } from "../trust/common.js";
import { path } from "../path.js";

const SCALE = [
  [1, "Not evident"],
  [2, "Rarely"],
  [3, "Sometimes"],
  [4, "Often"],
  [5, "Consistently"],
];

export async function render({ params }) {
  const surveyPath = path`/trust-surveys/${params.surveyId}`;
  const { data: survey } = await get(surveyPath);
  const version = survey.my_version || "adult";
  const [{ data: questions }, { data: team }] = await Promise.all([
    get(path`/trust-questions?version=${version}`),
    get(path`/teams/${survey.team_id}`),
  ]);
  const resultsLink = html`<a href="${surveyPath}/results">See the results</a>`;

  const content = fragment(html`
    ${breadcrumbs(team, survey.period)}
    <h1>Trust survey: ${survey.period}</h1>
    <p class="lead">${version === "student"
      ? "How true is each of these in our team? Pick 1 (not evident) to 5 (consistently evident)."
      : "How evident is each of these in our team? Score each from 1 (not evident) to 5 (consistently evident)."}</p>
    <p class="muted">Open ${formatDate(survey.opens_on)} to ${formatDate(survey.closes_on)}.
      Your answers are locked away until the round closes. Then everyone's answers are counted
      together and only the totals are kept. Results appear only if at least
      ${survey.min_responses} people answered.</p>
    <div data-body></div>
  `);
  const body = content.querySelector("[data-body]");

  function thanks(message) {
    body.replaceChildren(fragment(html`
      <div class="card trust-done" tabindex="-1">
        <h2>${message}</h2>
        <p>No one — not your teachers, coaches or admins — can see which answers are yours.</p>
        <p>${resultsLink} · <a href="${trustPath(team.id)}">Back to relational trust</a></p>
      </div>`));
  }

  if (survey.i_have_answered) {
    thanks("You have answered this survey. Thank you!");
  } else if (!survey.can_answer) {
    const why = survey.status === "scheduled"
      ? `This survey opens on ${formatDate(survey.opens_on)}.`
      : survey.status === "closed"
        ? "This survey has closed, so it no longer takes answers."
        : survey.my_version && !survey.i_am_eligible
          ? "You joined the team after this round opened, so you can answer the next one."
          : "Only members of the team answer its trust survey.";
    body.replaceChildren(fragment(html`<p class="card">${why} ${resultsLink}</p>`));
  } else {
    body.replaceChildren(surveyForm(questions, version));
    wire(body.querySelector("form"));
  }

  function wire(form) {
    const items = questions.flatMap((component) => component.items);
    submitForm(form, async (values) => {
      const answers = Object.fromEntries(items.map((item) => [item.key, Number(values[item.key])]));
      await post(`${surveyPath}/responses`, { answers, comment: values.comment || null });
      clearErrors(form);
      thanks("Thank you — your answers are in.");
      announce("Your answers are in. Thank you!");
      focusElement(body.querySelector(".trust-done"));
    }, {
      busy: "Sending…",
      check: (values) => Object.fromEntries(items.filter((item) => !values[item.key])
        // Each message names its statement: a list of identical lines says nothing.
        .map((item) => [item.key, [`Choose a score from 1 to 5 for “${item.prompt}”`]])),
      fieldNames: Object.fromEntries(items.map((item) => [`answers.${item.key}`, item.key])),
      onError: (error) => {
        if (!(error instanceof ApiError && error.status === 409)) return false;
        showErrors(form, { message: error.detail }); // answered already, in another tab
        return true;
      },
    });
  }

  return { title: `Trust survey: ${survey.period}`, content };
}

function surveyForm(questions, version) {
  const form = h("form", { class: "form trust-survey", id: "trust-survey-form", novalidate: true });
  for (const component of questions) {
    const section = h("fieldset", { class: "trust-component" },
      h("legend", {}, h("span", { class: "trust-component__name" }, component.label)),
      h("p", { class: "trust-component__definition" }, component.definition),
      version === "student"
        ? h("p", { class: "hint trust-component__student" }, `In other words: ${component.student_definition}`)
        : "",
      h("p", { class: "hint trust-scale-key", "aria-hidden": "true" },
        "1 = not evident … 5 = consistently evident"));
    for (const item of component.items) {
      const promptId = `${item.key}-prompt`;
      section.append(h("fieldset", { class: "field trust-item" },
        h("legend", { id: promptId, class: "trust-item__prompt" }, item.prompt),
        h("div", { class: "trust-scale" }, SCALE.map(([score, label]) => {
          const inputId = `${item.key}-${score}`;
          return h("div", { class: "trust-scale__choice" },
            h("input", { type: "radio", name: item.key, id: inputId, value: String(score) }),
            h("label", { for: inputId },
              h("span", { class: "trust-scale__score" }, String(score)), " ",
              h("span", { class: "trust-scale__label" }, label)));
        }))));
    }
    form.append(section);
  }
  form.append(
    h("div", { class: "field" },
      h("label", { for: "trust-comment" }, "Anything else? (optional)"),
      h("p", { class: "hint", id: "trust-comment-hint" },
        "Comments are shown to the team in alphabetical order, never with your name. " +
        "Leave out anything that would give you away."),
      h("textarea", { id: "trust-comment", name: "comment", rows: "4", maxlength: "2000",
        "aria-describedby": "trust-comment-hint" })),
    h("button", { type: "submit", class: "button trust-submit" }, "Send my answers"),
  );
  return form;
}
