// Your account: your name and email, your password, or sign out of every browser at once.

import { ApiError, del, download, getMe, patch, put } from "../api.js";
import { fragment, html } from "../dom.js";
import { path } from "../path.js";
import {
  clearErrors, newPasswordFields, newPasswordProblems, setBusy, submitForm,
} from "../forms.js";
import { getCurrentUser, setCurrentUser } from "../session.js";
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

function pendingNote(me) {
  return (me.pending_changes || []).includes("email")
    ? "A new email address is waiting for you to open the link we sent to it. Until then you sign in with this one."
    : "";
}

/** The changes the form asks for, or the field problems that stop it. */
function identityChanges(values, me) {
  const changes = {};
  const name = values.display_name.trim();
  if (name && name !== me.display_name) changes.display_name = name;
  const email = values.email.trim().toLowerCase();
  if (email && email !== (me.email || "")) {
    if (!values.current_password) {
      return { problems: { current_password: ["Enter your password to change your email."] } };
    }
    changes.email = email;
    changes.current_password = values.current_password;
  }
  return { changes };
}

function wireIdentityForm(form) {
  submitForm(form, async (values) => {
    const { changes } = identityChanges(values, getCurrentUser() || {});
    if (!Object.keys(changes).length) {
      announce("Nothing to change.", { tone: "info" });
      return;
    }
    const { data: updated } = await patch("/me", changes);
    setCurrentUser(updated);
    form.querySelector("#identity-password").value = "";
    // The address in use until the link is opened.
    form.querySelector("#identity-email").value = updated.email || "";
    form.querySelector("#identity-pending").textContent = pendingNote(updated);
    announce(changes.email
      ? `We've sent a link to ${changes.email}. Your email changes when you open it.`
      : "Your name is changed.", { tone: "success" });
  }, {
    busy: "Saving…",
    check: (values) => identityChanges(values, getCurrentUser() || {}).problems,
  });
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

function wireOwnExports(content, userId) {
  content.querySelectorAll("[data-own-export]").forEach((button) => {
    button.addEventListener("click", async () => {
      setBusy(button, true, "Preparing…");
      try {
        const organization = button.dataset.ownExport;
        await download(path`/organizations/${organization}/people/${userId}/privacy-export`, {
          fileName: "my-data.zip",
        });
        announce("The download has started.");
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        announce(error.detail, { tone: "error" });
      } finally {
        setBusy(button, false);
      }
    });
  });
}

export async function render({ navigate }) {
  const me = await getMe();
  setCurrentUser(me);
  const content = fragment(html`
    <div class="narrow">
      <h1>Your account</h1>
      <section class="card" aria-labelledby="identity-heading">
        <h2 id="identity-heading">Your name and email</h2>
        <form id="identity-form" class="form" novalidate>
          <div class="field">
            <label for="identity-name">Your name</label>
            <input id="identity-name" name="display_name" type="text" autocomplete="name"
                   maxlength="120"
                   value="${me.display_name || ""}">
          </div>
          <div class="field">
            <label for="identity-email">Email</label>
            <input id="identity-email" name="email" type="email" autocomplete="email"
                   maxlength="254" value="${me.email || ""}" aria-describedby="identity-email-help">
            <p class="hint" id="identity-email-help">A new email is used once you open the link
              we send to it.</p>
            <p class="hint" id="identity-pending">${pendingNote(me)}</p>
          </div>
          <div class="field">
            <label for="identity-password">Your password (to change your email)</label>
            <input id="identity-password" name="current_password" type="password"
                   autocomplete="current-password">
          </div>
          <button type="submit" class="button">Save</button>
        </form>
      </section>
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
        <button type="button" class="button button--secondary" id="sign-out-everywhere">
          Sign out everywhere</button>
      </section>
      <section class="card" aria-labelledby="your-data-heading">
        <h2 id="your-data-heading">Your data</h2>
        <p>Download everything a school holds about you, as a ZIP file. Only you can download
          your own notes about students and which surveys you answered.</p>
        ${(me.organizations || []).map(
          (organization) => html`<p><button type="button" class="button button--secondary"
            data-own-export="${organization.id}">Download my data from ${organization.name}</button></p>`,
        )}
      </section>
    </div>
  `);
  wireIdentityForm(content.getElementById("identity-form"));
  wirePasswordForm(content.getElementById("password-form"));
  wireSignOutEverywhere(content.getElementById("sign-out-everywhere"), navigate);
  wireOwnExports(content, me.id);
  content.querySelector(".narrow").append(await calendarFeedSection());
  return { title: "Your account", content };
}
