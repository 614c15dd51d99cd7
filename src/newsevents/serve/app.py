"""The REST API and the explorer's static files, as one FastAPI application.

In: a store URL (DuckDB file or PostgreSQL URL) and, optionally, a factory for
the extraction engine. Out: `create_app(...)`, a FastAPI app with
`POST /articles`, `GET /events`, `GET /events/{id}`, `GET /articles/{id}`,
`GET /actors`, `GET /stats`, the OpenAPI schema at `/openapi.json` and the web
explorer at `/`. The app writes only to the store; the engine is loaded once,
on the first `POST /articles`.

Limits (see docs/api.md): a request body of at most `max_body_bytes`, arriving within
`body_timeout` seconds; at most `max_coding` articles admitted for coding at once (one is
coded at a time, the engine is not shared between threads; beyond that 503 with
Retry-After); with `allowed_hosts`, only those Host names; writes from browser pages of
other origins refused (`newsevents.serve.guard`). Text, title and url are normalised with
`newsevents.ingest.clean.clean_text`; filter and id values with control characters (NUL
included) are a 422 on every backend.

Reads: the answers of `GET /events`, `GET /stats` and `GET /actors` are kept by request
(normalised filters, sort and page) while the store's change marker stays the same
(`newsevents.serve.cache`; DuckDB only: a write by this server or any other program changes
it), many requests for one answer wait for a single computation, and at most a few answers
are computed at once. A page of events is written from the stored JSON records
(`Store.query_events_json`), not through an `Event` per row.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable, Collection, Hashable, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Protocol

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsevents.clusters import cluster_store
from newsevents.errors import InputError, NewsEventsError, ResourceError, StoreError
from newsevents.ingest.clean import clean_text
from newsevents.record import Article, ClusterDetail, Event
from newsevents.serve.cache import AnswerCache, Computed, request_key
from newsevents.serve.guard import RequestGuard
from newsevents.serve.limits import BodySizeLimit
from newsevents.serve.models import (
    ActorCount,
    ActorList,
    ArticleDetail,
    ArticleEvents,
    ArticleIn,
    ArticleSummary,
    CategoryCount,
    ClusterPage,
    DayQuadCount,
    ErrorItem,
    ErrorResponse,
    EventDetail,
    EventPage,
    Health,
    ModalityCount,
    PairCount,
    QuadCount,
    Stats,
)
from newsevents.serve.params import AllOrLimit, Filters, Limit, Offset, Sort
from newsevents.serve.textin import html_to_text
from newsevents.store.base import Store, content_hash

log = logging.getLogger("newsevents.serve")

DEFAULT_DB = "newsevents.duckdb"
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_CODING = 4
"""Articles admitted for coding at once; each holds its text while it waits for the engine."""
BODY_TIMEOUT = 30.0
RETRY_AFTER_SECONDS = 5


class EngineLike(Protocol):
    """What the API needs from the extraction engine."""

    def extract_article(self, article: Article) -> list[Event]: ...


EngineFactory = Callable[[], EngineLike]


def _default_engine() -> EngineLike:
    from newsevents.pipeline import Engine  # heavy: spaCy and lexicons load here

    engine: EngineLike = Engine()
    return engine


def error_body(status: int, error: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one JSON error shape: {ok: false, error, status, errors: [{field, message}]}."""
    items = [ErrorItem.model_validate(e) for e in errors or []]
    return ErrorResponse(status=status, error=error, errors=items).model_dump()


def _error(status: int, error: str, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, error, errors), status_code=status)


class ApiError(Exception):
    """Raised by route code to answer with the error shape."""

    def __init__(
        self, status: int, error: str, field: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.field = field
        self.headers = headers


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) if parts else None


def _validation_errors(errors: list[Any], prefix: str | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for err in errors:
        field = _field_of(tuple(err.get("loc", ())))
        if prefix and field is None:
            field = prefix
        msg = str(err.get("msg", "invalid value"))
        out.append({"field": field, "message": msg})
    return out


def event_page_json(total: int, limit: int, offset: int, events: list[str]) -> bytes:
    """`EventPage(...).model_dump_json()` of a page whose events are already JSON (`Store.query_events_json`)."""
    head = f'{{"total":{int(total)},"limit":{int(limit)},"offset":{int(offset)},"events":['
    return (head + ",".join(events) + "]}").encode()


def _open_store(url: str) -> Store:
    from newsevents.store import open_store

    return open_store(url)


class AppState:
    """The store and engine one app owns; every store call goes through `locked()`.

    A store that serves several threads at once (`Store.concurrent`: the DuckDB and PostgreSQL
    stores, one connection per thread) is used by every request in parallel; any other store
    one request at a time.
    """

    def __init__(
        self,
        db_url: str | None,
        store: Store | None,
        engine_factory: EngineFactory | None,
        max_coding: int = MAX_CODING,
    ) -> None:
        self.db_url = db_url or DEFAULT_DB
        self._store = store
        self._owns_store = store is None
        self._engine_factory = engine_factory or _default_engine
        self._engine: EngineLike | None = None
        self._lock = threading.RLock()
        self._open_lock = threading.Lock()
        self._engine_lock = threading.Lock()
        # requests admitted for coding; the engine itself codes one article at a time because
        # it keeps per-document state and its memory grows with every article parsed at once
        self.max_coding = max(1, max_coding)
        self.coding_slots = threading.BoundedSemaphore(self.max_coding)
        self.coding_lock = threading.Lock()
        # one clustering run at a time: two would read the same new events
        self.cluster_lock = threading.Lock()
        # answers of the read endpoints while the store is unchanged (newsevents.serve.cache)
        self.answers = AnswerCache()

    def _opened(self) -> Store:
        store = self._store
        if store is None:
            with self._open_lock:
                if self._store is None:
                    self._store = _open_store(self.db_url)
                store = self._store
        return store

    @contextmanager
    def locked(self) -> Iterator[Store]:
        store = self._opened()
        if store.concurrent:
            yield store
            return
        with self._lock:
            yield store

    async def marker(self) -> Hashable | None:
        """The store's change marker (`Store.change_marker`), opening the store first if needed."""
        store = self._store
        if store is None:
            store = await run_in_threadpool(self._opened)
        return store.change_marker()

    def engine(self) -> EngineLike:
        with self._engine_lock:
            if self._engine is None:
                self._engine = self._engine_factory()
            return self._engine

    def close(self) -> None:
        with self._lock, self._open_lock:
            if self._store is not None and self._owns_store:
                self._store.close()
                self._store = None


def _plain(value: str, field: str) -> None:
    """422 for a value with control characters or lone surrogates (PostgreSQL cannot even compare NUL)."""
    if clean_text(value) != value:
        raise ApiError(422, f"{field} holds control characters or invalid unicode", field=field)


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "not found"},
    422: {"model": ErrorResponse, "description": "invalid input; `errors` names each field"},
}


def _int(v: Any) -> int | None:
    try:
        return None if v is None else int(v)
    except (TypeError, ValueError):
        return None


def _rows(raw: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in raw or []]


def _split_quads(row: dict[str, Any]) -> list[tuple[int | None, int]]:
    """(quad, count) parts of a row that is either per quad or carries a {"1": n, ...} breakdown."""
    quads = row.get("quads")
    count = int(row.get("count") or 0)
    if isinstance(quads, dict):
        parts = [(_int(q), int(n)) for q, n in sorted(quads.items())]
        rest = count - sum(n for _, n in parts)
        if rest > 0:
            parts.append((None, rest))
        return parts
    return [(_int(row.get("quad", row.get("quad_code"))), count)]


def stats_model(raw: dict[str, Any]) -> Stats:
    """Map a store's stats() dict onto the API's `Stats` shape (one row per day or pair and quad)."""
    by_day = [
        DayQuadCount(day=str(day)[:10], quad=q, count=n)
        for r in _rows(raw.get("by_day"))
        if (day := r.get("date", r.get("day"))) is not None
        for q, n in _split_quads(r)
        if n
    ]
    by_cat = [
        CategoryCount(category=str(r.get("category")), count=int(r.get("count") or 0))
        for r in _rows(raw.get("by_category"))
    ]
    by_quad = [QuadCount(quad=_int(r.get("quad")), count=int(r.get("count") or 0)) for r in _rows(raw.get("by_quad"))]
    by_pair = [
        PairCount(actor=str(r["actor"]), recipient=str(r["recipient"]), quad=q, count=n)
        for r in _rows(raw.get("by_country_pair", raw.get("by_pair")))
        if r.get("actor") is not None and r.get("recipient") is not None
        for q, n in _split_quads(r)
        if n
    ]
    total = _int(raw.get("events", raw.get("total")))
    if total is None:
        total = sum(c.count for c in by_quad)
    return Stats(
        total=total,
        articles=_int(raw.get("articles")),
        undated=_int(raw.get("undated")),
        by_day=by_day,
        by_category=by_cat,
        by_quad=by_quad,
        by_modality=[
            ModalityCount(modality=str(r.get("modality")), count=int(r.get("count") or 0))
            for r in _rows(raw.get("by_modality"))
        ],
        by_pair=by_pair,
    )


def _actor_model(raw: dict[str, Any]) -> ActorCount:
    names = raw.get("names") or ([raw["name"]] if raw.get("name") else [])
    as_actor = int(raw.get("as_actor") or 0)
    as_recipient = int(raw.get("as_recipient") or 0)
    total = _int(raw.get("events", raw.get("total")))
    return ActorCount(
        code=str(raw.get("code")),
        name=raw.get("name") or (names[0] if names else None),
        names=[str(n) for n in names if n],
        sectors=[str(x) for x in raw.get("sectors") or [] if x],
        as_actor=as_actor,
        as_recipient=as_recipient,
        events=total if total is not None else as_actor + as_recipient,
    )


def _static_dir() -> Path:
    return Path(str(resources.files("newsevents.serve").joinpath("static")))


def docs_page() -> str:
    """The API documentation page: it renders /openapi.json with its own script, nothing from the web."""
    return resources.files("newsevents.serve").joinpath("docs.html").read_text(encoding="utf-8")


def _article_from_body(request: Request, body: bytes, query: dict[str, str]) -> ArticleIn:
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if not body.strip():
        raise ApiError(
            422, "the request body is empty; send JSON {text: ...} or the article as text/plain", field="text"
        )
    if ctype in ("application/json", "") or ctype.endswith("+json"):
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(422, f"the body is not valid JSON: {exc}", field="body") from None
        except RecursionError:
            raise ApiError(422, "the body is not valid JSON: nested too deeply", field="body") from None
        if not isinstance(data, dict):
            raise ApiError(422, "the JSON body must be an object with a 'text' field", field="body")
        # JSON escapes can spell lone surrogates ("\ud800") that no encoder accepts: normalised here
        data = {key: clean_text(value) if isinstance(value, str) else value for key, value in data.items()}
        merged = {**{k: v for k, v in query.items() if k in ("title", "url", "published", "id")}, **data}
        return ArticleIn.model_validate(merged)
    if ctype in ("text/plain", "text/html", "application/xhtml+xml"):
        try:
            raw = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(422, "the body is not UTF-8 text", field="body") from None
        title = query.get("title")
        if ctype != "text/plain":
            raw, html_title = html_to_text(raw)
            title = title or html_title
        fields: dict[str, Any] = {k: v for k, v in query.items() if k in ("url", "published", "id")}
        return ArticleIn.model_validate({"text": raw, "title": title, **fields})
    raise ApiError(
        415,
        f"unsupported content type {ctype!r}; use application/json, text/plain or text/html",
        field="content-type",
    )


def create_app(
    db_url: str | None = None,
    *,
    engine_factory: EngineFactory | None = None,
    store: Store | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_coding: int = MAX_CODING,
    allowed_hosts: Collection[str] | None = None,
    body_timeout: float = BODY_TIMEOUT,
) -> FastAPI:
    """Build the API over the store at `db_url` (default ./newsevents.duckdb) or an open `store`.

    `allowed_hosts`: the Host names served (None: any, for an app mounted behind a proxy that
    checks them; `newsevents serve` passes 127.0.0.1, localhost, ::1 and its --allow-host names).
    """
    state = AppState(db_url, store, engine_factory, max_coding)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        state.close()

    from newsevents import __version__

    app = FastAPI(
        title="newsevents",
        version=__version__,
        description="PLOVER political events coded from news text, with the evidence for every field.",
        lifespan=lifespan,
        # FastAPI's own pages load Swagger UI and ReDoc from a CDN; ours is served from the package
        docs_url=None,
        redoc_url=None,
    )
    app.state.newsevents = state
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes, error_body=error_body, body_timeout=body_timeout)
    # added last, so it runs first: a refused request's body is never read
    app.add_middleware(RequestGuard, allowed_hosts=allowed_hosts, error_body=error_body)

    @app.exception_handler(RequestValidationError)
    async def _on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(list(exc.errors()))
        fields = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
        return _error(422, f"invalid input: {fields}" if fields else "invalid input", errors)

    @app.exception_handler(ValidationError)
    async def _on_model_validation(_: Request, exc: ValidationError) -> JSONResponse:
        errors = _validation_errors(list(exc.errors()))
        fields = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
        return _error(422, f"invalid input: {fields}" if fields else "invalid input", errors)

    @app.exception_handler(ApiError)
    async def _on_api_error(_: Request, exc: ApiError) -> JSONResponse:
        response = _error(exc.status, exc.error, [{"field": exc.field, "message": exc.error}])
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return _error(exc.status_code, detail)

    @app.exception_handler(InputError)
    async def _on_input_error(_: Request, exc: InputError) -> JSONResponse:
        return _error(422, str(exc), [{"field": exc.source, "message": exc.problem}])

    @app.exception_handler(StoreError)
    async def _on_store_error(_: Request, exc: StoreError) -> JSONResponse:
        response = _error(503, f"event store unavailable: {exc}")
        # mostly passing: another process writing the DuckDB file too long, a database restarting
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(ResourceError)
    async def _on_resource_error(_: Request, exc: ResourceError) -> JSONResponse:
        return _error(503, f"engine unavailable: {exc}")

    @app.exception_handler(NewsEventsError)
    async def _on_domain_error(_: Request, exc: NewsEventsError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(Exception)
    async def _on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        return _error(500, f"internal error: {type(exc).__name__}")

    # ---- API -----------------------------------------------------------------

    @app.get("/health", response_model=Health, tags=["meta"])
    def health() -> Health:
        return Health(version=__version__)

    @app.post(
        "/articles",
        response_model=ArticleEvents,
        status_code=201,
        tags=["articles"],
        summary="Code an article and store it",
        responses={
            200: {"model": ArticleEvents, "description": "the text was already stored; its stored events"},
            413: {"model": ErrorResponse, "description": "body larger than the limit"},
            415: {"model": ErrorResponse, "description": "unsupported content type"},
            422: _ERROR_RESPONSES[422],
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": ArticleIn.model_json_schema(ref_template="#/components/schemas/{model}")
                    },
                    "text/plain": {"schema": {"type": "string", "minLength": 1}},
                    "text/html": {"schema": {"type": "string", "minLength": 1}},
                },
            }
        },
    )
    async def post_article(
        request: Request,
        title: Annotated[str | None, Query(max_length=2000, description="title, for raw text/html bodies")] = None,
        url: Annotated[str | None, Query(max_length=4000)] = None,
        published: Annotated[dt.date | None, Query(description="publication date, YYYY-MM-DD")] = None,
        id: Annotated[str | None, Query(max_length=200, pattern=r"^[A-Za-z0-9._:\-]+$")] = None,
    ) -> JSONResponse:
        body = await request.body()
        query = {k: v for k, v in {"title": title, "url": url, "id": id}.items() if v is not None}
        if published is not None:
            query["published"] = published.isoformat()
        article_in = _article_from_body(request, body, query)
        if not clean_text(article_in.text).strip():
            raise ApiError(422, "text is empty (or only control characters)", field="text")
        if not state.coding_slots.acquire(blocking=False):
            raise ApiError(
                503,
                f"busy: {state.max_coding} articles are being coded; retry in a few seconds",
                field="body",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        try:
            result = await run_in_threadpool(_code_and_store, state, article_in)
        finally:
            state.coding_slots.release()
        return JSONResponse(result.model_dump(mode="json"), status_code=201 if result.created else 200)

    @app.get("/events", response_model=EventPage, tags=["events"], responses={422: _ERROR_RESPONSES[422]})
    async def list_events(filters: Filters, sort: Sort, limit: Limit = 100, offset: Offset = 0) -> Response:
        given = filters.model_dump()

        def compute() -> Computed:
            with state.locked() as st:
                marker = st.change_marker()
                # every page of one filter has the same total: counted once while the store is unchanged
                count_key = request_key("count", given)
                kept = state.answers.lookup(count_key, marker)
                total = int(kept) if kept is not None else st.count_events(filters)
                events = st.query_events_json(filters, limit=limit, offset=offset, sort=sort)
            if kept is None:
                state.answers.keep(count_key, marker, str(total).encode())
            return marker, event_page_json(total, limit, offset, events)

        key = request_key("events", given, sort, limit, offset)
        body = await state.answers.answer(key, await state.marker(), compute)
        return Response(body, media_type="application/json")

    @app.get("/events/{event_id}", response_model=EventDetail, tags=["events"], responses=_ERROR_RESPONSES)
    def get_event(event_id: Annotated[str, PathParam(max_length=300)]) -> EventDetail:
        _plain(event_id, "event_id")
        with state.locked() as st:
            event = st.get_event(event_id)
            if event is None:
                raise ApiError(404, f"no event with id {event_id!r}", field="event_id")
            found = st.get_article(event.article_id)
        summary = None
        if found is not None:
            art = found[0]
            summary = ArticleSummary(id=art.id, title=art.title, url=art.url, published=art.published)
        return EventDetail(event=event, article=summary)

    @app.get("/articles/{article_id}", response_model=ArticleDetail, tags=["articles"], responses=_ERROR_RESPONSES)
    def get_article(article_id: Annotated[str, PathParam(max_length=300)]) -> ArticleDetail:
        _plain(article_id, "article_id")
        with state.locked() as st:
            found = st.get_article(article_id)
            related = st.related_reports(article_id) if found is not None else []
        if found is None:
            raise ApiError(404, f"no article with id {article_id!r}", field="article_id")
        return ArticleDetail(article=found[0], events=found[1], related=related)

    @app.get("/clusters", response_model=ClusterPage, tags=["clusters"], responses={422: _ERROR_RESPONSES[422]})
    async def list_clusters(
        filters: Filters,
        min_articles: Annotated[
            int, Query(ge=1, le=100_000, description="only clusters reported by this many articles or more")
        ] = 1,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Response:
        """Events of different articles that report the same real-world event, most reported first.

        A cluster is listed when one of its events matches the filters (the same as `/events`).
        """

        def compute() -> Computed:
            with state.locked() as st:
                marker = st.change_marker()
                total = st.count_clusters(filters, min_articles=min_articles)
                found = st.query_clusters(filters, min_articles=min_articles, limit=limit, offset=offset)
            page = ClusterPage(total=total, limit=limit, offset=offset, clusters=found)
            return marker, page.model_dump_json().encode()

        key = request_key("clusters", filters.model_dump(), min_articles, limit, offset)
        body = await state.answers.answer(key, await state.marker(), compute)
        return Response(body, media_type="application/json")

    @app.get("/clusters/{cluster_id}", response_model=ClusterDetail, tags=["clusters"], responses=_ERROR_RESPONSES)
    def get_cluster(cluster_id: Annotated[str, PathParam(max_length=300)]) -> ClusterDetail:
        """One cluster with all its events and the articles that report it."""
        _plain(cluster_id, "cluster_id")
        with state.locked() as st:
            found = st.get_cluster(cluster_id)
        if found is None:
            raise ApiError(404, f"no cluster with id {cluster_id!r}", field="cluster_id")
        return found

    @app.get("/actors", response_model=ActorList, tags=["aggregates"], responses={422: _ERROR_RESPONSES[422]})
    async def list_actors(filters: Filters, limit: AllOrLimit = None, offset: Offset = 0) -> Response:
        def compute() -> Computed:
            with state.locked() as st:
                marker = st.change_marker()
                rows = st.actors(filters)
            # the store ranks every code in one query; the page is cut from that ranking
            page = rows[offset:] if limit is None else rows[offset : offset + limit]
            actors = ActorList(total=len(rows), limit=limit, offset=offset, actors=[_actor_model(r) for r in page])
            return marker, actors.model_dump_json().encode()

        key = request_key("actors", filters.model_dump(), limit, offset)
        body = await state.answers.answer(key, await state.marker(), compute)
        return Response(body, media_type="application/json")

    @app.get("/stats", response_model=Stats, tags=["aggregates"], responses={422: _ERROR_RESPONSES[422]})
    async def get_stats(filters: Filters) -> Response:
        def compute() -> Computed:
            with state.locked() as st:
                marker = st.change_marker()
                raw = st.stats(filters)
            return marker, stats_model(raw).model_dump_json().encode()

        key = request_key("stats", filters.model_dump())
        body = await state.answers.answer(key, await state.marker(), compute)
        return Response(body, media_type="application/json")

    # ---- documentation ------------------------------------------------------------

    api_docs = docs_page()

    @app.get("/docs", include_in_schema=False)
    @app.get("/redoc", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(api_docs)

    # ---- explorer ---------------------------------------------------------------

    static = _static_dir()
    if (static / "index.html").is_file():
        app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False, response_model=None)
    def index() -> FileResponse | HTMLResponse:
        page = static / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html")
        return HTMLResponse("<h1>newsevents</h1><p>The explorer is not built; see docs/api.md.</p>")

    return app


def _code_and_store(state: AppState, article_in: ArticleIn) -> ArticleEvents:
    """Code the article unless its text is stored already; store it; return the stored events."""
    text = clean_text(article_in.text)
    chash = content_hash(text)
    article_id = article_in.id or f"api-{chash[:16]}"
    with state.locked() as st:
        if st.has_article(chash):
            existing = _find_stored(st, chash, article_id)
            if existing is not None:
                return ArticleEvents(article_id=existing[0].id, created=False, duplicate=True, events=existing[1])
    article = Article(
        id=article_id,
        text=text,
        title=clean_text(article_in.title) if article_in.title is not None else None,
        url=clean_text(article_in.url) if article_in.url is not None else None,
        published=article_in.published,
        source="api",
    )
    with state.coding_lock:
        events = state.engine().extract_article(article)
    with state.locked() as st:
        created = st.add_article(article, events)
        if created:
            _cluster_new(state, st)
        # The store may give the article (and its events) new ids: answer with what it kept.
        stored = _find_stored(st, chash, article_id)
    if stored is None:
        return ArticleEvents(article_id=article.id, created=created, duplicate=not created, events=events)
    return ArticleEvents(article_id=stored[0].id, created=created, duplicate=not created, events=stored[1])


def _cluster_new(state: AppState, st: Store) -> None:
    """Place the new events in clusters; the article stays stored if that fails (a later run places them)."""
    with state.cluster_lock:
        try:
            cluster_store(st)
        except StoreError as exc:
            log.warning("clustering after a POST failed; `newsevents cluster` will place the events: %s", exc)


def _find_stored(st: Store, chash: str, article_id: str) -> tuple[Article, list[Event]] | None:
    """The stored article with this content hash: by id, by the id the store derives, then a scan."""
    for candidate in (article_id, f"{article_id}#{chash[:12]}"):
        found = st.get_article(candidate)
        if found is not None and content_hash(found[0].text) == chash:
            return found
    for art in st.iter_articles():
        if content_hash(art.text) == chash:
            return st.get_article(art.id)
    return None
