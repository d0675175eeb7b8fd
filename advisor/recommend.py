"""Findings and recommended JVM options for one node.

``analyze(node)`` runs every node rule. ``recommend(node)`` returns the options per concern
(``heap.options``, ``gc.options``, ``memory.options``, ``logging.options``) as structured lines: the
option, a comment saying why, and a JDK version range where the flag exists only in some JDKs —
ready to render as ``config/jvm.options.d`` files. Never ``-Xms`` ≠ ``-Xmx``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.facts import es_heap, jdk_flags
from advisor.facts import thresholds as t
from advisor.facts.nodes import NodeFacts
from advisor.facts.options import format_size
from advisor.findings import Finding, most_severe_first
from advisor.rules import RULES
from advisor.rules import collector as collector_rules
from advisor.rules import context as ctx

FILES = ("heap.options", "gc.options", "memory.options", "logging.options")


@dataclass(frozen=True)
class OptionLine:
    """One line of a jvm.options.d file: ``[jdk_range:]option`` with a comment above it."""

    option: str  # "-Xmx16g"
    comment: str  # why
    jdk_range: str | None = None  # "14-", "21-22", "8" → rendered "14-:-XX:..."

    def render(self) -> str:
        prefix = f"{self.jdk_range}:" if self.jdk_range else ""
        return f"{prefix}{self.option}"

    def to_dict(self) -> dict[str, Any]:
        return {"option": self.option, "comment": self.comment, "jdk_range": self.jdk_range}


@dataclass(frozen=True)
class Recommendation:
    node: str
    files: dict[str, list[OptionLine]]
    notes: dict[str, list[str]] = field(default_factory=dict)  # per-file header remarks
    heap_mb: int | None = None
    collector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "heap_mb": self.heap_mb,
            "collector": self.collector,
            "files": {name: [line.to_dict() for line in lines] for name, lines in self.files.items()},
            "notes": {name: list(n) for name, n in self.notes.items()},
        }


def analyze(node: NodeFacts) -> list[Finding]:
    """Every node rule's findings, most severe first. A flag repeated in the node's arguments (ES's
    jvm.options and a jvm.options.d file both naming it) is one problem, so identical findings fold."""
    unique = dict.fromkeys(finding for rule in RULES for finding in rule(node))
    return most_severe_first(list(unique))


# --- heap -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeapPlan:
    mb: int | None
    reasons: tuple[str, ...]
    use_es_default: bool = False


def plan_heap(node: NodeFacts, collector: str) -> HeapPlan:
    """Heap size: from the live set with headroom, capped by the node's memory share and (for collectors
    with compressed oops) the zero-based cut-off; 'use ES's automatic heap' when that lands the same."""
    mem = ctx.node_memory(node)
    live = ctx.live_set(node)
    zgc = ctx.is_zgc(collector)
    reasons: list[str] = []
    caps: list[int] = []
    if mem is not None:
        from advisor.rules.heap import max_heap_fraction

        fraction = max_heap_fraction(node.roles)
        if es_heap.machine_role(node.roles) == es_heap.MachineRole.ML_ONLY:
            caps.append(es_heap.auto_heap_mb(mem.bytes, node.roles))
            reasons.append("ML node: ES's ML formula leaves native memory for ML jobs")
        else:
            caps.append(int(mem.bytes * fraction) // ctx.MIB)
            reasons.append(f"≤{fraction:.0%} of {mem.bytes // ctx.MIB} MiB ({mem.source})")
    if not zgc:
        cut = ctx.oops_cutoff(node)
        caps.append(cut.max_zero_based_mb)
        reasons.append(
            f"≤{cut.max_zero_based_mb} MiB keeps zero-based compressed oops ({'measured' if cut.measured else 'documented table'})"
        )
    else:
        caps.append(es_heap.MAX_HEAP_BYTES // ctx.MIB * 2)
        reasons.append("ZGC: no compressed-oops limit")
    cap = min(caps)
    target = cap
    if live is not None and live.exact:
        factor = t.LIVE_SET_HEADROOM_FACTOR * (t.ZGC_HEAP_FACTOR if zgc else 1.0)
        want = int(live.mb * factor)
        if want < cap:
            target = max(want, t.MIN_HEAP_FOR_DATA_NODE_MB)
            reasons.append(f"{factor:g}x the measured live set ({live.mb:.0f} MiB, {live.source})")
        else:
            reasons.append(
                f"live set {live.mb:.0f} MiB wants {want} MiB, more than the cap: add nodes rather than heap"
            )
    elif live is not None:
        reasons.append(
            f"old-pool peak {live.mb:.0f} MiB is only an upper bound of the live set (it includes garbage): "
            "give GC logs (advise gc) to size from the real live set"
        )
    if (live is None or not live.exact) and mem is None:
        current = ctx.heap_max_bytes(node)
        if current:
            target = min(cap, current // ctx.MIB)
            reasons.append("memory unknown: keep the current heap within the limits")
        else:
            return HeapPlan(None, ("memory and live set unknown",))
    target = max(1, target)
    if (
        mem is not None
        and es_heap.has_auto_heap(node.version)
        and node.distribution == "elasticsearch"
        and not zgc
    ):
        auto = es_heap.auto_heap_mb(mem.bytes, node.roles)
        if abs(auto - target) <= target * t.HEAP_DIFFERENCE_NOTEWORTHY and auto <= cap:
            return HeapPlan(auto, (*reasons, f"ES {node.version} sizes it to {auto} MiB by itself"), True)
    return HeapPlan(_round_mb(target), tuple(reasons))


def _round_mb(mb: int) -> int:
    """Round down to a whole GiB above 4 GiB, to 64 MiB below (readable, never above the cap)."""
    if mb >= t.ROUND_HEAP_TO_GIB_FROM_MB:
        return (mb // 1024) * 1024
    return max(64, (mb // 64) * 64)


def _heap_lines(plan: HeapPlan) -> tuple[list[OptionLine], list[str]]:
    if plan.mb is None:
        return [], ["Heap not recommended: neither the node's memory nor its live set is known."]
    why = "; ".join(plan.reasons)
    if plan.use_es_default:
        return [], [
            f"No -Xms/-Xmx: Elasticsearch's automatic heap ({plan.mb} MiB) is already right ({why}). "
            f"Source: {es_heap.SOURCE_AUTO_HEAP}"
        ]
    size = format_size(plan.mb * ctx.MIB)
    return [
        OptionLine(f"-Xms{size}", f"Xms = Xmx: no heap resizing pauses (ES bootstrap check); {why}"),
        OptionLine(f"-Xmx{size}", why),
    ], []


# --- collector ----------------------------------------------------------------------------------------


def choose_collector(node: NodeFacts) -> tuple[str, str]:
    """(collector, why): G1 unless ZGC is running well or the evidence supports trying it."""
    running = ctx.node_collector(node)
    jdk = node.jdk_major
    if ctx.is_zgc(running) and jdk is not None and jdk >= 21:
        bad = [f for f in collector_rules.check_zgc(node) if f.severity.value == "warning"]
        summary = node.gc_summary
        stalls = summary.bad_events.allocation_stall if summary else 0
        if not bad and not stalls:
            return (
                "ZGC",
                "the node runs generational-capable ZGC without stalls, breaker trips or CPU shortage",
            )
    why = collector_rules.zgc_candidate(node)
    if why:
        return "ZGC", "evidence: " + why + "; Elastic does not support ZGC — load test first"
    return (
        "G1",
        "ES's default and tested collector (ES:jvm.options); ZGC only with evidence (pause-dominated p99, cores, headroom)",
    )


def _gc_lines(node: NodeFacts, collector: str, why: str, heap_mb: int | None) -> list[OptionLine]:
    """Collector lines that work on top of ES's own jvm.options: it selects G1 (8.x: always; 7.x: ``14-:``)
    and CMS on ``8-13:`` in 7.x, and HotSpot refuses two selected collectors, so cancel before selecting."""
    if collector == "ZGC":
        return [
            OptionLine(
                "-XX:-UseG1GC",
                "cancel the -XX:+UseG1GC of ES's jvm.options (two collectors = no start)",
                "21-",
            ),
            OptionLine("-XX:+UseZGC", f"ZGC: {why}", "21-"),
            OptionLine(
                "-XX:+ZGenerational", "generational ZGC (the only mode from JDK 24; default from 23)", "21-22"
            ),
        ]
    lines = []
    defaults = es_heap.es_defaults(node.version)
    if (
        node.distribution != "elasticsearch"
        or defaults is None
        or any("ConcMarkSweep" in g for g in defaults.gc_lines)
    ):
        lines.append(
            OptionLine(
                "-XX:-UseConcMarkSweepGC",
                "cancel the CMS default of ES 6.x/7.x jvm.options on JDK 8-13 (two collectors = no start)",
                "8-13",
            )
        )
    lines.append(OptionLine("-XX:+UseG1GC", f"G1: {why}"))
    summary = node.gc_summary
    if (
        summary
        and summary.bad_events.evacuation_failure
        and heap_mb
        and heap_mb * ctx.MIB < es_heap.G1_SMALL_HEAP_BYTES
    ):
        lines.append(
            OptionLine(
                "-XX:G1ReservePercent=25",
                f"{summary.bad_events.evacuation_failure} evacuation failures in the GC log: keep more regions free "
                "(ES uses 15 below 8 GiB)",
            )
        )
    return lines


# --- memory and logging -------------------------------------------------------------------------------


def _memory_lines(node: NodeFacts, heap_mb: int | None) -> tuple[list[OptionLine], list[str]]:
    lines: list[OptionLine] = []
    notes: list[str] = []
    host = node.host_facts
    if host and host.thp_enabled in ("madvise", "always"):
        lines.append(
            OptionLine(
                "-XX:+UseTransparentHugePages",
                f"THP is '{host.thp_enabled}' on this host: the heap gets 2 MiB pages without a hugetlbfs pool "
                "(fewer TLB misses); not a swap control",
            )
        )
    if heap_mb and heap_mb * ctx.MIB >= t.PRETOUCH_WARN_HEAP_BYTES:
        notes.append(
            "ES pre-touches the heap (-XX:+AlwaysPreTouch): expect a long start-up with this heap size; allow for it "
            "in readiness probes."
        )
    if node.mlockall is not True:
        notes.append(
            "Swap: not a JVM option — swapoff -a, or bootstrap.memory_lock: true in elasticsearch.yml with "
            "LimitMEMLOCK=infinity (UseLargePages does not prevent swapping)."
        )
    return lines, notes


def _logging_lines(node: NodeFacts) -> list[OptionLine]:
    args = ctx.node_args(node)
    if args.flags.get("Xlog") is not None or args.enabled("PrintGCDetails"):
        return []
    return [
        OptionLine(
            es_heap.GC_LOG_OPTION,
            "GC log with safepoints and ages, ~2 GB rotated (ES 8.7+ default, es#92382)",
            "9-",
        ),
        OptionLine("-XX:+PrintGCDetails", "JDK 8 GC log (unified logging does not exist on 8)", "8"),
        OptionLine("-Xloggc:logs/gc.log", "JDK 8 GC log file", "8"),
    ]


def recommend(node: NodeFacts) -> Recommendation:
    """Recommended jvm.options.d contents for this node."""
    collector, why = choose_collector(node)
    plan = plan_heap(node, collector)
    heap_lines, heap_notes = _heap_lines(plan)
    memory_lines, memory_notes = _memory_lines(node, plan.mb)
    files = {
        "heap.options": heap_lines,
        "gc.options": _gc_lines(node, collector, why, plan.mb),
        "memory.options": memory_lines,
        "logging.options": _logging_lines(node),
    }
    notes = {name: n for name, n in (("heap.options", heap_notes), ("memory.options", memory_notes)) if n}
    assert _xms_equals_xmx(files["heap.options"]), "never Xms≠Xmx"
    return Recommendation(node.name, files, notes, plan.mb, collector)


def _xms_equals_xmx(lines: list[OptionLine]) -> bool:
    xms = [line.option[4:] for line in lines if line.option.startswith("-Xms")]
    xmx = [line.option[4:] for line in lines if line.option.startswith("-Xmx")]
    return xms == xmx


__all__ = ["FILES", "OptionLine", "Recommendation", "analyze", "jdk_flags", "recommend"]
