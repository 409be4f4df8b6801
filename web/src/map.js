// The map: a dark basemap of country polygons shipped with the app (no
// tile server), territories coloured by controller through feature state,
// and event points clustered by a GeoJSON source.
import * as maplibregl from "maplibre-gl";
import { TYPE_COLORS, DISPUTED } from "./control.js";

maplibregl.setWorkerUrl(new URL("/assets/maplibre-gl-worker.mjs", location.href).href);

const EMPTY = { type: "FeatureCollection", features: [] };

/** hatch returns a diagonal-stripes image for claimed and disputed areas. */
function hatch(size = 8) {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = (x + y) % size < 2;
      const i = (y * size + x) * 4;
      data.set(on ? [255, 255, 255, 190] : [0, 0, 0, 0], i);
    }
  }
  return { width: size, height: size, data };
}

/** createMap makes the map and resolves when its style has loaded. */
export function createMap(container, { center = [46.5, 40.0], zoom = 6.3 } = {}) {
  const map = new maplibregl.Map({
    container,
    center,
    zoom,
    attributionControl: false,
    preserveDrawingBuffer: true, // screenshots in browser tests
    style: {
      version: 8,
      sources: { countries: { type: "geojson", data: "/assets/countries.geojson" } },
      layers: [
        { id: "background", type: "background", paint: { "background-color": "#0b1120" } },
        { id: "countries", type: "fill", source: "countries", paint: { "fill-color": "#1e293b" } },
        { id: "borders", type: "line", source: "countries", paint: { "line-color": "#475569", "line-width": 0.8 } },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left");
  map.addControl(new maplibregl.ScaleControl(), "bottom-right");
  return new Promise((resolve, reject) => {
    map.once("load", () => {
      new ResizeObserver(() => map.resize()).observe(container);
      map.resize();
      map.addImage("hatch", hatch());
      addLayers(map);
      resolve(map);
    });
    map.once("error", (e) => reject(e.error || e));
  });
}

const state = (name, fallback) => ["coalesce", ["feature-state", name], fallback];

function addLayers(map) {
  map.addSource("territories", { type: "geojson", data: EMPTY });
  map.addLayer({
    id: "terr-fill", type: "fill", source: "territories",
    paint: {
      "fill-color": state("color", "#000000"),
      "fill-opacity": ["match", state("status", "none"), "assessed", 0.5, "claimed", 0.18, "disputed", 0.3, 0],
    },
  });
  map.addLayer({
    id: "terr-hatch", type: "fill", source: "territories",
    paint: { "fill-pattern": "hatch", "fill-opacity": ["match", state("status", "none"), "claimed", 0.55, "disputed", 0.8, 0] },
  });
  map.addLayer({
    id: "terr-line", type: "line", source: "territories",
    paint: {
      "line-color": state("color", "#64748b"),
      "line-width": ["case", ["boolean", ["feature-state", "changed"], false], 4, 1.4],
      "line-opacity": ["match", state("status", "none"), "assessed", 0.95, 0],
    },
  });
  map.addLayer({
    id: "terr-line-dashed", type: "line", source: "territories",
    paint: {
      "line-color": ["match", state("status", "none"), "disputed", DISPUTED, state("color", "#64748b")],
      "line-width": ["case", ["boolean", ["feature-state", "changed"], false], 4, 2],
      "line-dasharray": [2, 1.5],
      "line-opacity": ["match", state("status", "none"), "claimed", 1, "disputed", 1, 0],
    },
  });
  map.addLayer({
    id: "terr-changed", type: "line", source: "territories",
    paint: { "line-color": "#facc15", "line-width": 3, "line-opacity": ["case", ["boolean", ["feature-state", "changed"], false], 1, 0] },
  });

  map.addSource("events", { type: "geojson", data: EMPTY, cluster: true, clusterRadius: 36, clusterMaxZoom: 11,
    clusterProperties: { fatalities: ["+", ["get", "fatalities"]] } });
  map.addLayer({
    id: "clusters", type: "circle", source: "events", filter: ["has", "point_count"],
    paint: {
      "circle-color": "rgba(148, 163, 184, 0.55)",
      "circle-stroke-color": "#e2e8f0", "circle-stroke-width": 1.5,
      "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "point_count"]], 1, 10, 30, 34],
    },
  });
  const typeColor = ["match", ["get", "type"]];
  for (const [t, c] of Object.entries(TYPE_COLORS)) typeColor.push(t, c);
  typeColor.push("#94a3b8");
  map.addLayer({
    id: "events", type: "circle", source: "events", filter: ["!", ["has", "point_count"]],
    paint: {
      "circle-color": typeColor,
      "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "fatalities"]], 0, 5, 3, 10, 10, 20],
      "circle-opacity": ["case", ["==", ["get", "review"], "candidate"], 0.55, 0.9],
      "circle-stroke-color": ["case", ["boolean", ["feature-state", "selected"], false], "#ffffff",
        ["==", ["get", "review"], "candidate"], "#facc15", "#0b1120"],
      "circle-stroke-width": ["case", ["boolean", ["feature-state", "selected"], false], 3, 1.2],
    },
  });
}

/** territoryLabels puts an HTML label (no glyph server) on each territory. */
export function territoryLabels(map, features) {
  const markers = [];
  for (const f of features) {
    const b = f.bbox;
    if (!b) continue;
    const div = document.createElement("div");
    div.className = "territory-label";
    div.textContent = f.properties.name;
    markers.push(new maplibregl.Marker({ element: div }).setLngLat([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]).addTo(map));
  }
  const toggle = () => map.getContainer().classList.toggle("hide-labels", map.getZoom() < 6);
  map.on("zoom", toggle);
  toggle();
  return markers;
}

export { maplibregl };
