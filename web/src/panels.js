// The side panel's views: event detail, review queue, obligation board,
// diff and the control summary. Report text is only ever set as text.
import { el, clear, link } from "./dom.js";
import { niceISO, dayOf } from "./dates.js";
import { TYPE_COLORS } from "./control.js";

const DATE_PRECISION = { 1: "exact day", 2: "within the week", 3: "within the month" };
const GEO_PRECISION = { 1: "exact place", 2: "near the place", 3: "the wider area" };
const CONTEXT = 280; // characters of report shown around a quote

const actorName = (a) => (a ? a.name + (a.country ? ` (${a.country})` : "") : "—");
const range = (r) => (r ? (r.low === r.high ? String(r.low) : `${r.low}–${r.high}`) : "unknown");
const pill = (cls, text) => el("span", { class: "pill " + cls }, text || cls);

function kv(pairs) {
  return el("dl", { class: "kv" }, pairs.filter(Boolean).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

/** quoteInContext shows the quoted span highlighted inside its report. */
export function quoteInContext(ev, source) {
  const text = source?.text || "";
  let start = ev.start, end = ev.end;
  if (!(start >= 0 && end > start && end <= text.length && text.slice(start, end) === ev.text)) {
    // Offsets are bytes in Go; find the quote by text instead.
    start = text.indexOf(ev.text);
    end = start + ev.text.length;
  }
  if (start < 0 || !text) return el("blockquote", { class: "quote" }, el("mark", {}, ev.text));
  const a = Math.max(0, start - CONTEXT), b = Math.min(text.length, end + CONTEXT);
  return el("blockquote", { class: "quote" },
    a > 0 ? "…" : "", text.slice(a, start), el("mark", {}, text.slice(start, end)), text.slice(end, b), b < text.length ? "…" : "");
}

/** eventDetail renders GET /api/events/{id}. */
export function eventDetail(d, { onClose, onReview, onEdit, readOnly }) {
  const e = d.event;
  const sources = new Map((d.sources || []).map((s) => [s.id, s]));
  const place = e.location || {};
  const node = el("div", { class: "event-detail", dataset: { id: e.id } },
    el("div", { class: "row" }, el("button", { onclick: onClose, title: "Close (Esc)" }, "← Back")),
    el("h2", {}, el("span", { class: "swatch dot" }), ` ${e.subtype}`),
    el("div", { class: "meta" }, `${e.type} · event ${e.id} · version ${e.version}`),
    kv([
      ["Date", `${niceISO(e.date)}${e.date_end ? " – " + niceISO(e.date_end) : ""} (${DATE_PRECISION[e.date_precision] || "?"})`],
      ["Place", `${place.name || "?"}${place.admin1 ? ", " + place.admin1 : ""}${place.country ? " · " + place.country : ""} (${GEO_PRECISION[place.precision] || "precision unknown"})`],
      ["Coordinates", `${(+place.lat).toFixed(3)}, ${(+place.lon).toFixed(3)}`],
      ["Actor 1", actorName(e.actor1)],
      ["Actor 2", actorName(e.actor2)],
      ["Fatalities", range(e.fatalities)],
      e.injured && ["Injured", range(e.injured)],
      ["Status", e.status],
      ["Review", pill(e.review)],
      ["Confidence", `${Math.round((e.confidence || 0) * 100)}%`],
      e.control && ["Control", `${e.control.territory}: ${actorName(e.control.from)} → ${actorName(e.control.to)}`],
      e.notes && ["Notes", e.notes],
    ]),
    !readOnly && el("div", { class: "row" },
      el("button", { class: "accept", onclick: () => onReview("accepted") }, "Accept (a)"),
      el("button", { class: "reject", onclick: () => onReview("rejected") }, "Reject (r)"),
      el("button", { onclick: onEdit }, "Edit (e)")),
    el("h3", {}, `Evidence (${(e.evidence || []).length}; ${e.sources || 0} independent)`),
    (e.evidence || []).map((ev) => {
      const s = sources.get(ev.source_id);
      return el("div", { class: "evidence" },
        quoteInContext(ev, s),
        el("div", { class: "src" },
          ev.stance === "denies" ? "Denies · " : "",
          ev.claimed_by ? `Claimed by ${ev.claimed_by} · ` : "",
          s?.title ? s.title + " · " : "",
          (ev.outlet || s?.outlet || "source") + " ",
          ev.url || s?.url ? link(ev.url || s.url, "open report") : ""));
    }),
    el("h3", {}, "Audit trail"),
    el("ul", { class: "list audit" }, (d.audit || []).map((a) =>
      el("li", {}, el("span", { class: "meta" }, new Date(a.at).toLocaleString("en-GB")), ` ${a.user} · ${a.action}`))));
  node.querySelector(".swatch").style.background = TYPE_COLORS[e.type] || "#94a3b8";
  return node;
}

/** editForm edits type, date, place and actors; onSave gets the patch. */
export function editForm(e, meta, { onSave, onCancel }) {
  const sub = el("select", { name: "subtype" });
  for (const [type, subs] of Object.entries(meta.subtypes || {})) {
    sub.append(el("optgroup", { label: type }, subs.map((s) => el("option", { value: s, selected: s === e.subtype }, s))));
  }
  const input = (name, value, attrs = {}) => el("input", { name, value: value ?? "", ...attrs });
  const f = el("form", { class: "edit" },
    el("h2", {}, `Edit event ${e.id}`),
    el("label", {}, "Sub-event type"), sub,
    el("label", {}, "Date"), input("date", e.date, { type: "date", required: true }),
    el("label", {}, "Date precision"),
    el("select", { name: "date_precision" }, [1, 2, 3].map((p) => el("option", { value: p, selected: p === e.date_precision }, DATE_PRECISION[p]))),
    el("label", {}, "Place"), input("place", e.location?.name, { required: true }),
    el("label", {}, "Latitude, longitude"), input("latlon", `${e.location?.lat}, ${e.location?.lon}`),
    el("label", {}, "Actor 1"), input("actor1", e.actor1?.name, { required: true, list: "actors" }),
    el("label", {}, "Actor 2 (empty for none)"), input("actor2", e.actor2?.name, { list: "actors" }),
    el("label", {}, "Fatalities (lowest reported)"), input("fatalities", e.fatalities?.low, { type: "number", min: 0 }),
    el("div", { class: "row" }, el("button", { type: "submit", class: "accept" }, "Save"), el("button", { type: "button", onclick: onCancel }, "Cancel")));
  f.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = Object.fromEntries(new FormData(f));
    const [lat, lon] = String(v.latlon).split(",").map((x) => parseFloat(x));
    const actor = (name, old) => (old && old.name === name ? old : { name });
    const p = {
      version: e.version,
      subtype: v.subtype,
      date: v.date,
      date_precision: +v.date_precision,
      location: { ...e.location, name: v.place, lat, lon },
      actor1: actor(v.actor1.trim(), e.actor1),
      actor2: v.actor2.trim() ? actor(v.actor2.trim(), e.actor2) : null,
    };
    if (v.fatalities !== "") p.fatalities = { low: +v.fatalities, high: Math.max(+v.fatalities, e.fatalities?.high || 0) };
    if (p.subtype !== e.subtype) p.type = undefined;
    onSave(p);
  });
  return f;
}

/** reviewQueue lists candidates by confidence; selected is an index. */
export function reviewQueue(page, selected, { onSelect }) {
  return el("div", { class: "review" },
    el("h2", {}, `Review queue (${page.total})`),
    el("p", { class: "keys" }, el("kbd", {}, "j"), "/", el("kbd", {}, "k"), " move · ", el("kbd", {}, "a"), " accept · ",
      el("kbd", {}, "r"), " reject · ", el("kbd", {}, "e"), " edit · ", el("kbd", {}, "Enter"), " open"),
    page.events.length === 0 ? el("p", {}, "Nothing to review.") : null,
    el("ul", { class: "list" }, page.events.map((e, i) =>
      el("li", { class: i === selected ? "selected" : "", dataset: { id: e.id }, onclick: () => onSelect(i) },
        el("div", {}, el("strong", {}, e.subtype), ` · ${e.location?.name || "?"}`),
        el("div", { class: "meta" }, `${niceISO(e.date)} · ${e.actor1?.name || ""} · confidence ${Math.round(e.confidence * 100)}%`),
        e.evidence?.[0] ? el("div", { class: "meta" }, `“${e.evidence[0].text.slice(0, 160)}”`) : null))));
}

function evidenceList(items, onOpen) {
  return el("ul", { class: "list" }, (items || []).map((ev) =>
    el("li", { onclick: ev.event_id ? () => onOpen(ev.event_id) : null },
      el("div", { class: "meta" }, `${niceISO(ev.date)}${ev.outlet ? " · " + ev.outlet : ""}${ev.event_id ? " · event " + ev.event_id : ""}`),
      ev.text ? el("div", {}, `“${ev.text}”`) : el("div", { class: "meta" }, ev.note || "manual entry"))));
}

/** diffView renders GET /api/diff with date inputs. */
export function diffView(diff, from, to, { onRange, onOpen }) {
  const fromIn = el("input", { type: "date", value: from, name: "from" });
  const toIn = el("input", { type: "date", value: to, name: "to" });
  const form = el("form", { class: "row" }, fromIn, "→", toIn, el("button", { type: "submit" }, "Compare"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    onRange(fromIn.value, toIn.value);
  });
  const changes = diff?.changes || [];
  return el("div", { class: "diff" },
    el("h2", {}, "Changes of control"), form,
    el("p", { class: "meta" }, `${changes.length} ${changes.length === 1 ? "territory" : "territories"} changed hands between ${niceISO(from)} and ${niceISO(to)}.`),
    changes.map((c) => el("div", { class: "obl change", dataset: { territory: c.territory } },
      el("strong", {}, c.territory), el("div", {}, `${actorName(c.from)} → ${actorName(c.to)}`),
      el("div", { class: "meta" }, `since ${niceISO(c.since)}`),
      evidenceList(c.evidence, onOpen))));
}

/** obligationBoard renders GET /api/obligations as timelines. */
export function obligationBoard(board, agreements, { onOpen }) {
  const titles = new Map((agreements || []).map((a) => [a.id, a]));
  const groups = new Map();
  for (const o of board.obligations || []) {
    if (!groups.has(o.agreement)) groups.set(o.agreement, []);
    groups.get(o.agreement).push(o);
  }
  const at = dayOf(board.at);
  return el("div", { class: "board" },
    el("h2", {}, `Obligations on ${niceISO(board.at)}`),
    groups.size === 0 ? el("p", {}, "No agreement in force on this date.") : null,
    [...groups].map(([id, rows]) => {
      const a = titles.get(id);
      const start = dayOf(a?.signed) || Math.min(...rows.map((r) => dayOf(r.original_due || r.due) - 14));
      let end = Math.max(at, ...rows.flatMap((r) => [r.due, r.original_due, r.met_on].filter(Boolean).map(dayOf)));
      end = Math.max(end, start + 14) + 3;
      const x = (d) => `${(100 * (d - start)) / (end - start)}%`;
      return el("section", {},
        el("h3", {}, a?.title || id),
        a ? el("div", { class: "meta" }, `Signed ${niceISO(a.signed)} by ${(a.parties || []).join(", ")}${a.broker ? "; brokered by " + a.broker : ""}`) : null,
        rows.map((o) => {
          const bar = el("div", { class: "bar", title: "grey: original due · white: due · green: met · blue: selected date" },
            el("div", { class: "span" }));
          const tick = (d, cls, title) => {
            if (!d) return;
            const t = el("div", { class: "tick " + cls, title });
            t.style.left = x(dayOf(d));
            bar.append(t);
          };
          bar.firstChild.style.left = "0";
          bar.firstChild.style.width = x(Math.min(at, end));
          if (o.original_due && o.original_due !== o.due) tick(o.original_due, "orig", `originally due ${niceISO(o.original_due)}`);
          tick(o.due, "due", `due ${niceISO(o.due)}`);
          tick(o.met_on, "met", `met ${niceISO(o.met_on)}`);
          tick(board.at, "now", niceISO(board.at));
          return el("div", { class: "obl", dataset: { obligation: o.id, status: o.status } },
            el("div", {}, pill(o.status, o.status.replace("_", " ")), " ", el("strong", {}, `${o.party}: ${o.action.replace("_", " ")} ${o.territory || ""}`), o.to ? ` → ${o.to}` : ""),
            el("div", { class: "meta" },
              o.due ? `due ${niceISO(o.due)}` : "no due date",
              o.original_due && o.original_due !== o.due ? ` (originally ${niceISO(o.original_due)})` : "",
              o.met_on ? ` · met ${niceISO(o.met_on)}` : ""),
            bar,
            (o.amendments || []).map((am) => el("div", { class: "meta" }, `Amended on ${niceISO(am.agreed_on)}: due ${niceISO(am.new_due)}${am.note ? " — " + am.note : ""}`)),
            evidenceList(o.evidence, onOpen));
        }));
    }));
}

/** controlSummary lists who controls what on the selected date. */
export function controlSummary(rows, day, palette) {
  return el("div", { class: "summary" },
    el("h2", {}, "Control of territory"),
    el("ul", { class: "list" }, rows.map((r) => {
      const sw = el("span", { class: "swatch" + (r.status === "claimed" || r.status === "disputed" ? " claimed" : "") });
      sw.style.background = r.color;
      return el("li", { dataset: { territory: r.name } },
        el("div", { class: "legend-row" }, sw, el("strong", {}, r.name)),
        el("div", { class: "meta" }, r.controller ? `${r.controller.name} · ${r.status} since ${niceISO(r.since)}` : "no record"));
    })));
}

/** legend explains the colours of controllers and of event types. */
export function legend(sides, palette) {
  const row = (cls, color, text) => {
    const sw = el("span", { class: "swatch " + cls });
    sw.style.background = color;
    return el("div", { class: "legend-row" }, sw, text);
  };
  return [
    el("strong", {}, "Controlled by"),
    sides.map((a) => row("", palette.color(a), a.name)),
    row("claimed", "#64748b", "claimed, not assessed"),
    row("claimed", "#fbbf24", "disputed"),
    el("strong", {}, "Events"),
    Object.entries(TYPE_COLORS).map(([t, c]) => row("dot", c, t)),
  ];
}
