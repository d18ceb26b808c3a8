// Choose a new password with the link from the email (/reset-password#token=...).

import { getMe, post } from "../api.js";
import { html } from "../dom.js";
import { newPasswordFields, newPasswordProblems } from "../forms.js";
import { setCurrentUser } from "../session.js";
import { emailedLinkPage } from "./emailed-link.js";

export async function render({ path }) {
  return emailedLinkPage({
    pagePath: path,
    title: "Choose a new password",
    fields: newPasswordFields(),
    submit: "Save my new password",
    busy: "Saving…",
    check: (values) => newPasswordProblems(values.password, values.confirm),
    missingLink: html`<p>This page needs the link from your email. Open the link again, or
      <a href="/forgot-password">ask for a new one</a>.</p>`,
    footer: html`<p><a href="/forgot-password">Ask for a new link</a></p>`,
    async send(values, token) {
      await post("/auth/password-reset/complete", { token, password: values.password });
      // Signed in here as that person? Not any more: the header follows.
      setCurrentUser(await getMe().catch(() => null));
      return {
        heading: "Your new password is set",
        body: html`
          <p>You've been signed out everywhere and your access tokens are turned off, so anyone
            else using your account is out too.</p>
          <p><a class="button" href="/sign-in">Sign in</a></p>`,
      };
    },
  });
}
