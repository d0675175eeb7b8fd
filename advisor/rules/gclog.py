"""GC-log-driven rules: long pauses, time-to-safepoint vs pause, full GCs, evacuation failures,
allocation stalls, GC overhead, live set vs heap, ZGC concurrent load. Input: NodeFacts.gc_summary."""

from __future__ import annotations

from advisor.facts import thresholds as t
from advisor.facts.nodes import NodeFacts
from advisor.findings import Finding, Severity
from advisor.gclog.summary import GcSummary
from advisor.rules.base import node_finding

SRC_LOG = "the node's GC log (advise gc)"


_f = node_finding


def _files(s: GcSummary) -> str:
    return ", ".join(s.files[:3]) + (" …" if len(s.files) > 3 else "") if s.files else "GC log"


def check_pauses(node: NodeFacts, s: GcSummary) -> list[Finding]:
    p = s.pauses
    if p.count == 0:
        return []
    evidence = f"{p.count} pauses in {_files(s)}: p99 {p.p99_ms:.1f} ms, max {p.max_ms:.1f} ms"
    if p.max_ms >= t.PAUSE_MAX_LONG_MS:
        return [
            _f(
                node,
                "gclog.pause-over-1s",
                Severity.WARNING,
                f"A {p.max_ms / 1000:.1f} s stop-the-world pause: requests time out behind it (504s) and the node may "
                "miss fault-detection pings",
                evidence,
                SRC_LOG + "; thresholds.PAUSE_MAX_LONG_MS",
                "Find the pause's cause in the log (full GC, evacuation failure, time-to-safepoint) before tuning",
            )
        ]
    if p.p99_ms >= t.PAUSE_P99_LONG_MS:
        return [
            _f(
                node,
                "gclog.long-p99-pause",
                Severity.WARNING,
                f"p99 GC pause {p.p99_ms:.0f} ms: visible in search tail latency",
                evidence,
                SRC_LOG + "; thresholds.PAUSE_P99_LONG_MS",
                "Check the heap against the live set and the young generation size; attribute tail latency to GC "
                "only when pauses line up with slow requests",
            )
        ]
    return []


def check_ttsp(node: NodeFacts, s: GcSummary) -> list[Finding]:
    sp = s.safepoints
    if sp is None or sp.count == 0 or sp.max_time_to_safepoint_ms < t.TTSP_LONG_MS:
        return []
    share = sp.max_time_to_safepoint_ms / sp.max_ms if sp.max_ms else 1.0
    if share < t.TTSP_SHARE_OF_PAUSE:
        return []
    return [
        _f(
            node,
            "gclog.time-to-safepoint",
            Severity.WARNING,
            f"Reaching the safepoint took up to {sp.max_time_to_safepoint_ms:.0f} ms ({share:.0%} of the longest stop): "
            "the stall is in getting threads to stop (page faults, swapping, THP compaction, long counted loops), "
            "not in the collector",
            f"safepoints: max {sp.max_ms:.1f} ms, max time-to-safepoint {sp.max_time_to_safepoint_ms:.1f} ms",
            SRC_LOG + " (-Xlog:safepoint); thresholds.TTSP_SHARE_OF_PAUSE",
            "Check swap/mlockall and THP defrag first; changing the collector will not help",
        )
    ]


def check_bad_events(node: NodeFacts, s: GcSummary) -> list[Finding]:
    rows = [
        (
            "full_gc",
            "gclog.full-gc",
            "full GCs: the whole heap compacted with every thread stopped",
            "Give the heap headroom over the live set (≈3x), check for humongous allocations / System.gc()",
        ),
        (
            "concurrent_mode_failure",
            "gclog.concurrent-mode-failure",
            "CMS concurrent mode failures: the old generation filled before CMS finished, fallback to a full GC",
            "Move to G1; meanwhile start CMS earlier or give more heap",
        ),
        (
            "evacuation_failure",
            "gclog.evacuation-failure",
            "G1 evacuation failures (to-space exhausted): no free regions to copy into, very long pauses",
            "More heap headroom or a higher G1ReservePercent (ES sets 25 above 8 GiB)",
        ),
        (
            "allocation_stall",
            "gclog.allocation-stall",
            "ZGC allocation stalls: threads blocked until a cycle freed memory (the latency ZGC was meant to avoid)",
            "More heap headroom and spare cores for ZGC, or G1",
        ),
        (
            "degenerated",
            "gclog.degenerated",
            "Shenandoah degenerated cycles: concurrent collection fell back to a pause",
            "More heap headroom",
        ),
    ]
    return [
        _f(
            node,
            rid,
            Severity.WARNING,
            f"{getattr(s.bad_events, key)} {text}",
            f"bad_events.{key}={getattr(s.bad_events, key)} in {_files(s)}",
            SRC_LOG,
            rec,
        )
        for key, rid, text, rec in rows
        if getattr(s.bad_events, key) > 0
    ]


def check_overhead(node: NodeFacts, s: GcSummary) -> list[Finding]:
    pct = s.gc_overhead_pct
    if pct is None or pct < t.GC_OVERHEAD_WARN_PCT or (s.wall_time_s or 0) < t.OVERHEAD_MIN_WALL_TIME_S:
        return []
    return [
        _f(
            node,
            "gclog.gc-overhead",
            Severity.WARNING,
            f"{pct:.1f} % of wall time is spent in GC pauses"
            + (" — the node is GC-bound" if pct >= t.GC_OVERHEAD_CRITICAL_PCT else ""),
            f"gc_overhead_pct={pct:.1f} over {s.wall_time_s or 0:.0f} s",
            SRC_LOG + "; thresholds.GC_OVERHEAD_WARN_PCT",
            "Heap too small for the live set or allocation rate: size it from the live set",
        )
    ]


def check_live_vs_heap(node: NodeFacts, s: GcSummary) -> list[Finding]:
    if not s.live_set_mb or not s.heap_max_mb:
        return []
    ratio = s.heap_max_mb / s.live_set_mb
    if ratio >= t.LIVE_SET_MIN_FACTOR:
        return []
    return [
        _f(
            node,
            "gclog.live-set-near-heap",
            Severity.WARNING,
            f"After major collections {s.live_set_mb:.0f} MiB stay live in a {s.heap_max_mb:.0f} MiB heap ({ratio:.1f}x): "
            "too little room to collect concurrently",
            f"live_set_mb={s.live_set_mb:.0f}, heap_max_mb={s.heap_max_mb:.0f}",
            SRC_LOG + "; thresholds.LIVE_SET_MIN_FACTOR",
            f"Heap ≈ {s.live_set_mb * t.LIVE_SET_HEADROOM_FACTOR:.0f} MiB (3x live), within RAM/oops limits",
        )
    ]


def check_zgc_concurrent(node: NodeFacts, s: GcSummary) -> list[Finding]:
    if not (s.collector or "").startswith("ZGC") or not s.wall_time_s or s.concurrent.total_ms <= 0:
        return []
    share = s.concurrent.total_ms / (s.wall_time_s * 1000)
    if share < t.ZGC_CONCURRENT_SHARE_WARN:
        return []
    return [
        _f(
            node,
            "gclog.zgc-always-collecting",
            Severity.WARNING,
            f"ZGC cycles ran {share:.0%} of the time: the collector barely keeps up and takes cores from searches",
            f"concurrent total {s.concurrent.total_ms / 1000:.0f} s over {s.wall_time_s:.0f} s",
            SRC_LOG + "; " + t.SOURCE_ZGC_SMALL_NODE,
            "More heap headroom and cores, or G1",
        )
    ]


def check_unparsed(node: NodeFacts, s: GcSummary) -> list[Finding]:
    if s.unparsed_lines <= 0:
        return []
    return [
        _f(
            node,
            "gclog.unparsed",
            Severity.INFO,
            f"{s.unparsed_lines} GC-looking log lines were not understood: the numbers may miss events",
            f"unparsed_lines={s.unparsed_lines}",
            SRC_LOG,
        )
    ]


CHECKS = [
    check_pauses,
    check_ttsp,
    check_bad_events,
    check_overhead,
    check_live_vs_heap,
    check_zgc_concurrent,
    check_unparsed,
]


def check(node: NodeFacts) -> list[Finding]:
    s = node.gc_summary
    if s is None:
        return []
    return [f for c in CHECKS for f in c(node, s)]
