// Cluster table: one row per real-world event, with how many articles report it; a row opens
// to list its events (one per article, or more), and each of those opens the article view.

import type { Cluster, ClusterDetail, ClusterPage, Event } from "./api";
import { clear, h, pager } from "./dom";
import { quadColor } from "./quad";

export interface ClusterHandlers {
  onOpenEvent: (ev: Event) => void;
  onPage: (offset: number) => void;
  loadCluster: (id: string) => Promise<ClusterDetail>;
}

function parties(ev: Event): string {
  const a = [...new Set(ev.actor.map((x) => x.code))].join("+") || "?";
  const r = [...new Set(ev.recipient.map((x) => x.code))].join("+");
  return r ? `${a} → ${r}` : a;
}

function reported(c: Cluster): string {
  if (!c.first_report) return "—";
  return c.first_report === c.last_report ? c.first_report : `${c.first_report} – ${c.last_report}`;
}

function memberRows(detail: ClusterDetail, on: ClusterHandlers): HTMLElement {
  const titles = new Map(detail.articles.map((a) => [a.id, a.title ?? a.id]));
  const list = h("ul", { class: "cluster-members", "data-testid": "cluster-members" });
  for (const ev of detail.events) {
    const item = h(
      "li",
      { "data-testid": "cluster-member", "data-event-id": ev.id, "data-article-id": ev.article_id, tabindex: 0 },
      h("span", { class: "chip", style: `--c:${quadColor(ev.quad_code)}` }, ev.event),
      " ",
      h("span", { class: "member-article" }, titles.get(ev.article_id) ?? ev.article_id),
      h("span", { class: "evidence" }, ev.text_info.sentence),
    );
    item.addEventListener("click", () => on.onOpenEvent(ev));
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter") on.onOpenEvent(ev);
    });
    list.append(item);
  }
  return list;
}

export function renderClusters(el: HTMLElement, page: ClusterPage, on: ClusterHandlers): void {
  clear(el);
  if (!page.clusters.length) {
    el.append(h("p", { class: "empty", "data-testid": "table-empty" }, "No clusters match the filters."));
    return;
  }
  const body = h("tbody");
  for (const c of page.clusters) {
    const ev = c.representative;
    const many = c.num_articles > 1;
    const tr = h(
      "tr",
      { "data-testid": "cluster-row", "data-cluster-id": c.id, "data-articles": c.num_articles, tabindex: 0 },
      h("td", { class: "nowrap" }, h("span", { class: many ? "badge many" : "badge" }, `reported by ${c.num_articles} article${many ? "s" : ""}`)),
      h("td", { class: "nowrap" }, h("span", { class: "chip", style: `--c:${quadColor(ev.quad_code)}` }, c.event)),
      h("td", {}, parties(ev)),
      h("td", { class: "nowrap" }, reported(c)),
      h("td", {}, h("span", { class: "evidence" }, ev.text_info.sentence)),
    );
    const slot = h("tr", { class: "cluster-slot", hidden: true }, h("td", { colspan: 5 }));
    const toggle = async () => {
      if (!slot.hidden) {
        slot.hidden = true;
        tr.classList.remove("open");
        return;
      }
      const cell = slot.firstElementChild as HTMLElement;
      clear(cell);
      cell.append(memberRows(await on.loadCluster(c.id), on));
      slot.hidden = false;
      tr.classList.add("open");
    };
    tr.addEventListener("click", () => void toggle());
    tr.addEventListener("keydown", (e) => {
      if (e.key === "Enter") void toggle();
    });
    body.append(tr, slot);
  }
  const head = h("tr", {}, ...["Reports", "Event", "Parties", "Reported", "Evidence (representative event)"].map((t) => h("th", {}, t)));
  const table = h("table", { class: "events clusters", "data-testid": "cluster-table" }, h("thead", {}, head), body);
  const pagerEl = pager(page.offset, page.clusters.length, page.total, page.limit, " clusters", on.onPage);
  el.append(h("div", { class: "table-wrap" }, table), pagerEl);
}
