"""The extraction engine: articles in, PLOVER event records out.

In: `Article`s, plain strings or JSONL-style dicts (`Engine.process`, `extract_many`).
Out: `Event` records with evidence offsets into each article's text.

Stages, each in its own package: `nlp` parses (spaCy, batched with `nlp.pipe`) and
finds non-English passages; `events.coder` finds triggers and their arguments;
`actors` resolves who; `timex` resolves when against the publication date; `geo`
resolves where using the article's countries; `events.contexts` and
`events.quantities` add context and size; `events.merge` folds repeated reports of
one event into one record with several mentions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsevents import __version__
from newsevents.actors import ActorKB, ActorResolver
from newsevents.errors import InputError
from newsevents.events.cameo import load_cameo_verbs
from newsevents.events.coder import COOPERATIVE, Candidate, Party, SentenceCoder
from newsevents.events.combine import assess_sentence, decide
from newsevents.events.contexts import context_scores
from newsevents.events.detector import EventModel, load_event_model
from newsevents.events.foreign import ForeignCandidate, ForeignCoder
from newsevents.events.lexicon import load_lexicon
from newsevents.events.merge import MAX_CONTEXTS, mention_of, merge_mentions
from newsevents.events.modes import mode_features, mode_of
from newsevents.events.quantities import find_quantities
from newsevents.events.setting import SettingModel, StoryContext, load_setting_model, settle_events
from newsevents.events.tense import GRAMMAR_ONLY, MODALITY_CLASSES, grammar_modality, modality_features
from newsevents.geo import Gazetteer, event_location
from newsevents.ingest.clean import article_id as clean_article_id
from newsevents.ingest.clean import clean_text, parse_iso_date
from newsevents.ingest.hints import ArticleHints, anchored, apply_hints
from newsevents.ingest.layout import parse_text
from newsevents.nlp.components import PARAGRAPH_BREAK, SENTENCE_STARTS
from newsevents.nlp.language import Passage, foreign_passages
from newsevents.nlp.pieces import (
    MAX_ARTICLE_CHARS,
    MAX_PIECE_CHARS,
    Piece,
    parser_input,
    shift_event,
    shift_note,
    split_pieces,
)
from newsevents.nlp.pipeline import DEFAULT_MODEL, load_nlp
from newsevents.ontology import NON_STATE_CODES, Ontology, default_ontology
from newsevents.record import Article, Entity, Event, Location, PassageNote, TextInfo
from newsevents.timex import enclosing_date, event_date, find_dates
from newsevents.timex.resolve import DateRange

ENGINE_VERSION = __version__  # stored with each event; one version for package and engine
# an act that ended more than a month before the report is background to it ("months or years ago")
HISTORICAL_DAYS = 31
NARRATIVE_MODALITIES = ("asserted", "historical", "negated", "ongoing")
"""Events whose own date tells when the story around them happened (not plans or conjectures)."""
# the article's own country: named at least this often, and this many times more than the next one
HOME_MIN_MENTIONS = 2
HOME_DOMINANCE = 1.5
PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their", "its", "we", "our", "i", "you", "them", "us"})


class Engine:
    """Loads the models and data once; codes articles one by one or in batches."""

    def __init__(
        self,
        *,
        actor_files: Sequence[Path | str] = (),
        model: str = DEFAULT_MODEL,
        ontology: Ontology | None = None,
        max_article_chars: int = MAX_ARTICLE_CHARS,
        event_model: EventModel | Literal["packaged"] | None = "packaged",
        min_confidence: float = 0.0,
        setting_model: SettingModel | Literal["packaged"] | None = "packaged",
    ) -> None:
        """`event_model`: the learned detector ("packaged": the one shipped; None: the lexicon alone).
        `min_confidence`: events below this confidence are dropped. `setting_model`: the learned
        choice of each event's date and place among what the article tells ("packaged": the one
        shipped; None: the date and place of the event's own clause only)."""
        self.nlp: Language = load_nlp(model)
        self.ontology = ontology or default_ontology()
        self.kb = ActorKB.load(extra=[Path(p) for p in actor_files])
        self.resolver = ActorResolver(self.kb)
        self.lexicon = load_lexicon("en")
        self.cameo = load_cameo_verbs()
        self.event_model = load_event_model() if event_model == "packaged" else event_model
        self.setting_model = load_setting_model() if setting_model == "packaged" else setting_model
        self.min_confidence = min_confidence
        self.gazetteer = Gazetteer()
        self.foreign = ForeignCoder(self.resolver)
        self.version = ENGINE_VERSION
        self._home: str | None = None  # the country of the article being coded
        self._most_named: str | None = None  # the country it names most, even without a clear lead
        self._sentence_index = 0  # the place of the sentence being coded in its article (or piece)
        self._narrative: tuple[int, DateRange] | None = None  # (paragraph, date) the story was last told at
        self._paragraph_starts: list[int] = []  # where the paragraphs of the article being coded start
        self._facts_key: tuple[int, int] | None = None
        self._facts: tuple[list[str], dict[str, int | str]] = ([], {})
        self.max_article_chars = max_article_chars

    # ----------------------------------------------------------------- batches

    def process(
        self,
        articles: Iterable[ArticleInput],
        *,
        batch_size: int = 16,
        on_error: ErrorHandler | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Code articles in input order, parsing them in batches through `nlp.pipe`.

        `articles` are what `extract_many` takes: `Article`s, plain strings or JSONL-style dicts
        (see `as_articles`); each is yielded back as an `Article` with its events.

        Texts longer than `MAX_PIECE_CHARS` are parsed piece by piece (`newsevents.nlp.pieces`)
        and their events put back on the whole text. Each article is isolated: an article
        over `max_article_chars`, or one the parser or coder fails on, becomes an `InputError`
        naming its source; with `on_error` it is passed there and skipped (the batch goes on),
        without it it is raised. The articles yielded carry the cleaned text their offsets index
        (`newsevents.ingest.clean.clean_text`: same length, same offsets as the text given).
        """
        queued: deque[_Job] = deque()
        group: list[tuple[_Job, Piece]] = []
        chars = 0
        for article in as_articles(articles, on_error):
            job = self._job(article)
            queued.append(job)
            for piece in job.pieces:
                if group and (len(group) >= batch_size or chars + len(piece) > MAX_PIECE_CHARS):
                    self._code_group(group)
                    group, chars = [], 0
                    yield from _finished(queued, on_error)
                group.append((job, piece))
                chars += len(piece)
        if group:
            self._code_group(group)
        yield from _finished(queued, on_error)

    def extract_article(self, article: Article) -> list[Event]:
        """Code one article; `InputError` when it cannot be coded (too long, or a failure naming the cause)."""
        for _, events in self.process([article]):
            return events
        return []

    def extract(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        article_id: str = "article",
        title: str | None = None,
    ) -> list[Event]:
        """Code one text; `published` anchors relative dates ("a day after")."""
        article = Article(id=article_id, text=text, title=title, published=parse_published(published, "published"))
        return self.extract_article(article)

    def _job(self, article: Article) -> _Job:
        """The work one article needs: its cleaned text cut into pieces, or why it cannot be coded."""
        source = article.source or f"article {article.id!r}"
        try:
            text = clean_text(article.text)
        except Exception as exc:  # noqa: BLE001 - a text the regex engine rejects is this article's problem
            return _Job(article, source, [], InputError(source, f"unreadable text ({type(exc).__name__})"))
        if text != article.text:
            article = article.model_copy(update={"text": text})
        if len(text) > self.max_article_chars:
            problem = f"article is {len(text):,} characters long; the limit is {self.max_article_chars:,}"
            return _Job(article, source, [], InputError(source, problem))
        pieces = split_pieces(text, MAX_PIECE_CHARS) if text.strip() else []
        # the dateline's date anchors an article that came without one; headline and dateline shape the parse
        article, hints = anchored(article, self._dateline_place, self.gazetteer.is_place_name)
        return _Job(article, source, pieces, hints=hints, seen=parse_text(text, hints.layout))

    def _dateline_place(self, name: str) -> Location | None:
        place = self.gazetteer.resolve_place(name)
        return place.to_location() if place is not None else None

    def _code_group(self, group: list[tuple[_Job, Piece]]) -> None:
        """Parse a group of pieces together, code each, and add its events to its article's job."""
        todo = [(job, piece) for job, piece in group if job.error is None]
        # the parser reads the text with its datelines blanked; every offset still indexes the article's text
        texts = [job.seen[piece.start : piece.end] for job, piece in todo]
        starts = [[s - piece.start for s in job.sentence_starts if piece.start <= s < piece.end] for job, piece in todo]
        for (job, piece), doc in zip(todo, self._parse(texts, starts), strict=True):
            job.left -= 1
            if job.error is not None:
                continue
            if isinstance(doc, BaseException):
                job.fail(doc, "parsing")
                continue
            try:
                events, notes = self._code_piece(doc, job.article, piece, whole=len(job.pieces) == 1)
            except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
                job.fail(exc, "coding")
                continue
            job.events.extend(events)
            job.notes.extend(notes)
        for job, _ in group:
            if job.error is not None:
                job.left = 0

    def _parse(self, texts: list[str], starts: Sequence[Sequence[int]] = ()) -> list[Doc | Exception]:
        """Docs of `texts` in one `nlp.pipe` batch; after a failure, each text alone so the rest still parse.

        `starts[i]`: character offsets in `texts[i]` where a sentence must start (headline, dateline).
        """
        if not texts:
            return []
        try:
            inputs = [self._parser_input(text, starts[i] if i < len(starts) else ()) for i, text in enumerate(texts)]
            return list(self.nlp.pipe(inputs, batch_size=len(texts)))
        except Exception:  # noqa: BLE001 - which text failed is found below, one by one
            out: list[Doc | Exception] = []
            for i, text in enumerate(texts):
                try:
                    out.append(self.nlp(self._parser_input(text, starts[i] if i < len(starts) else ())))
                except Exception as exc:  # noqa: BLE001
                    out.append(exc)
            return out

    def _parser_input(self, text: str, starts: Sequence[int]) -> str | Doc:
        """What `nlp.pipe` takes for `text`: the text, or a tokenized `Doc` carrying the sentence starts."""
        given = parser_input(self.nlp, text)
        if not starts:
            return given
        doc = self.nlp.make_doc(given) if isinstance(given, str) else given
        doc.user_data[SENTENCE_STARTS] = list(starts)
        return doc

    def _code_piece(
        self, doc: Doc, article: Article, piece: Piece, *, whole: bool
    ) -> tuple[list[Event], list[PassageNote]]:
        """Events and passage notes of one parsed piece, with offsets into the whole article."""
        # sentence facts are cached by (id(doc), sentence start); a new doc may reuse a freed id
        self._facts_key = None
        if whole:
            return self._code_doc(doc, article)
        part = article.model_copy(update={"text": article.text[piece.start : piece.end], "passages": []})
        events, notes = self._code_doc(doc, part)
        return [shift_event(e, piece.start) for e in events], [shift_note(n, piece.start) for n in notes]

    # -------------------------------------------------------------- one article

    def _code_doc(self, doc: Doc, article: Article) -> tuple[list[Event], list[PassageNote]]:
        """Events of one parsed article, and the foreign-language passages it holds (coded or flagged)."""
        text = article.text
        if not text.strip():
            return [], []
        passages = foreign_passages(text)
        notes = [
            PassageNote(
                start=p.start,
                end=p.end,
                language=p.language,
                coded=self.foreign.has_lexicon(p.language),
                author=p.author,
                date=p.date,
            )
            for p in passages
        ]
        published = article.published
        coder = SentenceCoder(self.lexicon, self.resolver, published=published)
        counts = self._country_counts(doc)  # once per article: the ranking and the home country read it
        context_countries = [code for code, _ in counts.most_common(5)]
        self._home = _home_of(counts)
        self._narrative = None
        self._most_named = counts.most_common(1)[0][0] if counts else None
        paragraphs = _paragraph_bounds(text)
        self._paragraph_starts = [start for start, _ in paragraphs]
        events: list[Event] = []
        passage_done: set[int] = set()
        for self._sentence_index, sent in enumerate(doc.sents):
            passage = _inside(sent, passages)
            if passage is not None:
                key = passage.start
                if key not in passage_done:
                    passage_done.add(key)
                    for foreign in self.foreign.code(text, passage, coder.memory):
                        events.append(self._foreign_event(foreign, article, passage, published))
                continue
            if not any(t.is_alpha for t in sent):
                continue
            for cand in self._sentence_candidates(sent, coder):
                events.append(self._event(cand, article, context_countries, paragraphs, published))
        # the model's threshold already decided what is an event; the lexicon alone also needs a party
        keep = (lambda e: True) if self.event_model is not None else self._keep
        events = [e for e in events if e.confidence >= self.min_confidence and keep(e)]
        # mentions of one event are merged on the dates of their own clauses, then the event is dated and
        # placed once, from its first mention, among all the article tells
        return self._settle(doc, merge_mentions(events), published, context_countries), notes

    def _settle(
        self, doc: Doc, events: list[Event], published: dt.date | None, context_countries: list[str]
    ) -> list[Event]:
        """Each event's date and place chosen among all the article tells (`events.setting`)."""
        if self.setting_model is None or not events:
            return events
        return settle_events(self._story(doc, published, context_countries), events, self.setting_model)

    def _story(self, doc: Doc, published: dt.date | None, context_countries: list[str]) -> StoryContext:
        """The dates and places the article being coded tells, sentence by sentence."""
        return StoryContext(
            doc,
            published=published,
            gazetteer=self.gazetteer,
            context_countries=context_countries,
            paragraph_starts=self._paragraph_starts,
        )

    def _country_counts(self, doc: Doc) -> Counter[str]:
        names = [ent.text for ent in doc.ents if ent.label_ in ("GPE", "LOC", "NORP")]
        counts: Counter[str] = self.gazetteer.countries_in(names)
        for ent in doc.ents:
            if ent.label_ == "NORP":
                code = self.resolver.country_of(ent.text)
                if code:
                    counts[code] += 1
        return counts

    def _sentence_candidates(self, sent: Span, coder: SentenceCoder) -> list[Candidate]:
        """The grammar's candidates of one sentence, reconciled with the event model when there is one."""
        lexical = coder.code(sent)
        if self.event_model is None:
            for cand in lexical:
                cand.decisions.insert(0, f"category {cand.category}: lexicon word '{cand.trigger_text}'")
            return lexical
        assessment = assess_sentence(sent, lexical, self.event_model, self.lexicon, self.cameo)
        return decide(
            sent,
            lexical,
            assessment,
            coder,
            threshold=self.event_model.threshold,
        )

    def _at_home(self, entity: Entity, decisions: list[str], role: str) -> Entity:
        if entity.code != "---" or self._home is None or not _names_someone(entity):
            return entity
        decisions.append(f"{role} '{entity.entity_text}': no country of its own, the article's ({self._home})")
        return entity.model_copy(update={"code": self._home})

    def _learned_mode(self, cand: Candidate) -> str | None:
        """The event model's mode among its category's, from the trigger, its phrase and the lexicon's senses."""
        model = self.event_model
        if model is None or model.mode is None or cand.mode is not None:
            return cand.mode  # the lexicon's sense says how, when it says so: its conditions are precise
        probs = model.mode_probabilities(mode_features(cand.trigger, self.lexicon, self.cameo), cand.category)
        if not probs:
            return cand.mode
        label = max(probs, key=probs.__getitem__)
        best = mode_of(label)
        if best != cand.mode:
            said = f"mode {best or 'none'}: {probs[label]:.2f} by the model"
            cand.decisions.append(f"{said}; the lexicon read {cand.mode or 'none'}")
        return best

    def _learned_modality(
        self, cand: Candidate, reading: str, when: DateRange | None, published: dt.date | None
    ) -> str:
        """The event model's modality, from the grammar's reading, tense, dates and the sentence's place."""
        model = self.event_model
        if model is None or model.modality is None or reading in GRAMMAR_ONLY:
            return reading
        row = modality_features(
            cand.trigger,
            self.lexicon,
            category=cand.category,
            rule=grammar_modality(cand.trigger, self.lexicon),
            when=when,
            published=published,
            position=self._sentence_index,
        )
        probs = model.modality_probabilities(row)
        if probs is None:
            return reading
        best = MODALITY_CLASSES[int(probs.argmax())]
        if best != reading:
            cand.decisions.append(f"modality {best}: {probs.max():.2f} by the model; the grammar read {reading}")
        return best

    @staticmethod
    def _fill_unstated(
        actors: list[Entity],
        recipients: list[Entity],
        country: str | None,
        decisions: list[str],
        *,
        recipient: bool = True,
    ) -> tuple[list[Entity], list[Entity]]:
        """Sides the text leaves unstated ("was asked to") or names only by a pronoun the discourse memory
        could not bind belong to the article's country: what careful coders infer from context."""
        if country is None:
            return actors, recipients
        placed: list[Entity] = []
        for entity in actors:
            if entity.code == "---" and not _names_someone(entity):
                said = entity.entity_text or ""
                decisions.append(f"actor '{said}': not resolved in the text, the article's ({country})")
                entity = entity.model_copy(update={"code": country, "sector": entity.sector or "UNK"})
            placed.append(entity)
        if recipient and not recipients:
            recipients = [Entity(code=country, sector="UNK")]
            decisions.append(f"recipient unstated: someone in {country}, the country of the article or the event")
        return placed, recipients

    def _keep(self, event: Event) -> bool:
        parties = (*event.actor, *event.recipient)
        specific = any(e.sector not in (None, "CVL", "UNK", "BUS") for e in parties)
        if all(e.code == "---" for e in parties) and not specific and not any(_named_unknown(e) for e in parties):
            # no country, organisation or named person on either side: nothing a researcher can place
            return False
        category = self.ontology.categories[event.event]
        if category.recipient_required and not event.recipient:
            return len({a.code for a in event.actor}) >= 2
        return True

    # ---------------------------------------------------------------- records

    def _event(
        self,
        cand: Candidate,
        article: Article,
        context_countries: list[str],
        paragraphs: list[tuple[int, int]],
        published: dt.date | None,
    ) -> Event:
        sent = cand.sentence
        paragraph = bisect.bisect_right(self._paragraph_starts, sent.start_char) - 1
        date_range = event_date(sent, cand.trigger, published)
        date: str | None
        enddate: str | None
        date_text: str | None = None
        modality = cand.modality
        if date_range is not None and published is not None and modality == "asserted":
            if (published - date_range.end).days > HISTORICAL_DAYS:
                modality = "historical"
            elif date_range.start > published:
                modality = "planned"  # "Putin visits China next week"
        modality = self._learned_modality(cand, modality, date_range, published)
        if date_range is not None:
            if modality in NARRATIVE_MODALITIES and published is not None and date_range.end <= published:
                self._narrative = (paragraph, date_range)
        elif modality in ("asserted", "negated"):
            date_range = self._narrative_date(sent, cand, paragraph, published)
        if date_range is not None:
            date, enddate, date_text = date_range.iso, date_range.iso_end, date_range.text
        elif modality in ("asserted", "negated") and published is not None:
            date, enddate = published.isoformat(), None
        else:
            date, enddate = None, None
        exclude = [
            (p.entity.start, p.entity.end)
            for p in (*cand.actors, *cand.recipients)
            if p.entity.start is not None and p.entity.end is not None
        ]
        location = event_location(
            sent, cand.trigger, self.gazetteer, context_countries=context_countries, exclude=exclude
        )
        if location is None and cand.category == "CONSULT" and cand.mode == "visit" and cand.recipients:
            location = self._country_location(cand.recipients[0].entity)
        category, mode = cand.category, self._learned_mode(cand)
        learned = cand.source != "lexicon"
        if modality == "planned" and cand.modality != "planned" and category in COOPERATIVE and not learned:
            category, mode = "AGREE", None  # a future cooperative act is an agreement to act (PLOVER)
        contexts, size = self._sentence_facts(sent, paragraphs, article.text)
        actors = [_as_government(_locate_people(p.entity, _country_of(location))) for p in cand.actors]
        # victims of force and repression are local people; the beneficiaries of aid often are not
        home = _home_country(cand.category, actors, location) if cand.category in DOMESTIC_TARGETS else None
        recipients = [_as_government(_locate_people(p.entity, home)) for p in cand.recipients]
        # whoever the text names but the knowledge base cannot place belongs to the article's own country
        actors = [self._at_home(e, cand.decisions, "actor") for e in actors]
        where = self._home or _country_of(location) or self._most_named
        if not actors and where and self.event_model is not None:
            # "was arrested", "were killed": someone in the article's (or the event's) country did it, who is not said
            actors = [Entity(code=where, sector="UNK")]
            cand.decisions.append(f"actor unstated: someone in {where}, the country of the article or the event")
        recipients = [self._at_home(e, cand.decisions, "recipient") for e in recipients]
        if not recipients:
            recipients = _domestic_recipient(cand.category, actors, location)
        if not recipients and cand.category == "CONSULT" and cand.mode == "visit" and location is not None:
            # "arrived in Amman on a visit": the host is the country visited
            own = {a.code for a in actors}
            if location.country_code and location.country_code not in own:
                recipients = [Entity(code=location.country_code, sector="GOV")]
        if self.event_model is not None:
            untargeted = category in UNTARGETED or mode in UNTARGETED
            actors, recipients = self._fill_unstated(
                actors, recipients, where, cand.decisions, recipient=not untargeted
            )
        return self._record(
            category,
            mode,
            modality,
            article,
            sent.start_char,
            sent.start_char + len(sent.text.rstrip()),
            sent.text.rstrip(),
            trigger=(cand.trigger_text, cand.trigger_start, cand.trigger_end),
            actors=actors,
            recipients=recipients,
            date=date,
            enddate=enddate,
            date_text=date_text,
            location=location,
            contexts=contexts,
            size=size,
            confidence=cand.confidence,
            language="en",
        ).model_copy(update={"source": cand.source, "decisions": list(cand.decisions)})

    def _narrative_date(
        self, sent: Span, cand: Candidate, paragraph: int, published: dt.date | None
    ) -> DateRange | None:
        """The date a clause without one takes from the story it continues: the clause above it in
        the sentence, else (in a sentence with no date at all) the last past date of its paragraph.
        News tells an event's time once ("On Tuesday, police detained ... They also seized ...");
        across paragraphs the measured gain vanished (docs/benchmarks.md)."""
        found = enclosing_date(sent, cand.trigger, published)
        if found is not None:
            cand.decisions.append(f"date {found.iso}: from the clause it belongs to ({found.text!r})")
            return found
        if self._narrative is None or find_dates(sent, published):
            return None
        told_in, found = self._narrative
        if told_in != paragraph or (published is not None and (published - found.end).days > HISTORICAL_DAYS):
            # a background date ("in 2018 ...") does not carry over to what the paragraph says next
            return None
        cand.decisions.append(f"date {found.iso}: the paragraph's last date ({found.text!r}), told no other time")
        return found

    def _sentence_facts(
        self, sent: Span, paragraphs: list[tuple[int, int]], text: str
    ) -> tuple[list[str], dict[str, int | str]]:
        """Contexts and quantities depend on the sentence only: computed once for all its events."""
        key = (id(sent.doc), sent.start)
        if self._facts_key != key:
            para = _paragraph_of(sent.start_char, paragraphs, text)
            contexts = _strong_contexts(context_scores(sent.text, paragraph=para))
            self._facts_key, self._facts = key, (contexts, dict(find_quantities(sent)))
        contexts, size = self._facts
        return list(contexts), dict(size)

    def _foreign_event(
        self, cand: ForeignCandidate, article: Article, passage: Passage, published: dt.date | None
    ) -> Event:
        date = passage.date or (published.isoformat() if published else None)
        info = {k: v for k, v in (("author", passage.author), ("handle", passage.handle), ("date", passage.date)) if v}
        event = self._record(
            cand.category,
            cand.mode,
            "asserted",
            article,
            cand.start,
            cand.end,
            article.text[cand.start : cand.end],
            trigger=(cand.trigger_text, cand.trigger_start, cand.trigger_end),
            actors=list(cand.actors),
            recipients=list(cand.recipients),
            date=date,
            enddate=None,
            date_text=passage.date,
            location=None,
            contexts=list(cand.contexts),
            size={},
            confidence=cand.confidence,
            language=passage.language,
        )
        return event.model_copy(update={"source_info": info})

    def _country_location(self, entity: Entity) -> Location | None:
        if not entity.code or len(entity.code) != 3:
            return None
        return self.gazetteer.country(entity.code)

    def _record(
        self,
        category: str,
        mode: str | None,
        modality: str,
        article: Article,
        start: int,
        end: int,
        sentence: str,
        *,
        trigger: tuple[str, int, int],
        actors: list[Entity],
        recipients: list[Entity],
        date: str | None,
        enddate: str | None,
        date_text: str | None,
        location: Location | None,
        contexts: list[str],
        size: dict[str, int | str],
        confidence: float,
        language: str,
    ) -> Event:
        onto = self.ontology
        if mode is not None and not onto.is_valid(category, mode):
            mode = None
        # the id names the article, the category and the words: different texts never share an id
        digest = hashlib.sha1(f"{article.id}|{category}|{start}|{trigger[1]}|{sentence}".encode()).hexdigest()[:16]
        text_info = TextInfo(sentence=sentence, start=start, end=end, trigger_start=trigger[1], trigger_end=trigger[2])
        event = Event(
            id=digest,
            article_id=article.id,
            event=category,
            mode=mode,
            context=contexts,
            modality=modality,  # type: ignore[arg-type]
            date=date,
            enddate=enddate,
            date_text=date_text,
            actor=actors,
            recipient=recipients,
            event_loc=location,
            event_text=trigger[0],
            quad_code=onto.quad(category),
            event_scale=onto.score(category, mode),
            cameo_code=onto.cameo(category, mode),
            confidence=confidence,
            text_info=text_info,
            size=size,
            language=language,
        )
        return event.model_copy(update={"mentions": [mention_of(event)]})


# ------------------------------------------------------------------- helpers


def parse_published(value: dt.date | str | None, source: str) -> dt.date | None:
    """A publication date from a date, an ISO string or None; InputError naming `source` otherwise.

    The whole string must be a date (`YYYY-MM-DD`) or an ISO timestamp, between 1800-01-01 and
    2200-12-31 (see `newsevents.ingest.clean.parse_iso_date`).
    """
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return parse_iso_date(value, source=source, what="")


def _strong_contexts(scores: dict[str, float]) -> list[str]:
    """Contexts with a strong cue (a strong term in the sentence, or weak ones backed by the paragraph)."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    strong = [name for name, score in ranked if score >= 2][:MAX_CONTEXTS]
    if strong:
        return strong
    return [name for name, score in ranked[:1] if score >= 1]


# Who a one-sided act of force, repression, concession or protest is aimed at when the
# text names nobody: the people (CVL) or government (GOV) of the country where it happens.
DOMESTIC_TARGETS = {
    "COERCE": "CVL",
    "ASSAULT": "CVL",
    "CONCEDE": "CVL",
    "PROTEST": "GOV",
    "MOBILIZE": None,
}


# acts that often have no target (fewer than half of them name one in our labelled news): deploying
# forces, withdrawing or resigning, and meetings of many parties; an unstated recipient stays unstated
UNTARGETED = frozenset({"MOBILIZE", "RETREAT", "multilateral"})

# acts a state or its people usually direct at home when no place is named
HOME_ACTS = frozenset({"PROTEST", "COERCE", "CONCEDE"})


def _domestic_recipient(category: str, actors: list[Entity], location: Location | None) -> list[Entity]:
    country = _home_country(category, actors, location) if category in DOMESTIC_TARGETS else None
    return [Entity(code=country, sector=DOMESTIC_TARGETS[category])] if country else []


# people known only by what they are ("23 people", "a journalist") are of the country where it happened
LOCAL_SECTORS = frozenset({"CVL", "UNK", "JRN", "MED", "EDU", "LAB", "REL", "BUS", "UAF", "REB", "CRM", "OPP"})


def _named_unknown(entity: Entity) -> bool:
    """Someone named in the text whom the knowledge base does not know ("Judge Alejandro Rivera")."""
    text = entity.entity_text or ""
    return (
        entity.code == "---"
        and entity.sector is None
        and any(word[:1].isupper() for word in text.split()[1:] or text.split())
        and text.lower() not in PRONOUNS
    )


def _home_of(counts: Counter[str]) -> str | None:
    """The article's own country: the one it names clearly more often than any other."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][0] in NON_STATE_CODES:
        return None
    top = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if top >= HOME_MIN_MENTIONS and top >= HOME_DOMINANCE * second else None


def _names_someone(entity: Entity) -> bool:
    """Words that name a party, not a pronoun or an empty slot."""
    text = (entity.entity_text or "").strip().lower()
    return bool(text) and text not in PRONOUNS


def _country_of(location: Location | None) -> str | None:
    return location.country_code if location is not None else None


def _home_country(category: str, actors: list[Entity], location: Location | None) -> str | None:
    """Where the people an event touches live: the event's country, or for a state acting at home
    (repression, concessions) the acting state's."""
    if location is not None and location.country_code:
        return location.country_code
    if category in HOME_ACTS:
        codes = {a.code for a in actors if a.code not in NON_STATE_CODES and a.code != "---"}
        if len(codes) == 1:
            return next(iter(codes))
    return None


def _locate_people(entity: Entity, country: str | None) -> Entity:
    if entity.code == "---" and entity.sector in LOCAL_SECTORS and country:
        return entity.model_copy(update={"code": country})
    return entity


def _as_government(entity: Entity) -> Entity:
    """A country named as a party to a political act is its government (PLOVER's reading)."""
    if entity.sector is None and len(entity.code) == 3 and entity.code.isalpha() and entity.code not in NON_STATE_CODES:
        return entity.model_copy(update={"sector": "GOV"})
    return entity


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Paragraphs end at a blank line (any whitespace between two newlines), as the parser's sentence breaks do."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _paragraph_of(offset: int, bounds: list[tuple[int, int]], text: str) -> str:
    for start, end in bounds:
        if start <= offset <= end:
            return text[start:end]
    return ""


def _inside(sent: Span, passages: Sequence[Passage]) -> Passage | None:
    for passage in passages:
        overlap = min(sent.end_char, passage.end) - max(sent.start_char, passage.start)
        if overlap > 0 and overlap >= 0.5 * (sent.end_char - sent.start_char):
            return passage
    return None


ErrorHandler = Callable[[InputError], None]


@dataclass
class _Job:
    """One article on its way through `Engine.process`: its pieces, what they gave, or why it failed."""

    article: Article
    source: str
    pieces: list[Piece]
    error: InputError | None = None
    events: list[Event] = field(default_factory=list)
    notes: list[PassageNote] = field(default_factory=list)
    left: int = -1
    hints: ArticleHints | None = None
    seen: str = ""  # the text the parser reads: the article's, datelines blanked

    @property
    def sentence_starts(self) -> tuple[int, ...]:
        return self.hints.layout.sentence_starts if self.hints is not None else ()

    def __post_init__(self) -> None:
        if self.left < 0:
            self.left = len(self.pieces) if self.error is None else 0

    def fail(self, exc: BaseException, stage: str) -> None:
        if isinstance(exc, InputError):
            self.error = exc
            return
        detail = str(exc).splitlines()[0][:200] if str(exc).strip() else ""
        problem = f"could not be coded ({stage} failed: {type(exc).__name__}{': ' + detail if detail else ''})"
        error = InputError(self.source, problem)
        error.__cause__ = exc
        self.error = error


def _finished(queued: deque[_Job], on_error: ErrorHandler | None) -> Iterator[tuple[Article, list[Event]]]:
    """Yield (or report) the jobs at the head of the queue whose every piece is done, in input order."""
    while queued and queued[0].left == 0:
        job = queued.popleft()
        if job.error is not None:
            if on_error is None:
                raise job.error
            on_error(job.error)
            continue
        article = job.article
        if job.notes:
            article = article.model_copy(update={"passages": job.notes})
        yield article, apply_hints(job.events, job.hints) if job.hints is not None else job.events


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine behind `newsevents.extract`: built on first use, then reused."""
    return Engine()


# What `Engine.process` and `extract_many` accept as one article.
ArticleInput = Article | str | Mapping[str, Any]


def as_articles(items: Iterable[ArticleInput], on_error: ErrorHandler | None = None) -> Iterator[Article]:
    """Articles from `Article`s, plain strings (ids `article-1`, ...) or dicts with the JSONL row fields.

    An item that is none of these, or a dict with a bad field, is an `InputError`: passed to
    `on_error` and skipped when it is given, raised otherwise.
    """
    for index, item in enumerate(items):
        try:
            yield _article_from(item, index)
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)


def _article_from(item: ArticleInput, index: int) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(id=f"article-{index + 1}", text=item)
    if isinstance(item, Mapping):
        source = f"item {index + 1}"
        text = item.get("text")
        if not isinstance(text, str):
            raise InputError(source, "has no 'text' string")
        return Article(
            id=clean_article_id(item.get("id"), source=source, default=f"article-{index + 1}"),
            text=text,
            title=_optional_str(item.get("title")),
            url=_optional_str(item.get("url")),
            published=parse_published(item.get("published"), f"{source} published"),
            language=_optional_str(item.get("language")),
            source=source,
        )
    raise InputError(f"item {index + 1}", f"expected a string, dict or Article, got {type(item).__name__}")


def _optional_str(value: object) -> str | None:
    return None if value is None else clean_text(str(value)).strip() or None


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    article_id: str = "article",
    title: str | None = None,
) -> list[Event]:
    """Code one news text into PLOVER events (see `Engine.extract`)."""
    return default_engine().extract(text, published=published, article_id=article_id, title=title)


def extract_many(
    items: Iterable[ArticleInput],
    *,
    batch_size: int = 16,
    on_error: ErrorHandler | None = None,
) -> Iterator[Event]:
    """Code many articles (strings, JSONL-style dicts or Articles), batched through `nlp.pipe`.

    An item that cannot be coded (not a text, a bad date, too long, ...) is an `InputError`:
    passed to `on_error` and skipped when it is given, raised otherwise.
    """
    for _, events in default_engine().process(items, batch_size=batch_size, on_error=on_error):
        yield from events


__all__ = ["ENGINE_VERSION", "Engine", "Party", "default_engine", "extract", "extract_many", "parse_published"]
