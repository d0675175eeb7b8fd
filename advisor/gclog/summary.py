"""GcSummary: what one GC log set says, as the rules and ``advise gc --json`` see it.

Attribute names equal the JSON keys of DESIGN.md (``advise gc --json``); other tools read them.
The aggregation that fills these lives in ``advisor.gclog.aggregate``; this module is data only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DurationStats:
    """Count and distribution of durations in milliseconds (pauses, concurrent cycles...)."""

    count: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    p999_ms: float = 0.0


@dataclass(frozen=True)
class SafepointStats:
    """Safepoint log lines: total stopped time and time-to-safepoint (TTSP)."""

    count: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0
    max_time_to_safepoint_ms: float = 0.0
    p99_time_to_safepoint_ms: float = 0.0


@dataclass(frozen=True)
class BadEvents:
    """Counts of the events that hurt: each one is a multi-second stall candidate."""

    full_gc: int = 0
    concurrent_mode_failure: int = 0
    evacuation_failure: int = 0  # G1 to-space exhausted / evacuation failure pauses
    allocation_stall: int = 0  # ZGC
    degenerated: int = 0  # Shenandoah degenerated cycles


@dataclass(frozen=True)
class PauseEvent:
    """One stop-the-world pause on the timeline (for reports). ``at`` is epoch seconds when the log
    has a wall-clock decoration, else JVM uptime seconds (``clock`` says which)."""

    at: float
    duration_ms: float
    kind: str


@dataclass(frozen=True)
class GcSummary:
    collector: str | None  # "G1", "CMS", "ZGC", "ZGC-generational", "Parallel", "Serial", "Shenandoah"
    jdk_version: str | None
    format: str  # "unified" | "jdk8"
    pauses: DurationStats
    safepoints: SafepointStats | None
    bad_events: BadEvents
    unparsed_lines: int
    warnings: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    pauses_by_kind: dict[str, DurationStats] = field(default_factory=dict)
    concurrent: DurationStats = field(default_factory=DurationStats)
    wall_time_s: float | None = None
    gc_overhead_pct: float | None = None
    allocation_rate_mb_s: float | None = None
    promotion_rate_mb_s: float | None = None
    live_set_mb: float | None = None
    heap_max_mb: float | None = None
    clock: str = "uptime"  # "epoch" when pause_events carry wall-clock seconds
    pause_events: tuple[PauseEvent, ...] = ()
    pauses_by_cause: dict[str, int] = field(
        default_factory=dict
    )  # "G1 Humongous Allocation": 12, "System.gc()": 1

    def to_dict(self, with_events: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        data["files"] = list(self.files)
        if not with_events:
            data.pop("pause_events")
        else:
            data["pause_events"] = [asdict(e) for e in self.pause_events]
        return data
