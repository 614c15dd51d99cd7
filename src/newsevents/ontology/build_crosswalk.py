"""Regenerate `data/cameo.yaml` from PLOVER's CAMEO conversion table.

In: the text table `CAMEO2PLOVER-2021.txt` (lines `CODE: CATEGORY, mode, context # CAMEO name`).
Out: `src/newsevents/ontology/data/cameo.yaml`, with
  - `codes`: every CAMEO code -> PLOVER category, current mode (or null), current contexts;
    where the table used a draft name, the draft name is kept beside the current one;
  - `reverse`: for each category and each of its modes, the CAMEO code that best represents it,
    with a note where the choice is not obvious from the table.

The package reads only the committed YAML; this script is run by hand when the table changes:

    python -m newsevents.ontology.build_crosswalk path/to/CAMEO2PLOVER-2021.txt
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
PLOVER_YAML = HERE / "data" / "plover.yaml"
CAMEO_YAML = HERE / "data" / "cameo.yaml"

# Draft 0.8 mode names that the final manual dropped -> nearest current mode (None: no mode fits).
DRAFT_MODES: dict[str, str | None] = {
    "ease": None,  # easing sanctions is a RETREAT with no matching mode
    "return": "release",  # returning property is the nearest to releasing captives
    "ban": "restrict",  # bans on parties/politicians are restrictions
    "political": "restrict",  # restrictions on freedoms of expression
    "assassinate": "targeted",
    "massacre": "targeted",
    "cleansing": "targeted",
    "pro_autocracy": None,  # a context written in the mode column (175); context kept
}
# A mode valid for another category, written under the wrong one.
CATEGORY_MODE_FIXES: dict[tuple[str, str], str | None] = {
    ("ASSAULT", "seize"): "destroy",  # 1712 destroy property
}
# Draft context names -> current context.
DRAFT_CONTEXTS: dict[str, str] = {
    "humanitarian": "human_security",
    "democracy": "pro_democracy",
}
# Codes whose row needs more than a rename.
CODE_OVERRIDES: dict[str, dict[str, Any]] = {
    "175": {"contexts": ["repression", "military"], "note": "violent repression: context repression added"},
    "201": {"mode": None, "note": "mass expulsion is not a killing; no current ASSAULT mode fits"},
}

# (category, mode or None) -> (CAMEO code, note or None). None as mode is the category's default code.
REVERSE: dict[str, dict[str | None, tuple[str, str | None]]] = {
    "AGREE": {None: ("030", None)},
    "CONSULT": {
        None: ("040", None),
        "visit": ("042", "actor makes the visit; 043 (host a visit) is the recipient's view"),
        "third-party": ("044", None),
        "multilateral": ("040", "CAMEO has no code for multilateral meetings"),
        "phone": ("041", None),
    },
    "SUPPORT": {None: ("050", None)},
    "CONCEDE": {None: ("080", None)},
    "COOPERATE": {None: ("060", None)},
    "AID": {None: ("070", None)},
    "RETREAT": {
        None: ("084", None),
        "withdraw": ("0872", "the only code the table files under withdraw"),
        "release": ("0841", None),
        "disarm": ("087", None),
        "ceasefire": ("0871", None),
        "access": ("086", None),
        "resign": ("0831", "CAMEO has no resignation code; accede to change in leadership is nearest"),
    },
    "REQUEST": {
        None: ("100", None),
        "assist": ("103", "demand aid; 101 (material cooperation) is the other candidate"),
        "change": ("104", None),
        "yield": ("105", "demand that target yields (the table files 105 itself under change)"),
        "meet": ("106", None),
    },
    "ACCUSE": {
        None: ("110", None),
        "disapprove": ("111", None),
        "investigate": ("090", None),
        "allege": ("112", "the general accuse code; its sub-codes 1121-1125 are allege"),
    },
    "REJECT": {
        None: ("120", None),
        "assist": ("121", None),
        "change": ("123", None),
        "yield": ("124", "decline to yield (the table files 124 itself under change)"),
        "meet": ("125", None),
    },
    "THREATEN": {
        None: ("130", None),
        "restrict": ("1312", None),
        "arrest": ("132", "CAMEO has no arrest threat; administrative sanctions is nearest"),
        "relations": ("1313", None),
        "expel": ("136", None),
        "territory": ("1382", None),
        "violence": ("138", None),
    },
    "PROTEST": {
        None: ("140", None),
        "demo": ("141", None),
        "riot": ("145", None),
        "strike": ("143", "CAMEO codes strikes and boycotts together"),
        "hunger": ("142", None),
        "boycott": ("143", None),
        "obstruct": ("144", None),
        "vandalize": ("145", "CAMEO has no vandalism code; violent protest is nearest"),
    },
    "SANCTION": {
        None: ("160", None),
        "convict": ("116", "find guilty (the table files 116 under ACCUSE)"),
        "expel": ("166", None),
        "withdraw": ("161", None),
        "discontinue": ("162", "163 (impose sanctions) is filed under COERCE by the table"),
    },
    "MOBILIZE": {
        None: ("150", None),
        "troops": ("154", None),
        "weapons": ("152", "increase military alert status"),
        "police": ("153", None),
        "militia": ("154", "CAMEO does not separate state and non-state forces"),
    },
    "COERCE": {
        None: ("170", None),
        "seize": ("1711", None),
        "restrict": ("172", None),
        "censor": ("1721", None),
        "curfew": ("1723", None),
        "martial-law": ("1724", None),
        "arrest": ("173", None),
        "deport": ("174", None),
        "withhold": ("172", "CAMEO has no withholding code; administrative sanctions is nearest"),
        "misinformation": ("170", "no CAMEO code"),
        "cyber": ("170", "no CAMEO code"),
    },
    "ASSAULT": {
        None: ("190", None),
        "abduct": ("181", None),
        "beat": ("182", None),
        "torture": ("1822", None),
        "sexual": ("1821", None),
        "targeted": ("186", None),
        "destroy": ("1712", None),
        "primitive": ("1823", "kill by physical assault"),
        "firearms": ("193", None),
        "explosives": ("183", "non-military bombing (1832/1833 are car and roadside bombs)"),
        "suicide-attack": ("1831", None),
        "aerial": ("195", None),
        "drone": ("195", "CAMEO does not separate drones from aircraft"),
        "heavy-weapons": ("194", None),
        "crowd-control": ("175", "violent repression"),
        "unconventional": ("204", None),
    },
}

_LINE = re.compile(r"^\s*(?P<code>\d{2,4})\s*:\s*(?P<body>[^#]*?)\s*(?:#\s*(?P<name>.*))?$")


class _Code(str):
    """A CAMEO code, always written quoted (leading zeros must survive any YAML reader)."""


def _quoted(dumper: yaml.SafeDumper, value: _Code) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="'")


yaml.SafeDumper.add_representer(_Code, _quoted)


@dataclass
class Row:
    code: str
    category: str
    mode: str | None
    contexts: list[str]
    name: str
    draft: dict[str, str] = field(default_factory=dict)
    note: str | None = None


def _load_plover() -> tuple[dict[str, set[str]], set[str]]:
    data = yaml.safe_load(PLOVER_YAML.read_text(encoding="utf-8"))
    modes = {cat: set((spec.get("modes") or {}).keys()) for cat, spec in data["categories"].items()}
    return modes, set(data["contexts"])


def parse_table(text: str) -> list[Row]:
    """Parse the conversion table into rows with current mode and context names."""
    modes, contexts = _load_plover()
    rows: dict[str, Row] = {}
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m or len(m["code"]) == 2:  # comments, separators and root headers
            continue
        code = m["code"]
        if code in rows:  # the table repeats 175
            continue
        parts = [p.strip() for p in m["body"].split(",")]
        parts += [""] * (3 - len(parts))
        category = parts[0].upper()
        if category not in modes:
            raise ValueError(f"{code}: unknown category {category!r}")
        draft: dict[str, str] = {}
        mode: str | None = parts[1] or None
        if mode is not None and mode not in modes[category]:
            draft["mode"] = mode
            if (category, mode) in CATEGORY_MODE_FIXES:
                mode = CATEGORY_MODE_FIXES[(category, mode)]
            elif mode in DRAFT_MODES:
                mode = DRAFT_MODES[mode]
            else:
                raise ValueError(f"{code}: mode {mode!r} is not a mode of {category}")
        ctx: list[str] = []
        for raw in (c.strip() for c in parts[2].split(";")):
            if not raw:
                continue
            if raw not in contexts:
                if raw not in DRAFT_CONTEXTS:
                    raise ValueError(f"{code}: unknown context {raw!r}")
                draft.setdefault("context", raw)
                raw = DRAFT_CONTEXTS[raw]
            if raw not in ctx:
                ctx.append(raw)
        row = Row(code, category, mode, ctx, (m["name"] or "").strip(), draft)
        override = CODE_OVERRIDES.get(code)
        if override:
            row.mode = override.get("mode", row.mode)
            row.contexts = list(override.get("contexts", row.contexts))
            row.note = override.get("note")
        rows[code] = row
    return sorted(rows.values(), key=lambda r: (r.code[:3], r.code))


def build(text: str, *, with_reverse: bool = True) -> dict[str, Any]:
    """Build the YAML document (as plain data) from the table text (reverse table checked against it)."""
    rows = parse_table(text)
    modes, _ = _load_plover()
    known = {r.code for r in rows}
    codes: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry: dict[str, Any] = {
            "category": r.category,
            "mode": r.mode,
            "contexts": r.contexts,
            "name": r.name,
        }
        if r.draft:
            entry["draft"] = r.draft
        if r.note:
            entry["note"] = r.note
        codes[_Code(r.code)] = entry
    reverse: dict[str, dict[str, dict[str, str]]] = {}
    for cat, table in REVERSE.items() if with_reverse else ():
        missing = modes[cat] - {m for m in table if m is not None}
        if missing or None not in table:
            raise ValueError(f"reverse table of {cat} lacks {sorted(missing) or 'the default'}")
        out: dict[str, dict[str, str]] = {}
        for mode, (code, note) in table.items():
            if code not in known:
                raise ValueError(f"reverse {cat}/{mode}: {code} is not in the table")
            item: dict[str, str] = {"code": _Code(code)}
            if note:
                item["note"] = note
            out[mode or "_default"] = item
        reverse[cat] = out
    return {"codes": codes, "reverse": reverse}


HEADER = """\
# CAMEO <-> PLOVER crosswalk, generated by newsevents/ontology/build_crosswalk.py from PLOVER's
# CAMEO conversion table (draft 0.8, 2021-09-17). Do not edit by hand: change the script and rerun.
# codes: CAMEO code -> category, current mode (null: none), current contexts, CAMEO event name;
#        `draft` keeps a draft mode/context name that was mapped to a current one.
# reverse: category -> mode (`_default` for no mode) -> the most representative CAMEO code.
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("table", type=Path, help="CAMEO2PLOVER text table")
    parser.add_argument("-o", "--output", type=Path, default=CAMEO_YAML)
    args = parser.parse_args(argv)
    doc = build(args.table.read_text(encoding="utf-8"))
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None)
    args.output.write_text(HEADER + body, encoding="utf-8")
    print(f"{args.output}: {len(doc['codes'])} codes, {len(doc['reverse'])} categories")


if __name__ == "__main__":
    main()
