// Your account: change your password, or sign out of every browser at once.

import { ApiError, del, put } from "../api.js";
import { fragment, html } from "../dom.js";
import {
  clearErrors, newPasswordFields, newPasswordProblems, setBusy, submitForm,
} from "../forms.js";
import { setCurrentUser } from "../session.js";
import { calendarFeedSection } from "./calendar-feed.js";
import { announce } from "../status.js";

function problems({ current_password, new_password, confirm }) {
  const errors = {};
  if (!current_password) errors.current_password = ["Enter the password you use now."];
  return { ...errors, ...newPasswordProblems(new_password, confirm, { field: "new_password" }) };
}

function wirePasswordForm(form) {
  submitForm(form, async (values) => {
    await put("/me/password", {
      current_password: values.current_password,
      new_password: values.new_password,
    });
    clearErrors(form);
    form.reset();
    announce("Your password is changed. Any other browser signed in as you is now signed out.",
      { tone: "success" });
  }, { busy: "Saving…", check: problems });
}

function wireSignOutEverywhere(button, navigate) {
  button.addEventListener("click", async () => {
    setBusy(button, true, "Signing out…");
    try {
      await del("/me/sessions");
    } catch (error) {
      setBusy(button, false);
      if (!(error instanceof ApiError)) throw error;
      announce(error.detail, { tone: "error" });
      return;
    }
    setCurrentUser(null);
    announce("You're signed out on every device, this one too.", { tone: "success" });
    await navigate("/sign-in", { replace: true });
  });
}

export async function render({ navigate }) {
  const content = fragment(html`
    <div class="narrow">
      <h1>Your account</h1>
      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        <form id="password-form" class="form" novalidate>
          <div class="field">
            <label for="current-password">Password you use now</label>
            <input id="current-password" name="current_password" type="password"
                   autocomplete="current-password" required>
          </div>
          ${newPasswordFields("new_password")}
          <button type="submit" class="button">Change my password</button>
        </form>
      </section>
      <section class="card" aria-labelledby="everywhere-heading">
        <h2 id="everywhere-heading">Sign out everywhere</h2>
        <p>Left yourself signed in on a shared computer or a lost phone? This signs you out on
          every device, this one too.</p>
        <button type="button" class="button button--quiet" id="sign-out-everywhere">
          Sign out everywhere</button>
      </section>
    </div>
  `);
  wirePasswordForm(content.getElementById("password-form"));
  wireSignOutEverywhere(content.getElementById("sign-out-everywhere"), navigate);
  content.querySelector(".narrow").append(await calendarFeedSection());
  return { title: "Your account", content };
}
