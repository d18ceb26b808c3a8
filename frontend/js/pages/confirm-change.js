// Confirm a change of name or email with the link from an email (/confirm-change#token=...).
// Nothing changes until the person presses the button: mail scanners that open links do not
// confirm anything.

import { post } from "../api.js";
import { focusElement, fragment, html, render as renderInto } from "../dom.js";
import { submitForm } from "../forms.js";

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
    <p>This page needs the link from your email. Open the link again.</p>
  </div>
`;

const OUTCOMES = {
  changed: { email: "Your email address is changed. Sign in with it from now on.",
             display_name: "Your name is changed." },
  waiting_for_new_address: {
    email: "Thank you. We've sent a link to the new address: open it there to finish.",
  },
};

export async function render() {
  const content = fragment(html`
    <div class="narrow">
      <h1>Confirm a change to your account</h1>
      <div id="confirm-change-body">
        <form id="confirm-change-form" class="form card" novalidate>
          <p>Someone asked to change the name or email address of your account. If that's
            right, confirm it here. If not, close this page: nothing changes.</p>
          <button type="submit" class="button">Confirm the change</button>
        </form>
      </div>
    </div>
  `);
  const body = content.querySelector("#confirm-change-body");
  if (!takeTokenFromAddress()) {
    renderInto(body, missingLink);
    return { title: "Confirm a change", content };
  }
  const form = content.querySelector("form");
  submitForm(form, async () => {
    {
      const { data: result } = await post("/auth/identity-changes/confirm", { token });
      token = "";
      const message = OUTCOMES[result.status]?.[result.field] || "Done.";
      renderInto(body, html`
        <div class="card">
          <h2 id="change-confirmed" tabindex="-1">Confirmed</h2>
          <p>${message}</p>
          <p><a class="button" href="/">Go to the app</a></p>
        </div>
      `);
      focusElement(body.querySelector("#change-confirmed"));
    }
  }, { busy: "Confirming…" });
  return { title: "Confirm a change", content };
}
