// The REST API client.

/** APIError is an error answer of the API: {"error": {"code", "message"}}. */
export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === "") continue;
    p.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const s = p.toString();
  return s ? "?" + s : "";
}

function cookie(name) {
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return "";
}

async function request(method, path, params, body, signal) {
  const init = { method, headers: {}, signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const user = localStorage.getItem("truce.user");
  if (user) init.headers["X-Truce-User"] = user;
  // A signed-in browser echoes its session's CSRF token on writes (double
  // submit); the server refuses cookie-authenticated writes without it.
  const csrf = cookie("truce_csrf");
  if (csrf && method !== "GET") init.headers["X-CSRF-Token"] = csrf;
  const res = await fetch("/api/" + path + qs(params), init);
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  if (res.status === 401 && !path.startsWith("whoami")) {
    window.location.assign("/login");
  }
  if (!res.ok) {
    const e = data?.error || {};
    throw new APIError(res.status, e.code || "internal", e.message || res.statusText);
  }
  return data;
}

export const get = (path, params, signal) => request("GET", path, params, undefined, signal);
export const post = (path, body) => request("POST", path, undefined, body);
export const patch = (path, body) => request("PATCH", path, undefined, body);
