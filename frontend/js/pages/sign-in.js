// Sign in with an email or username and a password.

import { ApiError, signIn } from "../api.js";
import { fragment, html } from "../dom.js";
import { clearErrors, submitForm } from "../forms.js";
import { safeNext, setCurrentUser } from "../session.js";
import { announce } from "../status.js";

export async function render({ navigate, query }) {
  const content = fragment(html`
    <div class="narrow">
      <h1>Welcome back</h1>
      <p class="lead">Sign in with your email or username.</p>
      <form id="sign-in-form" class="form card" novalidate>
        <div class="field">
          <label for="login">Email or username</label>
          <input id="login" name="login" type="text" autocomplete="username"
                 autocapitalize="none" spellcheck="false" required>
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required>
        </div>
        <button type="submit" class="button">Sign in</button>
      </form>
      <p class="hint"><a href="/forgot-password">Forgot your password?</a></p>
    </div>
  `);
  const form = content.querySelector("form");
  submitForm(form, async ({ login, password }) => {
    const me = await signIn(login, password);
    clearErrors(form);
    setCurrentUser(me);
    await navigate(safeNext(query.get("next")), { replace: true });
    announce(`Signed in as ${me.display_name}.`);
  }, {
    busy: "Signing in…",
    check: ({ login, password }) => {
      const missing = {};
      if (!login) missing.login = ["Enter your email or username."];
      if (!password) missing.password = ["Enter your password."];
      return missing;
    },
    onError: (error) => {
      // Never say which of the two was wrong; the server's message is written for people.
      if (error instanceof ApiError && error.status === 401) form.elements.password.value = "";
      return false;
    },
  });
  return { title: "Sign in", content };
}
