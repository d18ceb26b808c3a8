// Ask for an emailed link to choose a new password. The answer is the same for every
// account, so the page never says whether one exists.

import { post } from "../api.js";
import { focusElement, fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";

function sent(login, minutes) {
  return html`
    <div class="card">
      <h2 id="link-sent" tabindex="-1">Check your email</h2>
      <p>If the account <strong>${login}</strong> has an email address, we've sent it a link
        to choose a new password. The link works once, within ${minutes} minutes.</p>
      <p class="hint">Nothing after a few minutes? Check your spam folder, or ask again.</p>
    </div>
  `;
}

export async function render() {
  const content = fragment(html`
    <div class="narrow">
      <h1>Forgot your password?</h1>
      <p class="lead">No problem. We'll email you a link to choose a new one.</p>
      <div id="forgot-password-body">
        <form id="forgot-password-form" class="form card" novalidate>
          <div class="field">
            <label for="forgot-login">Email or username</label>
            <input id="forgot-login" name="login" type="text" autocomplete="username"
                   autocapitalize="none" spellcheck="false" required>
          </div>
          <button type="submit" class="button">Email me a link</button>
        </form>
      </div>
      <p class="hint">No email address on your account? Ask your teacher or your school's admin
        to reset your password.</p>
      <p><a href="/sign-in">Back to sign in</a></p>
    </div>
  `);
  const body = content.querySelector("#forgot-password-body");
  const form = content.querySelector("form");
  submitForm(form, async ({ login }) => {
    const { data } = await post("/auth/password-reset", { login });
    renderInto(body, sent(login, data.expires_in_minutes));
    focusElement(body.querySelector("#link-sent"));
  }, {
    busy: "Sending…",
    check: ({ login }) => (login ? {} : { login: ["Enter your email or username."] }),
  });
  return { title: "Forgot your password?", content };
}
