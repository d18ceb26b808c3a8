// Choose a new password with the link from the email (/reset-password#token=...).

import { getMe, post } from "../api.js";
import { focusElement, fragment, html, render as renderInto } from "../dom.js";
import { newPasswordFields, newPasswordProblems, submitForm } from "../forms.js";
import { setCurrentUser } from "../session.js";

// The token leaves the address bar at once (out of the history and of anyone's sight), and
// stays here for this visit.
let token = "";

function takeTokenFromAddress() {
  const found = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (found) {
    token = found;
    window.history.replaceState(null, "", window.location.pathname);
  }
  return token;
}

const missingLink = html`
  <div class="notice notice--error">
    <p>This page needs the link from your email. Open the link again, or
      <a href="/forgot-password">ask for a new one</a>.</p>
  </div>
`;

const done = html`
  <div class="card">
    <h2 id="password-changed" tabindex="-1">Your new password is set</h2>
    <p>You've been signed out everywhere and your access tokens are turned off, so anyone
      else using your account is out too.</p>
    <p><a class="button" href="/sign-in">Sign in</a></p>
  </div>
`;

export async function render() {
  const content = fragment(html`
    <div class="narrow">
      <h1>Choose a new password</h1>
      <div id="reset-password-body">
        <form id="reset-password-form" class="form card" novalidate>
          ${newPasswordFields()}
          <button type="submit" class="button">Save my new password</button>
        </form>
      </div>
      <p><a href="/forgot-password">Ask for a new link</a></p>
    </div>
  `);
  const body = content.querySelector("#reset-password-body");
  if (!takeTokenFromAddress()) {
    renderInto(body, missingLink);
    return { title: "Choose a new password", content };
  }
  const form = content.querySelector("form");
  submitForm(form, async (values) => {
    await post("/auth/password-reset/complete", { token, password: values.password });
    token = "";
    renderInto(body, done);
    focusElement(body.querySelector("#password-changed"));
    // Signed in here as that person? Not any more: the header follows.
    setCurrentUser(await getMe().catch(() => null));
  }, {
    busy: "Saving…",
    check: (values) => newPasswordProblems(values.password, values.confirm),
  });
  return { title: "Choose a new password", content };
}
