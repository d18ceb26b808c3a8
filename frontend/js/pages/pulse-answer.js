// Answering a class pulse on a phone: five statements, five big choices each, one button.

import { ApiError, get, post } from "../api.js";
import { focusElement, fragment, h, html } from "../dom.js";
import { showErrors, submitForm } from "../forms.js";
import { announce } from "../status.js";
import { breadcrumbs } from "../relationships/common.js";
import { path } from "../path.js";

export async function render({ params }) {
  const pulseApi = path`/class-pulses/${params.pulseId}`;
  const [{ data: pulse }, { data: questions }] = await Promise.all([
    get(pulseApi), get("/class-pulse-questions"),
  ]);
  const { data: team } = await get(path`/teams/${pulse.team_id}`);
  const back = path`/teams/${team.id}/class-pulse`;
  const content = fragment(html`
    ${breadcrumbs(team, [[back, "Class pulse"]], "Answer")}
    <h1>How is this class for you?</h1>
    <p class="lead">For ${pulse.teacher.display_name}. It's anonymous: your name is not kept
      with your answers, and your teacher only sees everyone's answers added up.</p>
    <div data-body></div>
  `);
  const body = content.querySelector("[data-body]");
  const thanks = (message) => body.replaceChildren(fragment(html`
    <div class="card done-today" tabindex="-1" data-thanks><h2>${message}</h2>
      <p><a href="${back}">Back to the class pulse</a></p></div>`));
  if (pulse.i_have_answered) {
    thanks("You have answered. Thank you!");
  } else if (!pulse.can_answer) {
    body.replaceChildren(fragment(html`<p class="card">${pulse.is_mine
      ? "Your students answer this pulse. You'll see the results when it closes."
      : "This pulse is closed, so it no longer takes answers."}</p>`));
  } else {
    const form = h("form", { class: "form pulse-form", id: "pulse-form", novalidate: true });
    for (const item of questions.items) {
      form.append(h("fieldset", { class: "field pulse-item" },
        h("legend", { class: "pulse-item__prompt" }, item.prompt),
        h("div", { class: "pulse-scale" }, questions.scale.map(({ score, label }) => {
          const id = `${item.key}-${score}`;
          return h("div", { class: "pulse-scale__choice" },
            h("input", { type: "radio", name: item.key, id, value: String(score) }),
            h("label", { for: id }, label));
        }))));
    }
    form.append(h("button", { type: "submit", class: "button button--big" }, "Send my answers"));
    body.append(form);
    submitForm(form, async (values) => {
      const answers = Object.fromEntries(questions.items.map((item) => [item.key, Number(values[item.key])]));
      await post(`${pulseApi}/responses`, { answers });
      thanks("Thank you! Your answers are in.");
      announce("Your answers are in. Thank you!");
      focusElement(body.querySelector("[data-thanks]"));
    }, {
      busy: "Sending…",
      check: (values) => Object.fromEntries(questions.items.filter((item) => !values[item.key])
        .map((item) => [item.key, [`Choose an answer for “${item.prompt}”`]])),
      onError: (error) => {
        if (!(error instanceof ApiError && error.status === 409)) return false;
        showErrors(form, { message: error.detail }); // answered already
        return true;
      },
    });
  }
  return { title: "Class pulse", content };
}
