// Map: event locations over offline world boundaries (Natural Earth 110m via
// world-atlas), circles sized by event count and coloured by the most frequent quad class.

import { geoGraticule10, geoNaturalEarth1, geoPath } from "d3-geo";
import { scaleSqrt } from "d3-scale";
import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { FeatureCollection } from "geojson";
import world from "world-atlas/countries-110m.json";

import type { Event } from "./api";
import { quadColor } from "./quad";

interface Place {
  key: string;
  name: string;
  country: string | null;
  lon: number;
  lat: number;
  count: number;
  quads: Map<number, number>;
}

const topo = world as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
const countries = feature(topo, topo.objects.countries) as unknown as FeatureCollection;
const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);

interface Label {
  text: string;
  x: number;
  y: number;
  anchor: "start" | "end" | "middle";
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const CHAR_W = 6; // px a character at the 10px label size (an over-estimate is safer)
const LINE_H = 12;

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/**
 * One label per spot, placed so that labels neither overlap each other nor the circles.
 * Places drawn at (nearly) the same pixel, e.g. a country geocoded to its capital and the
 * capital itself, share one label naming both; the biggest places are labelled first, and a
 * label that finds no free side is left out (the circle's tooltip still names the place).
 */
function placeLabels(
  pts: Place[],
  projection: (lonlat: [number, number]) => [number, number] | null,
  r: (n: number) => number,
  width: number,
  height: number,
): Map<string, Label> {
  const xy = new Map(pts.map((p) => [p.key, projection([p.lon, p.lat]) ?? [0, 0]]));
  const groups: { lead: Place; names: string[]; x: number; y: number; radius: number }[] = [];
  for (const p of pts) {
    const [x, y] = xy.get(p.key)!;
    const same = groups.find((g) => Math.hypot(g.x - x, g.y - y) < 4);
    if (same) {
      if (!same.names.includes(p.name)) same.names.push(p.name);
      same.radius = Math.max(same.radius, r(p.count));
    } else {
      groups.push({ lead: p, names: [p.name], x, y, radius: r(p.count) });
    }
  }
  const circles: Box[] = groups.map((g) => ({
    x0: g.x - g.radius,
    y0: g.y - g.radius,
    x1: g.x + g.radius,
    y1: g.y + g.radius,
  }));
  const taken: Box[] = [];
  const out = new Map<string, Label>();
  groups.forEach((g, i) => {
    const text = g.names.join(" · ");
    const w = text.length * CHAR_W;
    const gap = g.radius + 3;
    const sides: Label[] = [
      { text, x: gap, y: 0, anchor: "start" },
      { text, x: -gap, y: 0, anchor: "end" },
      { text, x: 0, y: -gap - LINE_H / 2, anchor: "middle" },
      { text, x: 0, y: gap + LINE_H / 2, anchor: "middle" },
    ];
    for (const side of sides) {
      const x0 = g.x + side.x - (side.anchor === "start" ? 0 : side.anchor === "end" ? w : w / 2);
      const box = { x0, y0: g.y + side.y - LINE_H / 2, x1: x0 + w, y1: g.y + side.y + LINE_H / 2 };
      if (box.x0 < 0 || box.x1 > width || box.y0 < 0 || box.y1 > height) continue;
      if (taken.some((b) => overlaps(b, box)) || circles.some((b, j) => j !== i && overlaps(b, box))) continue;
      taken.push(box);
      out.set(g.lead.key, side);
      break;
    }
  });
  return out;
}

export function renderMap(el: HTMLElement, events: Event[], onPlace: (country: string | null) => void): void {
  const places = new Map<string, Place>();
  for (const ev of events) {
    const loc = ev.event_loc;
    if (!loc || loc.lat == null || loc.lon == null) continue;
    const key = `${loc.name}|${loc.lat.toFixed(3)}|${loc.lon.toFixed(3)}`;
    let p = places.get(key);
    if (!p) {
      p = { key, name: loc.name, country: loc.country_code, lon: loc.lon, lat: loc.lat, count: 0, quads: new Map() };
      places.set(key, p);
    }
    p.count += 1;
    const q = ev.quad_code ?? 0;
    p.quads.set(q, (p.quads.get(q) ?? 0) + 1);
  }
  const width = Math.max(300, el.clientWidth || 500);
  const height = 340;
  const projection = geoNaturalEarth1();
  const pts = [...places.values()];
  if (pts.length) {
    // Fit to the events' area with a margin, but never closer than a region.
    const lons = pts.map((p) => p.lon);
    const lats = pts.map((p) => p.lat);
    const pad = 12;
    const box: FeatureCollection = {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: {},
          geometry: {
            type: "MultiPoint",
            coordinates: [
              [Math.max(-180, Math.min(...lons) - pad), Math.max(-85, Math.min(...lats) - pad)],
              [Math.min(180, Math.max(...lons) + pad), Math.min(85, Math.max(...lats) + pad)],
            ],
          },
        },
      ],
    };
    projection.fitExtent(
      [
        [10, 10],
        [width - 10, height - 10],
      ],
      box,
    );
  } else {
    projection.fitSize([width, height], countries);
  }
  const path = geoPath(projection);
  const maxCount = Math.max(1, ...pts.map((p) => p.count));
  const r = scaleSqrt().domain([0, maxCount]).range([3, 18]);

  el.replaceChildren();
  const svg = select(el)
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", "100%")
    .attr("height", height)
    .attr("data-testid", "map-svg");
  const g = svg.append("g");
  g.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }) ?? "");
  g.append("path").attr("class", "graticule").attr("d", path(geoGraticule10()) ?? "");
  const active = new Set(pts.map((p) => p.country).filter(Boolean));
  g.append("g")
    .selectAll("path")
    .data(countries.features)
    .join("path")
    .attr("class", "country")
    .attr("d", (f) => path(f) ?? "")
    .append("title")
    .text((f) => String((f.properties as { name?: string } | null)?.name ?? ""));
  g.append("path").attr("class", "borders").attr("d", path(borders) ?? "");
  const dots = g
    .append("g")
    .selectAll("g")
    .data(pts.sort((a, b) => b.count - a.count))
    .join("g")
    .attr("data-testid", "map-point")
    .attr("data-place", (p) => p.name)
    .attr("transform", (p) => {
      const xy = projection([p.lon, p.lat]) ?? [0, 0];
      return `translate(${xy[0]},${xy[1]})`;
    })
    .style("cursor", "pointer")
    .on("click", (_, p) => onPlace(p.country));
  dots
    .append("circle")
    .attr("r", (p) => r(p.count))
    .attr("fill", (p) => {
      const top = [...p.quads.entries()].sort((a, b) => b[1] - a[1])[0];
      return quadColor(top ? top[0] || null : null);
    });
  const labels = placeLabels(pts, projection, r, width, height);
  dots
    .filter((p) => labels.has(p.key))
    .append("text")
    .attr("class", "place-label")
    .attr("x", (p) => labels.get(p.key)!.x)
    .attr("y", (p) => labels.get(p.key)!.y)
    .attr("dy", "0.35em")
    .attr("text-anchor", (p) => labels.get(p.key)!.anchor)
    .text((p) => labels.get(p.key)!.text);
  dots.append("title").text((p) => `${p.name}${p.country ? ` (${p.country})` : ""}: ${p.count} events`);
  svg.attr("data-countries", [...active].join(","));

  const z = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.5, 12])
    .on("zoom", (ev) => {
      g.attr("transform", ev.transform.toString());
      dots.attr("transform", (p) => {
        const xy = projection([p.lon, p.lat]) ?? [0, 0];
        return `translate(${xy[0]},${xy[1]}) scale(${1 / ev.transform.k})`;
      });
    });
  svg.call(z).call(z.transform, zoomIdentity);
}
