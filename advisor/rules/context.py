"""Derived facts several node rules share: the memory the node really has, its heap, its collector,
its live set, its compressed-oops cut-off. Pure functions of NodeFacts."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.facts import compressed_oops, jdk_flags
from advisor.facts.nodes import NodeFacts
from advisor.facts.options import JvmArgs

MIB = 1024 * 1024
UNLIMITED_CGROUP = 1 << 60
"""cgroup v1 reports 'no limit' as a huge number (9223372036854771712); anything above this is no limit."""


@dataclass(frozen=True)
class Memory:
    bytes: int
    source: str  # what the number is (cgroup limit, os.mem.total…)


def node_memory(node: NodeFacts) -> Memory | None:
    """The memory the node really has: the cgroup limit beats host RAM (ES docs; OsStats cgroup)."""
    host = node.host_facts
    limits = [
        (
            node.cgroup_memory_limit_bytes,
            "cgroup memory limit (_nodes/stats os.cgroup.memory.limit_in_bytes)",
        ),
        (host.cgroup_memory_limit_bytes if host else None, "cgroup memory limit (read on the host)"),
    ]
    rams = [
        (node.ram_bytes, "os.mem total (_nodes/stats, container-aware adjusted_total when present)"),
        (host.ram_bytes if host else None, "MemTotal (/proc/meminfo on the host)"),
    ]
    ram = next(((b, s) for b, s in rams if b), None)
    limit = next(((b, s) for b, s in limits if b and b < UNLIMITED_CGROUP), None)
    if limit and (ram is None or limit[0] < ram[0]):
        return Memory(limit[0], limit[1])
    if ram:
        return Memory(ram[0], ram[1])
    return None


def node_args(node: NodeFacts) -> JvmArgs:
    return JvmArgs.of([a for a in node.input_arguments if a.startswith("-")])


def node_collector(node: NodeFacts) -> str | None:
    """The collector the node runs: from its MXBean names, else from its arguments."""
    from_beans = jdk_flags.collector_from_beans(node.collectors)
    if from_beans:
        return from_beans
    if node.gc_summary and node.gc_summary.collector:
        return node.gc_summary.collector
    selected = node_args(node).selected_collectors()
    if selected:
        return selected[-1]
    jdk = node.jdk_major
    return jdk_flags.default_collector(jdk) if jdk else None


FULL_HEAP_REPORTING_COLLECTORS = ("G1", "ZGC", "ZGC-generational", "Shenandoah")
"""Collectors whose reported heap_max equals -Xmx (Serial/Parallel/CMS leave out one survivor space)."""


def is_zgc(collector: str | None) -> bool:
    return bool(collector and collector.startswith("ZGC"))


def heap_max_bytes(node: NodeFacts) -> int | None:
    if node.heap_max_bytes:
        return node.heap_max_bytes
    return node_args(node).size("Xmx")


def heap_init_bytes(node: NodeFacts) -> int | None:
    if node.heap_init_bytes:
        return node.heap_init_bytes
    return node_args(node).size("Xms")


@dataclass(frozen=True)
class LiveSet:
    mb: float
    source: str
    exact: bool  # after a major collection (GC log) vs. an upper bound (old pool peak)


def live_set(node: NodeFacts) -> LiveSet | None:
    """Old-generation occupancy after major collections (GC log), else the old pool's peak (an upper bound)."""
    summary = node.gc_summary
    if summary and summary.live_set_mb:
        return LiveSet(
            summary.live_set_mb, "GC log: heap occupancy after old/major collections (live_set_mb)", True
        )
    for pool in node.pools:
        if pool.name == "old" and pool.peak_used_bytes:
            return LiveSet(
                pool.peak_used_bytes / MIB,
                "_nodes/stats jvm.mem.pools.old.peak_used_in_bytes (upper bound: includes garbage)",
                False,
            )
    return None


def oops_cutoff(node: NodeFacts) -> compressed_oops.OopsCutoff:
    probe = node.host_facts.java if node.host_facts else None
    if probe is not None and node.jdk_major is not None and probe.jdk_major != node.jdk_major:
        probe = None
    return compressed_oops.cutoff(node.jvm_version, probe)


def cpus(node: NodeFacts) -> float | None:
    host = node.host_facts
    if host and host.cgroup_cpu_limit:
        return host.cgroup_cpu_limit
    return float(node.allocated_processors or node.available_processors or 0) or None


def gb(n_bytes: float) -> str:
    return f"{n_bytes / (1024**3):.1f} GiB"
