"""The hot path (``aggregate._fast_lines``: one C-level ``findall`` over the common line shapes) must give
exactly what the rule-table path (``_parse_line`` line by line) gives, on every real log we hold and on
damaged copies of their lines; plus regression tests for crashes the fuzzer found."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from advisor.errors import NothingUsableError
from advisor.gclog import aggregate
from advisor.gclog.decorations import times
from advisor.gclog.histogram import DurationHistogram

from .test_corpus import CORPUS

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "gclogs"
EVENT_WORDS = ("Pause", "Safepoint", "Old regions", "Concurrent", "Cycle", "To-space", "Stall", "Collection")
INSERTS = ["[", "]", "(", ")", "ms", " ", "->", ",", "GC(1) ", "y: ", "O: ", "9" * 30, "-1", "0,5", ":", "é"]


def _rule_table_path(agg: Any, parser: Any, chunk: bytes, spans: dict[int, tuple[int, Any]]) -> None:
    for start in sorted(spans):
        aggregate._parse_line(agg, parser, chunk[start : spans[start][0]])


@contextmanager
def _slow_path() -> Iterator[None]:
    fast = aggregate._fast_lines
    aggregate._fast_lines = _rule_table_path  # type: ignore[assignment]
    try:
        yield
    finally:
        aggregate._fast_lines = fast  # type: ignore[assignment]


def _summary(files: list[Path]) -> Any:
    try:
        return dataclasses.asdict(aggregate.summarize(files))
    except NothingUsableError as err:
        return str(err)


def _both(files: list[Path]) -> tuple[Any, Any]:
    fast = _summary(files)
    with _slow_path():
        slow = _summary(files)
    return fast, slow


def _fixture_sets() -> list[list[Path]]:
    return [
        sorted(f for f in d.iterdir() if f.name != "manifest.json")
        for d in sorted(FIXTURES.iterdir())
        if d.is_dir()
    ]


@pytest.mark.parametrize("files", _fixture_sets(), ids=lambda fs: fs[0].parent.name)
def test_fast_path_equals_rule_table_on_real_jvm_logs(files: list[Path]) -> None:
    """Verify that both paths summarise every real fixture identically."""
    fast, slow = _both(files)
    assert fast == slow


def test_fast_path_equals_rule_table_on_the_corpus() -> None:
    """Verify that both paths agree on every public corpus file (JDK 6-17, odd ones included)."""
    if not CORPUS.is_dir():
        pytest.skip(f"public corpus not found at {CORPUS}")
    differ = [f.name for f in sorted(CORPUS.iterdir()) if _both([f])[0] != _both([f])[1]]
    assert differ == []


def test_fast_path_equals_rule_table_on_damaged_lines(tmp_path: Path) -> None:
    """Verify that truncated / spliced copies of real event lines are read the same way by both paths."""
    lines: list[str] = []
    for log in sorted(FIXTURES.glob("*/gc.log")):
        lines += log.read_text(encoding="utf-8", errors="replace").splitlines()
    events = [line for line in lines if any(word in line for word in EVENT_WORDS)]
    rng = random.Random(7)
    for trial in range(120):
        body = [rng.choice(lines) for _ in range(5)]
        for _ in range(rng.randint(1, 30)):
            line = rng.choice(events)
            for _ in range(rng.randint(0, 3)):
                pos = rng.randint(0, len(line))
                act = rng.random()
                if act < 0.2:
                    line = line[:pos]
                elif act < 0.7:
                    line = line[:pos] + rng.choice(INSERTS) + line[pos:]
                else:
                    line = line[:pos] + line[pos + rng.randint(1, 4) :]
            body.append(line)
        path = tmp_path / f"gc{trial}.log"
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        fast, slow = _both([path])
        assert fast == slow, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", [1e30, float("inf"), float("nan"), -5.0])
def test_histogram_takes_absurd_durations(value: float) -> None:
    """Verify that a damaged line's 30-digit / infinite / NaN / negative duration is counted, not a crash."""
    hist = DurationHistogram()
    hist.add(value)
    hist.add(1.0)
    assert hist.count == 2


def test_damaged_decoration_time_is_ignored() -> None:
    """Verify that a damaged ``[74,5ms]`` uptime decoration does not crash the decoration reader."""
    _uptime, epoch = times("[74,5ms]")
    assert epoch is None
