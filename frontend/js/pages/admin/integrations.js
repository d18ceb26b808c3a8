// Integration clients (an LMS's OAuth2 client credentials): create one and see its secret
// once, rotate the secret, revoke the client.

import { del, get, getAll, post } from "../../api.js";
import { fragment, html } from "../../dom.js";
import { submitForm } from "../../forms.js";
import { announce } from "../../status.js";
import { onButtons, secretPanel, when } from "./common.js";

/** The scopes a client may hold, with what each allows, as the API document lists them. */
async function clientScopes() {
  const { data: spec } = await get("/api/openapi.json");
  const schemes = Object.values(spec.components?.securitySchemes || {});
  const flow = schemes.find((scheme) => scheme.flows?.clientCredentials)?.flows.clientCredentials;
  return Object.entries(flow?.scopes || {}).map(([scope, label]) => ({ scope, label }));
}

function clientRow(client) {
  const revoked = Boolean(client.revoked_at);
  return html`
    <tr>
      <th scope="row">${client.name}</th>
      <td data-label="Client id"><code>${client.client_id}</code></td>
      <td data-label="Scopes">${client.scopes.join(", ")}</td>
      <td data-label="Status">${revoked ? html`<span class="badge badge--warn">Revoked ${when(client.revoked_at)}</span>`
        : html`Last used ${client.last_used_at ? when(client.last_used_at) : "never"}`}</td>
      <td>${revoked ? "" : html`<div class="toolbar">
        <button type="button" class="button button--small button--secondary" data-rotate="${client.client_id}"
          data-name="${client.name}">New secret</button>
        <button type="button" class="button button--small button--danger-quiet" data-revoke="${client.client_id}"
          data-name="${client.name}">Revoke</button></div>`}</td>
    </tr>`;
}

export async function render({ api, refresh }) {
  const [clients, scopes] = await Promise.all([getAll(`${api}/clients`), clientScopes()]);
  const content = fragment(html`
    <h2>Integration clients</h2>
    <p class="lead">A client is how an LMS or student information system signs in to the API
      (OAuth2 client credentials). Give it only the scopes it needs.</p>
    <div id="client-secret"></div>
    <details class="card disclosure">
      <summary>Create a client</summary>
      <form id="create-client" class="form" novalidate>
        <div class="field">
          <label for="client-name">Name</label>
          <p class="hint" id="client-name-hint">Which system it is, e.g. Canvas or PowerSchool.</p>
          <input id="client-name" name="name" type="text" maxlength="200" required aria-describedby="client-name-hint">
        </div>
        <fieldset class="checks">
          <legend>What it may do</legend>
          ${scopes.map((item) => html`
            <div class="field field--check">
              <input id="scope-${item.scope}" name="scopes" type="checkbox" value="${item.scope}">
              <label for="scope-${item.scope}">${item.label} <code>${item.scope}</code></label>
            </div>`)}
        </fieldset>
        <button type="submit" class="button">Create client</button>
      </form>
    </details>
    <div class="table-wrap">
      <table class="table table--stack admin-table">
        <caption class="visually-hidden">Integration clients</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Client id</th><th scope="col">Scopes</th><th scope="col">Status</th><th scope="col">Manage</th></tr></thead>
        <tbody>${clients.length ? clients.map(clientRow) : html`<tr><td colspan="5">No clients yet.</td></tr>`}</tbody>
      </table>
    </div>
  `);
  const secretHolder = content.getElementById("client-secret");
  const showSecret = (client, title) => {
    const panel = secretPanel({
      title,
      lines: [`Client id: ${client.client_id}`, "Client secret:"],
      secret: client.client_secret,
      onDone: () => refresh(),
    });
    secretHolder.replaceChildren(panel);
    panel.focus();
  };
  const form = content.getElementById("create-client");
  const chosenScopes = () => [...form.querySelectorAll('input[name="scopes"]:checked')].map((box) => box.value);
  submitForm(form, async ({ name }) => {
    const { data: client } = await post(`${api}/clients`, { name, scopes: chosenScopes() });
    form.reset();
    form.closest("details").open = false;
    showSecret(client, `${client.name} is created`);
  }, {
    busy: "Creating…",
    check: ({ name }) => {
      const errors = {};
      if (!name) errors.name = ["Give the client a name."];
      if (!chosenScopes().length) errors.scopes = ["Choose at least one thing it may do."];
      return errors;
    },
  });
  onButtons(content, "[data-rotate]", async (button) => {
    if (!window.confirm(`Give ${button.dataset.name} a new secret? The old one stops working at once.`)) return "";
    const { data: client } = await post(`${api}/clients/${button.dataset.rotate}/secret`);
    showSecret(client, `New secret for ${client.name}`);
    return "";
  });
  onButtons(content, "[data-revoke]", async (button) => {
    if (!window.confirm(`Revoke ${button.dataset.name}? It is refused from its next request on. This can't be undone.`)) return "";
    await del(`${api}/clients/${button.dataset.revoke}`);
    await refresh();
    announce(`${button.dataset.name} is revoked.`, { tone: "success" });
    return "";
  });
  return content;
}
