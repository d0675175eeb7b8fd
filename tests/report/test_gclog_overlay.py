"""With ``gclogs/<label>/gc.log*`` in the run, the report's pauses are the exact ones of the GC log."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from advisor.gclog.aggregate import summarize
from loadtests.report.aggregate import aggregate_run
from loadtests.report.rundir import load_run
from tests.report.synthetic import TargetModel, write_run

# a real JDK 17 G1 log with Elasticsearch's decorations (utctime: pauses carry epoch seconds)
REAL_LOG = Path(__file__).resolve().parent.parent / "data" / "gclogs" / "jdk17-g1-es" / "gc.log"


def test_gc_log_pauses_replace_the_counter_estimate(tmp_path: Path) -> None:
    events = summarize([REAL_LOG], keep_events=True).pause_events
    first, last = events[0].at, events[-1].at
    warmup = 1.0
    # the measured phase covers the log's second half: pauses before it must not count
    measured_start = first + (last - first) / 2
    measured_s = math.ceil(last - measured_start) + 2.0
    write_run(tmp_path, [TargetModel("g1", stall_at_s=0.5, stall_ms=50)], rate=50.0,
              warmup_s=warmup, measured_s=measured_s, t0=measured_start - warmup)  # fmt: skip
    (tmp_path / "gclogs" / "g1").mkdir(parents=True)
    shutil.copy(REAL_LOG, tmp_path / "gclogs" / "g1" / "gc.log")

    target = aggregate_run(load_run(tmp_path)).targets[0]
    inside = [e for e in events if measured_start <= e.at <= measured_start + measured_s]
    assert 0 < len(inside) < len(events)
    assert target.gc.source == "gc log"
    assert target.gc.pause_count == len(inside)
    assert target.gc.pause_total_ms == pytest.approx(sum(e.duration_ms for e in inside))
    assert target.gc.pause_max_ms == pytest.approx(max(e.duration_ms for e in inside))
    assert target.pauses["t"].min() == pytest.approx(inside[0].at - measured_start)
    # the node-stats counters still give the per-collector totals and the GC time overhead
    assert target.gc.per_collector["old"]["collection_time_ms"] == 50.0


def test_a_gc_log_without_wall_clock_falls_back_to_counters(tmp_path: Path) -> None:
    uptime_log = REAL_LOG.parent.parent / "jdk11-parallel-uptime"
    write_run(tmp_path, [TargetModel("g1")], measured_s=12.0, rate=20.0)
    shutil.copytree(uptime_log, tmp_path / "gclogs" / "g1")
    agg = aggregate_run(load_run(tmp_path))
    assert agg.targets[0].gc.source == "node stats"
    assert any("no wall-clock decoration" in note for note in agg.notes)
