// Webhook subscriptions: subscribe a URL to events, send a test ping, read the delivery log,
// send a delivery again, delete.

import { del, get, getAll, getList, post } from "../../api.js";
import { fragment, h, html } from "../../dom.js";
import { submitForm } from "../../forms.js";
import { announce } from "../../status.js";
import { messageOf, onButtons, secretPanel, when } from "./common.js";

const EVENT_WORDS = {
  "cycle.transitioned": "A cycle moves to another phase",
  "evidence.added": "Evidence is added",
  "action.overdue": "An action becomes overdue",
  "survey.released": "Trust survey results are released",
  ping: "Test pings",
};
const DELIVERY_WORDS = { pending: "Waiting", delivered: "Delivered", failed: "Failed" };

/** The event types a webhook may ask for, as the API document lists them. */
async function eventTypes() {
  const { data: spec } = await get("/api/openapi.json");
  const schema = spec.components?.schemas?.WebhookCreate;
  return schema?.properties?.event_types?.items?.enum || Object.keys(EVENT_WORDS);
}

function webhookCard(webhook) {
  return html`
    <li class="card admin-webhook" data-webhook="${webhook.id}">
      <h3 class="admin-webhook__url">${webhook.url}</h3>
      ${webhook.description ? html`<p>${webhook.description}</p>` : ""}
      <p class="muted">Events: ${webhook.event_types.join(", ")}</p>
      ${webhook.active ? "" : html`<p class="notice notice--error">Turned off${webhook.disabled_reason ? `: ${webhook.disabled_reason}` : ""}</p>`}
      <div class="toolbar">
        <button type="button" class="button button--small" data-ping="${webhook.id}">Send a test ping</button>
        <button type="button" class="button button--small button--danger-quiet" data-delete="${webhook.id}"
          data-url="${webhook.url}">Delete</button>
      </div>
      <details class="disclosure" data-log="${webhook.id}">
        <summary>Delivery log</summary>
        <div data-log-body="${webhook.id}"><p>Loading…</p></div>
      </details>
    </li>`;
}

async function showLog(container, api, webhookId) {
  const { data: deliveries } = await getList(`${api}/webhooks/${webhookId}/deliveries`, { page_size: 20 });
  const body = fragment(html`
    <div class="table-wrap">
      <table class="table table--stack admin-table">
        <caption class="visually-hidden">Latest deliveries</caption>
        <thead><tr><th scope="col">Event</th><th scope="col">When</th><th scope="col">Result</th><th scope="col">Tries</th><th scope="col"><span class="visually-hidden">Send again</span></th></tr></thead>
        <tbody>${deliveries.length ? deliveries.map((d) => html`
          <tr>
            <td data-label="Event">${d.event_type}</td>
            <td data-label="When">${when(d.created_at)}</td>
            <td data-label="Result">${DELIVERY_WORDS[d.status] || d.status}${d.last_response_code ? ` (HTTP ${d.last_response_code})` : ""}
              ${d.last_error ? html`<br><span class="muted">${d.last_error}</span>` : ""}</td>
            <td data-label="Tries">${d.attempts}</td>
            <td>${d.status === "pending" ? "" : html`<button type="button" class="button button--small button--secondary"
              data-redeliver="${d.id}">Send again</button>`}</td>
          </tr>`) : html`<tr><td colspan="5">Nothing sent yet.</td></tr>`}</tbody>
      </table>
    </div>
    <button type="button" class="button button--small button--secondary" data-reload-log>Refresh the log</button>
  `);
  onButtons(body, "[data-redeliver]", async (button) => {
    await post(`${api}/webhooks/${webhookId}/deliveries/${button.dataset.redeliver}/redeliver`);
    await showLog(container, api, webhookId);
    return "Queued to be sent again.";
  }, { busyText: "Queuing…" });
  body.querySelector("[data-reload-log]").addEventListener("click", () => showLog(container, api, webhookId));
  container.replaceChildren(body);
}

export async function render({ api, refresh }) {
  const [webhooks, types] = await Promise.all([getAll(`${api}/webhooks`), eventTypes()]);
  const content = fragment(html`
    <h2>Webhooks</h2>
    <p class="lead">A webhook sends signed events to your system as they happen
      (Standard Webhooks signatures). Each delivery is tried again if your receiver is down.</p>
    <div id="webhook-secret"></div>
    <details class="card disclosure">
      <summary>Add a webhook</summary>
      <form id="create-webhook" class="form" novalidate>
        <div class="field">
          <label for="webhook-url">Receiver URL</label>
          <p class="hint" id="webhook-url-hint">An https:// address of your system.</p>
          <input id="webhook-url" name="url" type="url" maxlength="2000" required aria-describedby="webhook-url-hint">
        </div>
        <fieldset class="checks">
          <legend>Events to send</legend>
          ${types.map((type) => html`
            <div class="field field--check">
              <input id="event-${type}" name="event_types" type="checkbox" value="${type}">
              <label for="event-${type}">${EVENT_WORDS[type] || type} <code>${type}</code></label>
            </div>`)}
        </fieldset>
        <div class="field">
          <label for="webhook-description">Note (optional)</label>
          <input id="webhook-description" name="description" type="text" maxlength="500">
        </div>
        <button type="submit" class="button">Add webhook</button>
      </form>
    </details>
    ${webhooks.length ? html`<ul class="admin-webhooks" role="list">${webhooks.map(webhookCard)}</ul>`
      : html`<p class="empty card">No webhooks yet.</p>`}
  `);
  const secretHolder = content.getElementById("webhook-secret");
  const form = content.getElementById("create-webhook");
  const chosenEvents = () => [...form.querySelectorAll('input[name="event_types"]:checked')].map((box) => box.value);
  submitForm(form, async ({ url, description }) => {
    const body = { url, event_types: chosenEvents() };
    if (description) body.description = description;
    const { data: webhook } = await post(`${api}/webhooks`, body);
    form.reset();
    form.closest("details").open = false;
    const panel = secretPanel({
      title: "Webhook added",
      lines: [`Events to ${webhook.url} are signed with this secret. Check the signature on every request.`],
      secret: webhook.secret,
      onDone: () => refresh(),
    });
    secretHolder.replaceChildren(panel);
    panel.focus();
  }, {
    busy: "Adding…",
    check: ({ url }) => {
      const errors = {};
      if (!url) errors.url = ["Give the address of your receiver."];
      if (!chosenEvents().length) errors.event_types = ["Choose at least one event."];
      return errors;
    },
  });
  onButtons(content, "[data-ping]", async (button) => {
    await post(`${api}/webhooks/${button.dataset.ping}/ping`);
    const details = button.closest("li").querySelector("details");
    details.open = true;
    await showLog(details.querySelector("[data-log-body]"), api, button.dataset.ping);
    return "A test ping is on its way. Refresh the log to see how it went.";
  }, { busyText: "Sending…" });
  onButtons(content, "[data-delete]", async (button) => {
    if (!window.confirm(`Delete the webhook to ${button.dataset.url} and its delivery log?`)) return "";
    await del(`${api}/webhooks/${button.dataset.delete}`);
    await refresh();
    announce("The webhook is deleted.", { tone: "success" });
    return "";
  });
  content.querySelectorAll("[data-log]").forEach((details) => {
    details.addEventListener("toggle", async () => {
      if (!details.open) return;
      const container = details.querySelector("[data-log-body]");
      try {
        await showLog(container, api, details.dataset.log);
      } catch (error) {
        container.replaceChildren(h("p", { class: "notice notice--error" }, messageOf(error)));
      }
    });
  });
  return content;
}
