// Timeline: events over a real time axis, as bars stacked by quad class.
// Bars are days, weeks, months or years, whichever keeps the whole span readable; the
// axis is proportional to time (an empty year takes a year's width) and its labels
// always say the year. Clicking a bar filters on the days it covers.

import { max } from "d3-array";
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLinear, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { stack } from "d3-shape";
import { type CountableTimeInterval, utcDay, utcMonth, utcWeek, utcYear } from "d3-time";
import { utcFormat } from "d3-time-format";

import type { Stats } from "./api";
import { emptyNote } from "./dom";
import { QUADS, quadColor } from "./quad";

type Row = { start: Date; end: Date; q1: number; q2: number; q3: number; q4: number; q0: number };
const KEYS = ["q1", "q2", "q3", "q4", "q0"] as const;
const DAY_MS = 86_400_000;
const MIN_DAYS = 14;
const MIN_BAR_PX = 8; // a bar narrower than this is hard to see and to click: take a longer bin

interface Bin {
  name: "day" | "week" | "month" | "year";
  interval: CountableTimeInterval;
}

// The finest bin that still gives each bar a few pixels across the whole span.
function chooseBin(first: Date, last: Date, width: number): Bin {
  const days = (last.getTime() - first.getTime()) / DAY_MS + 1;
  const bins: Bin[] = [
    { name: "day", interval: utcDay },
    { name: "week", interval: utcWeek },
    { name: "month", interval: utcMonth },
    { name: "year", interval: utcYear },
  ];
  const approxDays = { day: 1, week: 7, month: 30.4, year: 365.25 };
  for (const bin of bins) {
    if ((days / approxDays[bin.name]) * MIN_BAR_PX <= width) return bin;
  }
  return bins[bins.length - 1];
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// Tick labels that always carry the year: "2019", "Mar 2019", "25 Jun 2018".
function tickFormatter(ticks: Date[]): (d: Date) => string {
  const step = ticks.length > 1 ? (ticks[1].getTime() - ticks[0].getTime()) / DAY_MS : 1;
  if (step >= 365) return utcFormat("%Y");
  if (step >= 28) return utcFormat("%b %Y");
  return utcFormat("%-d %b %Y");
}

export function renderTimeline(el: HTMLElement, stats: Stats, onRange: (from: string, to: string) => void): void {
  const valid = stats.by_day.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day));
  if (!valid.length) {
    emptyNote(el, "No dated events match the filters.");
    return;
  }
  const dates = valid.map((d) => new Date(`${d.day}T00:00:00Z`));
  const first = new Date(Math.min(...dates.map((d) => d.getTime())));
  const last = new Date(Math.max(...dates.map((d) => d.getTime())));
  const width = Math.max(320, el.clientWidth || 800);
  const height = 200;
  const m = { top: 10, right: 40, bottom: 30, left: 34 }; // room for the last tick's label
  const bin = chooseBin(first, last, width - m.left - m.right);

  const rows = new Map<number, Row>();
  valid.forEach((d, i) => {
    const start = bin.interval.floor(dates[i]);
    let row = rows.get(start.getTime());
    if (!row) {
      row = { start, end: bin.interval.offset(start, 1), q1: 0, q2: 0, q3: 0, q4: 0, q0: 0 };
      rows.set(start.getTime(), row);
    }
    const key = (d.quad && d.quad >= 1 && d.quad <= 4 ? `q${d.quad}` : "q0") as (typeof KEYS)[number];
    row[key] += d.count;
  });
  const data = [...rows.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  let domainStart = bin.interval.floor(first);
  let domainEnd = bin.interval.offset(bin.interval.floor(last), 1);
  // a few days of events: show a fortnight, so that a bar is a day wide, not a third of the panel
  const short = MIN_DAYS - (domainEnd.getTime() - domainStart.getTime()) / DAY_MS;
  if (bin.name === "day" && short > 0) {
    domainStart = utcDay.offset(domainStart, -Math.floor(short / 2));
    domainEnd = utcDay.offset(domainEnd, Math.ceil(short / 2));
  }
  const x = scaleUtc()
    .domain([domainStart, domainEnd])
    .range([m.left, width - m.right]);
  const series = stack<Row>().keys(KEYS as unknown as string[])(data);
  const top = max(data, (r) => r.q0 + r.q1 + r.q2 + r.q3 + r.q4) ?? 1;
  const y = scaleLinear().domain([0, Math.max(1, top)]).nice().range([height - m.bottom, m.top]);

  el.replaceChildren();
  const svg = select(el)
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", "100%")
    .attr("height", height)
    .attr("data-testid", "timeline-svg")
    .attr("data-bin", bin.name)
    .attr("role", "img")
    .attr("aria-label", `events per ${bin.name} by quad class`);

  const ticks = x.ticks(Math.max(2, Math.floor((width - m.left - m.right) / 95)));
  const fmt = tickFormatter(ticks);
  svg
    .append("g")
    .attr("class", "axis")
    .attr("data-testid", "timeline-axis")
    .attr("transform", `translate(0,${height - m.bottom})`)
    .call(
      axisBottom(x)
        .tickValues(ticks)
        .tickFormat((d) => fmt(d as Date)),
    );
  svg
    .append("g")
    .attr("class", "axis")
    .attr("transform", `translate(${m.left},0)`)
    .call(axisLeft(y).ticks(4).tickFormat((d) => (Number.isInteger(d) ? String(d) : "")));

  const barWidth = (r: Row) => Math.max(1.5, x(r.end) - x(r.start) - 1);
  svg
    .append("g")
    .selectAll("g")
    .data(series)
    .join("g")
    .attr("fill", (s) => quadColor(s.key === "q0" ? null : Number(s.key.slice(1))))
    .selectAll("rect")
    .data((s) => s.filter((p) => p[1] > p[0]).map((p) => ({ p, key: s.key })))
    .join("rect")
    .attr("data-testid", "timeline-bar")
    .attr("data-day", (d) => isoDay(d.p.data.start))
    .attr("data-to", (d) => isoDay(utcDay.offset(d.p.data.end, -1)))
    .attr("x", (d) => x(d.p.data.start) + 0.5)
    .attr("y", (d) => y(d.p[1]))
    .attr("height", (d) => Math.max(0, y(d.p[0]) - y(d.p[1])))
    .attr("width", (d) => barWidth(d.p.data))
    .attr("rx", (d) => Math.min(3, barWidth(d.p.data) / 4))
    .style("cursor", "pointer")
    .on("click", (_, d) => onRange(isoDay(d.p.data.start), isoDay(utcDay.offset(d.p.data.end, -1))))
    .append("title")
    .text((d) => {
      const q = d.key === "q0" ? "no quad" : QUADS[Number(d.key.slice(1))].label;
      const from = isoDay(d.p.data.start);
      const to = isoDay(utcDay.offset(d.p.data.end, -1));
      return `${from === to ? from : `${from} to ${to}`}: ${d.p[1] - d.p[0]} ${q}`;
    });
}
