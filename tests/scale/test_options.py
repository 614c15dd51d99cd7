"""The scale-out options: one-line errors (Ray missing, bad values) and shards (JSONL or Parquet, resumable)."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import InputError
from newsevents.record import Article, Event, TextInfo
from newsevents.scale import RAY_MISSING, ShardWriter
from newsevents.scale.shards import MANIFEST

SEED = Path(__file__).parents[1] / "data" / "seed_article.txt"
MISSING_LINE = 'newsevents: error: --ray: Ray is not installed; install the extra: pip install "newsevents[ray]"'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["extract", str(SEED), "--ray"],
        ["extract", str(SEED), "--ray-address", "127.0.0.1:6379"],
        ["ingest", str(SEED), "--ray", "--workers", "2", "--db", "unused.duckdb"],
    ],
)
def test_ray_missing_is_one_line(args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as when the extra is not installed
    code, out, err = run(*args)
    assert code == 2
    assert err.strip().splitlines() == [MISSING_LINE]
    assert out == ""
    assert not (tmp_path / "unused.duckdb").exists(), "nothing is opened before the error"
    assert RAY_MISSING in MISSING_LINE


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--workers", "0"], "--workers"),
        (["--ray-address", " "], "--ray-address: empty address"),
    ],
)
def test_bad_scale_options_are_one_line(args: list[str], needle: str) -> None:
    code, _, err = run("extract", str(SEED), *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsevents: error:") and needle in lines[0], err


def test_a_dead_ray_address_is_one_line_and_quick() -> None:
    pytest.importorskip("ray")
    with socket.socket() as sock:  # a local port nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    code, _, err = run("extract", str(SEED), "--ray-address", f"127.0.0.1:{port}")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"newsevents: error: --ray-address: cannot reach a Ray cluster at 127.0.0.1:{port} ("
    ), err
    assert time.monotonic() - started < 60
    code, _, err = run("extract", str(SEED), "--ray-address", "no-port")
    assert code == 2
    assert err.strip() == "newsevents: error: --ray-address: bad address 'no-port' (expected HOST:PORT or auto)"


def test_shards_must_be_jsonl_in_a_directory(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    code, _, err = run("extract", str(SEED), "--ray", "-o", str(tmp_path / "out"), "--format", "csv")
    assert code == 2
    assert err.strip() == (
        "newsevents: error: --format: shards (-o DIR with --ray or --shard-format) are jsonl or parquet, not csv"
    )
    afile = tmp_path / "events.jsonl"
    afile.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        ShardWriter(afile)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["--shard-format", "csv", "-o", "out"],
            "--shard-format: unknown shard format 'csv' (expected jsonl or parquet)",
        ),
        (["--shard-format", "parquet"], "--shard-format: shards are written into a directory: add -o DIR"),
        (["--shard-size", "10"], "--shard-size: shards are written into a directory: add -o DIR"),
        (
            ["--shard-format", "parquet", "-o", "out", "--format", "cameo"],
            "--format: shards (-o DIR with --ray or --shard-format) are jsonl or parquet, not cameo",
        ),
    ],
)
def test_bad_shard_options_are_one_line(
    args: list[str], line: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("extract", str(SEED), *args)
    assert code == 2
    assert err.strip().splitlines() == [f"newsevents: error: {line}"]
    assert out == "" and not (tmp_path / "out").exists()


def _event(i: int) -> Event:
    return Event(
        id=f"e{i}", article_id=f"a{i}", event="CONSULT", text_info=TextInfo(sentence="They met.", start=0, end=9)
    )


ARTICLES = [Article(id=f"a{i}", text=f"Report number {i}.") for i in range(5)]


def _parts(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != MANIFEST)


def test_shard_writer_numbers_whole_shards(tmp_path: Path) -> None:
    out = tmp_path / "shards"
    with ShardWriter(out, articles=ARTICLES, per_shard=2) as shards:
        for i in range(5):
            shards.add([_event(i)] if i != 1 else [])
    assert _parts(out) == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*")))
    assert text == "".join(_event(i).model_dump_json() + "\n" for i in (0, 2, 3, 4))
    assert (shards.articles, shards.events) == (5, 4)

    # an interrupted run keeps only whole shards
    cut = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt), ShardWriter(cut, articles=ARTICLES, per_shard=2) as shards:
        for i in range(3):
            shards.add([_event(i)])
        raise KeyboardInterrupt
    assert _parts(cut) == ["part-00000.jsonl"]
    assert (shards.articles, shards.events) == (2, 2)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_shard_writer_goes_on_only_with_the_same_run(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "shards"
    ext = f".{fmt}"
    with pytest.raises(KeyboardInterrupt), ShardWriter(out, articles=ARTICLES, per_shard=2, fmt=fmt) as shards:
        shards.add([_event(0)])
        shards.skip()  # the second article could not be coded: in no shard, but the run went through it
        shards.add([_event(2)])
        shards.add([_event(3)])
        raise KeyboardInterrupt
    assert _parts(out) == [f"part-00000{ext}"]

    # the same input and settings: the run goes on after the whole shard, which took it through 3 articles
    with ShardWriter(out, articles=ARTICLES, per_shard=2, fmt=fmt) as shards:
        assert (shards.done, shards.resumed_articles, shards.resumed_events) == (3, 2, 2)
        shards.add([_event(3)])
        shards.add([_event(4), _event(5)])
    assert _parts(out) == [f"part-00000{ext}", f"part-00001{ext}"]
    assert (shards.articles, shards.events) == (2, 3)

    # other settings or other input: refused, nothing removed
    with pytest.raises(InputError, match=r"other settings \(format, per_shard\)"):
        ShardWriter(out, articles=ARTICLES, per_shard=3, fmt="parquet" if fmt == "jsonl" else "jsonl")
    with pytest.raises(InputError, match=r"other settings \(min_confidence\)"):
        ShardWriter(out, articles=ARTICLES, per_shard=2, fmt=fmt, settings={"min_confidence": 0.5})
    changed = [*ARTICLES[:2], Article(id="a2", text="Another report."), *ARTICLES[3:]]
    with pytest.raises(InputError, match="other input"):
        ShardWriter(out, articles=changed, per_shard=2, fmt=fmt)
    with pytest.raises(InputError, match="other input"):
        ShardWriter(out, articles=ARTICLES[:4], per_shard=2, fmt=fmt)
    assert _parts(out) == [f"part-00000{ext}", f"part-00001{ext}"]

    # shards with no manifest to say which run wrote them are refused
    (out / MANIFEST).unlink()
    with pytest.raises(InputError, match="already holds shards"):
        ShardWriter(out, articles=ARTICLES, fmt=fmt)


def test_a_shard_the_manifest_does_not_list_is_never_trusted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A kill after a shard is renamed into place but before the manifest lists it: the rerun writes it again."""
    out = tmp_path / "shards"
    from newsevents.scale import shards as shard_module

    real = shard_module._write_atomically
    calls = []

    def killed_on_second_write(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(shard_module, "_write_atomically", killed_on_second_write)
    with pytest.raises(KeyboardInterrupt), ShardWriter(out, articles=ARTICLES, per_shard=2, fmt="parquet") as shards:
        shards.add([_event(0)])
        shards.add([_event(1)])
    assert _parts(out) == ["part-00000.parquet"]  # whole, but not listed
    monkeypatch.undo()

    with ShardWriter(out, articles=ARTICLES, per_shard=2, fmt="parquet") as shards:
        assert shards.done == 0
        assert _parts(out) == []  # removed before the run goes on
        for i in range(5):
            shards.add([_event(i)])
    assert _parts(out) == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert shards.events == 5
