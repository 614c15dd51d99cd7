// The explorer page: reads filters from the URL, loads the API's answers and
// draws the timeline, network, map, table and article view from them.

import {
  ApiError,
  getJson,
  type ActorCount,
  type ArticleDetail,
  type ClusterDetail,
  type ClusterPage,
  type EventDetail,
  type EventPage,
  type Stats,
} from "./api";
import { renderArticle } from "./article";
import { renderClusters } from "./clusters";
import { h } from "./dom";
import { renderMap } from "./map";
import { renderNetwork } from "./network";
import { CATEGORIES, QUADS } from "./quad";
import { FILTER_KEYS, filterParams, readUrl, writeUrl, type FilterKey, type ViewState } from "./state";
import { renderTable } from "./table";
import { renderTimeline } from "./timeline";

const PAGE = 25;
const MAP_LIMIT = 1000;

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const form = $<HTMLFormElement>("form.filters");
const timelineEl = $<HTMLElement>("#timeline");
const networkEl = $<HTMLElement>("#network");
const showUnknownEl = $<HTMLInputElement>("#show-unknown");
const groupEl = $<HTMLInputElement>("#group-clusters");
const mapEl = $<HTMLElement>("#map");
const tableEl = $<HTMLElement>("#table");
const articleEl = $<HTMLElement>("#article");
const countEl = $<HTMLElement>("[data-testid=event-count]");
const statusEl = $<HTMLElement>("#status");

let state: ViewState = readUrl();
let lastStats: Stats | null = null;
let lastActors: ActorCount[] = [];
let lastMapEvents: EventPage | null = null;
let loadSeq = 0;

function setupForm(): void {
  const cat = form.elements.namedItem("category") as HTMLSelectElement;
  for (const [c, q] of CATEGORIES) cat.append(h("option", { value: c }, `${c} (${q})`));
  const legend = $<HTMLElement>("[data-testid=quad-legend]");
  for (const [q, v] of Object.entries(QUADS)) {
    legend.append(h("span", { class: "key" }, h("i", { style: `background:${v.color}` }), `${q} ${v.label}`));
  }
  let timer: number | undefined;
  form.addEventListener("input", (e) => {
    const t = e.target as HTMLInputElement;
    window.clearTimeout(timer);
    const delay = t.name === "text" || t.name === "actor" || t.name === "recipient" || t.name === "country" ? 350 : 0;
    timer = window.setTimeout(readForm, delay);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    readForm();
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      state = { ...state, filters: {}, offset: 0 };
      writeUrl(state, true);
      void loadAll();
    }, 0);
  });
}

function fillForm(): void {
  for (const k of FILTER_KEYS) {
    const el = form.elements.namedItem(k) as HTMLInputElement | HTMLSelectElement | null;
    if (el) el.value = state.filters[k] ?? "";
  }
}

function readForm(): void {
  const filters: ViewState["filters"] = {};
  for (const k of FILTER_KEYS) {
    const el = form.elements.namedItem(k) as HTMLInputElement | HTMLSelectElement | null;
    let v = el?.value.trim() ?? "";
    if (k === "actor" || k === "recipient" || k === "country") v = v.toUpperCase();
    if (v) filters[k] = v;
  }
  if (JSON.stringify(filters) === JSON.stringify(state.filters)) return;
  state = { ...state, filters, offset: 0 };
  writeUrl(state, true);
  void loadAll();
}

function setFilter(k: FilterKey, v: string | undefined): void {
  const filters = { ...state.filters };
  if (v) filters[k] = v;
  else delete filters[k];
  state = { ...state, filters, offset: 0 };
  fillForm();
  writeUrl(state, true);
  void loadAll();
}

function showError(err: unknown): void {
  const msg = err instanceof ApiError ? err.message : String(err);
  statusEl.textContent = msg;
  statusEl.classList.add("error");
  statusEl.setAttribute("data-testid", "error");
}

function clearStatus(): void {
  statusEl.textContent = "";
  statusEl.classList.remove("error");
  statusEl.removeAttribute("data-testid");
}

function loadCluster(id: string): Promise<ClusterDetail> {
  return getJson<ClusterDetail>(`/clusters/${encodeURIComponent(id)}`);
}

async function loadTable(seq: number): Promise<void> {
  const q = filterParams(state.filters);
  q.set("limit", String(PAGE));
  q.set("offset", String(state.offset));
  if (state.group) {
    const page = await getJson<ClusterPage>("/clusters", q);
    if (seq !== loadSeq) return;
    renderClusters(tableEl, page, {
      onOpenEvent: (ev) => openEvent(ev.id, true),
      onPage: (offset) => {
        state = { ...state, offset };
        writeUrl(state, true);
        void loadTable(loadSeq);
      },
      loadCluster,
    });
    return;
  }
  q.set("sort", state.sort);
  const page = await getJson<EventPage>("/events", q);
  if (seq !== loadSeq) return;
  countEl.textContent = `${page.total} event${page.total === 1 ? "" : "s"}`;
  countEl.dataset.total = String(page.total);
  renderTable(tableEl, page, state.sort, state.event, {
    onOpen: (ev) => openEvent(ev.id, true),
    onPage: (offset) => {
      state = { ...state, offset };
      writeUrl(state, true);
      void loadTable(loadSeq);
    },
    onSort: (sort) => {
      state = { ...state, sort, offset: 0 };
      writeUrl(state, true);
      void loadTable(loadSeq);
    },
  });
}

function drawCharts(): void {
  if (lastStats) {
    renderTimeline(timelineEl, lastStats, (from, to) => {
      state = { ...state, filters: { ...state.filters, date_from: from, date_to: to }, offset: 0 };
      fillForm();
      writeUrl(state, true);
      void loadAll();
    });
    renderNetwork(
      networkEl,
      lastStats,
      lastActors,
      state.filters.actor,
      (code) => setFilter("actor", state.filters.actor === code ? undefined : code),
      showUnknownEl.checked,
    );
  }
  if (lastMapEvents) {
    renderMap(mapEl, lastMapEvents.events, (country) =>
      setFilter("country", country && state.filters.country !== country ? country : undefined),
    );
  }
}

async function loadAll(): Promise<void> {
  const seq = ++loadSeq;
  document.body.dataset.loading = "true";
  clearStatus();
  try {
    const f = filterParams(state.filters);
    const mq = filterParams(state.filters);
    mq.set("limit", String(MAP_LIMIT));
    const [stats, actors, mapEvents] = await Promise.all([
      getJson<Stats>("/stats", f),
      getJson<{ actors: ActorCount[] }>("/actors", f),
      getJson<EventPage>("/events", mq),
      loadTable(seq),
    ]);
    if (seq !== loadSeq) return;
    lastStats = stats;
    lastActors = actors.actors;
    lastMapEvents = mapEvents;
    const list = $<HTMLDataListElement>("#codes");
    list.replaceChildren(...actors.actors.map((a) => h("option", { value: a.code }, a.names.join(", "))));
    drawCharts();
    if (state.event) await showArticle(state.event);
  } catch (err) {
    showError(err);
  } finally {
    if (seq === loadSeq) document.body.dataset.loading = "false";
  }
}

async function showArticle(eventId: string): Promise<void> {
  try {
    const detail = await getJson<EventDetail>(`/events/${encodeURIComponent(eventId)}`);
    const art = await getJson<ArticleDetail>(`/articles/${encodeURIComponent(detail.event.article_id)}`);
    renderArticle(articleEl, art, eventId, {
      onClose: closeArticle,
      onEvent: (id) => openEvent(id, true),
      onReport: async (clusterId, articleId) => {
        // the other article's event of the same cluster
        const cluster = await loadCluster(clusterId);
        const other = cluster.events.find((e) => e.article_id === articleId);
        if (other) openEvent(other.id, true);
      },
    });
    document.body.classList.add("drawer-open");
    for (const tr of tableEl.querySelectorAll<HTMLElement>("[data-testid=event-row]")) {
      tr.classList.toggle("selected", tr.dataset.eventId === eventId);
    }
  } catch (err) {
    showError(err);
  }
}

function openEvent(id: string, push: boolean): void {
  state = { ...state, event: id };
  writeUrl(state, push);
  void showArticle(id);
}

function closeArticle(): void {
  state = { ...state, event: null };
  writeUrl(state, true);
  articleEl.hidden = true;
  document.body.classList.remove("drawer-open");
  for (const tr of tableEl.querySelectorAll<HTMLElement>("tr.selected")) tr.classList.remove("selected");
}

window.addEventListener("popstate", () => {
  state = readUrl();
  fillForm();
  groupEl.checked = state.group;
  if (!state.event) {
    articleEl.hidden = true;
    document.body.classList.remove("drawer-open");
  }
  void loadAll();
});
window.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !articleEl.hidden) closeArticle();
});
let resizeTimer: number | undefined;
// the unknown actor is hidden from the network unless asked for: it would be its largest node
showUnknownEl.addEventListener("change", () => drawCharts());
groupEl.checked = state.group;
groupEl.addEventListener("change", () => {
  state = { ...state, group: groupEl.checked, offset: 0 };
  writeUrl(state, true);
  void loadTable(loadSeq);
});

window.addEventListener("resize", () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(drawCharts, 200);
});

setupForm();
fillForm();
void loadAll();
