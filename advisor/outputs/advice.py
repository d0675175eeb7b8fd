"""The one object every ``advise`` output renders: the cluster, and per node its facts, findings and
recommended options. Outputs read it and never decide anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from advisor.facts.nodes import NodeFacts
from advisor.findings import Finding, Severity, most_severe_first
from advisor.sources.node_facts import ClusterFacts


class OptionLineLike(Protocol):
    """``advisor.recommend.OptionLine``: one option, why, and the JDK range it applies to."""

    @property
    def option(self) -> str: ...

    @property
    def comment(self) -> str: ...

    @property
    def jdk_range(self) -> str | None: ...


class RecommendationLike(Protocol):
    """``advisor.recommend.Recommendation``: option lines per ``jvm.options.d`` file name."""

    @property
    def files(self) -> Mapping[str, Sequence[OptionLineLike]]: ...

    def to_dict(self) -> dict[str, Any]: ...


def recommendation_notes(rec: RecommendationLike | None) -> dict[str, list[str]]:
    """Per-file header remarks of a recommendation (``Recommendation.notes``), if it has any."""
    notes = getattr(rec, "notes", None)
    return {str(k): [str(x) for x in v] for k, v in notes.items()} if isinstance(notes, dict) else {}


@dataclass
class NodeAdvice:
    node: NodeFacts
    findings: list[Finding] = field(default_factory=list)
    recommendation: RecommendationLike | None = None


@dataclass
class AdviceReport:
    cluster: ClusterFacts
    source_kind: str  # "live" | "bundle"
    source: str  # URL without user info, or bundle path
    nodes: list[NodeAdvice] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def all_findings(self) -> list[Finding]:
        """Every finding of every node, most severe first (then in node order)."""
        return most_severe_first([f for advice in self.nodes for f in advice.findings])

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.all_findings():
            counts[finding.severity.value] += 1
        return counts

    def __iter__(self) -> Iterator[NodeAdvice]:
        return iter(self.nodes)


def fmt_bytes(value: int | float | None) -> str:
    """1536 → '1.5 KiB'; None → '?'. Binary units, as the JVM and ES use them."""
    if value is None:
        return "?"
    size = float(value)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(size) < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"


def heap_vs_ram(node: NodeFacts) -> str:
    ram = node.ram_bytes
    if node.cgroup_memory_limit_bytes and (ram is None or node.cgroup_memory_limit_bytes < ram):
        ram = node.cgroup_memory_limit_bytes
    text = f"{fmt_bytes(node.heap_max_bytes)} / {fmt_bytes(ram)}"
    if node.heap_max_bytes and ram:
        text += f" ({100 * node.heap_max_bytes / ram:.0f}%)"
    return text


def short_collector(name: str) -> str:
    """Display only: 'G1 Young Generation' → 'G1 Young', 'ConcurrentMarkSweep' → 'CMS'."""
    return {"ConcurrentMarkSweep": "CMS", "MarkSweepCompact": "Serial Old", "Copy": "Serial"}.get(
        name, name.replace(" Generation", "")
    )


def tristate(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "?"}[value]


CONCURRENT_BEANS = ("Cycles", "Concurrent GC")
"""GC beans that time concurrent work, not stop-the-world pauses (jdk#3483; G1 Concurrent GC, JDK 20+)."""


def pauses_text(node: NodeFacts) -> str:
    """From the node's GC log when given, else the stop-the-world collectors of node stats."""
    summary = node.gc_summary
    if summary is not None and summary.pauses.count:
        p = summary.pauses
        return f"{p.count} pauses, p99 {p.p99_ms:.0f} ms, max {p.max_ms:.0f} ms (log)"
    parts = [
        f"{c.name} {c.collection_count}x {_duration(c.collection_time_ms)}"
        for c in node.gc
        if c.collection_count and not c.name.endswith(CONCURRENT_BEANS)
    ]
    return ", ".join(parts) + " (stats)" if parts else "-"


def _duration(ms: int) -> str:
    return f"{ms} ms" if ms < 10_000 else f"{ms / 1000:.0f} s"
