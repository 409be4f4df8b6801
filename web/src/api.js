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

async function request(method, path, params, body, signal) {
  const init = { method, headers: {}, signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const user = localStorage.getItem("truce.user");
  if (user) init.headers["X-Truce-User"] = user;
  const res = await fetch("/api/" + path + qs(params), init);
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
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
