// Actor network: codes as nodes (sized by events), one curved edge per
// actor -> recipient pair and quad class, width by event count. The unknown
// actor "---" is left out unless asked for (it would be the largest node and
// says nothing about who acted). An event a code directs at itself (a
// government arresting its own citizens) is a loop drawn outside its node,
// loops of one node fanned out on the side away from its other edges, each
// labelled with its count.

import { drag } from "d3-drag";
import {
  forceCenter,
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from "d3-force";
import { scaleSqrt } from "d3-scale";
import { select } from "d3-selection";

import type { ActorCount, Stats } from "./api";
import { emptyNote } from "./dom";
import { QUADS, quadColor } from "./quad";

interface Node extends SimulationNodeDatum {
  id: string;
  total: number;
  names: string[];
}

interface Link extends SimulationLinkDatum<Node> {
  source: string | Node;
  target: string | Node;
  quad: number | null;
  count: number;
  bend: number;
  loop: number; // for a self-loop: its place among the node's loops (0, 1, ...), else -1
}

export const UNKNOWN = "---";
const LOOP_SPREAD = Math.PI / 3.2; // angle between two loops of one node

function clampNum(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

let simulation: ReturnType<typeof forceSimulation<Node>> | null = null;

export function renderNetwork(
  el: HTMLElement,
  stats: Stats,
  actors: ActorCount[],
  selected: string | undefined,
  onNode: (code: string) => void,
  showUnknown = false,
): void {
  simulation?.stop();
  const all = stats.by_pair.filter((p) => p.actor && p.recipient);
  const pairs = showUnknown ? all : all.filter((p) => p.actor !== UNKNOWN && p.recipient !== UNKNOWN);
  const hidden = all.reduce((n, p) => n + p.count, 0) - pairs.reduce((n, p) => n + p.count, 0);
  el.dataset.hiddenUnknown = String(hidden);
  if (!pairs.length) {
    emptyNote(
      el,
      hidden
        ? `Only the unknown actor (${UNKNOWN}) matches the filters: tick the box above to show it.`
        : "No actor → recipient pairs match the filters.",
    );
    return;
  }
  const info = new Map(actors.map((a) => [a.code, a]));
  const nodes = new Map<string, Node>();
  const links: Link[] = [];
  const perPair = new Map<string, number>();
  const loops = new Map<string, number>();
  for (const p of pairs) {
    for (const code of [p.actor, p.recipient]) {
      if (!nodes.has(code)) nodes.set(code, { id: code, total: 0, names: info.get(code)?.names ?? [] });
    }
    nodes.get(p.actor)!.total += p.count;
    if (p.recipient !== p.actor) nodes.get(p.recipient)!.total += p.count;
    const key = [p.actor, p.recipient].sort().join("|");
    const n = perPair.get(key) ?? 0;
    perPair.set(key, n + 1);
    let loop = -1;
    if (p.actor === p.recipient) {
      loop = loops.get(p.actor) ?? 0;
      loops.set(p.actor, loop + 1);
    }
    links.push({ source: p.actor, target: p.recipient, quad: p.quad, count: p.count, bend: 0.18 + 0.22 * n, loop });
  }
  const width = Math.max(300, el.clientWidth || 500);
  const height = 340;
  const maxTotal = Math.max(...[...nodes.values()].map((n) => n.total), 1);
  const maxCount = Math.max(...links.map((l) => l.count), 1);
  const r = scaleSqrt().domain([0, maxTotal]).range([8, 26]);
  const w = scaleSqrt().domain([1, maxCount]).range([1.5, 9]);

  el.replaceChildren();
  const svg = select(el)
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", "100%")
    .attr("height", height)
    .attr("data-testid", "network-svg");
  const defs = svg.append("defs");
  for (const q of [0, 1, 2, 3, 4]) {
    defs
      .append("marker")
      .attr("id", `arrow-q${q}`)
      .attr("viewBox", "0 -4 8 8")
      .attr("refX", 8)
      .attr("markerUnits", "userSpaceOnUse")
      .attr("markerWidth", 11)
      .attr("markerHeight", 11)
      .attr("orient", "auto")
      .append("path")
      .attr("d", "M0,-4L8,0L0,4")
      .attr("fill", quadColor(q || null));
  }

  const link = svg
    .append("g")
    .attr("fill", "none")
    .selectAll("path")
    .data(links)
    .join("path")
    .attr("data-testid", "network-edge")
    .attr("stroke", (d) => quadColor(d.quad))
    .attr("stroke-opacity", 0.8)
    .attr("stroke-width", (d) => w(d.count))
    .attr("marker-end", (d) => `url(#arrow-q${d.quad ?? 0})`);
  link
    .attr("data-self", (d) => (d.loop >= 0 ? "true" : null))
    .append("title")
    .text((d) => `${d.source} → ${d.target}: ${d.count} ${d.quad ? QUADS[d.quad].label : ""}`);
  const selfLinks = links.filter((l) => l.loop >= 0);
  const loopLabel = svg
    .append("g")
    .selectAll("text")
    .data(selfLinks)
    .join("text")
    .attr("class", "loop-label")
    .attr("data-testid", "network-loop-label")
    .attr("text-anchor", "middle")
    .attr("dy", "0.35em")
    .attr("fill", (d) => quadColor(d.quad))
    .text((d) => String(d.count));

  const node = svg
    .append("g")
    .selectAll<SVGGElement, Node>("g")
    .data([...nodes.values()])
    .join("g")
    .attr("class", (d) => `node${d.id === selected ? " selected" : ""}`)
    .attr("data-testid", "network-node")
    .attr("data-code", (d) => d.id)
    .style("cursor", "pointer")
    .on("click", (_, d) => onNode(d.id));
  node.append("circle").attr("r", (d) => r(d.total));
  node
    .append("text")
    .attr("text-anchor", "middle")
    .attr("dy", "0.35em")
    .text((d) => d.id);
  node.append("title").text((d) => `${d.id}${d.names.length ? `: ${d.names.join(", ")}` : ""} (${d.total} events)`);

  // Few nodes in a wide panel: lengthen the edges so the graph uses the room and edges
  // pass between nodes rather than under them; many nodes keep the old, tighter spacing.
  const spread = clampNum(Math.min(width, height * 1.8) / Math.max(3, Math.sqrt(nodes.size) * 1.6), 95, 140);
  const sim = forceSimulation<Node>([...nodes.values()])
    .force(
      "link",
      forceLink<Node, Link>(links)
        .id((d) => d.id)
        .distance(spread),
    )
    .force("charge", forceManyBody().strength(-4 * spread))
    .force("center", forceCenter(width / 2, height / 2))
    .force("collide", forceCollide<Node>().radius((d) => r(d.total) + 8));
  simulation = sim;

  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  // the other ends of each node's edges: its loops point away from them
  const neighbours = new Map<string, Node[]>();
  for (const l of links) {
    const s = l.source as Node;
    const t = l.target as Node;
    if (s === t) continue;
    neighbours.set(s.id, [...(neighbours.get(s.id) ?? []), t]);
    neighbours.set(t.id, [...(neighbours.get(t.id) ?? []), s]);
  }
  const loopBase = new Map<string, number>();
  sim.on("tick", () => {
    for (const n of nodes.values()) {
      const rad = r(n.total) + 2;
      const room = loops.has(n.id) ? rad + loopReach(rad) * 1.4 : rad;
      n.x = clamp(n.x ?? 0, room, width - room);
      n.y = clamp(n.y ?? 0, Math.max(room, rad * 3), height - room);
    }
    for (const id of loops.keys()) {
      const n = nodes.get(id)!;
      let dx = 0;
      let dy = 0;
      for (const o of neighbours.get(id) ?? []) {
        const len = Math.hypot((o.x ?? 0) - (n.x ?? 0), (o.y ?? 0) - (n.y ?? 0)) || 1;
        dx += ((o.x ?? 0) - (n.x ?? 0)) / len;
        dy += ((o.y ?? 0) - (n.y ?? 0)) / len;
      }
      loopBase.set(id, Math.hypot(dx, dy) > 0.01 ? Math.atan2(-dy, -dx) : -Math.PI / 2);
    }
    link.attr("d", (d) => {
      const s = d.source as Node;
      const t = d.target as Node;
      const sx = s.x ?? 0;
      const sy = s.y ?? 0;
      const tx = t.x ?? 0;
      const ty = t.y ?? 0;
      if (s === t) return loopPath(sx, sy, r(s.total), loopAngle(loopBase.get(s.id), d.loop, loops.get(s.id) ?? 1));
      const dx = tx - sx;
      const dy = ty - sy;
      const dist = Math.hypot(dx, dy) || 1;
      const ex = tx - (dx / dist) * (r(t.total) + 3);
      const ey = ty - (dy / dist) * (r(t.total) + 3);
      const mx = (sx + ex) / 2 - dy * d.bend;
      const my = (sy + ey) / 2 + dx * d.bend;
      return `M${sx},${sy} Q${mx},${my} ${ex},${ey}`;
    });
    node.attr("transform", (d) => `translate(${d.x ?? 0},${d.y ?? 0})`);
    loopLabel.attr("transform", (d) => {
      const s = d.source as Node;
      const a = loopAngle(loopBase.get(s.id), d.loop, loops.get(s.id) ?? 1);
      const [lx, ly] = loopApex(s.x ?? 0, s.y ?? 0, r(s.total), a, 1.18);
      return `translate(${lx},${ly})`;
    });
  });

  node.call(
    drag<SVGGElement, Node>()
      .on("start", (ev, d) => {
        if (!ev.active) sim.alphaTarget(0.3).restart();
        d.fx = d.x;
        d.fy = d.y;
      })
      .on("drag", (ev, d) => {
        d.fx = ev.x;
        d.fy = ev.y;
      })
      .on("end", (ev, d) => {
        if (!ev.active) sim.alphaTarget(0);
        d.fx = null;
        d.fy = null;
      }),
  );
}

// Direction of the i-th of n loops of a node: fanned out around `base` (straight up when unknown).
function loopAngle(base: number | undefined, i: number, n: number): number {
  return (base ?? -Math.PI / 2) + (i - (n - 1) / 2) * LOOP_SPREAD;
}

// How far a loop reaches out from the node's edge: one and a half node radii, at least 22 px.
function loopReach(rad: number): number {
  return Math.max(22, rad * 1.5);
}

// A point on the loop's axis: at its tip (f = 1) or beyond it.
function loopApex(x: number, y: number, rad: number, a: number, f: number): [number, number] {
  const dist = rad + loopReach(rad) * f;
  return [x + Math.cos(a) * dist, y + Math.sin(a) * dist];
}

// A teardrop leaving the node's edge and coming back to it, the arrow ending on the edge.
function loopPath(x: number, y: number, rad: number, a: number): string {
  const half = 0.42; // half the angle between where the loop leaves and where it comes back
  const out = rad + loopReach(rad) * 1.35;
  const p = (ang: number, dist: number) => `${x + Math.cos(ang) * dist},${y + Math.sin(ang) * dist}`;
  return `M${p(a - half, rad)} C${p(a - half * 1.9, out)} ${p(a + half * 1.9, out)} ${p(a + half, rad + 1)}`;
}
