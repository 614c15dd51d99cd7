"""The scale-out options: one-line errors (Ray missing, bad values) and JSONL shards."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import InputError
from newsevents.record import Event, TextInfo
from newsevents.scale import RAY_MISSING, ShardWriter

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
    assert err.strip() == "newsevents: error: --format: shards (--ray with -o DIR) are JSONL, not csv"
    afile = tmp_path / "events.jsonl"
    afile.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        ShardWriter(afile)


def _event(i: int) -> Event:
    return Event(
        id=f"e{i}", article_id=f"a{i}", event="CONSULT", text_info=TextInfo(sentence="They met.", start=0, end=9)
    )


def test_shard_writer_numbers_whole_shards(tmp_path: Path) -> None:
    out = tmp_path / "shards"
    with ShardWriter(out, per_shard=2) as shards:
        for i in range(5):
            shards.add([_event(i)] if i != 1 else [])
    assert [p.name for p in sorted(out.iterdir())] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()))
    assert text == "".join(_event(i).model_dump_json() + "\n" for i in (0, 2, 3, 4))
    assert shards.events == 4
    with pytest.raises(InputError, match="already holds shards"):
        ShardWriter(out)

    # an interrupted run keeps only whole shards
    cut = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt), ShardWriter(cut, per_shard=2) as shards:
        for i in range(3):
            shards.add([_event(i)])
        raise KeyboardInterrupt
    assert [p.name for p in cut.iterdir()] == ["part-00000.jsonl"]
