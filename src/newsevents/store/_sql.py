"""SQL shared by the DuckDB and PostgreSQL stores: schema, row <-> Event mapping, filters, queries.

In: `Article` / `Event` records to write, `EventFilter`s to read with.
Out: rows for the tables below, SQL text with `?` placeholders, and `SQLStore`, the
backend-neutral implementation of `Store`. A backend subclass supplies only the
dialect (column types, placeholder style, collation), how to lend each thread a
connection of its own, and how to run SQL and transactions on it. Every operation runs
on the calling thread's connection, so threads read in parallel; writes of one store
object take turns.

Tables (identical on both backends):
    articles      id, content_hash (unique), title, url, published, language, source,
                  text, ingested_at, engine_version
    events        the scalar fields of `Event` (+ date_start/date_end, the day range the
                  ISO date covers, and the evidence sentence / place / country for
                  filtering) and `record`, the JSON of the whole `Event`
    participants  event_id, role ('actor' | 'recipient'), ordinal, code, sector, name,
                  office, entity_text, start, end
    mentions      event_id, ordinal, start, end, sentence, language
    locations     event_id, name, lat, lon, admin1, country_code, feature, geonameid, start, end
    contexts      event_id, context
    feed_items    url (unique), content_hash, article_id, feed, seen_at: the feed items
                  `newsevents watch` has read and stored (or found stored), so a restart
                  fetches and codes none of them again
The JSON record is what readers get back; the other columns exist to filter and count.
`query_events_json` hands the records on as JSON text, each checked once against the
`Event` model (`RecordJSON`), so a page costs no model object per event; every write of a
store object bumps its write count (`change_marker`).
"""

from __future__ import annotations

import abc
import calendar
import contextlib
import datetime as dt
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newsevents.errors import StoreError
from newsevents.record import Article, ArticleRef, Cluster, ClusterDetail, Event, RelatedReports
from newsevents.store.base import SORT_KEYS, EventFilter, SortKey, Store, StoredArticle, content_hash

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Dialect:
    """What differs between the two SQL engines."""

    name: str
    double: str
    json: str
    bigint: str = "BIGINT"
    # Appended to text columns in ORDER BY so both backends sort strings bytewise.
    collate: str = ""
    placeholder: str = "?"
    indexes: bool = True
    # A pseudo-column addressing a row directly (DuckDB's rowid), for reading a page's records.
    row_id: str | None = None

    def sql(self, text: str) -> str:
        """Turn the shared `?` placeholders into this dialect's."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)


def schema_statements(d: Dialect) -> list[str]:
    """CREATE statements of every table (idempotent)."""
    stmts = [
        """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)""",
        """CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT, url TEXT, published DATE, language TEXT, source TEXT,
            text TEXT NOT NULL,
            ingested_at TIMESTAMP NOT NULL,
            engine_version TEXT)""",
        f"""CREATE TABLE IF NOT EXISTS events (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL,
            event TEXT NOT NULL, mode TEXT, modality TEXT NOT NULL,
            "date" TEXT, enddate TEXT, date_text TEXT, date_start DATE, date_end DATE,
            quad_code INTEGER, event_scale {d.double}, cameo_code TEXT,
            confidence {d.double} NOT NULL, language TEXT,
            event_text TEXT, sentence TEXT,
            place TEXT, country TEXT, lat {d.double}, lon {d.double},
            n_mentions INTEGER NOT NULL,
            record {d.json} NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS participants (
            event_id TEXT NOT NULL, role TEXT NOT NULL, ordinal INTEGER NOT NULL,
            code TEXT, sector TEXT, name TEXT, office TEXT, entity_text TEXT,
            "start" INTEGER, "end" INTEGER)""",
        """CREATE TABLE IF NOT EXISTS mentions (
            event_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
            "start" INTEGER, "end" INTEGER, sentence TEXT, language TEXT)""",
        f"""CREATE TABLE IF NOT EXISTS locations (
            event_id TEXT NOT NULL, name TEXT, lat {d.double}, lon {d.double}, admin1 TEXT,
            country_code TEXT, feature TEXT, geonameid {d.bigint}, "start" INTEGER, "end" INTEGER)""",
        """CREATE TABLE IF NOT EXISTS contexts (event_id TEXT NOT NULL, context TEXT NOT NULL)""",
        # added after the first release: created on the next open of an older store
        """CREATE TABLE IF NOT EXISTS feed_items (
            url TEXT PRIMARY KEY, content_hash TEXT NOT NULL, article_id TEXT, feed TEXT,
            seen_at TIMESTAMP NOT NULL)""",
        # cross-article clusters (newsevents.clusters): which cluster each event is in, and each
        # cluster's summary, recomputed whenever its members change
        """CREATE TABLE IF NOT EXISTS event_clusters (event_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS clusters (
            id TEXT PRIMARY KEY, event TEXT NOT NULL, representative TEXT NOT NULL,
            num_articles INTEGER NOT NULL, num_events INTEGER NOT NULL, num_mentions INTEGER NOT NULL,
            first_report DATE, last_report DATE, date_start DATE, date_end DATE)""",
    ]
    if d.indexes:
        stmts += [
            "CREATE INDEX IF NOT EXISTS events_article ON events (article_id)",
            "CREATE INDEX IF NOT EXISTS events_date ON events (date_start)",
            "CREATE INDEX IF NOT EXISTS participants_event ON participants (event_id)",
            "CREATE INDEX IF NOT EXISTS participants_code ON participants (code)",
            "CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id)",
            "CREATE INDEX IF NOT EXISTS locations_event ON locations (event_id)",
            "CREATE INDEX IF NOT EXISTS contexts_event ON contexts (event_id)",
            "CREATE INDEX IF NOT EXISTS event_clusters_cluster ON event_clusters (cluster_id)",
        ]
    return stmts


# ---------------------------------------------------------------- row mapping

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO date of year, month or day precision covers ('2019-06' -> June 1..30)."""
    if not value:
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(2) is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = int(m.group(2))
        if m.group(3) is None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date(year, month, int(m.group(3)))
        return day, day
    except ValueError:
        return None


EVENT_COLUMNS = (
    "id",
    "article_id",
    "event",
    "mode",
    "modality",
    '"date"',
    "enddate",
    "date_text",
    "date_start",
    "date_end",
    "quad_code",
    "event_scale",
    "cameo_code",
    "confidence",
    "language",
    "event_text",
    "sentence",
    "place",
    "country",
    "lat",
    "lon",
    "n_mentions",
    "record",
)
PARTICIPANT_COLUMNS = (
    "event_id",
    "role",
    "ordinal",
    "code",
    "sector",
    "name",
    "office",
    "entity_text",
    '"start"',
    '"end"',
)
MENTION_COLUMNS = ("event_id", "ordinal", '"start"', '"end"', "sentence", "language")
LOCATION_COLUMNS = (
    "event_id",
    "name",
    "lat",
    "lon",
    "admin1",
    "country_code",
    "feature",
    "geonameid",
    '"start"',
    '"end"',
)
CONTEXT_COLUMNS = ("event_id", "context")
ARTICLE_COLUMNS = (
    "id",
    "content_hash",
    "title",
    "url",
    "published",
    "language",
    "source",
    "text",
    "ingested_at",
    "engine_version",
)


def insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def coding_values(ev: Event) -> tuple[Any, ...]:
    """The coding and evidence columns that stored event rows and Parquet rows share, in this order.

    Quad class, scale, CAMEO code, confidence, language, event text and sentence.
    """
    return (
        ev.quad_code,
        ev.event_scale,
        ev.cameo_code,
        ev.confidence,
        ev.language,
        ev.event_text,
        ev.text_info.sentence,
    )


@dataclass
class EventRows:
    """The rows one event becomes, table by table."""

    event: tuple[Any, ...]
    participants: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    locations: list[tuple[Any, ...]]
    contexts: list[tuple[Any, ...]]


def event_rows(ev: Event) -> EventRows:
    """Flatten an `Event` into the rows of events, participants, mentions, locations and contexts."""
    first = date_range(ev.date)
    last = date_range(ev.enddate) if ev.enddate else first
    loc = ev.event_loc
    event = (
        ev.id,
        ev.article_id,
        ev.event,
        ev.mode,
        ev.modality,
        ev.date,
        ev.enddate,
        ev.date_text,
        first[0] if first else None,
        last[1] if last else (first[1] if first else None),
        *coding_values(ev),
        loc.name if loc else None,
        loc.country_code if loc else None,
        loc.lat if loc else None,
        loc.lon if loc else None,
        max(1, len(ev.mentions)),
        ev.model_dump_json(),
    )
    participants = [
        (
            ev.id,
            role,
            i,
            ent.code,
            ent.sector,
            ent.entity_name,
            ent.office,
            ent.entity_text,
            ent.start,
            ent.end,
        )
        for role, ents in (("actor", ev.actor), ("recipient", ev.recipient))
        for i, ent in enumerate(ents)
    ]
    mentions = [(ev.id, i, m.start, m.end, m.sentence, m.language) for i, m in enumerate(ev.mentions)]
    locations = (
        [
            (
                ev.id,
                loc.name,
                loc.lat,
                loc.lon,
                loc.admin1,
                loc.country_code,
                loc.feature,
                loc.geonameid,
                loc.start,
                loc.end,
            )
        ]
        if loc
        else []
    )
    contexts = [(ev.id, c) for c in dict.fromkeys(ev.context)]
    return EventRows(event, participants, mentions, locations, contexts)


def event_from_record(value: Any) -> Event:
    """The `Event` back from the `record` column (TEXT on DuckDB, JSONB on PostgreSQL)."""
    if isinstance(value, str | bytes):
        return Event.model_validate_json(value)
    return Event.model_validate(value)


class RecordJSON:
    """The JSON of stored records as `Event.model_dump_json()` writes it, without an `Event` per read.

    A record is the JSON of the `Event` that was stored, so it is usually what validating and
    dumping it again gives; but a record written by an older version of the model (a field
    added since, or dropped) is not. Each record text is checked once, by validating and
    dumping it, and the answer is remembered: later reads of the same text cost a dictionary
    lookup. At most `max_chars` characters of record text are remembered (then it starts over).
    """

    def __init__(self, max_chars: int = 16_000_000) -> None:
        self.max_chars = max_chars
        self._known: dict[str, str] = {}
        self._chars = 0
        self._lock = threading.Lock()

    def __call__(self, value: Any) -> str:
        if not isinstance(value, str):  # JSONB (PostgreSQL) arrives parsed, in another key order
            return event_from_record(value).model_dump_json()
        known = self._known.get(value)
        if known is not None:
            return known
        dumped = Event.model_validate_json(value).model_dump_json()
        canonical = value if dumped == value else dumped
        with self._lock:
            if self._chars + len(value) > self.max_chars:
                self._known.clear()
                self._chars = 0
            if value not in self._known:
                self._known[value] = canonical
                self._chars += len(value)
        return canonical

    def clear(self) -> None:
        with self._lock:
            self._known.clear()
            self._chars = 0


record_json = RecordJSON()
"""Stored records to the JSON of their `Event`, shared by every store of the process."""


def article_from_row(row: Sequence[Any]) -> Article:
    """Row of (id, title, url, published, language, source, text) -> Article."""
    published = row[3]
    if isinstance(published, dt.datetime):
        published = published.date()
    return Article(
        id=row[0], title=row[1], url=row[2], published=published, language=row[4], source=row[5], text=row[6]
    )


CLUSTER_COLUMNS = (
    "id",
    "event",
    "representative",
    "num_articles",
    "num_events",
    "num_mentions",
    "first_report",
    "last_report",
    "date_start",
    "date_end",
)


def _as_date(value: Any) -> dt.date:
    """A DATE column's value as a date (drivers may return datetimes or strings)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _cluster_from_row(row: Sequence[Any]) -> Cluster:
    cid, event, _rep, n_art, n_ev, n_men, first, last, start, end, record = row
    return Cluster(
        id=cid,
        event=event,
        num_articles=int(n_art),
        num_events=int(n_ev),
        num_mentions=int(n_men),
        first_report=first,
        last_report=last,
        date_start=start,
        date_end=end,
        representative=event_from_record(record),
    )


ARTICLE_SELECT = "SELECT id, title, url, published, language, source, text FROM articles"


# ---------------------------------------------------------------- filters and sorting


def where_clause(f: EventFilter | None) -> tuple[str, list[Any]]:
    """SQL condition over events `e` (with `?` placeholders) and its parameters."""
    conds: list[str] = []
    params: list[Any] = []
    if f is None:
        return "TRUE", params

    def party(code: str, role: str | None) -> None:
        role_sql = "" if role is None else f" AND p.role = '{role}'"
        conds.append(f"EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id{role_sql} AND p.code = ?)")
        params.append(code.strip().upper())

    if f.actor:
        party(f.actor, "actor")
    if f.recipient:
        party(f.recipient, "recipient")
    if f.party:
        party(f.party, None)
    if f.category:
        conds.append("e.event = ?")
        params.append(f.category.strip().upper())
    if f.quad is not None:
        conds.append("e.quad_code = ?")
        params.append(f.quad)
    if f.context:
        conds.append("EXISTS (SELECT 1 FROM contexts c WHERE c.event_id = e.id AND c.context = ?)")
        params.append(f.context.strip().lower())
    if f.modality:
        conds.append("e.modality = ?")
        params.append(f.modality.strip().lower())
    # An event dated '2019' or '2019-06' covers a range of days: it matches when that range
    # overlaps [date_from, date_to]. Undated events never match a date filter.
    if f.date_from is not None:
        conds.append("e.date_end >= ?")
        params.append(f.date_from)
    if f.date_to is not None:
        conds.append("e.date_start <= ?")
        params.append(f.date_to)
    if f.country:
        conds.append("e.country = ?")
        params.append(f.country.strip().upper())
    if f.place:
        conds.append("lower(e.place) = lower(?)")
        params.append(f.place.strip())
    if f.text:
        conds.append("strpos(lower(e.sentence), lower(?)) > 0")
        params.append(f.text)
    if f.article_id:
        conds.append("e.article_id = ?")
        params.append(f.article_id)
    return (" AND ".join(conds) or "TRUE"), params


SORT_COLUMNS = ("id", "date_start", "event", "confidence")
"""The event columns any sort key orders by."""


def order_clause(sort: str, d: Dialect, table: str = "e") -> str:
    """ORDER BY for a sort key over `table`'s columns; ties broken by event id so paging is stable."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}")
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    direction = "DESC" if desc else "ASC"
    t = table
    tie = f"{t}.id{d.collate} ASC"
    if key == "id":
        return f"{t}.id{d.collate} {direction}"
    column = {"date": f"{t}.date_start", "event": f"{t}.event{d.collate}", "confidence": f"{t}.confidence"}[key]
    return f"{column} {direction} NULLS LAST, {tie}"


# ---------------------------------------------------------------- the store


class SQLStore(Store):
    """`Store` over a SQL connection; subclasses provide the dialect and the connection plumbing."""

    dialect: Dialect

    concurrent = True

    def __init__(self, label: str, *, engine_version: str | None = None) -> None:
        from newsevents import __version__

        self.label = label
        self.engine_version = engine_version or __version__
        # Reads run in parallel, each thread on a connection of its own; writes of this
        # object take turns, so two threads never race on one article's ids.
        self._write_lock = threading.Lock()
        self._local = threading.local()
        # Bumped as each write of this object starts and ends (`change_marker`).
        self._writes = 0

    # -- plumbing each backend implements

    @abc.abstractmethod
    def _acquire(self) -> Any:
        """A connection (or cursor) for the calling thread alone, until `_release`."""

    @abc.abstractmethod
    def _release(self, con: Any, *, failed: bool) -> None:
        """Take back a connection from `_acquire`; `failed` when its last use raised."""

    @contextlib.contextmanager
    def _connection(self) -> Iterator[Any]:
        """The calling thread's connection for the block (nested blocks share it)."""
        local = self._local
        con = getattr(local, "con", None)
        if con is not None:
            local.depth += 1
            try:
                yield con
            finally:
                local.depth -= 1
            return
        con = self._acquire()
        local.con, local.depth = con, 1
        failed = True
        try:
            yield con
            failed = False
        finally:
            local.con = None
            local.depth = 0
            self._release(con, failed=failed)

    @abc.abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement with `?` placeholders and return its rows."""

    @abc.abstractmethod
    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement with `?` placeholders, ignoring any result."""

    @abc.abstractmethod
    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per row of parameters."""

    @abc.abstractmethod
    def _transaction(self) -> contextlib.AbstractContextManager[None]:
        """Commit on normal exit, roll back on an exception."""

    @abc.abstractmethod
    def _is_db_error(self, exc: BaseException) -> bool: ...

    def _is_unique_violation(self, exc: BaseException) -> bool:
        return False

    @contextlib.contextmanager
    def _guard(self, action: str, *, write: bool = False) -> Iterator[None]:
        """One operation on this thread's connection; the driver's errors become a one-line StoreError."""
        with self._write_lock if write else contextlib.nullcontext():
            if write:
                self._writes += 1
            try:
                with self._connection():
                    yield
            except StoreError:
                raise
            except Exception as exc:
                if not self._is_db_error(exc):
                    raise
                raise StoreError(f"{self.label}: {action} failed: {one_line(exc)}") from exc
            finally:
                if write:
                    self._writes += 1

    def create_schema(self) -> None:
        with self._guard("creating the schema", write=True), self._transaction():
            for stmt in schema_statements(self.dialect):
                self._run(stmt)
            if not self._query("SELECT value FROM meta WHERE key = 'schema_version'"):
                self._run("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", [SCHEMA_VERSION])

    # -- writes

    def _insert_events(self, events: list[Event]) -> None:
        rows = [event_rows(ev) for ev in events]
        for table, columns, part in (
            ("events", EVENT_COLUMNS, [r.event for r in rows]),
            ("participants", PARTICIPANT_COLUMNS, [p for r in rows for p in r.participants]),
            ("mentions", MENTION_COLUMNS, [m for r in rows for m in r.mentions]),
            ("locations", LOCATION_COLUMNS, [loc for r in rows for loc in r.locations]),
            ("contexts", CONTEXT_COLUMNS, [c for r in rows for c in r.contexts]),
        ):
            if part:
                self._run_many(insert_sql(table, columns), part)

    def _delete_events(self, article_id: str) -> None:
        sub = "SELECT id FROM events WHERE article_id = ?"
        clusters = [
            r[0]
            for r in self._query(
                f"SELECT DISTINCT cluster_id FROM event_clusters WHERE event_id IN ({sub})", [article_id]
            )
        ]
        for table in ("participants", "mentions", "locations", "contexts"):
            self._run(f"DELETE FROM {table} WHERE event_id IN ({sub})", [article_id])
        self._run(f"DELETE FROM event_clusters WHERE event_id IN ({sub})", [article_id])
        self._run("DELETE FROM events WHERE article_id = ?", [article_id])
        self._refresh_clusters(clusters)

    def _unique_event_ids(self, article_id: str, events: list[Event]) -> list[Event]:
        """Give the events the stored article id and ids no other stored event has."""
        out = [ev if ev.article_id == article_id else ev.model_copy(update={"article_id": article_id}) for ev in events]
        if not out:
            return out
        wanted = [ev.id for ev in out]
        marks = ", ".join("?" for _ in wanted)
        taken = {r[0] for r in self._query(f"SELECT id FROM events WHERE id IN ({marks})", wanted)}
        wanted_set = set(wanted)
        seen: set[str] = set()

        def free(candidate: str) -> bool:
            if candidate in seen or candidate in taken:
                return False
            return candidate in wanted_set or not self._query("SELECT 1 FROM events WHERE id = ?", [candidate])

        for i, ev in enumerate(out):
            new_id, n = ev.id, 1
            while not free(new_id):
                new_id = f"{article_id}/{ev.id}" if n == 1 else f"{article_id}/{ev.id}~{n}"
                n += 1
            seen.add(new_id)
            if new_id != ev.id:
                out[i] = ev.model_copy(update={"id": new_id})
        return out

    def add_article(self, article: Article, events: list[Event], *, engine_version: str | None = None) -> bool:
        key = content_hash(article.text)
        try:
            with self._guard(f"storing article {article.id!r}", write=True), self._transaction():
                if self._query("SELECT 1 FROM articles WHERE content_hash = ?", [key]):
                    return False
                stored_id = article.id
                if self._query("SELECT 1 FROM articles WHERE id = ?", [stored_id]):
                    # Another text already uses this id: keep both, this one under a derived id.
                    stored_id = f"{article.id}#{key[:12]}"
                self._run(
                    insert_sql("articles", ARTICLE_COLUMNS),
                    [
                        stored_id,
                        key,
                        article.title,
                        article.url,
                        article.published,
                        article.language,
                        article.source,
                        article.text,
                        dt.datetime.now(dt.UTC).replace(tzinfo=None),
                        engine_version or self.engine_version,
                    ],
                )
                self._insert_events(self._unique_event_ids(stored_id, events))
            return True
        except StoreError as exc:
            # Two writers racing on the same text: the loser's insert breaks the unique key.
            if exc.__cause__ is not None and self._is_unique_violation(exc.__cause__) and self.has_article(key):
                return False
            raise

    def replace_events(self, article_id: str, events: list[Event], *, engine_version: str | None = None) -> None:
        with self._guard(f"recoding article {article_id!r}", write=True), self._transaction():
            if not self._query("SELECT 1 FROM articles WHERE id = ?", [article_id]):
                raise StoreError(f"{self.label}: no article {article_id!r}")
            self._delete_events(article_id)
            self._insert_events(self._unique_event_ids(article_id, events))
            self._run(
                "UPDATE articles SET engine_version = ? WHERE id = ?",
                [engine_version or self.engine_version, article_id],
            )

    def remember_url(
        self, url: str, content_hash: str, *, article_id: str | None = None, feed: str | None = None
    ) -> None:
        """Keep a feed item's URL with the content hash of its text (a URL already kept stays as it was)."""
        with self._guard(f"remembering {url!r}", write=True):
            self._run(
                "INSERT INTO feed_items (url, content_hash, article_id, feed, seen_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO NOTHING",
                [url, content_hash, article_id, feed, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )

    # -- clusters (newsevents.clusters)

    # The day clustering places an event on: its own date when known to the day, else its report day.
    _REPORT_DAY = "coalesce(a.published, CAST(a.ingested_at AS DATE))"
    # (as `newsevents.clusters.sketch` reads it: a date written to the day, whatever its end date)
    _CLUSTER_DAY = (
        f'CASE WHEN length(e."date") = 10 AND e.date_start IS NOT NULL THEN e.date_start ELSE {_REPORT_DAY} END'
    )

    def unclustered_events(self) -> list[tuple[Event, dt.date]]:
        """Events in no cluster yet, each with the day its article was reported."""
        with self._guard("reading events to cluster"):
            rows = self._query(
                f"SELECT e.record, {self._REPORT_DAY} FROM events e JOIN articles a ON a.id = e.article_id "
                "WHERE NOT EXISTS (SELECT 1 FROM event_clusters c WHERE c.event_id = e.id)"
            )
        return [(event_from_record(r[0]), _as_date(r[1])) for r in rows]

    def clustered_events(self, day_from: dt.date, day_to: dt.date) -> list[tuple[Event, dt.date, str]]:
        """Clustered events placed on a day in [day_from, day_to], with report day and cluster id."""
        with self._guard("reading clustered events"):
            rows = self._query(
                f"SELECT e.record, {self._REPORT_DAY}, c.cluster_id FROM events e "
                "JOIN articles a ON a.id = e.article_id JOIN event_clusters c ON c.event_id = e.id "
                f"WHERE {self._CLUSTER_DAY} BETWEEN ? AND ?",
                [day_from, day_to],
            )
        return [(event_from_record(r[0]), _as_date(r[1]), r[2]) for r in rows]

    def article_texts(self, article_ids: Sequence[str]) -> dict[str, tuple[str | None, str]]:
        """Title and text of each stored article among `article_ids`."""
        out: dict[str, tuple[str | None, str]] = {}
        with self._guard("reading article texts"):
            for i in range(0, len(article_ids), 500):
                chunk = list(article_ids[i : i + 500])
                marks = ", ".join("?" for _ in chunk)
                for aid, title, text in self._query(
                    f"SELECT id, title, text FROM articles WHERE id IN ({marks})", chunk
                ):
                    out[aid] = (title, text)
        return out

    def save_clusters(self, assignments: dict[str, str]) -> None:
        """Put events (event id -> cluster id) in clusters and update those clusters' summaries."""
        if not assignments:
            return
        with self._guard("saving clusters", write=True), self._transaction():
            items = sorted(assignments.items())
            before: set[str] = set()
            present: set[str] = set()
            for i in range(0, len(items), 500):
                ids = [k for k, _ in items[i : i + 500]]
                marks = ", ".join("?" for _ in ids)
                before.update(
                    r[0] for r in self._query(f"SELECT cluster_id FROM event_clusters WHERE event_id IN ({marks})", ids)
                )
                # an event recoded away since it was read is not put back
                present.update(r[0] for r in self._query(f"SELECT id FROM events WHERE id IN ({marks})", ids))
                self._run(f"DELETE FROM event_clusters WHERE event_id IN ({marks})", ids)
            kept = [(k, v) for k, v in items if k in present]
            if kept:
                self._run_many("INSERT INTO event_clusters (event_id, cluster_id) VALUES (?, ?)", kept)
            self._refresh_clusters(sorted(before | {v for _, v in kept}))

    def taken_cluster_ids(self, cluster_ids: Sequence[str]) -> set[str]:
        """The ids among `cluster_ids` that a stored cluster already has."""
        out: set[str] = set()
        with self._guard("looking up cluster ids"):
            for i in range(0, len(cluster_ids), 500):
                chunk = list(cluster_ids[i : i + 500])
                marks = ", ".join("?" for _ in chunk)
                out.update(r[0] for r in self._query(f"SELECT id FROM clusters WHERE id IN ({marks})", chunk))
        return out

    def clear_clusters(self) -> None:
        """Forget every cluster (`newsevents cluster --rebuild` starts from nothing)."""
        with self._guard("clearing clusters", write=True), self._transaction():
            self._run("DELETE FROM event_clusters")
            self._run("DELETE FROM clusters")

    def _refresh_clusters(self, cluster_ids: Sequence[str]) -> None:
        """Recompute the summaries of these clusters from their members (inside the caller's transaction)."""
        for i in range(0, len(cluster_ids), 500):
            chunk = list(cluster_ids[i : i + 500])
            marks = ", ".join("?" for _ in chunk)
            self._run(f"DELETE FROM clusters WHERE id IN ({marks})", chunk)
            members = self._query(
                f"SELECT c.cluster_id, e.id, e.event, e.article_id, e.n_mentions, e.confidence, "
                f"{self._REPORT_DAY}, e.date_start, e.date_end FROM event_clusters c "
                "JOIN events e ON e.id = c.event_id JOIN articles a ON a.id = e.article_id "
                f"WHERE c.cluster_id IN ({marks})",
                chunk,
            )
            by_cluster: dict[str, list[tuple[Any, ...]]] = {}
            for row in members:
                by_cluster.setdefault(row[0], []).append(row)
            rows = []
            for cid, group in sorted(by_cluster.items()):
                # the most reported event stands for the cluster; then the surest, then the earliest
                rep = min(group, key=lambda r: (-int(r[4]), -float(r[5]), _as_date(r[6]), r[1]))
                reports = [_as_date(r[6]) for r in group]
                starts = [r[7] for r in group if r[7] is not None]
                ends = [r[8] for r in group if r[8] is not None]
                rows.append(
                    (
                        cid,
                        rep[2],
                        rep[1],
                        len({r[3] for r in group}),
                        len(group),
                        sum(int(r[4]) for r in group),
                        min(reports),
                        max(reports),
                        min(starts) if starts else None,
                        max(ends) if ends else None,
                    )
                )
            if rows:
                self._run_many(insert_sql("clusters", CLUSTER_COLUMNS), rows)

    def _cluster_where(self, filters: EventFilter | None, min_articles: int) -> tuple[str, list[Any]]:
        conds = ["k.num_articles >= ?"]
        params: list[Any] = [max(1, int(min_articles))]
        where, fparams = where_clause(filters)
        if where != "TRUE":
            conds.append(
                f"k.id IN (SELECT c.cluster_id FROM event_clusters c JOIN events e ON e.id = c.event_id WHERE {where})"
            )
            params += fparams
        return " AND ".join(conds), params

    def query_clusters(
        self, filters: EventFilter | None = None, *, min_articles: int = 1, limit: int = 100, offset: int = 0
    ) -> list[Cluster]:
        """Clusters with an event matching `filters`, most reported first."""
        where, params = self._cluster_where(filters, min_articles)
        c = self.dialect.collate
        with self._guard("querying clusters"):
            rows = self._query(
                f"SELECT {', '.join('k.' + col for col in CLUSTER_COLUMNS)}, r.record FROM clusters k "
                f"JOIN events r ON r.id = k.representative WHERE {where} "
                f"ORDER BY k.num_articles DESC, k.num_mentions DESC, k.first_report NULLS LAST, k.id{c} "
                "LIMIT ? OFFSET ?",
                [*params, max(0, int(limit)), max(0, int(offset))],
            )
        return [_cluster_from_row(r) for r in rows]

    def count_clusters(self, filters: EventFilter | None = None, *, min_articles: int = 1) -> int:
        where, params = self._cluster_where(filters, min_articles)
        with self._guard("counting clusters"):
            return int(self._query(f"SELECT count(*) FROM clusters k WHERE {where}", params)[0][0])

    def get_cluster(self, cluster_id: str) -> ClusterDetail | None:
        """A cluster with its events (by report day, article, position) and their articles."""
        with self._guard(f"reading cluster {cluster_id!r}"):
            head = self._query(
                f"SELECT {', '.join('k.' + col for col in CLUSTER_COLUMNS)}, r.record FROM clusters k "
                "JOIN events r ON r.id = k.representative WHERE k.id = ?",
                [cluster_id],
            )
            if not head:
                return None
            rows = self._query(
                f"SELECT e.record, a.id, a.title, a.url, a.published, {self._REPORT_DAY} FROM event_clusters c "
                "JOIN events e ON e.id = c.event_id JOIN articles a ON a.id = e.article_id "
                "WHERE c.cluster_id = ?",
                [cluster_id],
            )
        events = [(event_from_record(r[0]), _as_date(r[5])) for r in rows]
        events.sort(key=lambda p: (p[1], p[0].article_id, p[0].text_info.start, p[0].id))
        articles: dict[str, ArticleRef] = {}
        for r in sorted(rows, key=lambda r: (_as_date(r[5]), r[1])):
            articles.setdefault(r[1], ArticleRef(id=r[1], title=r[2], url=r[3], published=r[4]))
        return ClusterDetail(
            cluster=_cluster_from_row(head[0]), events=[e for e, _ in events], articles=list(articles.values())
        )

    def related_reports(self, article_id: str) -> list[RelatedReports]:
        """For each event of the article that other articles also report: those articles."""
        with self._guard(f"reading the clusters of article {article_id!r}"):
            rows = self._query(
                f"SELECT c.event_id, c.cluster_id, k.num_articles, a.id, a.title, a.url, a.published, "
                f"{self._REPORT_DAY} FROM event_clusters c "
                "JOIN events own ON own.id = c.event_id "
                "JOIN clusters k ON k.id = c.cluster_id "
                "JOIN event_clusters o ON o.cluster_id = c.cluster_id "
                "JOIN events e ON e.id = o.event_id JOIN articles a ON a.id = e.article_id "
                "WHERE own.article_id = ? AND e.article_id <> ?",
                [article_id, article_id],
            )
        out: dict[str, RelatedReports] = {}
        for event_id, cid, n, aid, title, url, published, _day in sorted(
            rows, key=lambda r: (r[0], _as_date(r[7]), r[3])
        ):
            item = out.setdefault(
                event_id, RelatedReports(event_id=event_id, cluster_id=cid, num_articles=int(n), articles=[])
            )
            if all(a.id != aid for a in item.articles):
                item.articles.append(ArticleRef(id=aid, title=title, url=url, published=published))
        return [out[k] for k in sorted(out)]

    # -- reads

    def seen_urls(self, urls: Sequence[str]) -> set[str]:
        """The URLs among `urls` that `remember_url` kept."""
        out: set[str] = set()
        wanted = list(dict.fromkeys(urls))
        with self._guard("looking up feed items"):
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ", ".join("?" for _ in chunk)
                out.update(r[0] for r in self._query(f"SELECT url FROM feed_items WHERE url IN ({marks})", chunk))
        return out

    def has_article(self, content_hash: str) -> bool:
        with self._guard("looking up an article"):
            return bool(self._query("SELECT 1 FROM articles WHERE content_hash = ?", [content_hash]))

    def count_articles(self) -> int:
        with self._guard("counting articles"):
            return int(self._query("SELECT count(*) FROM articles")[0][0])

    def iter_articles(self, *, page_size: int = 200) -> Iterator[Article]:
        # Ids first, then pages: no cursor stays open while the caller writes (recode).
        with self._guard("listing articles"):
            ids = [r[0] for r in self._query(f"SELECT id FROM articles ORDER BY ingested_at, id{self.dialect.collate}")]
        for i in range(0, len(ids), page_size):
            chunk = ids[i : i + page_size]
            marks = ", ".join("?" for _ in chunk)
            with self._guard("reading articles"):
                rows = {r[0]: r for r in self._query(f"{ARTICLE_SELECT} WHERE id IN ({marks})", chunk)}
            for aid in chunk:
                if aid in rows:
                    yield article_from_row(rows[aid])

    def get_stored_article(self, article_id: str) -> StoredArticle | None:
        """The article with its content hash and ingestion time."""
        with self._guard(f"reading article {article_id!r}"):
            rows = self._query(
                "SELECT id, title, url, published, language, source, text, content_hash, ingested_at "
                "FROM articles WHERE id = ?",
                [article_id],
            )
        if not rows:
            return None
        row = rows[0]
        return StoredArticle(article=article_from_row(row), content_hash=row[7], ingested_at=row[8])

    def get_article(self, article_id: str) -> tuple[Article, list[Event]] | None:
        with self._guard(f"reading article {article_id!r}"):
            rows = self._query(f"{ARTICLE_SELECT} WHERE id = ?", [article_id])
            if not rows:
                return None
            events = self._query(
                "SELECT record FROM events WHERE article_id = ? ORDER BY "
                f'(SELECT min(m."start") FROM mentions m WHERE m.event_id = events.id) NULLS LAST, '
                f"id{self.dialect.collate}",
                [article_id],
            )
        return article_from_row(rows[0]), [event_from_record(r[0]) for r in events]

    def get_event(self, event_id: str) -> Event | None:
        with self._guard(f"reading event {event_id!r}"):
            rows = self._query("SELECT record FROM events WHERE id = ?", [event_id])
        return event_from_record(rows[0][0]) if rows else None

    def _page_records(self, filters: EventFilter, limit: int, offset: int, sort: SortKey) -> list[Any]:
        """The `record` column of one page of matching events, in `sort` order."""
        where, params = where_clause(filters)
        # The page is chosen on the narrow sort columns, then only its rows' records are read
        # (joined by row id on DuckDB, by primary key on PostgreSQL): sorting the JSON records
        # along with the keys costs two to three times as much.
        order = order_clause(sort, self.dialect)
        keys = ", ".join(f"e.{c}" for c in SORT_COLUMNS)
        rid = self.dialect.row_id
        if rid:
            join = f"r.{rid} = k.rid"
            keys = f"e.{rid} AS rid, {keys}"
        else:
            join = "r.id = k.id"
        sql = (
            f"SELECT r.record FROM (SELECT {keys} FROM events e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?) k "
            f"JOIN events r ON {join} ORDER BY {order_clause(sort, self.dialect, 'k')}"
        )
        with self._guard("querying events"):
            rows = self._query(sql, [*params, max(0, int(limit)), max(0, int(offset))])
        return [r[0] for r in rows]

    def query_events(
        self, filters: EventFilter, *, limit: int = 100, offset: int = 0, sort: SortKey = "date"
    ) -> list[Event]:
        return [event_from_record(r) for r in self._page_records(filters, limit, offset, sort)]

    def query_events_json(
        self, filters: EventFilter, *, limit: int = 100, offset: int = 0, sort: SortKey = "date"
    ) -> list[str]:
        return [record_json(r) for r in self._page_records(filters, limit, offset, sort)]

    def count_events(self, filters: EventFilter) -> int:
        where, params = where_clause(filters)
        with self._guard("counting events"):
            return int(self._query(f"SELECT count(*) FROM events e WHERE {where}", params)[0][0])

    def actors(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        """One dict per code: code, name (most frequent), names, sectors, as_actor, as_recipient, events.

        Sorted by events (descending), then code. Only events matching `filters` count.
        """
        where, params = where_clause(filters)
        base = f"FROM participants p JOIN events e ON e.id = p.event_id WHERE {where} AND p.code IS NOT NULL"
        with self._guard("listing actors"):
            by_role = self._query(
                f"SELECT p.code, p.role, count(DISTINCT p.event_id) {base} GROUP BY p.code, p.role", params
            )
            totals = self._query(f"SELECT p.code, count(DISTINCT p.event_id) {base} GROUP BY p.code", params)
            names = self._query(
                f"SELECT p.code, p.name, count(*) {base} AND p.name IS NOT NULL GROUP BY p.code, p.name",
                params,
            )
            sectors = self._query(
                f"SELECT p.code, p.sector, count(*) {base} AND p.sector IS NOT NULL GROUP BY p.code, p.sector",
                params,
            )
        out: dict[str, dict[str, Any]] = {}

        def entry(code: str) -> dict[str, Any]:
            # the four queries are separate reads: an ingest running meanwhile may add a code to a later one
            return out.setdefault(
                code,
                {"code": code, "name": None, "names": [], "sectors": [], "as_actor": 0, "as_recipient": 0, "events": 0},
            )

        for code, n in totals:
            entry(code)["events"] = int(n)
        for code, role, n in by_role:
            entry(code)["as_actor" if role == "actor" else "as_recipient"] = int(n)
        for key, rows in (("names", names), ("sectors", sectors)):
            for code, value, _n in sorted(rows, key=lambda r: (-int(r[2]), str(r[1]))):
                entry(code)[key].append(value)
        for item in out.values():
            item["name"] = item["names"][0] if item["names"] else None
        return sorted(out.values(), key=lambda a: (-a["events"], a["code"]))

    def stats(self, filters: EventFilter | None = None) -> dict[str, Any]:
        """Counts of matching events.

        {"events": n, "articles": n, "undated": n,
         "by_day": [{"date": "YYYY-MM-DD", "count": n, "quads": {"1": n, ...}}, ...] (day-precision dates),
         "by_category": [{"category", "count"}], "by_quad": [{"quad", "count"}],
         "by_modality": [{"modality", "count"}],
         "by_country_pair": [{"actor", "recipient", "count", "quads": {...}}]}  (actor code -> recipient code)
        """
        where, params = where_clause(filters)
        c = self.dialect.collate
        with self._guard("computing statistics"):
            total, articles, undated = self._query(
                f"SELECT count(*), count(DISTINCT e.article_id), count(*) - count(e.date_start) "
                f"FROM events e WHERE {where}",
                params,
            )[0]
            days = self._query(
                f'SELECT e."date", e.quad_code, count(*) FROM events e '
                f'WHERE {where} AND length(e."date") = 10 GROUP BY e."date", e.quad_code '
                f'ORDER BY e."date"{c}',
                params,
            )
            cats = self._query(
                f"SELECT e.event, count(*) FROM events e WHERE {where} GROUP BY e.event "
                f"ORDER BY count(*) DESC, e.event{c}",
                params,
            )
            quads = self._query(
                f"SELECT e.quad_code, count(*) FROM events e WHERE {where} GROUP BY e.quad_code "
                "ORDER BY e.quad_code NULLS LAST",
                params,
            )
            modalities = self._query(
                f"SELECT e.modality, count(*) FROM events e WHERE {where} GROUP BY e.modality "
                f"ORDER BY count(*) DESC, e.modality{c}",
                params,
            )
            pairs = self._query(
                "SELECT a.code, r.code, e.quad_code, count(DISTINCT e.id) FROM events e "
                "JOIN participants a ON a.event_id = e.id AND a.role = 'actor' "
                "JOIN participants r ON r.event_id = e.id AND r.role = 'recipient' "
                f"WHERE {where} AND a.code IS NOT NULL AND r.code IS NOT NULL "
                "GROUP BY a.code, r.code, e.quad_code",
                params,
            )
        by_day: dict[str, dict[str, Any]] = {}
        for day, quad, n in days:
            item = by_day.setdefault(day, {"date": day, "count": 0, "quads": {}})
            item["count"] += int(n)
            if quad is not None:
                item["quads"][str(quad)] = int(n)
        by_pair: dict[tuple[str, str], dict[str, Any]] = {}
        for a, r, quad, n in pairs:
            item = by_pair.setdefault((a, r), {"actor": a, "recipient": r, "count": 0, "quads": {}})
            item["count"] += int(n)
            if quad is not None:
                item["quads"][str(quad)] = item["quads"].get(str(quad), 0) + int(n)
        return {
            "events": int(total),
            "articles": int(articles),
            "undated": int(undated),
            "by_day": list(by_day.values()),
            "by_category": [{"category": k, "count": int(n)} for k, n in cats],
            "by_quad": [{"quad": k, "count": int(n)} for k, n in quads],
            "by_modality": [{"modality": k, "count": int(n)} for k, n in modalities],
            "by_country_pair": sorted(by_pair.values(), key=lambda p: (-p["count"], p["actor"], p["recipient"])),
        }


def one_line(exc: BaseException) -> str:
    """First non-empty line of an exception's message."""
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__
