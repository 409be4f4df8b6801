// The app's state, mirrored in the URL's query so that a view can be shared.

const KEYS = ["date", "view", "event", "q", "type", "actor", "country", "window", "from", "to"];
const DEFAULTS = { view: "map", window: "30" };

/** state holds the current view; read it, change it with set. */
export const state = { ...DEFAULTS };
const listeners = new Set();

/** load reads the state from the URL. */
export function load() {
  const p = new URLSearchParams(location.search);
  for (const k of KEYS) state[k] = p.get(k) ?? DEFAULTS[k] ?? "";
}

let pending = null;

/** set changes state and notifies listeners with the keys that changed. */
export function set(changes, { replace = true } = {}) {
  const changed = [];
  for (const [k, v] of Object.entries(changes)) {
    const val = v === undefined || v === null ? "" : String(v);
    if (state[k] !== val) {
      state[k] = val;
      changed.push(k);
    }
  }
  if (!changed.length) return;
  // Coalesce history writes: dragging the slider would otherwise flood it.
  clearTimeout(pending);
  pending = setTimeout(() => writeURL(replace), 150);
  for (const fn of listeners) fn(changed);
}

function writeURL(replace) {
  const p = new URLSearchParams();
  for (const k of KEYS) if (state[k] && state[k] !== DEFAULTS[k]) p.set(k, state[k]);
  const url = location.pathname + (p.size ? "?" + p.toString() : "");
  if (url !== location.pathname + location.search) history[replace ? "replaceState" : "pushState"](null, "", url);
}

/** subscribe calls fn(changedKeys) after every change. */
export function subscribe(fn) {
  listeners.add(fn);
}

window.addEventListener("popstate", () => {
  const before = { ...state };
  load();
  const changed = KEYS.filter((k) => before[k] !== state[k]);
  for (const fn of listeners) fn(changed);
});
