// Event table: one row per event, paged and sortable; clicking a row opens the article view.

import type { Event, EventPage } from "./api";
import { clear, entityLabel, h, pager } from "./dom";
import { quadColor } from "./quad";

export interface TableHandlers {
  onOpen: (ev: Event) => void;
  onPage: (offset: number) => void;
  onSort: (sort: string) => void;
}

function evidence(ev: Event): HTMLElement {
  const ti = ev.text_info;
  const s = Array.from(ti.sentence);
  const cell = h("span", { class: "evidence" });
  if (ti.trigger_start != null && ti.trigger_end != null && ti.trigger_start >= ti.start) {
    const a = ti.trigger_start - ti.start;
    const b = ti.trigger_end - ti.start;
    cell.append(s.slice(0, a).join(""), h("b", {}, s.slice(a, b).join("")), s.slice(b).join(""));
  } else {
    cell.append(ti.sentence);
  }
  return cell;
}

const COLUMNS: [string, string | null][] = [
  ["Date", "date"],
  ["Event", "event"],
  ["Actor", null],
  ["Recipient", null],
  ["Modality", null],
  ["Place", null],
  ["Evidence", null],
  ["Conf.", "confidence"],
];

export function renderTable(el: HTMLElement, page: EventPage, sort: string, selected: string | null, on: TableHandlers) {
  clear(el);
  if (!page.events.length) {
    el.append(h("p", { class: "empty", "data-testid": "table-empty" }, "No events match the filters."));
    return;
  }
  const head = h(
    "tr",
    {},
    ...COLUMNS.map(([label, key]) => {
      if (!key) return h("th", {}, label);
      const active = sort.replace("-", "") === key;
      const arrow = active ? (sort.startsWith("-") ? " ▼" : " ▲") : "";
      const btn = h("button", { type: "button", class: "sort", "data-testid": `sort-${key}` }, label + arrow);
      btn.addEventListener("click", () => on.onSort(active && !sort.startsWith("-") ? `-${key}` : key));
      return h("th", { "aria-sort": active ? (sort.startsWith("-") ? "descending" : "ascending") : null }, btn);
    }),
  );
  const body = h("tbody");
  for (const ev of page.events) {
    const tr = h(
      "tr",
      {
        "data-testid": "event-row",
        "data-event-id": ev.id,
        "data-category": ev.event,
        "data-actors": ev.actor.map((a) => a.code).join(" "),
        "data-recipients": ev.recipient.map((r) => r.code).join(" "),
        "data-place": ev.event_loc?.name ?? "",
        class: ev.id === selected ? "selected" : null,
        tabindex: 0,
      },
      h("td", { class: "nowrap" }, ev.date ?? "—"),
      h(
        "td",
        { class: "nowrap" },
        h("span", { class: "chip", style: `--c:${quadColor(ev.quad_code)}` }, ev.event),
        ev.mode ? h("span", { class: "mode" }, ev.mode) : null,
      ),
      h("td", {}, entityLabel(ev.actor)),
      h("td", {}, entityLabel(ev.recipient)),
      h("td", {}, h("span", { class: `modality m-${ev.modality}` }, ev.modality)),
      h("td", {}, ev.event_loc ? `${ev.event_loc.name}${ev.event_loc.country_code ? ` ${ev.event_loc.country_code}` : ""}` : "—"),
      h("td", {}, evidence(ev)),
      h("td", { class: "num" }, ev.confidence.toFixed(2)),
    );
    tr.addEventListener("click", () => on.onOpen(ev));
    tr.addEventListener("keydown", (e) => {
      if (e.key === "Enter") on.onOpen(ev);
    });
    body.append(tr);
  }
  const table = h("table", { class: "events", "data-testid": "event-table" }, h("thead", {}, head), body);
  const pagerEl = pager(page.offset, page.events.length, page.total, page.limit, "", on.onPage);
  el.append(h("div", { class: "table-wrap" }, table), pagerEl);
}
