// The one client for the EAA API. Every page talks to the server through this module.
//
//   const { data } = await get("/teams/abc");
//   const { data, pagination } = await getList("/teams", { page: 2 });
//   await post(`/teams/${id}/members`, { user_id, role });
//   await upload(`/cycles/${id}/evidence`, formData, { onProgress: (fraction) => ... });
//
// Failures throw ApiError with status, title, detail and fieldErrors ({ field: [messages] }).

const BASE = "/api/v1";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const NETWORK_TROUBLE = "We couldn't reach the server. Check your connection and try again.";
const FALLBACK_DETAIL = {
  401: "Please sign in first.",
  403: "You don't have permission to do that.",
  404: "We couldn't find that.",
  409: "That clashes with a change someone else made. Reload and try again.",
  412: "Someone else changed this while you were working. Reload to see their changes.",
  413: "That file is too large.",
  422: "Some details need fixing.",
  429: "Too many tries. Please wait a few minutes and try again.",
};

export class ApiError extends Error {
  /**
   * @param {object} problem  the problem+json body (or what we could make of the response)
   * @param {number} status   HTTP status, 0 when the server could not be reached
   */
  constructor(problem, status) {
    const detail =
      problem.detail || FALLBACK_DETAIL[status] || "Something went wrong. Please try again.";
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.title = problem.title || "Error";
    this.detail = detail;
    this.fieldErrors = normaliseFieldErrors(problem.errors);
    this.problem = problem;
  }
}

function normaliseFieldErrors(errors) {
  const result = {};
  if (!errors || typeof errors !== "object") return result;
  for (const [field, messages] of Object.entries(errors)) {
    if (Array.isArray(messages)) result[field] = messages.map(String);
    else if (messages && typeof messages === "object") {
      // Nested fields ({ due_dates: { analysis: [...] } }) become "due_dates.analysis".
      for (const [inner, list] of Object.entries(normaliseFieldErrors(messages))) {
        result[`${field}.${inner}`] = list;
      }
    } else result[field] = [String(messages)];
  }
  return result;
}

// ---- CSRF token -------------------------------------------------------------------------

let csrfToken = null;
let csrfRequest = null;

/** Use this token from now on (sign-in returns a fresh one with the new session). */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** Forget the token (after signing out); the next change fetches a new one. */
export function clearCsrfToken() {
  csrfToken = null;
}

async function ensureCsrfToken() {
  if (csrfToken) return csrfToken;
  if (!csrfRequest) {
    csrfRequest = request("GET", "/auth/csrf", { ungated: true })
      .then(({ data }) => {
        csrfToken = data.csrf_token;
        return csrfToken;
      })
      .finally(() => {
        csrfRequest = null;
      });
  }
  return csrfRequest;
}

// ---- Requests ---------------------------------------------------------------------------

// Requests on their way. Signing out waits for them: the session cookie rides on every
// response, so one that lands after the sign-out would bring the old session back.
const inFlight = new Set();

function track(promise) {
  inFlight.add(promise);
  const forget = () => inFlight.delete(promise);
  promise.then(forget, forget);
  return promise;
}

// While signing out, new requests wait until the session is gone (and then go without it).
let signOutGate = null;

async function settle(limitMs = 4000) {
  const until = Date.now() + limitMs;
  while (inFlight.size && Date.now() < until) {
    const timeout = new Promise((resolve) => window.setTimeout(resolve, Math.max(0, until - Date.now())));
    await Promise.race([Promise.allSettled([...inFlight]), timeout]);
  }
}

function buildUrl(path, query) {
  const url = new URL(path.startsWith("/api/") ? path : BASE + path, window.location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((item) => url.searchParams.append(name, item));
    else url.searchParams.set(name, value);
  }
  return url.pathname + url.search;
}

function parsePagination(header) {
  if (!header) return null;
  try {
    return JSON.parse(header);
  } catch {
    return null;
  }
}

function parseBody(text, contentType) {
  if (!text) return null;
  if (contentType && contentType.includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

function result(status, body, getHeader) {
  if (status < 200 || status >= 300) {
    const problem = body && typeof body === "object" ? body : {};
    throw new ApiError(problem, status);
  }
  return {
    data: body,
    status,
    etag: getHeader("ETag"),
    pagination: parsePagination(getHeader("X-Pagination")),
    header: getHeader,
  };
}

async function send(method, path, { query, json, body, headers, signal, ungated } = {}) {
  if (signOutGate && !ungated) await signOutGate;
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json, application/problem+json", ...headers },
    signal,
  };
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body; // FormData, Blob: the browser sets the Content-Type (and boundary)
  }
  if (UNSAFE.has(method)) init.headers["X-CSRF-Token"] = await ensureCsrfToken();
  let response;
  try {
    response = await track(fetch(buildUrl(path, query), init));
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError({ title: "Network error", detail: NETWORK_TROUBLE }, 0);
  }
  const text = await response.text();
  const parsed = parseBody(text, response.headers.get("Content-Type"));
  return result(response.status, parsed, (name) => response.headers.get(name));
}

/**
 * Send one request. Options: query (object), json (body as JSON), body (FormData, Blob),
 * headers (e.g. { "If-Match": etag }), signal (AbortSignal).
 * Resolves to { data, status, etag, pagination, header(name) }; rejects with ApiError.
 */
export async function request(method, path, options = {}) {
  method = method.toUpperCase();
  try {
    return await send(method, path, options);
  } catch (error) {
    // A refused change did nothing, so retrying once with a fresh token is safe; this heals
    // a token left over from a session that ended (signed out in another tab, expired).
    if (error instanceof ApiError && error.status === 403 && UNSAFE.has(method)) {
      clearCsrfToken();
      return send(method, path, options);
    }
    throw error;
  }
}

/** GET one resource: { data, etag, ... }. */
export function get(path, query, options = {}) {
  return request("GET", path, { ...options, query });
}

/** GET one page of a list: { data: [...], pagination: { total, page, total_pages, ... } }. */
export function getList(path, query, options = {}) {
  return request("GET", path, { ...options, query });
}

/** GET every page of a list (up to maxPages pages of 100) and return all the items. */
export async function getAll(path, query = {}, { maxPages = 20, ...options } = {}) {
  const items = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const { data, pagination } = await getList(path, { page_size: 100, ...query, page }, options);
    items.push(...(data || []));
    if (!pagination || !pagination.next_page) break;
  }
  return items;
}

/**
 * Every item of a list an answer included (`?include=`): its first page, or, when the list is
 * longer than that, all of it from the list's own route (`path`).
 */
export async function allIncluded(part, path, query = {}) {
  return part.pagination && part.pagination.next_page ? getAll(path, query) : part.items;
}

/**
 * Ask for a file (e.g. a ZIP export) and hand it to the browser as a download, named as the
 * server says in Content-Disposition. Resolves once saved; rejects with ApiError.
 */
export async function download(path, { method = "POST", fileName = "download" } = {}) {
  if (signOutGate) await signOutGate;
  const headers = { Accept: "application/zip, application/octet-stream, application/problem+json" };
  if (UNSAFE.has(method)) headers["X-CSRF-Token"] = await ensureCsrfToken();
  let response;
  try {
    response = await track(fetch(buildUrl(path), { method, credentials: "same-origin", headers }));
  } catch {
    throw new ApiError({ title: "Network error", detail: NETWORK_TROUBLE }, 0);
  }
  if (!response.ok) {
    const text = await response.text();
    result(response.status, parseBody(text, response.headers.get("Content-Type")), () => null);
  }
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") || "";
  const named = /filename="([^"]+)"/.exec(disposition);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = named ? named[1] : fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/** POST JSON (or FormData as `body` via request()). */
export function post(path, json, options = {}) {
  return request("POST", path, { ...options, json });
}

export function put(path, json, options = {}) {
  return request("PUT", path, { ...options, json });
}

/** PATCH JSON; pass { headers: { "If-Match": etag } } for cycles. */
export function patch(path, json, options = {}) {
  return request("PATCH", path, { ...options, json });
}

export function del(path, options = {}) {
  return request("DELETE", path, options);
}

/**
 * Upload FormData with progress (fetch cannot report upload progress, so this uses XHR).
 * onProgress(fraction 0..1, loaded, total) is called as bytes go out.
 * Options: method ("POST"), headers, signal (AbortSignal cancels the upload), onProgress.
 * Resolves to { data, status, etag, pagination, header(name) }; rejects with ApiError.
 */
export async function upload(path, formData, { method = "POST", headers = {}, signal, onProgress, query } = {}) {
  const attempt = async () => {
    if (signOutGate) await signOutGate;
    const token = await ensureCsrfToken();
    return track(new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, buildUrl(path, query));
      xhr.withCredentials = true;
      xhr.setRequestHeader("Accept", "application/json, application/problem+json");
      xhr.setRequestHeader("X-CSRF-Token", token);
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      if (onProgress) {
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) onProgress(event.loaded / event.total, event.loaded, event.total);
        };
        xhr.upload.onload = () => onProgress(1, null, null);
      }
      xhr.onload = () => {
        try {
          const body = parseBody(xhr.responseText, xhr.getResponseHeader("Content-Type"));
          resolve(result(xhr.status, body, (name) => xhr.getResponseHeader(name)));
        } catch (error) {
          reject(error);
        }
      };
      xhr.onerror = () => reject(new ApiError({ title: "Network error", detail: NETWORK_TROUBLE }, 0));
      xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
      if (signal) {
        if (signal.aborted) return xhr.abort();
        signal.addEventListener("abort", () => xhr.abort(), { once: true });
      }
      xhr.send(formData);
    }));
  };
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      clearCsrfToken();
      return attempt();
    }
    throw error;
  }
}

// ---- Session ----------------------------------------------------------------------------

/** The signed-in person ({ id, display_name, organizations, ... }), or null when signed out. */
export async function getMe() {
  // The session's state answers 200 signed in or not: no failed request on a signed-out load.
  const { data } = await get("/auth/session");
  if (data && data.csrf_token) setCsrfToken(data.csrf_token);
  return data && data.signed_in ? data.user : null;
}

/** Sign in; the server starts a fresh session, so its new CSRF token replaces ours. */
export async function signIn(login, password) {
  const { data } = await post("/auth/session", { login, password });
  setCsrfToken(data.csrf_token);
  return data;
}

export async function signOut() {
  let open;
  signOutGate = new Promise((resolve) => { open = resolve; });
  try {
    await settle();
    await request("DELETE", "/auth/session", { ungated: true });
  } finally {
    clearCsrfToken();
    signOutGate = null;
    open();
  }
}
