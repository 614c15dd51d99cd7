// Article view: the article text with the chosen event's evidence sentence,
// trigger, actor and recipient spans (and its other mentions) highlighted.
// Offsets from the API count Unicode code points, so the text is indexed as code points.

import type { ArticleDetail, Event } from "./api";
import { clear, entityLabel, h } from "./dom";
import { QUADS, quadColor } from "./quad";

type Role = "sentence" | "mention" | "actor" | "recipient" | "trigger" | "other";
interface Span {
  start: number;
  end: number;
  role: Role;
  eventId?: string;
}

const PRIORITY: Role[] = ["trigger", "actor", "recipient", "sentence", "mention", "other"];

function spansFor(ev: Event, all: Event[], n: number): Span[] {
  const spans: Span[] = [];
  const ok = (s: number | null | undefined, e: number | null | undefined): s is number =>
    s != null && e != null && s >= 0 && e > s && e <= n;
  const ti = ev.text_info;
  if (ok(ti.start, ti.end)) spans.push({ start: ti.start, end: ti.end, role: "sentence" });
  for (const m of ev.mentions) {
    if (ok(m.start, m.end) && !(m.start === ti.start && m.end === ti.end)) {
      spans.push({ start: m.start, end: m.end, role: "mention" });
    }
  }
  if (ok(ti.trigger_start, ti.trigger_end)) spans.push({ start: ti.trigger_start, end: ti.trigger_end!, role: "trigger" });
  for (const a of ev.actor) if (ok(a.start, a.end)) spans.push({ start: a.start, end: a.end!, role: "actor" });
  for (const r of ev.recipient) if (ok(r.start, r.end)) spans.push({ start: r.start, end: r.end!, role: "recipient" });
  for (const other of all) {
    if (other.id === ev.id) continue;
    const o = other.text_info;
    if (ok(o.trigger_start, o.trigger_end)) {
      spans.push({ start: o.trigger_start, end: o.trigger_end!, role: "other", eventId: other.id });
    }
  }
  return spans;
}

function renderText(text: string, spans: Span[], onOther: (id: string) => void): HTMLElement {
  const chars = Array.from(text);
  const cuts = new Set<number>([0, chars.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = h("div", { class: "article-text", "data-testid": "article-text" });
  let firstSentence: HTMLElement | null = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const piece = chars.slice(a, b).join("");
    const cover = spans.filter((s) => s.start <= a && s.end >= b);
    if (!cover.length) {
      out.append(piece);
      continue;
    }
    const roles = [...new Set(cover.map((s) => s.role))].sort((x, y) => PRIORITY.indexOf(x) - PRIORITY.indexOf(y));
    const main = roles[0];
    const el = h(
      main === "other" ? "span" : "mark",
      {
        class: roles.map((r) => `hl-${r}`).join(" "),
        "data-testid": `hl-${main}`,
        "data-roles": roles.join(" "),
      },
      piece,
    );
    const other = cover.find((s) => s.role === "other");
    if (main === "other" && other?.eventId) {
      const id = other.eventId;
      el.setAttribute("title", "another event: click to show it");
      el.addEventListener("click", () => onOther(id));
    }
    if (roles.includes("sentence") && !firstSentence) firstSentence = el;
    out.append(el);
  }
  if (firstSentence) firstSentence.id = "evidence-anchor";
  return out;
}

function fact(label: string, value: string | null | undefined, testid?: string): HTMLElement | null {
  if (!value) return null;
  return h("div", { class: "fact" }, h("dt", {}, label), h("dd", { "data-testid": testid ?? null }, value));
}

export function renderArticle(
  el: HTMLElement,
  detail: ArticleDetail,
  eventId: string,
  handlers: {
    onClose: () => void;
    onEvent: (id: string) => void;
    onReport: (clusterId: string, articleId: string) => void;
  },
): void {
  const { article, events } = detail;
  const related = new Map((detail.related ?? []).map((r) => [r.event_id, r]));
  const ev = events.find((e) => e.id === eventId) ?? events[0];
  clear(el);
  el.hidden = false;
  const close = h("button", { type: "button", class: "close", "data-testid": "article-close", "aria-label": "close" }, "×");
  close.addEventListener("click", handlers.onClose);
  const header = h(
    "header",
    {},
    h("div", {}, h("h2", { "data-testid": "article-title" }, article.title ?? article.id),
      h("p", { class: "meta" },
        [article.published, article.language, article.url].filter(Boolean).join(" · "))),
    close,
  );
  el.append(header);
  if (!ev) {
    el.append(h("p", { class: "empty" }, "No events were coded from this article."));
    el.append(renderText(article.text, [], () => {}));
    return;
  }
  const quad = ev.quad_code ? QUADS[ev.quad_code]?.label : null;
  const facts = h(
    "dl",
    { class: "facts", "data-testid": "event-facts", "data-event-id": ev.id },
    fact("Event", `${ev.event}${ev.mode ? ` / ${ev.mode}` : ""}`, "fact-event"),
    fact("Quad", quad),
    fact("Actor", entityLabel(ev.actor), "fact-actor"),
    fact("Recipient", entityLabel(ev.recipient), "fact-recipient"),
    fact("Date", ev.date ? `${ev.date}${ev.date_text ? ` (“${ev.date_text}”)` : ""}` : null),
    fact("Place", ev.event_loc ? `${ev.event_loc.name}${ev.event_loc.country_code ? `, ${ev.event_loc.country_code}` : ""}` : null, "fact-place"),
    fact("Modality", ev.modality, "fact-modality"),
    fact("Context", ev.context.join(", ")),
    fact("Mentions", String(Math.max(1, ev.mentions.length))),
    fact("Scale", ev.event_scale != null ? String(ev.event_scale) : null),
    fact("CAMEO", ev.cameo_code),
    fact("Confidence", ev.confidence.toFixed(2)),
  );
  const here = related.get(ev.id);
  let reports: HTMLElement | null = null;
  if (here) {
    const others = h("ul", {});
    for (const a of here.articles) {
      const btn = h("button", { type: "button", class: "link", "data-testid": "related-article", "data-article-id": a.id },
        `${a.title ?? a.id}${a.published ? ` (${a.published})` : ""}`);
      btn.addEventListener("click", () => handlers.onReport(here.cluster_id, a.id));
      others.append(h("li", {}, btn));
    }
    reports = h("div", { class: "related", "data-testid": "related-reports", "data-cluster-id": here.cluster_id },
      h("strong", {}, `Also reported by ${here.articles.length} other article${here.articles.length === 1 ? "" : "s"}`),
      others);
  }
  const list = h("ol", { class: "article-events", "data-testid": "article-events" });
  for (const e of events) {
    const n = related.get(e.id)?.num_articles;
    const item = h(
      "li",
      { class: e.id === ev.id ? "current" : null, "data-testid": "article-event", "data-event-id": e.id },
      h("span", { class: "chip", style: `--c:${quadColor(e.quad_code)}` }, e.event),
      ` ${e.actor.map((a) => a.code).join("+") || "?"} → ${e.recipient.map((r) => r.code).join("+") || "—"}`,
      n ? h("span", { class: "badge many", title: "articles reporting this event" }, ` · ${n} articles`) : null,
    );
    item.addEventListener("click", () => handlers.onEvent(e.id));
    list.append(item);
  }
  const legend = h(
    "div",
    { class: "hl-legend" },
    h("mark", { class: "hl-sentence" }, "evidence"),
    h("mark", { class: "hl-trigger" }, "trigger"),
    h("mark", { class: "hl-actor" }, "actor"),
    h("mark", { class: "hl-recipient" }, "recipient"),
    h("mark", { class: "hl-mention" }, "other mention"),
    h("span", { class: "hl-other" }, "other event"),
  );
  el.append(
    h("div", { class: "article-body" },
      h("div", { class: "side" }, facts, reports, h("h3", {}, `Events in this article (${events.length})`), list),
      h("div", { class: "main" }, legend, renderText(article.text, spansFor(ev, events, Array.from(article.text).length), handlers.onEvent)),
    ),
  );
  requestAnimationFrame(() => el.querySelector("#evidence-anchor")?.scrollIntoView({ block: "center" }));
}
