// Your notifications (reminders that keep cycles moving) and how you want to get emails.

import { ApiError, getList, post, put, get } from "../api.js";
import { fragment, html } from "../dom.js";
import { refreshBell } from "../bell.js";
import { setBusy, submitForm } from "../forms.js";
import { announce } from "../status.js";
import { path } from "../path.js";

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function item(notification) {
  const unread = !notification.read_at;
  return html`
    <li class="notice ${unread ? "notice--unread" : ""}" data-id="${notification.id}">
      <p class="notice__title">
        ${unread ? html`<span class="visually-hidden">Unread: </span>` : ""}
        ${notification.link ? html`<a href="${notification.link}">${notification.title}</a>`
                            : notification.title}
      </p>
      ${notification.body ? html`<p class="notice__body">${notification.body}</p>` : ""}
      <p class="notice__meta"><time datetime="${notification.created_at}">
        ${WHEN.format(new Date(notification.created_at))}</time>
        ${unread ? html`<button type="button" class="button button--secondary" data-read="${notification.id}">
          Mark as read</button>` : ""}
      </p>
    </li>`;
}

function preferencesForm(preferences) {
  const daily = preferences.email_mode === "daily";
  return html`
    <form id="preferences" class="card form" novalidate>
      <h2>Emails</h2>
      <div class="field field--check">
        <input type="checkbox" id="email-enabled" name="email_enabled"
          ${preferences.email_enabled ? "checked" : ""}>
        <label for="email-enabled">Email me reminders too</label>
      </div>
      <fieldset class="field">
        <legend>When</legend>
        <div class="field--check">
          <input type="radio" id="mode-immediate" name="email_mode" value="immediate"
            ${daily ? "" : "checked"}>
          <label for="mode-immediate">As they happen (never at night)</label>
        </div>
        <div class="field--check">
          <input type="radio" id="mode-daily" name="email_mode" value="daily"
            ${daily ? "checked" : ""}>
          <label for="mode-daily">One email a day, at 7 in the morning</label>
        </div>
      </fieldset>
      <button type="submit" class="button">Save email settings</button>
      <p class="hint">Students without an email address see reminders here only.</p>
    </form>`;
}

export async function render({ query }) {
  const unreadOnly = query.get("unread") === "1";
  const [{ data: notifications }, { data: preferences }] = await Promise.all([
    getList("/me/notifications", { page_size: 50, ...(unreadOnly ? { unread: true } : {}) }),
    get("/me/notification-preferences"),
  ]);
  const content = fragment(html`
    <h1>Notifications</h1>
    <p class="lead">Reminders about actions, due dates and quiet cycles.</p>
    <div class="toolbar">
      <a href="${unreadOnly ? "/notifications" : "/notifications?unread=1"}">
        ${unreadOnly ? "Show all" : "Show unread only"}</a>
      <button type="button" class="button button--secondary" id="read-all">Mark all as read</button>
    </div>
    ${notifications.length
      ? html`<ul class="notices" role="list">${notifications.map(item)}</ul>`
      : html`<p class="empty card">${unreadOnly ? "Nothing unread. Well done!"
                                                : "No notifications yet."}</p>`}
    ${preferencesForm(preferences)}
  `);

  content.querySelectorAll("[data-read]").forEach((button) => {
    button.addEventListener("click", async () => {
      setBusy(button, true, "Marking…");
      await post(path`/me/notifications/${button.dataset.read}/read`);
      const row = button.closest(".notice");
      row.classList.remove("notice--unread");
      row.querySelector(".visually-hidden")?.remove();
      button.remove();
      announce("Marked as read.");
      refreshBell();
    });
  });
  const readAll = content.getElementById("read-all");
  readAll.addEventListener("click", async () => {
    setBusy(readAll, true, "Marking…");
    await post("/me/notifications/read-all");
    document.querySelectorAll(".notice--unread").forEach((row) => row.classList.remove("notice--unread"));
    document.querySelectorAll("[data-read]").forEach((button) => button.remove());
    setBusy(readAll, false);
    announce("All marked as read.");
    refreshBell();
  });
  const form = content.getElementById("preferences");
  submitForm(form, async () => {
    await put("/me/notification-preferences", {
      email_enabled: form.elements.email_enabled.checked,
      email_mode: form.elements.email_mode.value,
    });
    announce("Your email settings are saved.");
  }, { busy: "Saving…" });
  return { title: "Notifications", content };
}
