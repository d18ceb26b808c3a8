// Your own card: a student's "get to know me" (for them and their teachers) or a teacher's
// "about me" (for their students). Short questions, big boxes, one button.

import { get, put } from "../api.js";
import { fragment, html } from "../dom.js";
import { submitForm } from "../forms.js";
import { announce } from "../status.js";


const KINDS = {
  "/me/get-to-know-me": {
    title: "My get-to-know-me card",
    lead: "Tell your teachers about you. Only you and your teachers can see this card.",
    fields: [
      ["interests", "Things I like and do", "Hobbies, games, sports, music, pets…"],
      ["helps_me_learn", "What helps me learn", "For example: examples first, working with a friend"],
      ["want_teacher_to_know", "What I want my teacher to know", "Anything you'd like them to know"],
    ],
    button: "Save my card",
  },
  "/me/about-me": {
    title: "My about-me card",
    lead: "Tell your students about you. Your students see this card.",
    fields: [
      ["about_me", "About me", "Where you grew up, what you love about teaching"],
      ["interests", "Things I like", "Hobbies, books, music"],
      ["ask_me_about", "Ask me about", "A story you like telling"],
    ],
    button: "Save my card",
  },
};

export async function render({ path }) {
  const kind = KINDS[path.replace(/\/$/, "")];
  const { data: card } = await get(path);
  const content = fragment(html`
    <h1>${kind.title}</h1>
    <p class="lead">${kind.lead}</p>
    <form class="form narrow" id="card-form" novalidate>
      ${kind.fields.map(([name, label, hint]) => html`
        <div class="field">
          <label for="card-${name}">${label}</label>
          <p class="hint" id="card-${name}-hint">${hint}</p>
          <textarea id="card-${name}" name="${name}" rows="3" maxlength="1000"
            aria-describedby="card-${name}-hint">${card[name] || ""}</textarea>
        </div>`)}
      <button type="submit" class="button">${kind.button}</button>
    </form>
  `);
  const form = content.querySelector("#card-form");
  submitForm(form, async (values) => {
    await put(path, values);
    announce("Your card is saved.");
  }, { busy: "Saving…" });
  return { title: kind.title, content };
}
