// Who is signed in, shared by the header, the router's guard and the pages.

let currentUser = null;
const listeners = new Set();

export function getCurrentUser() {
  return currentUser;
}

export function setCurrentUser(user) {
  currentUser = user || null;
  listeners.forEach((listener) => listener(currentUser));
}

export function onUserChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Does the signed-in person administer this organization? */
export function isOrgAdmin(organizationId) {
  return Boolean(
    currentUser &&
      (currentUser.organizations || []).some((org) => org.id === organizationId && org.is_admin),
  );
}

/** Where to go after signing in: only paths inside this app, never another site. */
export function safeNext(value) {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") &&
    !value.startsWith("/sign-in")
    ? value
    : "/teams";
}
