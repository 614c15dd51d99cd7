// Actor network: codes as nodes (sized by events), one curved edge per
// actor -> recipient pair and quad class, width by event count.

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
}

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
): void {
  simulation?.stop();
  const pairs = stats.by_pair.filter((p) => p.actor && p.recipient);
  if (!pairs.length) {
    emptyNote(el, "No actor → recipient pairs match the filters.");
    return;
  }
  const info = new Map(actors.map((a) => [a.code, a]));
  const nodes = new Map<string, Node>();
  const links: Link[] = [];
  const perPair = new Map<string, number>();
  for (const p of pairs) {
    for (const code of [p.actor, p.recipient]) {
      if (!nodes.has(code)) nodes.set(code, { id: code, total: 0, names: info.get(code)?.names ?? [] });
    }
    nodes.get(p.actor)!.total += p.count;
    if (p.recipient !== p.actor) nodes.get(p.recipient)!.total += p.count;
    const key = [p.actor, p.recipient].sort().join("|");
    const n = perPair.get(key) ?? 0;
    perPair.set(key, n + 1);
    links.push({ source: p.actor, target: p.recipient, quad: p.quad, count: p.count, bend: 0.18 + 0.22 * n });
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
    .append("title")
    .text((d) => `${d.source} → ${d.target}: ${d.count} ${d.quad ? QUADS[d.quad].label : ""}`);

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
  sim.on("tick", () => {
    for (const n of nodes.values()) {
      const rad = r(n.total) + 2;
      n.x = clamp(n.x ?? 0, rad, width - rad);
      n.y = clamp(n.y ?? 0, rad * 3, height - rad);
    }
    link.attr("d", (d) => {
      const s = d.source as Node;
      const t = d.target as Node;
      const sx = s.x ?? 0;
      const sy = s.y ?? 0;
      const tx = t.x ?? 0;
      const ty = t.y ?? 0;
      if (s === t) {
        const rad = r(s.total);
        const k = 2.6 + d.bend * 2;
        return `M${sx - rad * 0.5},${sy - rad * 0.87} C${sx - rad * 1.6},${sy - rad * k} ${sx + rad * 1.6},${sy - rad * k} ${sx + rad * 0.5},${sy - rad * 0.87}`;
      }
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
