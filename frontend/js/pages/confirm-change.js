// Confirm a change of name or email with the link from an email (/confirm-change#token=...).
// Nothing changes until the person presses the button: mail scanners that open links do not
// confirm anything.

import { post } from "../api.js";
import { html } from "../dom.js";
import { emailedLinkPage } from "./emailed-link.js";

const OUTCOMES = {
  changed: { email: "Your email address is changed. Sign in with it from now on.",
             display_name: "Your name is changed." },
  waiting_for_new_address: {
    email: "Thank you. We've sent a link to the new address: open it there to finish.",
  },
};

export async function render({ path }) {
  return emailedLinkPage({
    pagePath: path,
    title: "Confirm a change to your account",
    fields: html`<p>Someone asked to change the name or email address of your account. If that's
      right, confirm it here. If not, close this page: nothing changes.</p>`,
    submit: "Confirm the change",
    busy: "Confirming…",
    missingLink: html`<p>This page needs the link from your email. Open the link again.</p>`,
    async send(values, token) {
      const { data: result } = await post("/auth/identity-changes/confirm", { token });
      return {
        heading: "Confirmed",
        body: html`
          <p>${OUTCOMES[result.status]?.[result.field] || "Done."}</p>
          <p><a class="button" href="/">Go to the app</a></p>`,
      };
    },
  });
}
