"""Write batches of sentences for coders to label with the coding guide of our labelled news.

In: the synthetic stories of `train/ngec_synthetic_stories.jsonl.gz` and, for measuring how
closely new coders follow the conventions, a few already labelled real articles. Out: one
`batch_NN.jsonl` per coder (one sentence a line: id, article, title, published, text) and
`stories.jsonl` (each story's id and sentence offsets, so labels can be joined back to the
text without copying it). Deterministic: the same data gives the same batches.

    python scripts/labelling_batches.py --data ../shared/data --out /tmp/labelling --coders 8
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

from newsevents.nlp.pipeline import load_nlp

SEED = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--coders", type=int, default=8)
    parser.add_argument("--per-category", type=int, default=25, help="stories drawn for each prompted category")
    parser.add_argument("--shared", type=int, default=2, help="stories each coder also labels from a neighbour's batch")
    parser.add_argument("--real", type=int, default=2, help="labelled real articles each coder labels blind")
    parser.add_argument("--real-file", default="wikinews_2020_labelled.jsonl", help="where those come from")
    parser.add_argument("--exclude", type=Path, action="append", default=[], help="stories.jsonl of earlier rounds")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    done = {json.loads(line)["id"] for path in args.exclude for line in path.open(encoding="utf-8") if line.strip()}
    with gzip.open(args.data / "train" / "ngec_synthetic_stories.jsonl.gz", "rt", encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh if line.strip()]
    chosen = []
    for label in sorted({s["label"] for s in stories}):
        pool = sorted((s for s in stories if s["label"] == label and s["id"] not in done), key=lambda s: s["id"])
        chosen += rng.sample(pool, min(args.per_category, len(pool)))
    rng.shuffle(chosen)
    nlp = load_nlp()
    args.out.mkdir(parents=True, exist_ok=True)
    index = []
    sentences: dict[str, list[dict[str, object]]] = {}
    for story, doc in zip(chosen, nlp.pipe(s["text"] for s in chosen), strict=True):
        spans = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
        index.append({"id": story["id"], "sentences": [{"start": a, "end": b} for a, b in spans]})
        sentences[story["id"]] = [
            {"id": f"{story['id']}-s{k:02d}", "article": story["id"], "title": "", "published": None,
             "text": story["text"][a:b]}
            for k, (a, b) in enumerate(spans)
        ]
    with (args.out / "stories.jsonl").open("w", encoding="utf-8") as fh:
        for row in index:
            fh.write(json.dumps(row) + "\n")
    real = [json.loads(line) for line in (args.data / args.real_file).open(encoding="utf-8")]
    real = sorted((r for r in real if len(r["sentences"]) <= 14), key=lambda r: r["id"])
    real = rng.sample(real, args.coders * args.real)
    ids = [row["id"] for row in index]
    per = [ids[c :: args.coders] for c in range(args.coders)]
    for c in range(args.coders):
        mine = list(per[c]) + per[(c + 1) % args.coders][: args.shared]
        lines = [s for sid in mine for s in sentences[sid]]
        for article in real[c * args.real : (c + 1) * args.real]:
            lines += [
                {"id": f"{article['id']}-s{k:02d}", "article": article["id"], "title": article.get("title", ""),
                 "published": article.get("published"), "text": article["text"][s["start"] : s["end"]]}
                for k, s in enumerate(article["sentences"])
            ]
        with (args.out / f"batch_{c:02d}.jsonl").open("w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"batch {c:02d}: {len(mine)} stories, {args.real} real articles, {len(lines)} sentences")


if __name__ == "__main__":
    main()
