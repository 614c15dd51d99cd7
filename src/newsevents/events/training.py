"""Training the event detector on sentence-labelled news, and measuring it out of sample.

In: labelled articles in the format of our labelled real news (one article a line:
`id, text, published, sentences[{start, end, events[{event, alt_events, trigger, ...}]}]`)
and, optionally, single-sentence gold records (`text, event, event_text` or inline
`(EVT: ...)` markup). Out: an `EventModel` (`events.detector`) written to one `.npz`, and
out-of-fold scores from cross-validation by article (no article is split across folds).

How examples are made: every article is parsed with the engine's spaCy pipeline; each
gold event's trigger words are found in its sentence and their head word is the positive
token example of its category; every other candidate word is a negative. A parsed
sentence is labelled with the categories of the triggers it holds.

Deterministic: fixed folds (articles in order, round robin), fixed solver seeds, so the
same data gives the same model and the same figures. Requires scikit-learn (the `train`
extra); the model it writes needs only numpy.

    python -m newsevents.events.training --data ../shared/data -o src/newsevents/events/data/event_model.npz
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsevents.actors import ActorKB, ActorResolver
from newsevents.events.cameo import CameoVerbs, load_cameo_verbs
from newsevents.events.coder import SentenceCoder
from newsevents.events.detector import DenseView, EventModel, LinearView, calibration_inputs
from newsevents.events.features import candidate_features, sentence_features
from newsevents.events.lexicon import TriggerLexicon, load_lexicon
from newsevents.events.meaning import SentenceVectors, load_sentence_vectors
from newsevents.events.modes import mode_features, mode_label
from newsevents.events.tense import MODALITY_CLASSES, grammar_modality, modality_features
from newsevents.ontology import default_ontology
from newsevents.timex import event_date

LABELLED_FILES = ("wikinews_2020_labelled.jsonl", "voa_stories_dev_labelled.jsonl", "wikinews_2019_dev_labelled.jsonl")
SENTENCE_GOLD_FILE = "plover_gsr_dev.jsonl"
FOLDS = 5
MIN_FEATURE_COUNT = 2  # features seen once are noise and bloat the model
SEED = 0
MODE_C = 1.0
MEANING_C = 3.0  # out of fold with the calibration: 0.558 at 0.3, 0.561 at 1, 0.564 at 3, 0.565 at 10
MODALITY_C = 0.3  # cross-validated on the gold triggers: 0.760 (0.750 at 0.1, 0.758 at 1.0)
TRAIN_ONLY_WEIGHT = 0.5  # out-of-domain material counts half (out of fold: 0.568 at 0.5, 0.567 at 1.0)
MARKUP_EVENT = re.compile(r"\(EVT: ([^)]*)\)")


# ------------------------------------------------------------------------ data


@dataclass
class GoldSentence:
    start: int
    end: int
    events: list[dict[str, Any]]


@dataclass
class LabelledArticle:
    id: str
    text: str
    corpus: str
    published: str | None
    sentences: list[GoldSentence]
    train_only: bool = False  # training material that is never held out or scored (e.g. synthetic stories)


def read_labelled(path: Path) -> list[LabelledArticle]:
    """Articles labelled per sentence (our labelled real news)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        sentences = [
            GoldSentence(int(s["start"]), int(s["end"]), list(s.get("events") or [])) for s in row["sentences"]
        ]
        out.append(LabelledArticle(str(row["id"]), row["text"], path.stem, row.get("published"), sentences))
    return out


def read_sentence_gold(path: Path) -> list[LabelledArticle]:
    """Single-sentence gold records, each an article of one sentence; the trigger from the event markup."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["text"]
        marked = MARKUP_EVENT.findall(row.get("markup") or "")
        trigger = marked[0] if marked else str(row.get("event_text") or "").split(" ")[0]
        event = {
            "event": row["event"],
            "alt_events": [],
            "trigger": trigger,
            "actor": row.get("actor") or [],
            "recipient": row.get("recipient") or [],
        }
        events = [event] if row.get("event") else []  # a sentence that reports no event is a negative
        out.append(LabelledArticle(str(row["id"]), text, path.stem, None, [GoldSentence(0, len(text), events)]))
    return out


def read_joined_labels(labels: Path, data_dir: Path) -> list[LabelledArticle]:
    """Sentence labels we wrote ourselves (`training/`), joined with the texts they label, read in place.

    The label file holds offsets only: a first line `{"source": PATH}` naming the texts (relative to
    `data_dir`, JSONL, gzipped or not, each row with `id` and `text`), then one story a line:
    `id, sentences[{start, end, events[{..., "trigger": [start, end]}]}]` with the trigger's character
    offsets in the story. The articles are training material only (`train_only`).
    """
    import gzip

    lines = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines or "source" not in lines[0]:
        raise ValueError(f"{labels}: the first line must name the labelled texts ({{\"source\": PATH}})")
    source = data_dir / lines[0]["source"]
    if not source.is_file():
        raise FileNotFoundError(f"{labels}: the texts it labels are not in {source}")
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as fh:
        texts = {str(row["id"]): row["text"] for row in map(json.loads, fh) if row}
    out = []
    for row in lines[1:]:
        text = texts.get(str(row["id"]))
        if text is None:
            raise ValueError(f"{labels}: story {row['id']!r} is not in {source}")
        sentences = []
        for s in row["sentences"]:
            events = []
            for event in s.get("events") or []:
                start, end = event["trigger"]
                events.append({**event, "trigger": text[start:end]})
            sentences.append(GoldSentence(int(s["start"]), int(s["end"]), events))
        out.append(LabelledArticle(str(row["id"]), text, labels.stem, None, sentences, train_only=True))
    return out


def read_training_data(data_dir: Path, *, sentence_gold: bool = True) -> list[LabelledArticle]:
    """All training material found in `data_dir` (third-party data is read in place, never copied)."""
    articles: list[LabelledArticle] = []
    for name in LABELLED_FILES:
        path = data_dir / name
        if path.is_file():
            articles += read_labelled(path)
    if sentence_gold and (data_dir / SENTENCE_GOLD_FILE).is_file():
        articles += read_sentence_gold(data_dir / SENTENCE_GOLD_FILE)
    if not articles:
        raise FileNotFoundError(f"no labelled data in {data_dir} (expected {', '.join(LABELLED_FILES)})")
    return articles


# -------------------------------------------------------------------- examples


def trigger_token(doc: Doc, start: int, end: int, trigger: str) -> Token | None:
    """The head word of a gold trigger inside the sentence at [start, end)."""
    words = trigger.strip()
    if not words:
        return None
    text = doc.text[start:end]
    match = re.search(re.escape(words), text, re.I) or re.search(r"\b" + re.escape(words.split()[0]), text, re.I)
    if match is None:
        return None
    span = doc.char_span(start + match.start(), start + match.end(), alignment_mode="expand")
    if span is None or not len(span):
        return None
    heads = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    content = [t for t in span if t.pos_ in ("VERB", "NOUN")]
    preferred = [t for t in heads if t.pos_ in ("VERB", "NOUN")] or content or heads or list(span)
    return preferred[0]


@dataclass
class Examples:
    """Token and sentence examples of a set of articles, with the article each came from."""

    categories: tuple[str, ...]
    article_weights: list[float] = field(default_factory=list)  # each article's weight in fitting
    token_rows: list[dict[str, float]] = field(default_factory=list)
    token_labels: list[str] = field(default_factory=list)
    token_article: list[int] = field(default_factory=list)
    token_sentence: list[int] = field(default_factory=list)
    sentence_rows: list[dict[str, float]] = field(default_factory=list)
    sentence_labels: list[set[str]] = field(default_factory=list)
    sentence_accepts: list[set[str]] = field(default_factory=list)  # categories and alternatives of its events
    sentence_gold_events: list[int] = field(default_factory=list)
    sentence_article: list[int] = field(default_factory=list)
    sentence_lexical: list[set[str]] = field(default_factory=list)  # categories the trigger lexicon codes there
    sentence_vectors: list[np.ndarray] = field(default_factory=list)  # what the meaning view reads
    # one row per gold event whose trigger was found: the modality view's examples
    modality_rows: list[dict[str, float]] = field(default_factory=list)
    modality_labels: list[str] = field(default_factory=list)
    modality_article: list[int] = field(default_factory=list)
    # one row per gold event whose trigger was found: the mode view's examples ("CATEGORY:mode")
    mode_rows: list[dict[str, float]] = field(default_factory=list)
    mode_labels: list[str] = field(default_factory=list)
    mode_article: list[int] = field(default_factory=list)

    def lexical_matrix(self, sentences: Sequence[int]) -> np.ndarray:
        return np.array(
            [[c in self.sentence_lexical[s] for c in self.categories] for s in sentences], dtype=np.float64
        )

    def vector_matrix(self, sentences: Sequence[int]) -> np.ndarray:
        return np.array([self.sentence_vectors[s] for s in sentences], dtype=np.float64)

    def label_matrix(self) -> np.ndarray:
        return np.array([[c in labels for c in self.categories] for labels in self.sentence_labels], dtype=int)


def make_examples(
    articles: Sequence[LabelledArticle],
    nlp: Language,
    lexicon: TriggerLexicon,
    cameo: CameoVerbs,
    categories: tuple[str, ...],
    resolver: ActorResolver,
    *,
    progress: Callable[[int], None] | None = None,
    train_only_weight: float | None = None,
    vectors: SentenceVectors | None = None,
) -> Examples:
    """Parse the articles and turn them into labelled token and sentence examples."""
    ex = Examples(categories)
    vectors = vectors or load_sentence_vectors()
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for a_index, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        extra = TRAIN_ONLY_WEIGHT if train_only_weight is None else train_only_weight
        ex.article_weights.append(extra if article.train_only else 1.0)
        _article_examples(ex, a_index, article, doc, lexicon, cameo)
        coder = SentenceCoder(lexicon, resolver)
        ex.sentence_lexical += [{c.category for c in coder.code(sent)} for sent in doc.sents]
        ex.sentence_vectors += list(vectors.encode([sent.text for sent in doc.sents]))
        if progress is not None:
            progress(a_index + 1)
    return ex


def _article_examples(
    ex: Examples,
    a_index: int,
    article: LabelledArticle,
    doc: Doc,
    lexicon: TriggerLexicon,
    cameo: CameoVerbs,
) -> None:
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    trigger_of: dict[int, str] = {}
    labels: list[set[str]] = [set() for _ in sents]
    accepts: list[set[str]] = [set() for _ in sents]
    gold_counts = [0] * len(sents)
    published = _date_of(article.published)
    for gold in article.sentences:
        for event in gold.events:
            category = event.get("event")
            if category not in ex.categories:
                continue
            token = trigger_token(doc, gold.start, gold.end, str(event.get("trigger") or ""))
            where = token.sent.start_char if token is not None else _largest_overlap(sents, gold.start, gold.end)
            s_index = bisect.bisect_right(starts, where) - 1
            if token is not None and event.get("modality") in MODALITY_CLASSES:
                ex.modality_rows.append(
                    modality_features(
                        token,
                        lexicon,
                        category=str(category),
                        rule=grammar_modality(token, lexicon),
                        when=event_date(token.sent, token, published),
                        published=published,
                        position=s_index,
                    )
                )
                ex.modality_labels.append(str(event["modality"]))
                ex.modality_article.append(a_index)
            if token is not None:
                ex.mode_rows.append(mode_features(token, lexicon, cameo))
                ex.mode_labels.append(mode_label(str(category), event.get("mode")))
                ex.mode_article.append(a_index)
            if token is not None and token.i not in trigger_of:
                trigger_of[token.i] = category
            labels[s_index].add(category)
            accepts[s_index] |= {category, *(event.get("alt_events") or [])}
            gold_counts[s_index] += 1
    for s_index, sent in enumerate(sents):
        tokens, rows = candidate_features(sent, lexicon, cameo, also=trigger_of.keys())
        for token, row in zip(tokens, rows, strict=True):
            ex.token_rows.append(row)
            ex.token_labels.append(trigger_of.get(token.i, "NONE"))
            ex.token_article.append(a_index)
            ex.token_sentence.append(len(ex.sentence_rows))
        ex.sentence_rows.append(sentence_features(sent, rows))
        ex.sentence_labels.append(labels[s_index])
        ex.sentence_accepts.append(accepts[s_index])
        ex.sentence_gold_events.append(gold_counts[s_index])
        ex.sentence_article.append(a_index)


def _date_of(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _largest_overlap(sents: Sequence[Span], start: int, end: int) -> int:
    best = max(sents, key=lambda s: min(s.end_char, end) - max(s.start_char, start))
    return best.start_char


# ----------------------------------------------------------------------- fitting


def _vectorize(rows: Sequence[dict[str, float]], index: dict[str, int]) -> Any:
    from scipy import sparse

    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for row in rows:
        for name, value in row.items():
            col = index.get(name)
            if col is not None:
                cols.append(col)
                data.append(value)
        indptr.append(len(cols))
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(cols, dtype=np.int32), np.array(indptr, dtype=np.int32)),
        shape=(len(rows), len(index)),
    )


def _feature_index(rows: Iterable[dict[str, float]]) -> dict[str, int]:
    counts: Counter[str] = Counter(name for row in rows for name in row)
    kept = sorted(name for name, n in counts.items() if n >= MIN_FEATURE_COUNT)
    return {name: i for i, name in enumerate(kept)}


@dataclass
class Views:
    detector: LinearView
    categorizer: LinearView
    sentence: LinearView
    meaning: DenseView | None = None
    modality: LinearView | None = None
    mode: LinearView | None = None
    mode_labels: tuple[str, ...] = ()


def fit_views(ex: Examples, articles: set[int]) -> Views:
    """Fit the token and sentence views on the examples of `articles`."""
    from sklearn.linear_model import LogisticRegression

    cats = ex.categories
    tok = [i for i, a in enumerate(ex.token_article) if a in articles]
    tok_rows = [ex.token_rows[i] for i in tok]
    tok_index = _feature_index(tok_rows)
    x_tok = _vectorize(tok_rows, tok_index)
    labels = np.array([ex.token_labels[i] for i in tok])
    is_trigger = (labels != "NONE").astype(int)
    w_tok = np.array([ex.article_weights[ex.token_article[i]] for i in tok])
    detector = LogisticRegression(C=0.5, solver="liblinear", random_state=SEED)
    detector.fit(x_tok, is_trigger, sample_weight=w_tok)
    positive = np.flatnonzero(is_trigger)
    categorizer = LogisticRegression(C=1.0, max_iter=3000)
    categorizer.fit(x_tok[positive], labels[positive], sample_weight=w_tok[positive])
    cat_weights = np.zeros((len(tok_index), len(cats)))
    cat_bias = np.full(len(cats), -30.0)  # a category never seen as a trigger is never predicted by this view
    for j, name in enumerate(categorizer.classes_):
        cat_weights[:, cats.index(str(name))] = categorizer.coef_[j]
        cat_bias[cats.index(str(name))] = categorizer.intercept_[j]
    if len(categorizer.classes_) == 2:  # binary case: sklearn keeps one row for the second class
        k = cats.index(str(categorizer.classes_[1]))
        cat_weights[:, k] = categorizer.coef_[0]
        cat_bias[k] = categorizer.intercept_[0]
        cat_weights[:, cats.index(str(categorizer.classes_[0]))] = 0.0
        cat_bias[cats.index(str(categorizer.classes_[0]))] = 0.0

    sen = [i for i, a in enumerate(ex.sentence_article) if a in articles]
    sen_rows = [ex.sentence_rows[i] for i in sen]
    sen_index = _feature_index(sen_rows)
    x_sen = _vectorize(sen_rows, sen_index)
    y_sen = ex.label_matrix()[sen]
    w_sen = np.array([ex.article_weights[ex.sentence_article[i]] for i in sen])
    sen_weights = np.zeros((len(sen_index), len(cats)))
    sen_bias = np.full(len(cats), -30.0)
    for k in range(len(cats)):
        if 0 < y_sen[:, k].sum() < len(sen):
            clf = LogisticRegression(C=1.0, solver="liblinear", random_state=SEED)
            clf.fit(x_sen, y_sen[:, k], sample_weight=w_sen)
            sen_weights[:, k] = clf.coef_[0]
            sen_bias[k] = clf.intercept_[0]
    return Views(
        detector=LinearView(tok_index, detector.coef_.T.astype(np.float32), detector.intercept_.astype(np.float64)),
        categorizer=LinearView(tok_index, cat_weights.astype(np.float32), cat_bias),
        sentence=LinearView(sen_index, sen_weights.astype(np.float32), sen_bias),
        meaning=_fit_meaning_view(ex, sen, y_sen, w_sen),
        modality=fit_modality_view(ex, articles),
        **_fit_mode_view(ex, articles),
    )


def _fit_meaning_view(ex: Examples, sentences: Sequence[int], labels: np.ndarray, weights: np.ndarray) -> DenseView:
    """One logistic per category over the sentences' vectors (a category never seen is never predicted)."""
    from sklearn.linear_model import LogisticRegression

    x = ex.vector_matrix(sentences)
    coef = np.zeros((x.shape[1], len(ex.categories)))
    bias = np.full(len(ex.categories), -30.0)
    for k in range(len(ex.categories)):
        if 0 < labels[:, k].sum() < len(sentences):
            clf = LogisticRegression(C=MEANING_C, max_iter=3000)
            clf.fit(x, labels[:, k], sample_weight=weights)
            coef[:, k] = clf.coef_[0]
            bias[k] = clf.intercept_[0]
    return DenseView(coef.astype(np.float32), bias)


def _fit_mode_view(ex: Examples, articles: set[int]) -> dict[str, Any]:
    """A softmax over the "CATEGORY:mode" labels of the gold events of `articles`."""
    from sklearn.linear_model import LogisticRegression

    keep = [i for i, a in enumerate(ex.mode_article) if a in articles]
    labels = np.array([ex.mode_labels[i] for i in keep])
    if len(set(labels)) < 3:
        return {}
    rows = [ex.mode_rows[i] for i in keep]
    index = _feature_index(rows)
    clf = LogisticRegression(C=MODE_C, max_iter=3000)
    clf.fit(_vectorize(rows, index), labels)
    names = tuple(str(c) for c in clf.classes_)
    view = LinearView(index, clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float64))
    return {"mode": view, "mode_labels": names}


def fit_modality_view(ex: Examples, articles: set[int]) -> LinearView | None:
    """A softmax over `MODALITY_CLASSES` from the gold events of `articles` (None without examples)."""
    from sklearn.linear_model import LogisticRegression

    keep = [i for i, a in enumerate(ex.modality_article) if a in articles]
    labels = np.array([ex.modality_labels[i] for i in keep])
    if len(set(labels)) < 2:
        return None
    rows = [ex.modality_rows[i] for i in keep]
    index = _feature_index(rows)
    clf = LogisticRegression(C=MODALITY_C, max_iter=3000)
    clf.fit(_vectorize(rows, index), labels)
    weights = np.zeros((len(index), len(MODALITY_CLASSES)))
    bias = np.full(len(MODALITY_CLASSES), -30.0)  # a reading never seen in training is never given
    for j, name in enumerate(clf.classes_):
        k = MODALITY_CLASSES.index(str(name))
        if len(clf.classes_) == 2:  # binary case: one row of weights, for the second class
            weights[:, k] = clf.coef_[0] if j == 1 else 0.0
            bias[k] = clf.intercept_[0] if j == 1 else 0.0
        else:
            weights[:, k] = clf.coef_[j]
            bias[k] = clf.intercept_[j]
    return LinearView(index, weights.astype(np.float32), bias)


def raw_scores(model: EventModel, ex: Examples, sentences: Sequence[int]) -> np.ndarray:
    """Uncalibrated scores (sentences, categories, 2) of the given sentence examples: the token and
    sentence views combined, and the meaning view's probability."""
    by_sentence: dict[int, list[int]] = {}
    for i, s in enumerate(ex.token_sentence):
        by_sentence.setdefault(s, []).append(i)
    out = np.zeros((len(sentences), len(ex.categories), 2))
    for r, s in enumerate(sentences):
        toks = [ex.token_rows[i] for i in by_sentence.get(s, [])]
        token_probs = model.token_probabilities(toks)
        best = token_probs.max(axis=0) if len(toks) else np.zeros(len(ex.categories))
        out[r, :, 0] = np.sqrt(best * model.sentence_probabilities(ex.sentence_rows[s]))
        meaning = model.meaning_probabilities(ex.sentence_vectors[s])
        out[r, :, 1] = meaning if meaning is not None else out[r, :, 0]
    return out


def folds_of(n_articles: int, k: int = FOLDS) -> list[set[int]]:
    """Articles dealt round robin into k folds (deterministic; an article never split)."""
    return [set(range(f, n_articles, k)) for f in range(k)]


def out_of_fold_scores(
    ex: Examples,
    n_articles: int,
    *,
    k: int = FOLDS,
    progress: Callable[[int], None] | None = None,
    n_scored: int | None = None,
) -> tuple[np.ndarray, list[Views]]:
    """Raw combined scores of every sentence from the model that did not see its article.

    Only the first `n_scored` articles (default all) are dealt into folds; the others are
    training material that every fold trains on and none scores."""
    scores = np.zeros((len(ex.sentence_rows), len(ex.categories), 2))
    fold_views = []
    for f, held_out in enumerate(folds_of(n_articles if n_scored is None else n_scored, k)):
        views = fit_views(ex, set(range(n_articles)) - held_out)
        fold_views.append(views)
        model = assemble_model(ex.categories, views, np.zeros(calibration_size(ex.categories)), 0.5, {})
        rows = [i for i, a in enumerate(ex.sentence_article) if a in held_out]
        scores[rows] = raw_scores(model, ex, rows)
        if progress is not None:
            progress(f + 1)
    return scores, fold_views


def calibration_size(categories: Sequence[str]) -> int:
    """How many weights the calibration of a model with a meaning view has (bias included)."""
    return 3 + len(categories) + 1 + 1


def assemble_model(
    categories: tuple[str, ...], views: Views, calibration: np.ndarray, threshold: float, info: dict[str, Any]
) -> EventModel:
    return EventModel(
        categories=categories,
        detector=views.detector,
        categorizer=views.categorizer,
        sentence=views.sentence,
        calibration=calibration,
        threshold=threshold,
        info=info,
        modality=views.modality,
        mode=views.mode,
        mode_labels=views.mode_labels,
        meaning=views.meaning,
        vectors=load_sentence_vectors() if views.meaning is not None else None,
    )


def fit_calibration(ex: Examples, scores: np.ndarray, sentences: Sequence[int]) -> np.ndarray:
    """A logistic from the views' score and the lexicon's vote to 'this category is right for this sentence'."""
    from sklearn.linear_model import LogisticRegression

    inputs = _calibration_inputs(ex, scores, sentences)
    x = inputs.reshape(-1, inputs.shape[-1])
    y = np.array([[c in ex.sentence_accepts[s] for c in ex.categories] for s in sentences], dtype=int).ravel()
    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit(x, y)
    return np.concatenate([clf.coef_[0], clf.intercept_]).astype(np.float64)


def _calibration_inputs(ex: Examples, scores: np.ndarray, sentences: Sequence[int]) -> np.ndarray:
    rows = scores[list(sentences)]
    return calibration_inputs(rows[..., 0], ex.lexical_matrix(sentences), rows[..., 1])


def calibrated(ex: Examples, scores: np.ndarray, sentences: Sequence[int], calibration: np.ndarray) -> np.ndarray:
    """Confidence (sentences, categories) of the given sentences under a calibration."""
    inputs = _calibration_inputs(ex, scores, sentences)
    return np.asarray(1.0 / (1.0 + np.exp(-(inputs @ calibration[:-1] + calibration[-1]))))


def sentence_prf(
    ex: Examples, confidence: np.ndarray, sentences: Sequence[int], threshold: float
) -> tuple[float, float, float]:
    """Type precision, recall and F1 per sentence (one system event per category found)."""
    found = system = correct = gold = 0
    for r, s in enumerate(sentences):
        predicted = {ex.categories[c] for c in np.flatnonzero(confidence[r] >= threshold)}
        system += len(predicted)
        correct += len(predicted & ex.sentence_accepts[s])
        gold += ex.sentence_gold_events[s]
        found += min(ex.sentence_gold_events[s], len(predicted & ex.sentence_labels[s]))
    p = correct / system if system else 0.0
    r_ = found / gold if gold else 0.0
    return p, r_, (2 * p * r_ / (p + r_) if p + r_ else 0.0)


def best_threshold(ex: Examples, confidence: np.ndarray, sentences: Sequence[int]) -> float:
    """The confidence cut that maximises sentence type F1 on these (out-of-fold) sentences."""
    grid = np.round(np.arange(0.10, 0.71, 0.02), 2)
    return float(max(grid, key=lambda t: (sentence_prf(ex, confidence, sentences, float(t))[2], -t)))


@dataclass
class TrainingRun:
    model: EventModel
    examples: Examples
    articles: list[LabelledArticle]  # the scored articles first, then the train-only ones
    oof_scores: np.ndarray
    fold_views: list[Views]

    @property
    def scored(self) -> int:
        """How many of `articles` (the first ones) are dealt into folds and scored."""
        return sum(not a.train_only for a in self.articles)

    def scored_sentences(self, exclude: Collection[int] = ()) -> list[int]:
        """The sentences of the scored articles, but those of `exclude` (article indices)."""
        n, exclude = self.scored, set(exclude)
        return [i for i, a in enumerate(self.examples.sentence_article) if a < n and a not in exclude]


def train(
    articles: list[LabelledArticle],
    nlp: Language,
    *,
    k: int = FOLDS,
    log: Callable[[str], None] = lambda message: None,
    train_only_weight: float = TRAIN_ONLY_WEIGHT,
) -> TrainingRun:
    """Cross-validate (for calibration, threshold and the out-of-fold figures), then fit on everything.

    Train-only articles (`LabelledArticle.train_only`) are in every fold's training set and in no
    fold's test set; calibration, threshold and figures are on the other articles only."""
    articles = [a for a in articles if not a.train_only] + [a for a in articles if a.train_only]
    n_scored = sum(not a.train_only for a in articles)
    categories = tuple(default_ontology().categories)
    lexicon, cameo = load_lexicon("en"), load_cameo_verbs()
    started = time.perf_counter()
    resolver = ActorResolver(ActorKB.load())
    ex = make_examples(articles, nlp, lexicon, cameo, categories, resolver, train_only_weight=train_only_weight)
    log(f"examples: {len(ex.token_rows)} candidate words, {len(ex.sentence_rows)} sentences "
        f"from {len(articles)} articles ({time.perf_counter() - started:.0f} s)")
    scores, fold_views = out_of_fold_scores(
        ex, len(articles), k=k, progress=lambda f: log(f"fold {f}/{k} fitted"), n_scored=n_scored
    )
    all_sentences = [i for i, a in enumerate(ex.sentence_article) if a < n_scored]
    calibration = fit_calibration(ex, scores, all_sentences)
    confidence = calibrated(ex, scores, all_sentences, calibration)
    threshold = best_threshold(ex, confidence, all_sentences)
    p, r, f1 = sentence_prf(ex, confidence, all_sentences, threshold)
    views = fit_views(ex, set(range(len(articles))))
    info = {
        "articles": n_scored,
        "train_only_articles": len(articles) - n_scored,
        "corpora": sorted({a.corpus for a in articles}),
        "folds": k,
        "train_only_weight": train_only_weight,
        "out_of_fold_sentence_type": {"P": round(p, 3), "R": round(r, 3), "F1": round(f1, 3)},
        "threshold": threshold,
    }
    log(f"out of fold (sentence types, this model's own proxy): P {p:.3f} R {r:.3f} F1 {f1:.3f} at {threshold}")
    model = assemble_model(categories, views, calibration, threshold, info)
    return TrainingRun(model, ex, articles, scores, fold_views)


def fold_model(run: TrainingRun, fold: int) -> EventModel:
    """The model of one fold, calibrated and thresholded on the other folds' sentences only."""
    held_out = folds_of(run.scored, len(run.fold_views))[fold]
    others = run.scored_sentences(exclude=held_out)
    calibration = fit_calibration(run.examples, run.oof_scores, others)
    confidence = calibrated(run.examples, run.oof_scores, others, calibration)
    ex = run.examples
    threshold = best_threshold(ex, confidence, others)
    return assemble_model(ex.categories, run.fold_views[fold], calibration, threshold, {"fold": fold})


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    from newsevents.nlp.pipeline import load_nlp

    parser = argparse.ArgumentParser(prog="python -m newsevents.events.training", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="folder of the labelled data")
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write the model (.npz)")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument(
        "--labels", type=Path, action="append", default=[],
        help="our own sentence labels of other texts in --data (training material only; repeatable)",
    )
    parser.add_argument(
        "--train-only-weight", type=float, default=TRAIN_ONLY_WEIGHT,
        help="weight of a --labels article's examples against a real article's",
    )
    args = parser.parse_args(argv)
    try:
        articles = read_training_data(args.data)
        for labels in args.labels:
            articles += read_joined_labels(labels, args.data)
    except (OSError, ValueError) as exc:
        print(f"newsevents: error: {exc}", file=sys.stderr)
        return 2
    run = train(
        articles, load_nlp(), k=args.folds, log=lambda m: print(m, file=sys.stderr),
        train_only_weight=args.train_only_weight,
    )
    run.model.save(args.output)
    size = args.output.stat().st_size
    print(f"model written to {args.output} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
