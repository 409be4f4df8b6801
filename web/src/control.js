// Control of territory on a day, computed in the browser from the periods
// that /api/control/history returns once, so that dragging the time slider
// recolours the map without asking the server.
import { dayOf } from "./dates.js";

/** TYPE_COLORS colours events by ACLED event type. */
export const TYPE_COLORS = {
  Battles: "#ef4444",
  "Explosions/Remote violence": "#f59e0b",
  "Violence against civilians": "#e879f9",
  Protests: "#22d3ee",
  Riots: "#a3e635",
  "Strategic developments": "#94a3b8",
};

/** DISPUTED is the colour of territories whose control is contested. */
export const DISPUTED = "#fbbf24";

const PALETTE = ["#3b82f6", "#f97316", "#a855f7", "#10b981", "#ec4899", "#eab308", "#14b8a6", "#f43f5e", "#84cc16", "#6366f1"];
const STATE_KINDS = new Set(["state_forces", "government", "external_forces"]);

/** sideKey groups a state's forces and government under the state's country. */
export function sideKey(a) {
  if (!a) return "";
  return STATE_KINDS.has(a.kind) && a.country ? "country:" + a.country + ":" + (a.kind === "external_forces" ? "ext" : "state") : "actor:" + a.name;
}

/** Palette assigns each side a colour, stably (sides sorted by key). */
export class Palette {
  constructor(actors) {
    const keys = [...new Set(actors.map(sideKey))].filter(Boolean).sort();
    this.colors = new Map(keys.map((k, i) => [k, PALETTE[i % PALETTE.length]]));
  }
  color(a) {
    return this.colors.get(sideKey(a)) || "#9ca3af";
  }
}

/** prepare converts a territory's periods to day numbers, once. */
export function prepare(periods) {
  return (periods || []).map((p) => ({
    ...p,
    fromDay: dayOf(p.from),
    toDay: p.to ? dayOf(p.to) : Infinity,
  }));
}

/**
 * controlOn returns who controls a territory on a day: the assessed
 * controller, the open claims, and a status: "assessed"; "claimed" (only
 * claims, all by one side); "disputed" (claims that rival the assessed
 * controller or each other); or "none".
 */
export function controlOn(periods, day) {
  let assessed = null;
  const claims = [];
  for (const p of periods) {
    if (day < p.fromDay || day >= p.toDay) continue;
    if (p.status === "assessed") assessed = p;
    else claims.push(p);
  }
  const key = assessed ? sideKey(assessed.controller) : null;
  const rivals = new Set(claims.map((c) => sideKey(c.controller)).filter((k) => k !== key));
  let status = "none";
  let controller = null;
  if (assessed) {
    status = rivals.size > 0 ? "disputed" : "assessed";
    controller = assessed.controller;
  } else if (claims.length > 0) {
    status = rivals.size > 1 ? "disputed" : "claimed";
    controller = claims[claims.length - 1].controller;
  }
  return { status, controller, since: assessed ? assessed.from : claims.at(-1)?.from, assessed, claims };
}
