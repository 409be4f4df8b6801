// Builds the truce web map into http/static/dist, which the Go binary
// embeds. Run from the repository root: node web/build.mjs
//
// - src/main.js and its modules are bundled by esbuild into assets/app.js;
//   maplibre-gl stays a separate module (assets/maplibre-gl.mjs) so that it
//   finds its worker (assets/maplibre-gl-worker.mjs) beside itself.
// - The basemap is world-atlas's 1:50m countries, converted from TopoJSON to
//   GeoJSON with topojson-client here, at build time: the map needs no tile
//   server and works offline.
import { build } from "esbuild";
import { readFile, writeFile, mkdir, copyFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "web", "src");
const out = join(root, "http", "static", "dist");
const assets = join(out, "assets");
const modules = join(root, "node_modules");

await rm(out, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

await build({
  entryPoints: [join(src, "main.js")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  outfile: join(assets, "app.js"),
  external: ["./maplibre-gl.mjs"],
  alias: { "maplibre-gl": "./maplibre-gl.mjs" },
  logLevel: "warning",
});
await build({
  entryPoints: [join(src, "style.css")],
  bundle: true,
  minify: true,
  outfile: join(assets, "app.css"),
  logLevel: "warning",
});

const ml = join(modules, "maplibre-gl", "dist");
for (const f of ["maplibre-gl.mjs", "maplibre-gl-worker.mjs", "maplibre-gl.css"]) {
  await copyFile(join(ml, f), join(assets, f));
}

const topo = JSON.parse(await readFile(join(modules, "world-atlas", "countries-50m.json"), "utf8"));
const countries = feature(topo, topo.objects.countries);
// Keep only what the basemap draws: the name; round coordinates to ~100 m.
const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 1e3) / 1e3, Math.round(c[1] * 1e3) / 1e3] : c.map(round));
for (const f of countries.features) {
  f.properties = { name: f.properties?.name ?? "" };
  if (f.geometry) f.geometry.coordinates = round(f.geometry.coordinates);
}
await writeFile(join(assets, "countries.geojson"), JSON.stringify(countries));

await copyFile(join(src, "index.html"), join(out, "index.html"));
console.log("web: built", out);
