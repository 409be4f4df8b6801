// truce web map: territories coloured by controller at the selected date,
// events by type, a time slider with a histogram, diff mode, the
// obligation board, event detail and the review queue.
import { createMap, territoryLabels } from "./map.js";
import { get, post, patch } from "./api.js";
import { el, clear, $ } from "./dom.js";
import { dayOf, iso, nice } from "./dates.js";
import { Palette, prepare, controlOn, TYPE_COLORS, DISPUTED } from "./control.js";
import { state, load, set, subscribe } from "./state.js";
import * as panels from "./panels.js";

const app = {
  meta: null,
  map: null,
  territories: [], // features with periods prepared
  byId: new Map(),
  palette: null,
  events: [], // event features sorted by day
  loaded: null, // the days [from, to] events holds on a large record; null: all
  // largeRecord is the number of events above which the map loads only the
  // events of the days around the one shown (the window, and as much again
  // on each side, so that the slider moves a while before the next load)
  // instead of every event: on a record of a million events, every event
  // is a response of about 100 MB.
  largeRecord: 50000,
  days: [], // their days, for binary search
  start: 0,
  end: 0,
  control: new Map(), // territory id → controlOn result at the current day
  review: { page: null, index: 0 },
  agreements: null,
  ready: false,
};
window.truce = app; // for the browser tests and the console

const status = (msg, error = false) => {
  const s = $("#status");
  s.textContent = msg;
  s.classList.toggle("error", error);
};
const fail = (e) => status(e.message || String(e), true);

function filters() {
  return { q: state.q, type: state.type, actor: state.actor, country: state.country };
}

function currentDay() {
  const d = dayOf(state.date);
  return Number.isNaN(d) ? app.end : Math.min(Math.max(d, app.start), app.end);
}

// ---- loading -------------------------------------------------------------

async function loadMeta() {
  app.meta = await get("meta");
  const type = $("#f-type");
  for (const t of app.meta.types) type.append(el("option", { value: t }, t));
  clear($("#actors"), app.meta.actors.map((a) => el("option", { value: a.name })));
  $("#review-count").textContent = app.meta.candidates ? String(app.meta.candidates) : "";
}

async function loadTerritories() {
  const fc = await get("control/history");
  const actors = [];
  for (const f of fc.features) {
    f.periods = prepare(f.properties.periods);
    for (const p of f.periods) actors.push(p.controller);
    app.byId.set(f.id, f);
  }
  app.territories = fc.features;
  app.palette = new Palette(actors);
  // The map gets the shapes only; periods stay in JS.
  app.map.getSource("territories").setData({
    type: "FeatureCollection",
    features: fc.features.map((f) => ({ type: "Feature", id: f.id, geometry: f.geometry, properties: { name: f.properties.name, kind: f.properties.kind } })),
  });
  if (!app.labels) app.labels = territoryLabels(app.map, fc.features);
  if (!app.fitted) fitTerritories(fc.features);
  let lo = Infinity;
  for (const f of fc.features) for (const p of f.periods) lo = Math.min(lo, p.fromDay);
  return lo;
}

// fitTerritories frames the controlled territories, clear of the side panel.
function fitTerritories(features) {
  const b = [180, 90, -180, -90];
  for (const f of features) {
    if (!f.bbox) continue;
    b[0] = Math.min(b[0], f.bbox[0]);
    b[1] = Math.min(b[1], f.bbox[1]);
    b[2] = Math.max(b[2], f.bbox[2]);
    b[3] = Math.max(b[3], f.bbox[3]);
  }
  if (b[0] > b[2]) return;
  app.fitted = true;
  const panel = Math.max($("#panel").offsetWidth, Math.min(440, innerWidth * 0.45));
  app.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: { top: 40, bottom: 40, left: 300, right: panel + 40 }, duration: 0, maxZoom: 9 });
}

/** windowDays is the event window in days (Infinity for "all"). */
function windowDays() {
  return state.window === "all" ? Infinity : Math.max(1, parseInt(state.window, 10) || 30);
}

/** loadRange is the days [from, to] loadEvents asks for, or null: all. */
function loadRange(day) {
  const w = windowDays();
  if ((app.meta?.events || 0) <= app.largeRecord || !Number.isFinite(w)) return null;
  const pad = Math.max(w, 30);
  return [day - w + 1 - pad, day + pad];
}

let eventsAbort = null;
async function loadEvents() {
  eventsAbort?.abort();
  eventsAbort = new AbortController();
  const range = loadRange(currentDay());
  const params = { ...filters(), review: "accepted,candidate" };
  if (range) [params.from, params.to] = range.map(iso);
  const fc = await get("events.geojson", params, eventsAbort.signal);
  fc.features.sort((a, b) => a.properties.day - b.properties.day);
  app.events = fc.features;
  app.days = fc.features.map((f) => f.properties.day);
  app.loaded = range;
  lastRange = null;
  status(range ? `${fc.total.toLocaleString()} events from ${nice(range[0])} to ${nice(range[1])}` : `${fc.total.toLocaleString()} events`);
}

// reloadEvents loads the events again when the window shown leaves the
// days loaded, once the slider rests for a moment.
let reloadTimer = 0;
function reloadEvents() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(async () => {
    try {
      await loadEvents();
    } catch (e) {
      if (e.name !== "AbortError") fail(e);
      return;
    }
    scheduleRender();
  }, 150);
}

async function loadHistogram() {
  const h = await get("histogram", { ...filters(), from: iso(app.start), to: iso(app.end) });
  app.histogram = h;
  drawHistogram();
}

// ---- time ----------------------------------------------------------------

function drawHistogram() {
  const h = app.histogram;
  const c = $("#histogram");
  const w = (c.width = c.clientWidth * devicePixelRatio);
  const ht = (c.height = 44 * devicePixelRatio);
  const g = c.getContext("2d");
  g.clearRect(0, 0, w, ht);
  if (!h || !h.fatalities.length) return;
  const n = h.fatalities.length;
  const bw = w / n;
  const scale = (ht - 2) / Math.max(1, h.max);
  for (let i = 0; i < n; i++) {
    let y = ht;
    for (const t of h.types) {
      const v = h.counts[t][i];
      if (!v) continue;
      g.fillStyle = TYPE_COLORS[t];
      g.fillRect(i * bw, y - v * scale, Math.max(1, bw - 0.5), v * scale);
      y -= v * scale;
    }
  }
}

let frame = 0;
function scheduleRender() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderDay();
  });
}

function renderDay() {
  const day = currentDay();
  $("#slider").value = String(day - app.start);
  $("#date-label").textContent = nice(day);
  paintControl(day);
  updateEvents(day);
  if (state.view === "map" && !state.event) renderPanel();
  if (state.view === "obligations") refreshBoard();
}

function paintControl(day) {
  const map = app.map;
  for (const f of app.territories) {
    const c = controlOn(f.periods, day);
    const color = c.status === "disputed" && !c.assessed ? DISPUTED : c.controller ? app.palette.color(c.controller) : null;
    const prev = app.control.get(f.id);
    if (!prev || prev.status !== c.status || prev.color !== color) {
      map.setFeatureState({ source: "territories", id: f.id }, { color, status: c.status });
    }
    app.control.set(f.id, { ...c, color, name: f.properties.name });
  }
  renderLegend();
}

let lastRange = null;
function updateEvents(day) {
  const w = windowDays();
  const want = loadRange(day);
  const have = app.loaded;
  if (want ? !have || day - w + 1 < have[0] || day > have[1] : have) reloadEvents();
  const lo = lowerBound(app.days, day - w + 1);
  const hi = lowerBound(app.days, day + 1);
  if (lastRange && lastRange[0] === lo && lastRange[1] === hi) return;
  lastRange = [lo, hi];
  app.map.getSource("events").setData({ type: "FeatureCollection", features: app.events.slice(lo, hi) });
  app.visibleEvents = hi - lo;
}

function lowerBound(a, x) {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

let timer = null;
function togglePlay(force) {
  const playing = force ?? !timer;
  clearInterval(timer);
  timer = null;
  $("#play").textContent = playing ? "❚❚" : "▶";
  $("#play").setAttribute("aria-label", playing ? "Pause" : "Play");
  if (!playing) return;
  const step = Math.max(1, Math.round((app.end - app.start) / 240));
  if (currentDay() >= app.end) set({ date: iso(app.start) });
  timer = setInterval(() => {
    const d = currentDay() + step;
    set({ date: iso(Math.min(d, app.end)) });
    if (d >= app.end) togglePlay(false);
  }, 120);
}

// ---- panel -----------------------------------------------------------------

function renderLegend() {
  const seen = new Map();
  for (const c of app.control.values()) if (c.controller && c.status !== "none") seen.set(app.palette.color(c.controller) + c.controller.name, c.controller);
  const sides = [...new Map([...seen.values()].map((a) => [app.palette.color(a), a])).values()];
  clear($("#legend"), panels.legend(sides, app.palette));
}

let panelToken = 0;
async function renderPanel() {
  const panel = $("#panel");
  const token = ++panelToken;
  const stale = () => token !== panelToken;
  try {
    if (state.event) {
      const d = await get("events/" + encodeURIComponent(state.event));
      if (stale()) return;
      app.detail = d;
      selectEventOnMap(d.event.id);
      clear(panel, panels.eventDetail(d, {
        readOnly: app.meta.read_only,
        onClose: () => set({ event: "" }, { replace: false }),
        onReview: (s) => review(d.event, s),
        onEdit: () => edit(d.event),
      }));
      return;
    }
    selectEventOnMap(null);
    switch (state.view) {
      case "review": {
        const page = await get("review", { limit: 100 });
        if (stale()) return;
        app.review.page = page;
        app.review.index = Math.min(app.review.index, Math.max(0, page.events.length - 1));
        $("#review-count").textContent = page.total ? String(page.total) : "";
        drawReview();
        return;
      }
      case "obligations": {
        app.agreements ??= (await get("agreements")).agreements;
        const board = await get("obligations", { at: iso(currentDay()) });
        if (stale()) return;
        clear(panel, panels.obligationBoard(board, app.agreements, { onOpen: openEvent }));
        return;
      }
      case "diff": {
        const to = state.to || iso(currentDay());
        const from = state.from || iso(dayOf(to) - 7);
        const diff = await get("diff", { from, to });
        if (stale()) return;
        highlightChanges(diff.changes);
        clear(panel, panels.diffView(diff, from, to, {
          onRange: (f, t) => set({ from: f, to: t, date: t }, { replace: false }),
          onOpen: openEvent,
        }));
        return;
      }
      default: {
        const rows = [...app.control.values()].filter((c) => c.status !== "none").sort((a, b) => a.name.localeCompare(b.name));
        clear(panel, panels.controlSummary(rows, currentDay(), app.palette));
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") fail(e);
  }
}

let boardTimer = null;
function refreshBoard() {
  clearTimeout(boardTimer);
  boardTimer = setTimeout(() => !state.event && state.view === "obligations" && renderPanel(), 120);
}

function drawReview() {
  const { page, index } = app.review;
  clear($("#panel"), panels.reviewQueue(page, index, {
    onSelect: (i) => {
      app.review.index = i;
      drawReview();
    },
  }));
  $("#panel li.selected")?.scrollIntoView({ block: "nearest" });
}

let changed = [];
function highlightChanges(changes) {
  for (const id of changed) app.map.setFeatureState({ source: "territories", id }, { changed: false });
  changed = [];
  if (state.view !== "diff") return;
  const byName = new Map(app.territories.map((f) => [f.properties.name, f.id]));
  for (const c of changes || []) {
    const id = c.territory_id || byName.get(c.territory);
    if (id === undefined) continue;
    app.map.setFeatureState({ source: "territories", id }, { changed: true });
    changed.push(id);
  }
}

let selected = null;
function selectEventOnMap(id) {
  if (selected !== null) app.map.setFeatureState({ source: "events", id: selected }, { selected: false });
  selected = id;
  if (id !== null) app.map.setFeatureState({ source: "events", id }, { selected: true });
}

function openEvent(id) {
  set({ event: String(id) }, { replace: false });
}

async function review(e, s) {
  try {
    await post(`events/${e.id}/review`, { state: s, version: e.version });
    status(`Event ${e.id} ${s}.`);
    await afterWrite();
  } catch (err) {
    fail(err);
  }
}

function edit(e) {
  clear($("#panel"), panels.editForm(e, app.meta, {
    onCancel: renderPanel,
    onSave: async (p) => {
      try {
        await patch(`events/${e.id}`, p);
        status(`Event ${e.id} saved.`);
        await afterWrite();
      } catch (err) {
        fail(err);
      }
    },
  }));
}

async function afterWrite() {
  app.meta = await get("meta");
  $("#review-count").textContent = app.meta.candidates ? String(app.meta.candidates) : "";
  await Promise.all([loadEvents(), loadTerritories().then(() => {}), loadHistogram()]);
  app.control.clear();
  renderDay();
  await renderPanel();
}

// ---- input -------------------------------------------------------------------

function bindInputs() {
  for (const b of document.querySelectorAll("#views button")) {
    b.addEventListener("click", () => set({ view: b.dataset.view, event: "" }, { replace: false }));
  }
  $("#slider").addEventListener("input", (e) => set({ date: iso(app.start + Number(e.target.value)) }));
  $("#play").addEventListener("click", () => togglePlay());
  $("#histogram").addEventListener("click", (e) => {
    const r = e.target.getBoundingClientRect();
    set({ date: iso(app.start + Math.round(((e.clientX - r.left) / r.width) * (app.end - app.start))) });
  });
  const bindFilter = (sel, key, evt = "change") => {
    const n = $(sel);
    n.value = state[key] || n.value;
    let t;
    n.addEventListener(evt, () => {
      clearTimeout(t);
      t = setTimeout(() => set({ [key]: n.value.trim() }), evt === "input" ? 300 : 0);
    });
  };
  bindFilter("#f-q", "q", "input");
  bindFilter("#f-type", "type");
  bindFilter("#f-actor", "actor");
  bindFilter("#f-country", "country");
  bindFilter("#f-window", "window");
  $("#filters").addEventListener("submit", (e) => e.preventDefault());

  const map = app.map;
  map.on("click", "events", (e) => {
    const f = e.features?.[0];
    if (f) openEvent(f.id);
  });
  map.on("click", "clusters", async (e) => {
    const f = e.features?.[0];
    if (!f) return;
    const zoom = await map.getSource("events").getClusterExpansionZoom(f.properties.cluster_id);
    map.easeTo({ center: f.geometry.coordinates, zoom });
  });
  for (const l of ["events", "clusters"]) {
    map.on("mouseenter", l, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", l, () => (map.getCanvas().style.cursor = ""));
  }

  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, select, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape" && state.event) return set({ event: "" }, { replace: false });
    if (e.key === " " && e.target === document.body) {
      e.preventDefault();
      return togglePlay();
    }
    const inReview = state.view === "review";
    const page = app.review.page;
    const current = state.event ? app.detail?.event : inReview ? page?.events[app.review.index] : null;
    switch (e.key) {
      case "j":
      case "k":
        if (inReview && page && !state.event) {
          app.review.index = Math.max(0, Math.min(page.events.length - 1, app.review.index + (e.key === "j" ? 1 : -1)));
          drawReview();
        }
        break;
      case "Enter":
        if (inReview && current && !state.event) openEvent(current.id);
        break;
      case "a":
        if (current && !app.meta.read_only) review(current, "accepted");
        break;
      case "r":
        if (current && !app.meta.read_only) review(current, "rejected");
        break;
      case "e":
        if (current && !app.meta.read_only) edit(current);
        break;
    }
  });
  window.addEventListener("resize", drawHistogram);
}

function syncViewButtons() {
  for (const b of document.querySelectorAll("#views button")) b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
}

subscribe(async (keys) => {
  if (!app.ready) return;
  const has = (...k) => k.some((x) => keys.includes(x));
  if (has("view")) syncViewButtons();
  if (has("q", "type", "actor", "country")) {
    try {
      await Promise.all([loadEvents(), loadHistogram()]);
    } catch (e) {
      if (e.name !== "AbortError") return fail(e);
    }
    scheduleRender();
  }
  if (has("window")) {
    lastRange = null;
    scheduleRender();
  }
  if (has("date")) scheduleRender();
  if (has("view", "event", "from", "to") || (has("date") && state.view === "diff" && !state.to)) {
    if (state.view !== "diff") highlightChanges([]);
    renderPanel();
  }
});

async function main() {
  load();
  syncViewButtons();
  try {
    await loadMeta();
    app.map = await createMap($("#map"));
    const firstControl = await loadTerritories();
    const first = app.meta.first ? dayOf(app.meta.first) : Number.isFinite(firstControl) ? firstControl : dayOf(iso(Date.now() / 864e5 | 0));
    const last = app.meta.last ? dayOf(app.meta.last) : first + 30;
    app.start = first - 3;
    app.end = Math.max(last + 3, app.start + 7);
    $("#slider").max = String(app.end - app.start);
    if (!state.date) state.date = iso(app.end);
    await Promise.all([loadEvents(), loadHistogram()]);
    bindInputs();
    app.ready = true;
    renderDay();
    await renderPanel();
    document.body.dataset.ready = "true";
  } catch (e) {
    fail(e);
    document.body.dataset.ready = "error";
  }
}

main();
