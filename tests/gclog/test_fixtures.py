"""Every committed real-JVM fixture: exact counts against independent regex counts of the raw text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from advisor.gclog.aggregate import summarize
from tests.gclog.invariants import raw_counts

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "gclogs"
FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())

EXPECTED_COLLECTOR = {
    "g1": "G1",
    "cms": "CMS",
    "parallel": "Parallel",
    "serial": "Serial",
    "shenandoah": "Shenandoah",
    "zgcexp": "ZGC",
    "zgcgen": "ZGC-generational",
}


def log_files(fixture: Path) -> list[Path]:
    return sorted(p for p in fixture.iterdir() if p.name.startswith("gc.log"))


def expected_collector(name: str) -> str:
    jdk, collector = name.split("-")[:2]
    if collector == "zgc":
        return "ZGC-generational" if jdk == "jdk25" else "ZGC"
    return EXPECTED_COLLECTOR[collector]


def test_fixtures_present_and_small() -> None:
    """The fixture set covers every collector and stays small enough to commit."""
    names = {p.name for p in FIXTURE_DIRS}
    assert len(names) >= 20
    assert {expected_collector(n) for n in names} == set(EXPECTED_COLLECTOR.values()) | {"ZGC"}
    total = sum(f.stat().st_size for d in FIXTURE_DIRS for f in d.iterdir())
    assert total < 3_500_000


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=lambda p: p.name)
def test_fixture_counts_match_raw_text(fixture: Path) -> None:
    """Pause, safepoint and bad-event counts equal what simple regexes find in the raw lines."""
    files = log_files(fixture)
    summary = summarize(files)
    raw = raw_counts(files)
    manifest = json.loads((fixture / "manifest.json").read_text())
    assert summary.unparsed_lines == 0, summary.warnings
    assert summary.collector == expected_collector(fixture.name)
    assert summary.format == "unified"
    assert summary.pauses.count == len(raw.pauses)
    assert summary.pauses.max_ms == pytest.approx(max(raw.pauses), abs=0.001)
    assert summary.safepoints is not None
    assert summary.safepoints.count == len(raw.safepoints)
    assert summary.safepoints.total_ms == pytest.approx(sum(raw.safepoints), rel=1e-6, abs=0.01)
    assert summary.bad_events.full_gc == raw.full
    assert summary.bad_events.evacuation_failure == len(raw.evac_gc_ids)
    assert summary.bad_events.allocation_stall == raw.stalls
    assert summary.bad_events.degenerated == raw.degenerated
    if manifest["jdk"] >= 17:
        assert summary.jdk_version is None or summary.jdk_version.startswith(str(manifest["jdk"]))


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=lambda p: p.name)
def test_every_pause_sits_inside_a_safepoint(fixture: Path) -> None:
    """Each GC pause line is followed by the safepoint that held it, whose total is >= the pause,
    and all pause time together is at most all safepoint time (the JVM's own second signal)."""
    files = log_files(fixture)
    raw = raw_counts(files)
    assert raw.unmatched_pauses == []
    summary = summarize(files)
    assert summary.safepoints is not None
    assert summary.pauses.total_ms <= summary.safepoints.total_ms + 0.01


def test_bad_events_were_provoked_for_real() -> None:
    """The stress fixtures hold the real failure lines the parsers must count."""
    by_name = {p.name: summarize(log_files(p)) for p in FIXTURE_DIRS if "stress" in p.name}
    assert by_name["jdk17-g1-es-stress"].bad_events.evacuation_failure > 0
    assert by_name["jdk17-g1-es-stress"].bad_events.full_gc > 0
    assert by_name["jdk11-cms-es-stress"].bad_events.concurrent_mode_failure > 0
    assert by_name["jdk21-zgcgen-es-stress"].bad_events.allocation_stall > 0
    assert by_name["jdk17-shenandoah-es-stress"].bad_events.degenerated > 0


def test_cms_mode_failure_inference_matches_jvm_debug_lines() -> None:
    """CMS says "Concurrent mode failure" only at debug level; from the info lines alone the parser infers
    it (a full GC while a concurrent cycle runs). Both must agree on the run logged at debug."""
    fixture = FIXTURES / "jdk11-cms-es-gcdebug-stress"
    raw = raw_counts(log_files(fixture))
    assert raw.mode_failures > 0
    assert summarize(log_files(fixture)).bad_events.concurrent_mode_failure == raw.mode_failures
    info_only = fixture.parent / "_info_only.log"
    try:
        lines = (fixture / "gc.log").read_text().splitlines(keepends=True)
        info_only.write_text("".join(x for x in lines if "][debug][" not in x))
        assert summarize([info_only]).bad_events.concurrent_mode_failure == raw.mode_failures
    finally:
        info_only.unlink(missing_ok=True)


def test_rotated_set_orders_by_content_and_counts_every_file() -> None:
    """A rotated set (one member gzipped) is ordered by the time inside, not by the names."""
    fixture = FIXTURES / "jdk17-g1-es-rotated"
    files = log_files(fixture)
    assert any(f.suffix == ".gz" for f in files) and len(files) >= 3
    summary = summarize(list(reversed(files)), keep_events=True)
    per_file = sum(summarize([f]).pauses.count for f in files)
    assert summary.pauses.count == per_file
    times = [e.at for e in summary.pause_events]
    assert times == sorted(times)
    assert Path(summary.files[-1]).name == "gc.log"  # the live file holds the newest lines


def test_decorations_agree_on_shape() -> None:
    """uptime / uptimemillis / time / none decorations all parse; without time there are no rates."""
    for decor in ("uptime", "uptimemillis", "time", "es"):
        summary = summarize(log_files(FIXTURES / f"jdk17-g1-{decor}"))
        assert summary.wall_time_s and summary.allocation_rate_mb_s and summary.gc_overhead_pct is not None
        assert summary.clock == ("epoch" if decor in ("time", "es") else "uptime")
    none = summarize(log_files(FIXTURES / "jdk17-g1-none"))
    assert none.pauses.count > 0 and none.allocation_rate_mb_s is None
    assert any("no timestamps" in w for w in none.warnings)


@pytest.mark.parametrize("name", ["jdk11-zgcexp-esold", "jdk17-zgc-es", "jdk21-zgc-es"])
def test_zgc_cycle_durations_from_start_and_end_lines(name: str) -> None:
    """ZGC 11-22 prints no cycle duration: it is the end line's time minus the start line's, recomputed
    here with datetime from the raw ``utctime`` decorations."""
    from datetime import datetime

    from tests.gclog.invariants import read_lines

    starts: dict[str, datetime] = {}
    durations: list[float] = []
    for line in read_lines(FIXTURES / name / "gc.log"):
        match = re.match(r"\[([^\]]+)\].*GC\((\d+)\) Garbage Collection \([^)]*\)( \d+M)?", line)
        if not match:
            continue
        when = datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S.%f%z")
        if match.group(3) is None:
            starts[match.group(2)] = when
        elif match.group(2) in starts:
            durations.append((when - starts.pop(match.group(2))).total_seconds() * 1000)
    summary = summarize([FIXTURES / name / "gc.log"])
    assert summary.concurrent.count == len(durations) > 0
    assert summary.concurrent.total_ms == pytest.approx(sum(durations), abs=0.01)
    assert summary.concurrent.max_ms == pytest.approx(max(durations), abs=0.001)
