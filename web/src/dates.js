// Days are counted as in the API's event features: days since 1970-01-01.
const MS = 86400000;

/** dayOf parses YYYY-MM-DD to a day number (NaN when bad). */
export function dayOf(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s || "")) return NaN;
  const t = Date.parse(s + "T00:00:00Z");
  return Number.isNaN(t) ? NaN : Math.round(t / MS);
}

/** iso formats a day number as YYYY-MM-DD. */
export const iso = (d) => new Date(d * MS).toISOString().slice(0, 10);

/** nice formats a day number as "20 Nov 2020". */
export function nice(d) {
  return new Date(d * MS).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** niceISO formats YYYY-MM-DD as "20 Nov 2020" ("" for empty). */
export const niceISO = (s) => (s ? nice(dayOf(s)) : "");
