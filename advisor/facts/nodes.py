"""Typed facts about one node, its host and its java binary. Sources fill them; rules read them.

Field names follow the Elasticsearch API (ES:JvmInfo, OsStats, ProcessInfo) where one exists. Every
field that a source may not know is Optional and None means "unknown", never "zero".
Adding a field (with a default) is fine; renaming one breaks rules and outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.gclog.summary import GcSummary


@dataclass(frozen=True)
class CollectorStats:
    """``_nodes/stats`` jvm.gc.collectors.<key> — key as ES reports it (young, old, or a raw name)."""

    name: str
    collection_count: int
    collection_time_ms: int


@dataclass(frozen=True)
class MemoryPool:
    """``_nodes/stats`` jvm.mem.pools.<name> (young, survivor, old)."""

    name: str
    used_bytes: int
    max_bytes: int | None = None
    peak_used_bytes: int | None = None


@dataclass(frozen=True)
class ProbeResult:
    """What ``advise probe`` measured on one java binary."""

    java: str
    jdk_version: str
    jdk_major: int
    max_compressed_oops_heap_mb: int | None
    max_zero_based_heap_mb: int | None


@dataclass(frozen=True)
class HostFacts:
    """Facts read on the node's host (``--local``). None = could not be read."""

    ram_bytes: int | None = None
    cgroup_memory_limit_bytes: int | None = None
    swap_total_bytes: int | None = None
    swappiness: int | None = None
    thp_enabled: str | None = None  # always | madvise | never (the bracketed mode)
    thp_defrag: str | None = None
    hugepages_total: int | None = None
    hugepages_free: int | None = None
    hugepage_size_bytes: int | None = None
    max_map_count: int | None = None
    cpu_count: int | None = None
    cgroup_cpu_limit: float | None = None
    java: ProbeResult | None = None


@dataclass(frozen=True)
class NodeFacts:
    """Everything known about one Elasticsearch/OpenSearch node."""

    id: str
    name: str
    version: str | None = None  # the server's version, e.g. "7.17.25"
    distribution: str = "elasticsearch"  # or "opensearch"
    roles: tuple[str, ...] = ()
    host: str | None = None
    # JVM (GET _nodes → jvm.*)
    jvm_version: str | None = None  # e.g. "17.0.15"
    jvm_vendor: str | None = None
    vm_name: str | None = None
    bundled_jdk: bool | None = None
    collectors: tuple[str, ...] = ()  # jvm.gc_collectors, raw JVM bean names
    memory_pools: tuple[str, ...] = ()
    input_arguments: tuple[str, ...] = ()
    heap_init_bytes: int | None = None
    heap_max_bytes: int | None = None
    direct_max_bytes: int | None = None
    compressed_oops: bool | None = None  # using_compressed_ordinary_object_pointers
    mlockall: bool | None = None  # process.mlockall
    available_processors: int | None = None
    allocated_processors: int | None = None
    # stats (GET _nodes/stats)
    uptime_ms: int | None = None
    heap_used_bytes: int | None = None
    heap_committed_bytes: int | None = None
    pools: tuple[MemoryPool, ...] = ()
    gc: tuple[CollectorStats, ...] = ()
    ram_bytes: int | None = None  # os.mem.adjusted_total_in_bytes if present, else total_in_bytes
    ram_total_bytes: int | None = None  # os.mem.total_in_bytes as reported
    cgroup_memory_limit_bytes: int | None = None
    swap_total_bytes: int | None = None
    swap_used_bytes: int | None = None
    breakers_tripped: dict[str, int] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)  # flattened node settings that matter
    gc_summary: GcSummary | None = None
    host_facts: HostFacts | None = None

    @property
    def jdk_major(self) -> int | None:
        """Feature release of the node's JVM: "1.8.0_292" → 8, "17.0.15" → 17."""
        from advisor.facts.versions import jdk_major

        return jdk_major(self.jvm_version)
