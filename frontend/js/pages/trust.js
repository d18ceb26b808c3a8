// A team's relational trust: its surveys, the trend, its targets, its reflection sessions.
// Teachers and admins open surveys and plan sessions; every member answers and sets targets.

import { ApiError, allIncluded, getAll, get, patch, post, put } from "../api.js";
import { fragment, h, html, render as renderInto } from "../dom.js";
import { setBusy, submitForm } from "../forms.js";
import { isOrgAdmin } from "../session.js";
import { announce } from "../status.js";
import { plural } from "./labels.js";
import { trendSection } from "./trust-results.js";
import {
  breadcrumbs, COMPONENT_OPTIONS, componentLabel, formatDate, SURVEY_STATUS, TARGET_STATUS,
  todayIso,
} from "../trust/common.js";
import { path } from "../path.js";

// The page in one request: the team with its trust parts, and for the session form (teachers,
// admins) its members and cycles — readable by every member, so asked for whoever reads.
const PAGE_PARTS = [
  "trust_surveys", "trust_trend", "trust_targets", "trust_sessions", "trust_cadence",
  "members", "cycles",
];

export async function render({ params, navigate, path: here }) {
  const teamApi = path`/teams/${params.teamId}`;
  const { data: { included, ...team } } = await get(teamApi, { include: PAGE_PARTS.join(",") });
  const canManage = team.my_role === "teacher" || isOrgAdmin(team.organization_id);
  const isMember = team.my_role === "teacher" || team.my_role === "student";
  const { trust_trend: trend, trust_cadence: cadence } = included;
  const [surveys, targets, sessions, members, cycles] = await Promise.all([
    allIncluded(included.trust_surveys, `${teamApi}/trust-surveys`),
    allIncluded(included.trust_targets, `${teamApi}/trust-targets`),
    allIncluded(included.trust_sessions, `${teamApi}/trust-sessions`),
    canManage ? allIncluded(included.members, `${teamApi}/members`) : [],
    canManage ? allIncluded(included.cycles, `${teamApi}/cycles`) : [],
  ]);

  const content = fragment(html`
    ${breadcrumbs(team, "Relational trust", { underTrust: false })}
    <h1>Relational trust</h1>
    <p class="lead">Mutual respect, personal regard, competence in core responsibilities and
      integrity: how evident they are in our team, and what we will work on. Answers are
      anonymous; results appear when a round closes with at least 3 answers.</p>
    <p><a href="${teamApi}/trust/discuss">Talk it through in a meeting (discussion mode)</a> ·
       <a href="${teamApi}/trust/commitments">Our commitments wall</a></p>
    <div class="trust-layout">
      <section class="trust-surveys" aria-labelledby="surveys-heading">
        <h2 id="surveys-heading">Surveys</h2>
        <p class="muted" data-cadence-line>${cadenceLine(cadence)}</p>
        <div data-surveys></div>
      </section>
      ${canManage ? html`<div class="trust-stack">${openSurveyForm()}${cadenceForm(cadence)}</div>` : ""}
    </div>
    ${trendSection(trend.periods)}
    <div class="trust-layout">
      <section id="targets" aria-labelledby="targets-heading">
        <h2 id="targets-heading">Targets</h2>
        <div data-targets></div>
      </section>
      ${isMember || canManage ? targetForm() : ""}
    </div>
    <div class="trust-layout">
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Joint-work reflection sessions</h2>
        <div data-sessions></div>
      </section>
      ${canManage ? sessionForm(members, cycles) : ""}
    </div>
  `);

  const surveysBox = content.querySelector("[data-surveys]");
  const targetsBox = content.querySelector("[data-targets]");
  const sessionsBox = content.querySelector("[data-sessions]");

  function drawSurveys(list) {
    renderInto(surveysBox,
      list.length
        ? h("ul", { class: "trust-list", role: "list" }, list.map(surveyRow))
        : h("p", { class: "muted" }, canManage
          ? "No surveys yet. Open one to see how trust stands today."
          : "No surveys yet. Your teachers will open one."));
  }

  function surveyRow(survey) {
    const link = path`/trust-surveys/${survey.id}`;
    const canAnswer = isMember && survey.status === "open" && !survey.i_have_answered;
    return h("li", { class: "trust-list__item" },
      h("div", {},
        h("strong", {}, survey.period), " ",
        h("span", { class: `badge trust-badge--${survey.status}` }, SURVEY_STATUS[survey.status]),
        h("div", { class: "muted" },
          `${formatDate(survey.opens_on)} to ${formatDate(survey.closes_on)} · `,
          survey.eligible_count === null
            ? plural(survey.response_count, "answer")
            : `${survey.response_count} of ${survey.eligible_count} answered`,
          survey.i_have_answered ? " · you have answered" : "")),
      h("div", { class: "trust-list__actions" },
        canAnswer
          ? h("a", { class: "button button--small", href: link }, "Answer the survey",
            h("span", { class: "visually-hidden" }, ` ${survey.period}`))
          : "",
        survey.status === "closed"
          ? h("a", { class: "button button--small button--secondary", href: `${link}/results` },
            "See results", h("span", { class: "visually-hidden" }, ` for ${survey.period}`))
          : "",
        canManage && survey.status === "open"
          ? h("button", { type: "button", class: "button button--small button--danger-quiet",
            onclick: (event) => closeSurvey(survey, event.currentTarget) }, "Close and count now",
          h("span", { class: "visually-hidden" }, ` (${survey.period})`))
          : ""));
  }

  async function closeSurvey(survey, button) {
    setBusy(button, true, "Closing…");
    try {
      await post(path`/trust-surveys/${survey.id}/close`);
    } catch (error) {
      setBusy(button, false);
      announce(error instanceof ApiError ? error.detail : "That didn't work. Please try again.");
      return;
    }
    announce(`The survey “${survey.period}” is closed and counted.`);
    await navigate(here, { replace: true, focus: false });
  }

  function drawTargets(list) {
    renderInto(targetsBox,
      list.length
        ? h("ul", { class: "trust-list", role: "list" }, list.map(targetRow))
        : h("p", { class: "muted" }, "No targets yet. After a survey, choose what to work on."));
  }

  function targetRow(target) {
    return h("li", { class: "trust-list__item" },
      h("div", {},
        h("strong", {}, target.description),
        h("div", { class: "muted" },
          `${componentLabel(target.component)} · review on ${formatDate(target.review_on)} · `,
          TARGET_STATUS[target.status])),
      isMember && target.status === "active"
        ? h("div", { class: "trust-list__actions" },
          h("button", { type: "button", class: "button button--small button--secondary",
            onclick: (event) => markTarget(target, "met", event.currentTarget) }, "Mark met",
          h("span", { class: "visually-hidden" }, ` (${target.description})`)))
        : "");
  }

  async function markTarget(target, status, button) {
    setBusy(button, true, "Saving…");
    try {
      await patch(path`/trust-targets/${target.id}`, { status });
    } catch (error) {
      setBusy(button, false);
      announce(error instanceof ApiError ? error.detail : "That didn't work. Please try again.");
      return;
    }
    drawTargets(await getAll(`${teamApi}/trust-targets`));
    announce(`Target “${target.description}” marked met.`);
  }

  function drawSessions(list) {
    renderInto(sessionsBox,
      list.length
        ? h("ul", { class: "trust-list", role: "list" }, list.map((session) => h("li", { class: "trust-list__item" },
          h("div", {},
            h("a", { href: path`/trust-sessions/${session.id}` }, session.title),
            h("div", { class: "muted" }, session.step_label,
              session.facilitator ? ` · facilitated by ${session.facilitator.display_name}` : "",
              ` · ${plural(session.commitment_count, "commitment")}`)))))
        : h("p", { class: "muted" }, "No reflection sessions yet."));
  }

  function wireForm(selector, submit) {
    const form = content.querySelector(selector);
    if (!form) return;
    submitForm(form, submit, { busy: "Saving…", headingLevel: 3 });
  }

  wireForm("#open-survey-form", async (values, form) => {
    const body = { period: values.period };
    if (values.closes_on) body.closes_on = values.closes_on;
    if (values.opens_on) body.opens_on = values.opens_on;
    if (values.min_responses) body.min_responses = Number(values.min_responses);
    await post(`${teamApi}/trust-surveys`, body);
    form.reset();
    drawSurveys(await getAll(`${teamApi}/trust-surveys`));
    announce(`The survey “${values.period}” is open.`);
  });

  wireForm("#target-form", async (values, form) => {
    const body = { component: values.component, description: values.description };
    if (values.review_on) body.review_on = values.review_on;
    await post(`${teamApi}/trust-targets`, body);
    form.reset();
    drawTargets(await getAll(`${teamApi}/trust-targets`));
    announce("Target added.");
  });

  wireForm("#cadence-form", async (values) => {
    const body = {
      active: Boolean(values.active),
      every_months: Number(values.every_months),
      open_days: Number(values.open_days),
    };
    if (values.next_opens_on) body.next_opens_on = values.next_opens_on;
    const { data: saved } = await put(`${teamApi}/trust-cadence`, body);
    content.querySelector("[data-cadence-line]").textContent = cadenceLine(saved);
    announce(saved.active ? cadenceLine(saved) : "Rounds will open only when a teacher opens one.");
  });

  wireForm("#session-form", async (values) => {
    const body = { title: values.title };
    if (values.facilitator_id) body.facilitator_id = values.facilitator_id;
    if (values.cycle_id) body.cycle_id = values.cycle_id;
    const { data: session } = await post(`${teamApi}/trust-sessions`, body);
    announce(`Session “${session.title}” planned.`);
    await navigate(path`/trust-sessions/${session.id}`);
  });

  drawSurveys(surveys);
  drawTargets(targets);
  drawSessions(sessions);
  return { title: `Relational trust · ${team.name}`, content };
}

function openSurveyForm() {
  return html`
    <section class="card" aria-labelledby="open-survey-heading">
      <h2 id="open-survey-heading">Open a survey</h2>
      <form id="open-survey-form" class="form" novalidate>
        <div class="field">
          <label for="survey-period">Name of this round</label>
          <p class="hint" id="survey-period-hint">For example “Autumn 2026” or “2026 Q4”.</p>
          <input id="survey-period" name="period" type="text" maxlength="60" required aria-describedby="survey-period-hint">
        </div>
        <div class="field">
          <label for="survey-opens">Opens on</label>
          <p class="hint" id="survey-opens-hint">Leave empty to open it today.</p>
          <input id="survey-opens" name="opens_on" type="date" aria-describedby="survey-opens-hint">
        </div>
        <div class="field">
          <label for="survey-closes">Closes on</label>
          <input id="survey-closes" name="closes_on" type="date" value="${todayIso(14)}" required>
        </div>
        <div class="field">
          <label for="survey-min">Show results after this many responses</label>
          <p class="hint" id="survey-min-hint">3 or more, so no one can be picked out.</p>
          <input id="survey-min" name="min_responses" type="number" class="trust-number" min="3" value="3" inputmode="numeric"
                 aria-describedby="survey-min-hint">
        </div>
        <button type="submit" class="button">Open the survey</button>
      </form>
    </section>`;
}

function targetForm() {
  return html`
    <section class="card" aria-labelledby="target-form-heading">
      <h2 id="target-form-heading">Add a target</h2>
      <form id="target-form" class="form" novalidate>
        <div class="field">
          <label for="target-component">Component</label>
          <select id="target-component" name="component">
            ${COMPONENT_OPTIONS.map(([value, label]) => html`<option value="${value}">${label}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="target-description">We will work on…</label>
          <p class="hint" id="target-description-hint">For example “how we handle disagreements”.</p>
          <input id="target-description" name="description" type="text" maxlength="500" aria-describedby="target-description-hint">
        </div>
        <div class="field">
          <label for="target-review">Review on</label>
          <input id="target-review" name="review_on" type="date" value="${todayIso(90)}">
        </div>
        <button type="submit" class="button">Add target</button>
      </form>
    </section>`;
}

const EVERY = [[1, "Every month"], [2, "Every 2 months"], [3, "Every quarter (3 months)"],
  [4, "Every 4 months"], [6, "Every 6 months"], [12, "Every year"]];

function cadenceLine(cadence) {
  if (!cadence.active) return "Rounds open when a teacher opens one.";
  const every = (EVERY.find(([months]) => months === cadence.every_months) || [0, `Every ${cadence.every_months} months`])[1];
  return `${every}, a round opens by itself for ${cadence.open_days} days — next on ${formatDate(cadence.next_opens_on)}.`;
}

function cadenceForm(cadence) {
  return html`
    <section class="card" aria-labelledby="cadence-heading">
      <h2 id="cadence-heading">Open rounds by themselves</h2>
      <form id="cadence-form" class="form" novalidate>
        <div class="field field--check">
          <input id="cadence-active" name="active" type="checkbox" value="yes" ${cadence.active ? "checked" : ""}>
          <label for="cadence-active">Open a new round on a regular beat</label>
        </div>
        <div class="field">
          <label for="cadence-every">How often</label>
          <select id="cadence-every" name="every_months">
            ${EVERY.map(([months, label]) => html`<option value="${months}" ${months === cadence.every_months ? "selected" : ""}>${label}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="cadence-days">Days each round stays open</label>
          <input id="cadence-days" name="open_days" type="number" class="trust-number" min="1" max="60" inputmode="numeric" value="${cadence.open_days}">
        </div>
        <div class="field">
          <label for="cadence-next">Next round opens on</label>
          <p class="hint" id="cadence-next-hint">Everyone gets a reminder when it opens, and one nudge before it closes if they have not answered.</p>
          <input id="cadence-next" name="next_opens_on" type="date" value="${cadence.next_opens_on || todayIso()}" aria-describedby="cadence-next-hint">
        </div>
        <button type="submit" class="button">Save the beat</button>
      </form>
    </section>`;
}

function sessionForm(members, cycles) {
  return html`
    <section class="card" aria-labelledby="session-form-heading">
      <h2 id="session-form-heading">Plan a reflection session</h2>
      <form id="session-form" class="form" novalidate>
        <div class="field">
          <label for="session-title">Title</label>
          <input id="session-title" name="title" type="text" maxlength="200">
        </div>
        <div class="field">
          <label for="session-facilitator">Facilitator</label>
          <select id="session-facilitator" name="facilitator_id">
            <option value="">Me</option>
            ${members.map((member) => html`<option value="${member.user.id}">${member.user.display_name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="session-cycle">The shared task we reflect on</label>
          <p class="hint" id="session-cycle-hint">One of this team's cycles.</p>
          <select id="session-cycle" name="cycle_id" aria-describedby="session-cycle-hint">
            <option value="">Choose later</option>
            ${cycles.map((cycle) => html`<option value="${cycle.id}">Cycle ${cycle.number}${cycle.title ? `: ${cycle.title}` : ""} — ${cycle.puzzle_question}</option>`)}
          </select>
        </div>
        <p class="hint">The steps take 5, 10, 10 and 5 minutes; change them on the session page.</p>
        <button type="submit" class="button">Plan the session</button>
      </form>
    </section>`;
}
