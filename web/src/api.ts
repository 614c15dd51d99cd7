// Types of the REST API's answers and small fetch helpers (same origin only).

export interface Entity {
  code: string;
  sector: string | null;
  entity_text: string | null;
  entity_name: string | null;
  office: string | null;
  start: number | null;
  end: number | null;
}

export interface Location {
  name: string;
  lat: number | null;
  lon: number | null;
  country_code: string | null;
  admin1?: string | null;
}

export interface TextInfo {
  sentence: string;
  start: number;
  end: number;
  trigger_start: number | null;
  trigger_end: number | null;
}

export interface Mention {
  start: number;
  end: number;
  sentence: string;
  language: string;
}

export interface Event {
  id: string;
  article_id: string;
  event: string;
  mode: string | null;
  context: string[];
  modality: string;
  date: string | null;
  enddate: string | null;
  date_text: string | null;
  actor: Entity[];
  recipient: Entity[];
  event_loc: Location | null;
  event_text: string;
  quad_code: number | null;
  event_scale: number | null;
  cameo_code: string | null;
  confidence: number;
  text_info: TextInfo;
  mentions: Mention[];
  language: string;
}

export interface EventPage {
  total: number;
  limit: number;
  offset: number;
  events: Event[];
}

export interface Article {
  id: string;
  text: string;
  title: string | null;
  url: string | null;
  published: string | null;
  language: string | null;
}

export interface ArticleRef {
  id: string;
  title: string | null;
  url: string | null;
  published: string | null;
}

export interface RelatedReports {
  event_id: string;
  cluster_id: string;
  num_articles: number;
  articles: ArticleRef[];
}

export interface ArticleDetail {
  article: Article;
  events: Event[];
  related: RelatedReports[];
}

export interface Cluster {
  id: string;
  event: string;
  num_articles: number;
  num_events: number;
  num_mentions: number;
  first_report: string | null;
  last_report: string | null;
  date_start: string | null;
  date_end: string | null;
  representative: Event;
}

export interface ClusterPage {
  total: number;
  limit: number;
  offset: number;
  clusters: Cluster[];
}

export interface ClusterDetail {
  cluster: Cluster;
  events: Event[];
  articles: ArticleRef[];
}

export interface EventDetail {
  event: Event;
  article: { id: string; title: string | null; url: string | null; published: string | null } | null;
}

export interface ActorCount {
  code: string;
  name: string | null;
  names: string[];
  sectors: string[];
  as_actor: number;
  as_recipient: number;
  events: number;
}

export interface Stats {
  total: number;
  by_day: { day: string; quad: number | null; count: number }[];
  by_category: { category: string; count: number }[];
  by_quad: { quad: number | null; count: number }[];
  by_pair: { actor: string; recipient: string; quad: number | null; count: number }[];
}

export interface ApiErrorBody {
  ok: false;
  error: string;
  status: number;
  errors: { field: string | null; message: string }[];
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
  const url = params && [...params.keys()].length ? `${path}?${params.toString()}` : path;
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as ApiErrorBody;
      msg = body.error || msg;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, msg);
  }
  return (await res.json()) as T;
}
