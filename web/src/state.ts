// Filters shared by every view, mirrored in the URL's query string.

export const FILTER_KEYS = [
  "actor",
  "recipient",
  "category",
  "quad",
  "modality",
  "date_from",
  "date_to",
  "country",
  "text",
] as const;

export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export interface ViewState {
  filters: Filters;
  event: string | null; // event open in the article view
  offset: number; // table paging
  sort: string;
  group: boolean; // the table lists clusters of events across articles
}

export function readUrl(): ViewState {
  const q = new URLSearchParams(window.location.search);
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = q.get(k);
    if (v) filters[k] = v;
  }
  return {
    filters,
    event: q.get("event"),
    offset: Math.max(0, Number(q.get("offset") ?? 0) || 0),
    sort: q.get("sort") ?? "date",
    group: q.get("group") === "cluster",
  };
}

export function toQuery(state: ViewState): URLSearchParams {
  const q = filterParams(state.filters);
  if (state.offset) q.set("offset", String(state.offset));
  if (state.sort && state.sort !== "date") q.set("sort", state.sort);
  if (state.group) q.set("group", "cluster");
  if (state.event) q.set("event", state.event);
  return q;
}

export function filterParams(filters: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = filters[k];
    if (v) q.set(k, v);
  }
  return q;
}

export function writeUrl(state: ViewState, push: boolean): void {
  const q = toQuery(state).toString();
  const url = `${window.location.pathname}${q ? `?${q}` : ""}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}
