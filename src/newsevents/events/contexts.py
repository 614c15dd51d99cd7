"""PLOVER contexts of a sentence from a keyword lexicon.

In: a sentence and, optionally, the paragraph around it (plain strings).
Out: `detect_contexts` -> the PLOVER contexts (of the 37) whose lexicon fires, strongest first;
`context_scores` -> the same with their scores. A term found in the sentence counts fully
(strong 2, weak 1); a strong term found only elsewhere in the paragraph counts 1; weak terms
outside the sentence are ignored. The lexicon is `events/data/contexts.yaml`, compiled once into
an index of first words, so a sentence is read in one pass over its tokens.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from newsevents.errors import ResourceError

SENTENCE_STRONG = 2.0
SENTENCE_WEAK = 1.0
PARAGRAPH_STRONG = 1.0

_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9+&-]+$")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class _Word:
    """One word of a term: a set of accepted forms, or a stem that accepts any ending."""

    forms: frozenset[str] = frozenset()
    stem: str = ""

    def matches(self, token: str) -> bool:
        return token.startswith(self.stem) if self.stem else token in self.forms


@dataclass(frozen=True)
class _Term:
    words: tuple[_Word, ...]
    case_sensitive: bool
    targets: tuple[tuple[str, bool], ...]  # (context, strong)


def _forms(word: str, *, last: bool) -> frozenset[str]:
    """Accepted surface forms of a word; the last word of a term also takes its plural."""
    if not last or not word[-1:].isalpha():
        return frozenset({word})
    low = word.lower()
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return frozenset({word, word[:-1] + "ies"})
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return frozenset({word, word + "es"})
    return frozenset({word, word + "s", word + "es"})


def _term_words(term: str) -> tuple[_Word, ...] | None:
    case_sensitive = bool(_ACRONYM.match(term.replace(" ", "")))
    text = term if case_sensitive else term.lower()
    starred = text.endswith("*")
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    words: list[_Word] = []
    for i, tok in enumerate(tokens):
        last = i == len(tokens) - 1
        if last and starred:
            words.append(_Word(stem=tok))
        else:
            words.append(_Word(forms=_forms(tok, last=last)))
    return tuple(words)


@dataclass(frozen=True)
class ContextLexicon:
    """Terms indexed by the forms (or stems) of their first word."""

    by_form: dict[str, tuple[_Term, ...]]
    by_stem: dict[str, tuple[_Term, ...]]
    stem_lengths: tuple[int, ...]
    order: dict[str, int]

    def candidates(self, token: str, lower: str) -> list[_Term]:
        found = list(self.by_form.get(lower, ()))
        if token != lower:
            found.extend(self.by_form.get(token, ()))
        for n in self.stem_lengths:
            if len(lower) >= n:
                found.extend(self.by_stem.get(lower[:n], ()))
                if token != lower:
                    found.extend(self.by_stem.get(token[:n], ()))
        return found


def _build(data: dict[str, dict[str, list[str]]]) -> ContextLexicon:
    merged: dict[tuple[tuple[_Word, ...], bool], list[tuple[str, bool]]] = {}
    for context, spec in data.items():
        for strong, key in ((True, "strong"), (False, "weak")):
            for raw in spec.get(key) or []:
                term = str(raw)
                words = _term_words(term)
                if words is None:
                    raise ResourceError(f"context lexicon: empty term under {context}")
                cs = bool(_ACRONYM.match(term.replace(" ", "")))
                targets = merged.setdefault((words, cs), [])
                for i, (c, s) in enumerate(targets):
                    if c == context:
                        targets[i] = (c, s or strong)
                        break
                else:
                    targets.append((context, strong))
    by_form: dict[str, list[_Term]] = {}
    by_stem: dict[str, list[_Term]] = {}
    for (words, cs), targets in merged.items():
        t = _Term(words, cs, tuple(targets))
        first = words[0]
        if first.stem:
            by_stem.setdefault(first.stem, []).append(t)
        else:
            for f in first.forms:
                by_form.setdefault(f, []).append(t)
    return ContextLexicon(
        by_form={k: tuple(v) for k, v in by_form.items()},
        by_stem={k: tuple(v) for k, v in by_stem.items()},
        stem_lengths=tuple(sorted({len(k) for k in by_stem})),
        order={c: i for i, c in enumerate(data)},
    )


def load_lexicon(path: Path | None = None) -> ContextLexicon:
    """Compile a context lexicon (the packaged one by default)."""
    try:
        if path is None:
            text = resources.files("newsevents.events").joinpath("data", "contexts.yaml").read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"context lexicon {path or 'contexts.yaml'}: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError("context lexicon: not a mapping of context -> terms")
    return _build(data)


@functools.cache
def _default_lexicon() -> ContextLexicon:
    return load_lexicon()


def _hits(lex: ContextLexicon, text: str) -> dict[str, list[bool]]:
    """Contexts hit in `text`, each with the strength of every hit (longest term wins at a position)."""
    tokens = _TOKEN.findall(text)
    lowers = [t.lower() for t in tokens]
    found: dict[str, list[bool]] = {}
    i, n = 0, len(tokens)
    while i < n:
        best: _Term | None = None
        for term in lex.candidates(tokens[i], lowers[i]):
            k = len(term.words)
            if i + k > n or (best is not None and k <= len(best.words)):
                continue
            seq = tokens if term.case_sensitive else lowers
            if all(w.matches(seq[i + j]) for j, w in enumerate(term.words)):
                best = term
        if best is None:
            i += 1
            continue
        for context, strong in best.targets:
            found.setdefault(context, []).append(strong)
        i += len(best.words)
    return found


def context_scores(sentence: str, *, paragraph: str = "", lexicon: ContextLexicon | None = None) -> dict[str, float]:
    """Score of every context that fires, strongest first (ties in the lexicon's order)."""
    lex = lexicon or _default_lexicon()
    scores: dict[str, float] = {}
    in_sentence = _hits(lex, sentence)
    for context, strengths in in_sentence.items():
        scores[context] = sum(SENTENCE_STRONG if s else SENTENCE_WEAK for s in strengths)
    if paragraph:
        rest = paragraph
        pos = paragraph.find(sentence) if sentence else -1
        if pos >= 0:
            rest = paragraph[:pos] + " \n " + paragraph[pos + len(sentence) :]
        for context, strengths in _hits(lex, rest).items():
            strong = sum(1 for s in strengths if s)
            if strong:
                scores[context] = scores.get(context, 0.0) + PARAGRAPH_STRONG * strong
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], lex.order.get(kv[0], 99))))


def detect_contexts(sentence: str, *, paragraph: str = "") -> list[str]:
    """PLOVER contexts of `sentence` (with `paragraph` as supporting text), strongest first."""
    return list(context_scores(sentence, paragraph=paragraph))
