// Entry point: find out who is signed in, wire the header, start the router.

import { ApiError, getMe, signOut } from "./api.js";
import { mountBell, refreshBell, setBellVisible } from "./bell.js";
import { focusElement } from "./dom.js";
import { createRouter } from "./router.js";
import { getCurrentUser, onUserChange, safeNext, setCurrentUser } from "./session.js";
import { announce } from "./status.js";
import { path } from "./path.js";

const APP_NAME = "Inquiry cycles";

const routes = [
  { path: "/", load: () => import("./pages/teams.js") },
  { path: "/sign-in", load: () => import("./pages/sign-in.js"), public: true, guestOnly: true },
  { path: "/forgot-password", load: () => import("./pages/forgot-password.js"), public: true },
  { path: "/reset-password", load: () => import("./pages/reset-password.js"), public: true },
  { path: "/confirm-change", load: () => import("./pages/confirm-change.js"), public: true },
  { path: "/teams", load: () => import("./pages/teams.js") },
  { path: "/my-work", load: () => import("./pages/my-work.js") },
  { path: "/teams/:teamId", load: () => import("./pages/team.js") },
  { path: "/teams/:teamId/puzzles/:puzzleId", load: () => import("./pages/puzzle.js") },
  { path: "/cycles/:cycleId", load: () => import("./pages/cycle.js") },
  { path: "/cycles/:cycleId/meeting", load: () => import("./pages/meeting.js") },
  // Relational trust
  { path: "/account", load: () => import("./pages/account.js") },
  { path: "/notifications", load: () => import("./pages/notifications.js") },
  { path: "/coach", load: () => import("./pages/coach.js") },
  { path: "/organizations/:organizationId/privacy", load: () => import("./pages/privacy.js") },
  { path: "/organizations/:organizationId/admin", load: () => import("./pages/admin.js") },
  { path: "/teams/:teamId/trust", load: () => import("./pages/trust.js") },
  { path: "/teams/:teamId/trust/commitments", load: () => import("./pages/trust-commitments.js") },
  { path: "/teams/:teamId/trust/discuss", load: () => import("./pages/trust-discuss.js") },
  { path: "/trust-surveys/:surveyId", load: () => import("./pages/trust-survey.js") },
  { path: "/trust-surveys/:surveyId/results", load: () => import("./pages/trust-results.js") },
  { path: "/trust-sessions/:sessionId", load: () => import("./pages/trust-session.js") },
  // Teacher–student relationships
  { path: "/teams/:teamId/my-students", load: () => import("./pages/my-students.js") },
  { path: "/teams/:teamId/my-students/:studentId", load: () => import("./pages/my-student.js") },
  { path: "/two-by-tens/:planId", load: () => import("./pages/two-by-ten.js") },
  { path: "/repairs/:repairId", load: () => import("./pages/repair.js") },
  { path: "/teams/:teamId/feedback", load: () => import("./pages/feedback.js") },
  { path: "/teams/:teamId/cards", load: () => import("./pages/cards.js") },
  { path: "/me/get-to-know-me", load: () => import("./pages/my-card.js") },
  { path: "/me/about-me", load: () => import("./pages/my-card.js") },
  { path: "/teams/:teamId/respect-agreement", load: () => import("./pages/respect-agreement.js") },
  { path: "/teams/:teamId/course", load: () => import("./pages/course-link.js") },
  { path: "/teams/:teamId/class-pulse", load: () => import("./pages/class-pulse.js") },
  { path: "/class-pulses/:pulseId", load: () => import("./pages/pulse-answer.js") },
  { path: "/class-pulses/:pulseId/results", load: () => import("./pages/pulse-results.js") },
];

function guard(route, url) {
  const signedIn = Boolean(getCurrentUser());
  if (!signedIn && !route.public) {
    const wanted = url.pathname + url.search;
    return wanted === "/" || wanted === "/teams" ? "/sign-in" : path`/sign-in?next=${wanted}`;
  }
  if (signedIn && route.guestOnly) return safeNext(url.searchParams.get("next"));
  if (signedIn && route.path === "/") return "/teams";
  return null;
}

const router = createRouter({
  outlet: document.getElementById("main"),
  appName: APP_NAME,
  routes,
  guard,
  notFound: () => import("./pages/not-found.js"),
  errorPage: () => import("./pages/error.js"),
  onUnauthorized(url) {
    // The session ended (expired, or signed out in another tab).
    setCurrentUser(null);
    announce("Please sign in again to carry on.");
    router.navigate(path`/sign-in?next=${url.pathname + url.search}`, { replace: true });
  },
});

function wireHeader() {
  const account = document.getElementById("account");
  const name = document.getElementById("account-name");
  const button = document.getElementById("sign-out");
  mountBell(account);
  onUserChange((user) => {
    account.hidden = !user;
    name.textContent = user ? user.display_name : "";
    setBellVisible(Boolean(user));
  });
  // Pages mark things read; the count follows every page change.
  window.addEventListener("popstate", () => refreshBell());
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await signOut();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Signed out or not, this browser forgets the person.
    } finally {
      button.disabled = false;
    }
    setCurrentUser(null);
    await router.navigate("/sign-in");
    announce("You're signed out. See you next time.");
  });

  // The skip link moves focus itself: a #fragment would be taken for a page change.
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    focusElement(document.getElementById("main"));
  });
}

async function start() {
  wireHeader();
  try {
    setCurrentUser(await getMe());
  } catch {
    setCurrentUser(null); // the server is unreachable; the sign-in page will say so if it stays so
  }
  await router.start();
}

start();
