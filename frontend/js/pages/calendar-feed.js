// "Your due dates in your calendar": a secret iCalendar address for Google Calendar or Outlook,
// shown once when made, replaceable at any time (a section of the account page).

import { del, get, post } from "../api.js";
import { fragment, h, html } from "../dom.js";
import { setBusy } from "../forms.js";
import { announce } from "../status.js";

function explain(active) {
  return active
    ? "Your calendar feed is on. Lost the address, or shared it by mistake? Make a new one: the old one stops working at once."
    : "Add your due dates (your actions, your teams' phase due dates and trust survey closings) to Google Calendar or Outlook.";
}

export async function calendarFeedSection() {
  const { data: status } = await get("/me/calendar-feed");
  const section = fragment(html`
    <section class="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">Your due dates in your calendar</h2>
      <p data-feed-explain>${explain(status.active)}</p>
      <div data-feed-url></div>
      <div class="button-row">
        <button type="button" class="button button--secondary" data-feed-make>${status.active ? "Make a new address" : "Make my calendar address"}</button>
        <button type="button" class="button button--danger-quiet" data-feed-off ${status.active ? "" : "hidden"}>Turn the feed off</button>
      </div>
    </section>`).firstElementChild;
  const make = section.querySelector("[data-feed-make]");
  const off = section.querySelector("[data-feed-off]");
  const holder = section.querySelector("[data-feed-url]");
  make.addEventListener("click", async () => {
    setBusy(make, true, "Making…");
    try {
      const { data } = await post("/me/calendar-feed");
      holder.replaceChildren(
        h("label", { for: "feed-url" }, "Your calendar address (keep it to yourself: anyone with it sees your due dates)"),
        h("input", { id: "feed-url", type: "text", readonly: true, value: data.url, class: "feed-url" }),
        h("p", { class: "hint" }, "In Google Calendar: Other calendars → From URL. In Outlook: Add calendar → Subscribe from web. This address is shown only now."),
      );
      section.querySelector("[data-feed-explain]").textContent = explain(true);
      off.hidden = false;
      holder.querySelector("input").select();
      announce("Your calendar address is ready. Copy it into your calendar app.", { tone: "success" });
    } catch (error) {
      announce(error.detail || "Something went wrong. Please try again.", { tone: "error" });
    } finally {
      setBusy(make, false);
      make.textContent = "Make a new address";
    }
  });
  off.addEventListener("click", async () => {
    setBusy(off, true, "Turning off…");
    try {
      await del("/me/calendar-feed");
      holder.replaceChildren();
      off.hidden = true;
      section.querySelector("[data-feed-explain]").textContent = explain(false);
      announce("Your calendar feed is off.", { tone: "success" });
    } catch (error) {
      announce(error.detail || "Something went wrong. Please try again.", { tone: "error" });
    } finally {
      setBusy(off, false);
    }
  });
  return section;
}
