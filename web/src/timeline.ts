// Timeline: events per day as bars stacked by quad class. Clicking a day filters on it.

import { max } from "d3-array";
import { axisBottom, axisLeft } from "d3-axis";
import { scaleBand, scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { stack } from "d3-shape";
import { utcDay } from "d3-time";
import { utcFormat } from "d3-time-format";

import type { Stats } from "./api";
import { emptyNote } from "./dom";
import { QUADS, quadColor } from "./quad";

type Row = { day: string; q1: number; q2: number; q3: number; q4: number; q0: number };
const KEYS = ["q1", "q2", "q3", "q4", "q0"] as const;

function allDays(first: string, last: string): string[] {
  const a = new Date(`${first}T00:00:00Z`);
  const b = new Date(`${last}T00:00:00Z`);
  const days = utcDay.range(a, utcDay.offset(b, 1));
  if (days.length > 400) return []; // long ranges: only days with events
  return days.map((d) => d.toISOString().slice(0, 10));
}

export function renderTimeline(el: HTMLElement, stats: Stats, onDay: (day: string) => void): void {
  const valid = stats.by_day.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day));
  if (!valid.length) {
    emptyNote(el, "No dated events match the filters.");
    return;
  }
  const byDay = new Map<string, Row>();
  const sorted = [...new Set(valid.map((d) => d.day))].sort();
  const days = allDays(sorted[0], sorted[sorted.length - 1]);
  for (const d of days.length ? days : sorted) byDay.set(d, { day: d, q1: 0, q2: 0, q3: 0, q4: 0, q0: 0 });
  for (const d of valid) {
    const row = byDay.get(d.day);
    if (!row) continue;
    const key = (d.quad && d.quad >= 1 && d.quad <= 4 ? `q${d.quad}` : "q0") as (typeof KEYS)[number];
    row[key] += d.count;
  }
  const rows = [...byDay.values()];
  const width = Math.max(320, el.clientWidth || 800);
  const height = 190;
  const m = { top: 10, right: 12, bottom: 28, left: 34 };
  const x = scaleBand<string>()
    .domain(rows.map((r) => r.day))
    .range([m.left, width - m.right])
    .paddingInner(rows.length > 60 ? 0.05 : 0.2)
    .paddingOuter(0.1);
  const series = stack<Row>().keys(KEYS as unknown as string[])(rows);
  const top = max(rows, (r) => r.q0 + r.q1 + r.q2 + r.q3 + r.q4) ?? 1;
  const y = scaleLinear().domain([0, Math.max(1, top)]).nice().range([height - m.bottom, m.top]);

  el.replaceChildren();
  const svg = select(el)
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", "100%")
    .attr("height", height)
    .attr("data-testid", "timeline-svg")
    .attr("role", "img")
    .attr("aria-label", "events per day by quad class");

  const every = Math.max(1, Math.ceil(rows.length / Math.max(2, Math.floor(width / 80))));
  const fmt = utcFormat("%b %d");
  svg
    .append("g")
    .attr("class", "axis")
    .attr("transform", `translate(0,${height - m.bottom})`)
    .call(
      axisBottom(x)
        .tickValues(x.domain().filter((_, i) => i % every === 0))
        .tickFormat((d) => fmt(new Date(`${d}T00:00:00Z`))),
    );
  svg
    .append("g")
    .attr("class", "axis")
    .attr("transform", `translate(${m.left},0)`)
    .call(axisLeft(y).ticks(4).tickFormat((d) => (Number.isInteger(d) ? String(d) : "")));

  svg
    .append("g")
    .selectAll("g")
    .data(series)
    .join("g")
    .attr("fill", (s) => quadColor(s.key === "q0" ? null : Number(s.key.slice(1))))
    .selectAll("rect")
    .data((s) => s.map((p) => ({ p, key: s.key })))
    .join("rect")
    .attr("data-testid", "timeline-bar")
    .attr("data-day", (d) => d.p.data.day)
    .attr("x", (d) => x(d.p.data.day) ?? 0)
    .attr("y", (d) => y(d.p[1]))
    .attr("height", (d) => Math.max(0, y(d.p[0]) - y(d.p[1])))
    .attr("width", x.bandwidth())
    .attr("rx", Math.min(3, x.bandwidth() / 4))
    .style("cursor", "pointer")
    .on("click", (_, d) => onDay(d.p.data.day))
    .append("title")
    .text((d) => {
      const q = d.key === "q0" ? "no quad" : QUADS[Number(d.key.slice(1))].label;
      return `${d.p.data.day}: ${d.p[1] - d.p[0]} ${q}`;
    });
}
