// History-API routing: Flask serves index.html for every page path, so links are real URLs.
//
// A route is { path: "/teams/:teamId", load: () => import("./pages/team.js"), public: false }.
// A page module exports `async function render(context)` returning { title, content } where
// content is a Node (already wired with its event listeners) or html`` markup.
//
// A page's life ends when the next navigation starts, and the router guards what comes after:
// a render that finishes later is thrown away (it never replaces the newer page), and the
// page's context.navigate and context.setTitle do nothing any more (a save that lands after
// the person left does not take them back). context.signal is aborted then too: pass it to
// listeners outside the page's own elements, to timers and to requests worth cancelling.
//
//   document.addEventListener("keydown", onKey, { signal });
//   every(1000, tick, signal);                       // setInterval, cleared with the page
//   after(250, search, signal);                      // setTimeout, cancelled with the page

import { ApiError } from "./api.js";
import { focusElement, render as renderInto } from "./dom.js";

/** setInterval that stops when `signal` aborts (the page is left). */
export function every(milliseconds, callback, signal) {
  const handle = window.setInterval(callback, milliseconds);
  signal?.addEventListener("abort", () => window.clearInterval(handle), { once: true });
  return handle;
}

/** setTimeout that is cancelled when `signal` aborts (the page is left). */
export function after(milliseconds, callback, signal) {
  const handle = window.setTimeout(callback, milliseconds);
  signal?.addEventListener("abort", () => window.clearTimeout(handle), { once: true });
  return handle;
}

function compile(path) {
  const names = [];
  const pattern = path.replace(/\/:([A-Za-z_]+)/g, (_, name) => {
    names.push(name);
    return "/([^/]+)";
  });
  return { regex: new RegExp(`^${pattern}/?$`), names };
}

export function createRouter({ outlet, routes, notFound, errorPage, guard, onUnauthorized, appName }) {
  const compiled = routes.map((route) => ({ ...route, ...compile(route.path) }));
  let currentKey = null;
  let pageLife = null; // the AbortController of the page on screen (or being drawn)

  function match(pathname) {
    for (const route of compiled) {
      const found = route.regex.exec(pathname);
      if (found) {
        const params = {};
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1]);
        });
        return { route, params };
      }
    }
    return null;
  }

  function setTitle(title) {
    document.title = title ? `${title} · ${appName}` : appName;
  }

  async function show(page, context, { focus }) {
    const { signal } = context;
    const module = await page();
    if (signal.aborted) return; // left while its code loaded: not worth drawing
    const { title, content } = await module.render(context);
    if (signal.aborted) return; // a newer navigation won: this page is not shown
    renderInto(outlet, content);
    outlet.removeAttribute("aria-busy");
    setTitle(title);
    if (focus) focusElement(outlet.querySelector("h1"));
  }

  async function resolve({ focus = true } = {}) {
    pageLife?.abort(); // the page being left: its listeners, timers and late answers stop
    const life = new AbortController();
    pageLife = life;
    const { signal } = life;
    const url = new URL(window.location.href);
    currentKey = url.pathname + url.search;
    const found = match(url.pathname);
    const context = {
      signal,
      params: found ? found.params : {},
      query: url.searchParams,
      path: url.pathname,
      // Only while the page is the one on screen (or being drawn).
      navigate: (to, options) => (signal.aborted ? Promise.resolve() : navigate(to, options)),
      setTitle: (title) => { if (!signal.aborted) setTitle(title); },
    };
    if (found) {
      const redirect = guard ? guard(found.route, url) : null;
      if (redirect) {
        return navigate(redirect, { replace: true, focus });
      }
    }
    outlet.setAttribute("aria-busy", "true");
    try {
      await show(found ? found.route.load : notFound, context, { focus });
    } catch (error) {
      if (signal.aborted) return; // what failed belongs to a page already left
      if (error instanceof ApiError && error.status === 401 && onUnauthorized) {
        onUnauthorized(url);
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        await show(notFound, { ...context, detail: error.detail }, { focus });
        return;
      }
      console.error(error);
      await show(errorPage, { ...context, error }, { focus });
    }
  }

  /** Go to an app path ("/teams/1"); replace swaps the history entry instead of adding one. */
  function navigate(path, { replace = false, focus = true } = {}) {
    if (replace) window.history.replaceState(null, "", path);
    else window.history.pushState(null, "", path);
    window.scrollTo(0, 0);
    return resolve({ focus });
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download") || link.dataset.external !== undefined) return;
    const url = new URL(link.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith("/api/")) return;
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) {
      return; // an in-page anchor: let the browser scroll to it
    }
    event.preventDefault();
    navigate(url.pathname + url.search);
  }

  function onPopState() {
    const url = new URL(window.location.href);
    if (url.pathname + url.search === currentKey) return; // only the #fragment changed
    resolve();
  }

  return {
    start() {
      document.addEventListener("click", onClick);
      window.addEventListener("popstate", onPopState);
      return resolve({ focus: false });
    },
    navigate,
    reload: () => resolve(),
    setTitle,
  };
}
