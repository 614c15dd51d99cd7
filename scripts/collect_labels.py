"""Collect coders' sentence labels of the synthetic stories into one offsets-only label file, and
measure the coders' agreement (with each other on the stories two of them labelled, and with the
existing gold on the real articles they labelled blind).

In: the folder `scripts/labelling_batches.py` wrote (`stories.jsonl`, `batch_NN.jsonl`) with the
coders' `labels_NN.jsonl` beside them; `--data` for the gold of the real articles. Out: the label
file (`--out`, default training/ngec_synthetic_sentences.jsonl): a first line naming the texts, then
one story a line with sentence offsets and events whose trigger is a pair of character offsets and
whose parties keep code and sector only. No text is copied.

    python scripts/collect_labels.py /tmp/labelling --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

SOURCE = "train/ngec_synthetic_stories.jsonl.gz"


def _agreement(pairs: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> dict[str, float]:
    """Per-sentence type precision/recall/F1 of the second labels against the first (alternatives accepted)."""
    system = correct = gold = found = 0
    for ref, other in pairs:
        accepted = [{e["event"], *(e.get("alt_events") or [])} for e in ref]
        predicted = {e["event"] for e in other}
        system += len(predicted)
        gold += len(ref)
        correct += sum(any(c in a for a in accepted) for c in predicted)
        found += min(len(ref), len(predicted & {e["event"] for e in ref}))
    p = correct / system if system else 0.0
    r = found / gold if gold else 0.0
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "gold_events": gold, "sentences": len(pairs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="one folder per labelling round")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("training/ngec_synthetic_sentences.jsonl"))
    args = parser.parse_args()
    texts: dict[str, str] = {}
    labels: dict[str, list[list[dict[str, Any]]]] = {}  # sentence id -> each coder's events, in batch order
    batches = sorted(batch for folder in args.folders for batch in folder.glob("batch_*.jsonl"))
    for batch in batches:
        coded = batch.with_name(batch.name.replace("batch_", "labels_"))
        rows = [json.loads(line) for line in coded.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in batch.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts[row["id"]] = row["text"]
        for row in rows:
            labels.setdefault(row["id"], []).append(row["events"])
    stories = [
        json.loads(line)
        for folder in args.folders
        for line in (folder / "stories.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out = [json.dumps({"source": SOURCE})]
    missing_triggers = 0
    for story in stories:
        sentences = []
        for k, span in enumerate(story["sentences"]):
            sid = f"{story['id']}-s{k:02d}"
            events = []
            for event in labels[sid][0]:
                match = re.search(re.escape(event["trigger"].strip()), texts[sid], re.I)
                if match is None:
                    missing_triggers += 1
                    continue
                events.append({
                    "event": event["event"], "alt_events": event.get("alt_events") or [], "mode": event.get("mode"),
                    "actor": [{"code": p["code"], "sector": p["sector"]} for p in event.get("actor") or []],
                    "recipient": [{"code": p["code"], "sector": p["sector"]} for p in event.get("recipient") or []],
                    "modality": event.get("modality"), "repeat": bool(event.get("repeat")),
                    "trigger": [span["start"] + match.start(), span["start"] + match.end()],
                })
            sentences.append({"start": span["start"], "end": span["end"], "events": events})
        out.append(json.dumps({"id": story["id"], "sentences": sentences}))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(out) + "\n", encoding="utf-8")
    n_events = sum(len(s["events"]) for line in out[1:] for s in json.loads(line)["sentences"])
    print(f"{len(stories)} stories, {n_events} events written to {args.out} ({missing_triggers} triggers not found)")

    shared = [(v[0], v[1]) for v in labels.values() if len(v) == 2]
    print("coders against each other, shared stories:", _agreement(shared))
    gold: dict[str, list[dict[str, Any]]] = {}
    for name in ("wikinews_2020_labelled.jsonl", "wikinews_2019_dev_labelled.jsonl", "voa_stories_dev_labelled.jsonl"):
        gold.update(_sentence_gold(args.data / name))
    real = [(gold[sid], v[0]) for sid, v in labels.items() if sid in gold]
    print("coders against the existing gold, real articles coded blind:", _agreement(real))


def _sentence_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    gold: dict[str, list[dict[str, Any]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for k, s in enumerate(row["sentences"]):
            gold[f"{row['id']}-s{k:02d}"] = s["events"]
    return gold


if __name__ == "__main__":
    main()
