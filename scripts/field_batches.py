"""Write batches of labelled events for coders to date and place with `benchmarks/data/FIELDS_GUIDE.md`.

In: sentence-labelled news (`../shared/data/*_labelled.jsonl`). Out: one `batch_NN.md` per coder
(each article's text, sentence by sentence with its index, and each gold event's category,
trigger, parties and modality) and `batch_NN.keys.jsonl` (the (article, sentence, event) keys the
coder must label). Each coder also labels `--shared` articles of a neighbour's batch, so agreement
can be measured. Deterministic: the same data gives the same batches. The batches hold article
text and stay outside the repository.

    python scripts/field_batches.py ../shared/data/voa_stories_dev_labelled.jsonl --out /tmp/fields --coders 6
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any


def _party(sides: list[dict[str, Any]]) -> str:
    return "; ".join(f"{p.get('text') or '?'} [{p.get('code')}]" for p in sides) or "-"


def render(article: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The article as a coder reads it, and the keys of its events."""
    lines = [f"## {article['id']} (published {article.get('published')})", f"Title: {article.get('title') or ''}", ""]
    keys = []
    for si, sent in enumerate(article["sentences"]):
        text = " ".join(article["text"][sent["start"] : sent["end"]].split())
        lines.append(f"[{si}] {text}")
        for ei, ev in enumerate(sent["events"]):
            lines.append(
                f"    EVENT s{si} e{ei}: {ev['event']} | trigger: {ev.get('trigger')!r} | actor: {_party(ev['actor'])}"
                f" | recipient: {_party(ev['recipient'])} | modality: {ev.get('modality')}"
            )
            keys.append({"article_id": article["id"], "sentence": si, "event_index": ei, "event": ev["event"]})
    return "\n".join(lines) + "\n", keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--coders", type=int, default=6)
    parser.add_argument("--shared", type=int, default=2, help="articles also labelled from a neighbour's batch")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    articles = [json.loads(line) for path in args.labelled for line in path.open(encoding="utf-8") if line.strip()]
    articles = [a for a in articles if any(s["events"] for s in a["sentences"])]
    # balance the events, not the articles: a coder's work is the events
    articles.sort(key=lambda a: -sum(len(s["events"]) for s in a["sentences"]))
    batches: list[list[dict[str, Any]]] = [[] for _ in range(args.coders)]
    load = [0] * args.coders
    for article in articles:
        i = load.index(min(load))
        batches[i].append(article)
        load[i] += sum(len(s["events"]) for s in article["sentences"])
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for i, batch in enumerate(batches):
        neighbour = batches[(i + 1) % args.coders]
        small = sorted(neighbour, key=lambda a: sum(len(s["events"]) for s in a["sentences"]))[: 3 * args.shared]
        shared = rng.sample(small, min(args.shared, len(small)))
        texts, keys = [], []
        for article in [*batch, *shared]:
            text, k = render(article)
            texts.append(text)
            keys.extend(k)
        (args.out / f"batch_{i:02d}.md").write_text("\n".join(texts), encoding="utf-8")
        (args.out / f"batch_{i:02d}.keys.jsonl").write_text(
            "".join(json.dumps(k) + "\n" for k in keys), encoding="utf-8"
        )
        print(f"batch_{i:02d}: {len(batch)} articles + {len(shared)} shared, {len(keys)} events")


if __name__ == "__main__":
    main()
