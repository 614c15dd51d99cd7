"""Regenerate `src/newsevents/events/data/cameo_verbs.json` from the CAMEO verb dictionary.

In:
  --cameo       PETRARCH2's CAMEO verb dictionary, `CAMEO.2.0.txt` (Open Event Data Alliance, MIT):
                synonym sets (`&LABEL` then `+MEMBER` lines), then verb blocks: a header
                `---  NAME   [code]  ---`, verb lines (`VERB {irregular forms} [own code]`, multi-word
                verbs as `+STIR_UP`), and pattern lines `- [subject words] * [object words] [code] # note`
                with `{MULTI WORD}` nouns, `(PREP NOUN)` groups, `&SYNSET`s and the markers + $ ^ %.
  --crosswalk   PLOVER's CAMEO conversion table, `CAMEO2PLOVER-2021.txt`, parsed with the project's
                crosswalk parser (`newsevents.ontology.build_crosswalk.parse_table`).
Out (-o): a JSON file with, for every verb lemma, its PLOVER category on its own and maps from object
nouns and from prepositions/particles to categories; the schema is described in the file's `about`.
`newsevents.events.cameo` reads it.

How patterns become keys:
  - The object words after `*` are read left to right. A leading `(PREP ...)` group gives the key
    `preps[prep]`; a leading particle word (UP, DOWN, ON, ...) followed by no noun gives `preps[particle]`.
  - Otherwise the first noun gives `objects[head]`: the word itself, the last word of a `{MULTI WORD}`
    noun, or the heads of every member of a `&SYNSET`, lower case and singular.
  - Pattern codes are mapped to PLOVER through the crosswalk (a 4-digit code missing there falls back
    to its 3-digit parent; paired codes `[a:b]` use a, or b where a is empty). Codes the crosswalk does
    not cover (01x statements, 02x appeals, the null code ---) map to nothing.
  - Each key takes the category most of its patterns give. A pattern that is the key alone counts twice,
    and twice again for the verb its comment names as where it was found (`# ATTACK`). A tie goes to
    the verb's own category if it is among the tied, else the key is left out.
    Patterns coding nothing vote too, so a key that mostly codes nothing is left out.
  - Categories of coded patterns that end up under no key are kept in `other`, so that a verb's
    categories are its default plus those of all its coded patterns.
Each verb line of a block is a lemma with the block's patterns; a lemma's own `[code]` overrides the
block's. A lemma in several blocks keeps the first default that codes something and pools the votes of
all its blocks. Patterns naming an undefined synset are skipped, as PETRARCH2 skips them.

Run from the repository root (defaults point at ../shared/data/...):

    .venv/bin/python scripts/build_cameo_verbs.py [--cameo PATH] [--crosswalk PATH] [-o PATH]
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsevents.events.cameo import SCHEMA_VERSION, singular
from newsevents.ontology import default_ontology
from newsevents.ontology.build_crosswalk import parse_table

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CAMEO = ROOT.parent / "shared" / "data" / "train" / "petrarch2" / "CAMEO.2.0.txt"
DEFAULT_CROSSWALK = ROOT.parent / "shared" / "data" / "CAMEO2PLOVER-2021.txt"
DEFAULT_OUTPUT = ROOT / "src" / "newsevents" / "events" / "data" / "cameo_verbs.json"

CURRENT = frozenset(default_ontology().categories)  # the 16 PLOVER categories
# Draft category names of older conversion tables -> current category; any other name maps to nothing.
DRAFT_CATEGORIES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

# Words read as a preposition or verb particle when they open the object part of a pattern.
PARTICLES = frozenset(
    {
        "about", "across", "after", "against", "ahead", "along", "amid", "among", "apart", "around", "as",
        "aside", "at", "away", "back", "before", "behind", "below", "beside", "between", "beyond", "by",
        "despite", "down", "during", "for", "forth", "forward", "from", "in", "inside", "into", "near", "of",
        "off", "on", "onto", "out", "outside", "over", "past", "through", "throughout", "to", "together",
        "toward", "towards", "under", "until", "up", "upon", "via", "with", "within", "without",
    }
)  # fmt: skip
# Words that are never the object noun.
NOT_NOUNS = frozenset({"a", "an", "the", "not", "that", "this", "these", "those", "it"})
MARKERS = frozenset("+$^%")
# Base forms for the few inflected verbs written inside multi-word verbs (`+IS_DETERMINED`).
BASE_FORMS = {"is": "be", "are": "be", "am": "be", "was": "be", "were": "be", "angered": "anger"}
CONJUNCTIONS = frozenset({"and", "or"})

_HEADER = re.compile(r"^---\s+(?P<name>\S+)\s*(?:\[(?P<code>[^\]]*)\])?\s*---")
_PATTERN = re.compile(r"^-\s*(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]")
_TOKEN = re.compile(r"\([^)]*\)|\{[^}]*\}|[^\s(){}]+")
_TABLE_ROW = re.compile(r"^(?P<code>\s*\d{2,4}\s*):\s*(?P<category>[A-Za-z_]+)[^#]*(?P<rest>#.*)?$")


# --- crosswalk ---------------------------------------------------------------------------------------
def crosswalk_categories(text: str) -> dict[str, str]:
    """CAMEO code -> current PLOVER category, from the conversion table.

    Rows are reduced to `CODE: CATEGORY` (draft names renamed, rows of retired categories dropped) and
    read by the project's crosswalk parser; modes and contexts are not needed here.
    """
    rows: list[str] = []
    for line in text.splitlines():
        m = _TABLE_ROW.match(line)
        if not m:
            continue
        category = m["category"].upper()
        category = DRAFT_CATEGORIES.get(category, category)
        if category in CURRENT:
            rows.append(f"{m['code'].strip()}: {category}, , {m['rest'] or ''}")
    return {row.code: row.category for row in parse_table("\n".join(rows))}


def category_of(code: str, table: dict[str, str]) -> str | None:
    """PLOVER category of a pattern code (`190`, `0841`, `036:036`, `:173`, `080!`); None if uncovered."""
    for part in code.split(":"):
        digits = re.sub(r"\D", "", part)
        if not digits:
            continue
        found = table.get(digits)
        if found is None and len(digits) == 4:
            found = table.get(digits[:3])
        return found  # the first non-empty part decides, even when it maps to nothing
    return None


# --- dictionary ---------------------------------------------------------------------------------------
@dataclass
class Pattern:
    code: str
    upper: str  # the words after `*`
    lower: str = ""  # the words before it
    found_with: frozenset[str] = frozenset()  # lemmas the comment names as where the pattern was found


@dataclass
class Block:
    name: str
    code: str
    verbs: list[tuple[str, str | None]] = field(default_factory=list)  # (lemma, own code)
    patterns: list[Pattern] = field(default_factory=list)


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def verb_lemma(form: str) -> str | None:
    """Base-form lemma of a verb line's first word (`+STIR_UP` -> "stir up"); None for coordinations."""
    words = [w for w in form.replace("+", " ").replace("_", " ").lower().split() if w]
    if not words or CONJUNCTIONS.intersection(words):
        return None  # `+KILLED_AND`, `+ATTACKED_AND_STABBED`: coordinations of verbs listed on their own
    if "+" in form and len(words) > 1:
        marked = [w.lower() for w in re.split(r"[_\s]+", form) if w.startswith("+")]
        if marked:
            head = marked[0].lstrip("+")
            words = [BASE_FORMS.get(w, w) if w == head else w for w in words]
    return " ".join(words)


def read_dictionary(text: str) -> tuple[dict[str, list[str]], list[Block]]:
    """Synsets (label -> member phrases) and verb blocks, in file order."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    label: str | None = None  # the synset being read
    block: Block | None = None
    in_verbs = False
    for raw in text.splitlines():
        if raw.startswith("#") and "TRANSFORMATIONS" in raw:
            break  # coding transformations follow the verb blocks
        header = _HEADER.match(raw)
        if header:
            block = Block(header["name"], header["code"] or "---")
            blocks.append(block)
            label, in_verbs = None, True
            continue
        line = _strip_comment(raw).strip()
        if not line:
            label = None  # a blank line ends a synset
            continue
        if line.startswith("&"):
            label = line.split()[0]
            synsets[label] = []
            continue
        if label is not None and line.startswith("+"):
            synsets[label].append(line[1:].strip())
            continue
        if block is None:
            continue
        if line.startswith("-"):
            m = _PATTERN.match(line)
            if m and "*" in m["body"]:
                lower, upper = m["body"].split("*", 1)
                note = raw.split("#", 1)[1].split("<", 1)[0] if "#" in raw else ""
                found = frozenset(w.replace("_", " ").lower() for w in re.findall(r"[A-Z][A-Z_-]+", note))
                block.patterns.append(Pattern(m["code"].strip(), upper, lower, found))
            in_verbs = False
            continue
        if in_verbs:
            own = re.search(r"\[([^\]]*)\]", line)
            form = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
            lemma = verb_lemma(form[0]) if form else None
            if lemma:
                block.verbs.append((lemma, own.group(1).strip() if own else None))
    return synsets, blocks


def _head(phrase: str) -> str | None:
    words = [w for w in re.split(r"[\s_]+", phrase.strip("{}() ")) if w and w not in MARKERS]
    return words[-1] if words else None


def _nouns(token: str, synsets: dict[str, list[str]]) -> list[str]:
    """Object head nouns a pattern token stands for (a synset stands for the heads of its members)."""
    head = token if token.startswith("&") else _head(token)
    if head is None:
        return []
    if head.startswith("&"):
        return sorted({singular(h) for m in synsets.get(head, ()) if (h := _head(m)) and not h.startswith("&")})
    word = head.lower().strip("'")
    if not re.search(r"[a-z]", word) or word in NOT_NOUNS:
        return []
    return [singular(word)]


def pattern_keys(upper: str, synsets: dict[str, list[str]]) -> tuple[list[str], list[str], bool]:
    """(object nouns, prepositions, alone) for the words after `*`; alone: the key is the whole pattern."""
    tokens = [t for t in _TOKEN.findall(upper) if t not in MARKERS]
    if not tokens:
        return [], [], False
    first = tokens[0]
    if first.startswith("("):
        inner = [w for w in first[1:-1].split() if w not in MARKERS]
        if not inner or inner[0].startswith("&"):
            return [], [], False
        preps = [p.lower() for p in inner[0].split("/") if p.lower() in PARTICLES]
        return [], preps, len(inner) == 1 and len(tokens) == 1
    rest = tokens
    particle: str | None = None
    if first.isalpha() and first.lower() in PARTICLES:
        particle, rest = first.lower(), tokens[1:]
    noun_token = next((t for t in rest if not t.startswith("(")), None)
    if noun_token is not None:
        nouns = _nouns(noun_token, synsets)
        alone = len(tokens) == 1 and not noun_token.startswith("{")
        return nouns, [], alone
    if particle is not None:
        return [], [particle], len(tokens) == 1
    return [], [], False


# --- votes --------------------------------------------------------------------------------------------
@dataclass
class Votes:
    """Category votes per key; None votes for "codes no current category"."""

    tally: dict[str, dict[str | None, int]] = field(default_factory=dict)

    def add(self, key: str, category: str | None, weight: int) -> None:
        counts = self.tally.setdefault(key, {})
        counts[category] = counts.get(category, 0) + weight

    def winners(self, default: str | None) -> dict[str, str]:
        """Key -> its category: the one with most votes; a tie goes to `default` if tied, else to nobody."""
        out: dict[str, str] = {}
        for key, counts in self.tally.items():
            top = max(counts.values())
            tied = [c for c, n in counts.items() if n == top]
            best = tied[0] if len(tied) == 1 else default if default in tied else None
            if best is not None:
                out[key] = best
        return dict(sorted(out.items()))


@dataclass
class Entry:
    default: str | None
    objects: Votes = field(default_factory=Votes)
    preps: Votes = field(default_factory=Votes)
    coded: dict[str, int] = field(default_factory=dict)  # category -> first position

    def spec(self) -> dict[str, Any]:
        """The lemma's output entry, empty parts left out."""
        spec: dict[str, Any] = {}
        objects, preps = self.objects.winners(self.default), self.preps.winners(self.default)
        if self.default is not None:
            spec["category"] = self.default
        if objects:
            spec["objects"] = objects
        if preps:
            spec["preps"] = preps
        seen = {self.default, *objects.values(), *preps.values()}
        other = [c for c, _ in sorted(self.coded.items(), key=lambda kv: kv[1]) if c not in seen]
        if other:
            spec["other"] = other
        return spec


@dataclass
class Stats:
    patterns: int = 0  # pattern lines read
    skipped: int = 0  # using an undefined synset (as PETRARCH2 skips them)
    coded: int = 0  # with a code that maps to a current PLOVER category
    keyed: int = 0  # of those, with an object noun or a preposition


def build(dictionary: str, table: dict[str, str]) -> tuple[dict[str, dict[str, Any]], Stats]:
    """Lemma -> {category, objects, preps, other} (empty parts omitted), and pattern counts."""
    synsets, blocks = read_dictionary(dictionary)
    entries: dict[str, Entry] = {}
    stats = Stats()
    position = 0
    for block in blocks:
        keyed: list[tuple[list[str], list[str], bool, str | None, int, frozenset[str]]] = []
        for pattern in block.patterns:
            position += 1
            stats.patterns += 1
            used = re.findall(r"&[A-Z0-9_]+", f"{pattern.lower} {pattern.upper}")
            if any(name not in synsets for name in used):
                stats.skipped += 1
                continue
            category = category_of(pattern.code, table)
            nouns, preps, alone = pattern_keys(pattern.upper, synsets)
            if category is not None:
                stats.coded += 1
                stats.keyed += bool(nouns or preps)
            keyed.append((nouns, preps, alone, category, position, pattern.found_with))
        block_default = category_of(block.code, table)
        for lemma, own in block.verbs:
            default = block_default if own is None else category_of(own, table)
            entry = entries.get(lemma)
            if entry is None:
                entry = entries[lemma] = Entry(default)
            elif entry.default is None:
                entry.default = default
            for nouns, preps, alone, category, pos, found_with in keyed:
                weight = (2 if alone else 1) * (2 if lemma in found_with else 1)
                for noun in nouns:
                    entry.objects.add(noun, category, weight)
                for prep in preps:
                    entry.preps.add(prep, category, weight)
                if category is not None:
                    entry.coded.setdefault(category, pos)
    return {lemma: entries[lemma].spec() for lemma in sorted(entries)}, stats


ABOUT = [
    "CAMEO verbs as PLOVER features, generated by scripts/build_cameo_verbs.py; do not edit by hand.",
    "Source: PETRARCH2's CAMEO verb dictionary CAMEO.2.0.txt (Copyright (c) 2015 Open Event Data Alliance,",
    "MIT licence), codes mapped through PLOVER's CAMEO conversion table (CAMEO2PLOVER-2021.txt).",
    "verbs: lemma (lower case, base form; multi-word verbs with spaces, 'stir up') ->",
    "  category: PLOVER category of the verb on its own (absent: the dictionary codes no event);",
    "  objects:  head noun of the object (lower case, singular) -> category of the verb with it;",
    "  preps:    preposition or particle after the verb ('call on', 'back down') -> category;",
    "  other:    categories of the verb's patterns that are keyed on neither (e.g. on the subject).",
    "Absent parts are empty. A lemma with {} is a dictionary verb that codes no current category.",
    "Each key holds the category most of its patterns give; CAMEO codes outside the table (01x, 02x) code none.",
]


def render(verbs: dict[str, dict[str, Any]]) -> str:
    """The output document: compact JSON, one lemma per line (stable diffs)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{", f'"about":{dump(ABOUT)},', f'"version":{SCHEMA_VERSION},', '"verbs":{']
    items = list(verbs.items())
    for i, (lemma, spec) in enumerate(items):
        lines.append(f"{dump(lemma)}:{dump(spec)}{',' if i < len(items) - 1 else ''}")
    lines += ["}", "}", ""]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cameo", type=Path, default=DEFAULT_CAMEO, help="PETRARCH2 CAMEO verb dictionary")
    parser.add_argument("--crosswalk", type=Path, default=DEFAULT_CROSSWALK, help="CAMEO2PLOVER text table")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(None if argv is None else list(argv))
    table = crosswalk_categories(args.crosswalk.read_text(encoding="utf-8"))
    verbs, stats = build(args.cameo.read_text(encoding="utf-8", errors="replace"), table)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(verbs), encoding="utf-8")
    with_category = sum(1 for spec in verbs.values() if spec)
    keys = sum(len(spec.get("objects", ())) + len(spec.get("preps", ())) for spec in verbs.values())
    print(f"wrote {args.output}: {len(verbs)} lemmas ({with_category} with a category), {keys} object/prep keys")
    print(
        f"patterns: {stats.patterns} read, {stats.skipped} skipped (undefined synset), {stats.coded} written "
        f"(code with a PLOVER category), {stats.keyed} of them on an object noun or preposition"
    )


if __name__ == "__main__":
    main()
