// Small DOM helpers: elements are built with textContent, never from HTML strings.

type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function entityLabel(codes: { code: string; entity_name: string | null; sector: string | null }[]): string {
  if (!codes.length) return "—";
  return codes
    .map((e) => `${e.code}${e.sector ? ` ${e.sector}` : ""}${e.entity_name ? ` (${e.entity_name})` : ""}`)
    .join(", ");
}

export function emptyNote(el: Element, text: string): void {
  clear(el);
  el.append(h("p", { class: "empty" }, text));
}

export function pager(offset: number, shown: number, total: number, limit: number, what: string, onPage: (offset: number) => void): HTMLElement {
  const from = offset + 1;
  const to = offset + shown;
  const prev = h("button", { type: "button", "data-testid": "page-prev", disabled: offset <= 0 }, "← Previous");
  const next = h("button", { type: "button", "data-testid": "page-next", disabled: to >= total }, "Next →");
  prev.addEventListener("click", () => onPage(Math.max(0, offset - limit)));
  next.addEventListener("click", () => onPage(offset + limit));
  return h("div", { class: "pager" }, prev, h("span", { "data-testid": "page-info" }, `${from}–${to} of ${total}${what}`), next);
}
