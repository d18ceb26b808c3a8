// The notifications bell in the header: a link to the list with the unread count, refreshed
// every minute and whenever a page changes what has been read.

import { ApiError, get } from "./api.js";
import { fragment, html } from "./dom.js";
import { icon } from "./icons.js";

const REFRESH_MS = 60_000;
let timer = null;

function draw(link, count) {
  const badge = link.querySelector(".bell__count");
  badge.textContent = count > 99 ? "99+" : String(count);
  badge.hidden = count === 0;
  link.setAttribute("aria-label", count === 0 ? "Notifications, none unread"
    : `Notifications, ${count} unread`);
}

/** Fetch the unread count now and show it. */
export async function refreshBell() {
  const link = document.getElementById("bell");
  if (!link || link.hidden) return;
  try {
    const { data } = await get("/me/notifications/unread-count");
    draw(link, data.count);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error; // offline or signed out: try again later
  }
}

/** Show the bell while someone is signed in. */
export function setBellVisible(visible) {
  const link = document.getElementById("bell");
  if (!link) return;
  link.hidden = !visible;
  clearInterval(timer);
  if (visible) {
    refreshBell();
    timer = setInterval(refreshBell, REFRESH_MS);
  }
}

/** The bell's markup, once, into the header's account area. */
export function mountBell(container) {
  container.prepend(fragment(html`
    <a href="/notifications" id="bell" class="bell" hidden aria-label="Notifications">
      ${icon("bell", { className: "bell__icon" })}
      <span class="bell__text">Notifications</span>
      <span class="bell__count" hidden>0</span></a>`));
}
