"""GC-log rules on summaries of real GC logs (tests/data/gclogs, recorded from real JVM runs by the GC engine's
tests): every bad event the engine counts becomes a finding that cites it, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.facts import thresholds as t
from advisor.facts.nodes import NodeFacts
from advisor.rules import gclog

LOGS = Path(__file__).resolve().parents[1] / "data" / "gclogs"
DIRS = sorted(p for p in LOGS.glob("*") if p.is_dir() and any(p.glob("gc.log*"))) if LOGS.is_dir() else []

BAD_EVENT_RULES = {
    "full_gc": "gclog.full-gc",
    "concurrent_mode_failure": "gclog.concurrent-mode-failure",
    "evacuation_failure": "gclog.evacuation-failure",
    "allocation_stall": "gclog.allocation-stall",
    "degenerated": "gclog.degenerated",
}


@pytest.mark.skipif(not DIRS, reason="no recorded GC logs in tests/data/gclogs")
@pytest.mark.parametrize("log_dir", DIRS, ids=[d.name for d in DIRS])
def test_findings_follow_the_log(log_dir: Path) -> None:
    """Verify each bad-event count and the overhead of a real log map to exactly the matching findings."""
    from advisor.gclog.aggregate import summarize

    summary = summarize(sorted(str(p) for p in log_dir.glob("gc.log*")))
    findings = {f.id: f for f in gclog.check(NodeFacts(id="n", name=log_dir.name, gc_summary=summary))}
    for event, rule in BAD_EVENT_RULES.items():
        count = getattr(summary.bad_events, event)
        assert (rule in findings) == (count > 0), (event, count)
        if count:
            assert f"{event}={count}" in findings[rule].evidence
    overhead = summary.gc_overhead_pct
    judged = (summary.wall_time_s or 0) >= t.OVERHEAD_MIN_WALL_TIME_S
    assert ("gclog.gc-overhead" in findings) == (
        judged and overhead is not None and overhead >= t.GC_OVERHEAD_WARN_PCT
    )
    assert all(f.source and f.evidence and f.node == log_dir.name for f in findings.values())
