"""Parser rules against real lines (gctoolkit's ``*ParserRulesTest``): every rule is needed, and the
pause/safepoint rules claim exactly the lines a plain regex says they should."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from advisor.gclog import decorations
from advisor.gclog.events import Pause, Safepoint
from advisor.gclog.histogram import DurationHistogram
from advisor.gclog.parsers import unified
from advisor.gclog.parsers.jdk8 import Jdk8Parser
from tests.gclog.invariants import read_lines

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "gclogs"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "gclogs" / "garbagecat"


def fixture_messages() -> list[str]:
    out = []
    for path in sorted(FIXTURES.glob("*/gc.log*")):
        for line in read_lines(path):
            if any(k.decode() in line for k in unified.KEYWORDS):
                out.append(line)
    return out


MESSAGES = fixture_messages()


def rule_hits() -> Counter[str]:
    hits: Counter[str] = Counter()
    for line in MESSAGES:
        _up, _ep, message = decorations.split(line)
        message = re.sub(r"^GC\(\d+\) (?:[yYO]: )?", "", message).rstrip()
        for name, pattern, _handler in unified.RULES:
            if pattern.match(message):
                hits[name] += 1
                break
    return hits


def test_every_unified_rule_claims_real_lines() -> None:
    hits = rule_hits()
    unused = [name for name, _p, _h in unified.RULES if hits[name] == 0]
    assert unused == []


def test_no_candidate_line_is_left_unclaimed() -> None:
    parser = unified.UnifiedParser()
    assert [
        line for line in MESSAGES if any(type(e).__name__ == "Unparsed" for e in parser.parse_line(line))
    ] == []


@pytest.mark.parametrize(
    ("line", "kind", "generation", "ms", "after"),
    [
        (
            "[0.5s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 25M->4M(514M) 6.039ms",
            "Young",
            "young",
            6.039,
            4.0,
        ),
        (
            "[1.0s][info][gc] GC(9) Pause Young (Mixed) (G1 Evacuation Pause) (Evacuation Failure) 9M->8M(9M) 3.1ms",
            "Mixed",
            "old",
            3.1,
            8.0,
        ),
        ("[2.0s][info][gc] GC(3) Pause Remark 46M->45M(2048M) 8.228ms", "Remark", "old", 8.228, 45.0),
        (
            "[3.0s][info][gc] GC(4) Pause Full (G1 Compaction Pause) 1G->512M(2G) 100.5ms",
            "Full",
            "full",
            100.5,
            512.0,
        ),
        (
            "[4.0s][info][gc,phases] GC(1) Y: Pause Mark Start (Major) 0.027ms",
            "Y: Mark Start",
            "young",
            0.027,
            None,
        ),
        (
            "[5.0s][info][gc] GC(2) Pause Degenerated GC (Mark) 60M->30M(64M) 12.100ms",
            "Degenerated GC",
            "full",
            12.1,
            30.0,
        ),
    ],
)
def test_pause_kinds(line: str, kind: str, generation: str, ms: float, after: float | None) -> None:
    """Lines in the shapes FACTS.md section 6 lists (from gctoolkit#378, jdk#23756, our fixtures)."""
    pauses = [e for e in unified.UnifiedParser().parse_line(line) if isinstance(e, Pause)]
    assert len(pauses) == 1
    assert (pauses[0].kind, pauses[0].generation, pauses[0].duration_ms, pauses[0].after_mb) == (
        kind,
        generation,
        ms,
        after,
    )


def test_decorations_any_order_and_padding() -> None:
    assert (
        decorations.split("[2022-12-15T06:22:27.932+0000][16320][info ][gc,start    ] GC(0) x")[2]
        == "GC(0) x"
    )
    up, ep, msg = decorations.split("[5355ms][info][gc] hello")
    assert (up, ep, msg) == (5.355, None, "hello")
    up, ep, _ = decorations.split("[1700000000123ms][gc] x")
    assert ep == pytest.approx(1700000000.123) and up is None
    assert decorations.split("[0.333s][info][gc] x")[0] == 0.333
    assert decorations.split("GC(1) Pause Remark")[2] == "GC(1) Pause Remark"
    assert decorations.iso_to_epoch("2021-03-09T14:44:52.067-0300") == pytest.approx(1615311892.067)


@pytest.mark.skipif(not (CORPUS / "dataset2.txt").exists(), reason="corpus absent")
def test_jdk8_decimal_commas_read_like_points() -> None:
    """Some JVM locales print ``0,2126490 secs``: the same real lines with commas give the same numbers."""
    lines = (CORPUS / "dataset2.txt").read_text().splitlines()
    lines.append(
        "2016-12-21T14:28:11.041-0500: 0.193: Total time for which application threads were stopped: 0.0000746 seconds, Stopping threads took: 0.0000269 seconds"
    )

    def durations(text_lines: list[str]) -> list[float]:
        parser = Jdk8Parser()
        events = [e for line in text_lines for e in parser.feed(line)] + list(parser.finish())
        return [
            e.duration_ms if isinstance(e, Pause) else e.total_ms
            for e in events
            if isinstance(e, Pause | Safepoint)
        ]

    commas = [re.sub(r"(\d)\.(\d)", r"\1,\2", line) for line in lines]
    assert durations(commas) == durations(lines)
    assert len(durations(lines)) == 3


def test_histogram_percentiles_are_exact_to_three_digits() -> None:
    hist = DurationHistogram()
    for value in range(1, 1001):
        hist.add(value / 10.0)  # 0.1 .. 100.0 ms
    stats = hist.stats()
    assert (stats.count, stats.max_ms, stats.p50_ms, stats.p99_ms, stats.p999_ms) == (
        1000,
        100.0,
        50.0,
        99.0,
        99.9,
    )
    assert stats.total_ms == pytest.approx(50050.0)
    other = DurationHistogram()
    other.add(250.0)
    hist.merge(other)
    assert hist.stats().max_ms == 250.0 and hist.count == 1001
    assert len(hist.counts) <= 1001
