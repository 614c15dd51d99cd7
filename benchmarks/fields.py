"""Field accuracy on labelled real news: modality, and how dates, places and sizes come out,
with and without the field rules of the input-hygiene, date, place and quantity stages.

In: `--data DIR` (default ../shared/data: the sentence-labelled news, read in place, never
copied), `--json FILE` to keep the figures.
Out: for each labelled corpus and both runs ("before": the field rules switched off in this
process, "after": the engine as it is):
- modality agreement over the events whose category is right (`eval.labelled.score_labelled`),
  and per gold modality (planned, historical, ...) the share the engine gives the same one;
- of those events, the share dated after the publication date, split by the gold's modality
  (a planned event should be dated after it, an asserted or historical one not): the gold gives
  no dates, so this is how far the direction of date resolution agrees with it;
- how many events have a place, how many of those places are demonyms ("Kyrgyz"), how many
  are administrative regions and how many regions have coordinates;
- events with a vague count kept as words ("dozens").

"Before" switches off, by patching this process only: the article layout (datelines,
headlines, date lines: `newsevents.ingest.hints.anchored`), forward-looking tenses, deadlines and
the clause-shared date of `newsevents.timex.spans`, demonym and region handling of
`newsevents.geo`, and the learned choice of date and place among all the article tells
(`newsevents.events.setting`, whose own out-of-fold figures `newsevents.events.setting_training`
prints; here the shipped ranker has seen these articles). Quantities cannot be switched off this
way and are reported for "after" only.

    .venv/bin/python benchmarks/fields.py [--json fields.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsevents.eval.labelled import code_articles, score_labelled
from newsevents.events.setting_training import date_range, date_right, place_right, read_field_gold
from newsevents.events.training import LabelledArticle, read_labelled
from newsevents.record import Event

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FIELD_GOLD = [
    Path(__file__).resolve().parent / "data" / name
    for name in ("fields_gold_wikinews_2020.jsonl", "fields_gold_voa_wikinews_2019.jsonl")
]
CORPORA = ("wikinews_2020_labelled.jsonl", "voa_stories_dev_labelled.jsonl", "wikinews_2019_dev_labelled.jsonl")


@contextmanager
def field_rules_off() -> Iterator[None]:
    """The engine without the field rules (see the module docstring), restored afterwards."""
    import newsevents.geo.eventloc as eventloc
    import newsevents.pipeline as pipeline
    import newsevents.timex.spans as spans
    from newsevents.geo.gazetteer import Gazetteer
    from newsevents.ingest.hints import ArticleHints
    from newsevents.ingest.layout import Layout

    def no_layout(article: Any, *_: Any) -> tuple[Any, ArticleHints]:
        return article, ArticleHints(layout=Layout(), date_basis="published" if article.published else "none")

    saved = (
        pipeline.anchored,
        spans._to_happen,
        set(spans._MODAL_AUX),
        set(spans._DEADLINE_WORDS),
        spans._continued,
        Gazetteer.is_demonym,
        eventloc._region_mention,
    )
    pipeline.anchored = no_layout  # type: ignore[assignment]
    spans._to_happen = lambda verb: False  # type: ignore[assignment]
    spans._MODAL_AUX.clear()
    spans._DEADLINE_WORDS.clear()
    spans._continued = lambda clause: []  # type: ignore[assignment]
    Gazetteer.is_demonym = lambda self, text: False  # type: ignore[method-assign]
    eventloc._region_mention = lambda *args: None  # type: ignore[assignment]
    try:
        yield
    finally:
        pipeline.anchored = saved[0]  # type: ignore[assignment]
        spans._to_happen = saved[1]  # type: ignore[assignment]
        spans._MODAL_AUX.update(saved[2])
        spans._DEADLINE_WORDS.update(saved[3])
        spans._continued = saved[4]  # type: ignore[assignment]
        Gazetteer.is_demonym = saved[5]  # type: ignore[method-assign]
        eventloc._region_mention = saved[6]  # type: ignore[assignment]


def field_figures(
    articles: Sequence[LabelledArticle],
    events: dict[str, list[Event]],
    gz: Any,
    field_gold: dict[tuple[str, int, int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Modality per gold modality, date direction, places and sizes over the events of `articles`;
    with `field_gold`, date and place accuracy on the matched events it labels."""
    score = score_labelled(articles, events)
    per_modality: dict[str, Counter[str]] = {}
    direction: dict[str, Counter[str]] = {}
    gold_fields: Counter[str] = Counter()
    for article in articles:
        published = dt.date.fromisoformat(article.published) if article.published else None
        for si, sent in enumerate(article.sentences):
            here = [e for e in events.get(article.id, []) if sent.start <= e.text_info.start < sent.end]
            for ei, gold in enumerate(sent.events):
                accepted = {gold["event"], *(gold.get("alt_events") or [])}
                typed = [e for e in here if e.event in accepted]
                labels = (field_gold or {}).get((article.id, si, ei))
                if typed and labels is not None:
                    event = typed[0]
                    gold_fields["matched"] += 1
                    if labels.get("date"):
                        gold_fields["dated"] += 1
                        gold_fields["date_right"] += date_right(event.date, labels["date"])
                    else:
                        gold_fields["undated"] += 1
                        gold_fields["undated_left_undated"] += event.date is None
                    place, country = place_right(event.event_loc, labels)
                    gold_fields["place_right"] += place
                    gold_fields["country_right"] += country
                    if labels.get("place"):
                        gold_fields["placed"] += 1
                        gold_fields["placed_place_right"] += place
                        gold_fields["placed_country_right"] += country
                if not typed or not gold.get("modality"):
                    continue
                event = typed[0]
                counts = per_modality.setdefault(gold["modality"], Counter())
                counts["gold"] += 1
                counts["same"] += event.modality == gold["modality"]
                span = date_range(event.date)
                start = span[0] if span is not None else None
                if published is not None and start is not None:
                    d = direction.setdefault(gold["modality"], Counter())
                    d["dated"] += 1
                    d["after_published"] += start > published
    every = [e for evs in events.values() for e in evs]
    placed = [e for e in every if e.event_loc is not None]
    regions = [e for e in placed if e.event_loc is not None and e.event_loc.feature == "region"]
    return {
        "events": len(every),
        "type_f1": score.type.f1,
        "modality_accuracy": score.modality_accuracy,
        "modality_by_gold": {k: f"{v['same']}/{v['gold']}" for k, v in sorted(per_modality.items())},
        "dated_after_publication_by_gold": {
            k: f"{v['after_published']}/{v['dated']}" for k, v in sorted(direction.items())
        },
        "placed": len(placed),
        "demonym_places": sum(1 for e in placed if e.event_loc is not None and gz.is_demonym(e.event_loc.name)),
        "region_places": len(regions),
        "regions_with_coordinates": sum(1 for e in regions if e.event_loc is not None and e.event_loc.lat is not None),
        "vague_counts": sum(
            1 for e in every if any(isinstance(v, str) and not k.endswith("qualifier") for k, v in e.size.items())
        ),
        "date_basis": dict(Counter(e.date_basis for e in every)),
        **(_gold_field_figures(gold_fields) if gold_fields else {}),
    }


def _gold_field_figures(c: Counter[str]) -> dict[str, Any]:
    def share(a: str, b: str) -> str:
        return f"{c[a]}/{c[b]} = {c[a] / c[b]:.3f}" if c[b] else "0/0"

    return {
        "gold_fields_matched": c["matched"],
        "date_accuracy_gold_dated": share("date_right", "dated"),
        "undated_gold_left_undated": share("undated_left_undated", "undated"),
        "place_accuracy_all_matched": share("place_right", "matched"),
        "place_country_accuracy_all_matched": share("country_right", "matched"),
        "place_accuracy_gold_placed": share("placed_place_right", "placed"),
        "place_country_accuracy_gold_placed": share("placed_country_right", "placed"),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--field-gold", type=Path, action="append", default=None, help="date and place labels (ours; repeatable)"
    )
    args = parser.parse_args(argv)
    field_gold = read_field_gold(args.field_gold or FIELD_GOLD)

    from newsevents.pipeline import Engine

    engine = Engine(actor_files=[])
    results: dict[str, dict[str, Any]] = {}
    for name in CORPORA:
        path = args.data / name
        if not path.is_file():
            print(f"{name}: not found in {args.data}, skipped")
            continue
        articles = read_labelled(path)
        ranker, engine.setting_model = engine.setting_model, None
        with field_rules_off():
            before = field_figures(articles, code_articles(engine, articles), engine.gazetteer, field_gold)
        engine.setting_model = ranker
        after = field_figures(articles, code_articles(engine, articles), engine.gazetteer, field_gold)
        results[path.stem] = {"before": before, "after": after}
        print(f"\n{path.stem} ({len(articles)} articles)")
        for key in after:
            print(f"  {key:34} before {before[key]!s:48} after {after[key]!s}")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
