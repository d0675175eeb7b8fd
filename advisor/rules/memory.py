"""Memory rules: memory lock and swap, large pages, transparent huge pages, pre-touch, map count."""

from __future__ import annotations

from advisor.facts import thresholds as t
from advisor.facts.nodes import NodeFacts
from advisor.findings import Finding, Severity
from advisor.rules import context as ctx
from advisor.rules.base import node_finding

SRC_SWAP = (
    "ES docs 'Disable swapping' (swapoff, vm.swappiness=1, bootstrap.memory_lock); ES:ProcessInfo mlockall"
)
SRC_HUGE = "HotSpot TestHugePageDecisionsAtVMStartup; kernel Documentation/admin-guide/mm/hugetlbpage.rst"
SRC_THP = "kernel Documentation/admin-guide/mm/transhuge.rst; HotSpot UseTransparentHugePages (madvise)"


_f = node_finding


def _swap_bytes(node: NodeFacts) -> int | None:
    if node.swap_total_bytes is not None:
        return node.swap_total_bytes
    return node.host_facts.swap_total_bytes if node.host_facts else None


def check_swap(node: NodeFacts) -> list[Finding]:
    swap = _swap_bytes(node)
    if not swap or node.mlockall is True:
        return []
    findings = [
        _f(
            node,
            "memory.swap-not-locked",
            Severity.WARNING,
            f"Swap is on ({ctx.gb(swap)}) and the JVM memory is not locked: a swapped-out heap page turns a "
            "10 ms GC into seconds (node leaves the cluster, 504s)",
            f"os.swap.total_in_bytes={swap}; process.mlockall={node.mlockall}",
            SRC_SWAP,
            "swapoff -a (and remove swap from fstab), or bootstrap.memory_lock: true with LimitMEMLOCK=infinity",
        )
    ]
    swappiness = node.host_facts.swappiness if node.host_facts else None
    if swappiness is not None and swappiness > t.SWAPPINESS_MAX:
        findings.append(
            _f(
                node,
                "memory.swappiness",
                Severity.WARNING,
                f"vm.swappiness={swappiness}: the kernel swaps out idle heap pages to grow the page cache",
                f"/proc/sys/vm/swappiness={swappiness}",
                SRC_SWAP,
                "sysctl vm.swappiness=1",
            )
        )
    return findings


def check_memory_lock_requested(node: NodeFacts) -> list[Finding]:
    wanted = node.settings.get("bootstrap.memory_lock", "").lower() == "true"
    if not wanted or node.mlockall is not False:
        return []
    return [
        _f(
            node,
            "memory.lock-failed",
            Severity.WARNING,
            "bootstrap.memory_lock is true but the process is not locked ('Unable to lock JVM Memory'): the heap "
            "can still be swapped",
            "settings bootstrap.memory_lock=true; process.mlockall=false",
            SRC_SWAP + "; cookbook-elasticsearch#536",
            "Raise RLIMIT_MEMLOCK: 'memlock unlimited' in limits.conf or LimitMEMLOCK=infinity in the systemd unit",
        )
    ]


def check_large_pages(node: NodeFacts) -> list[Finding]:
    args = ctx.node_args(node)
    if args.enabled("UseLargePages") is not True:
        return []
    heap = ctx.heap_max_bytes(node) or 0
    host = node.host_facts
    findings = [
        _f(
            node,
            "memory.large-pages-not-swap-control",
            Severity.INFO,
            "UseLargePages is not a swap control: only the JVM's large-page regions are unswappable",
            "input_arguments has -XX:+UseLargePages",
            SRC_HUGE,
            "Use bootstrap.memory_lock or swapoff to keep the heap in RAM",
            flag="UseLargePages",
        )
    ]
    if host and host.hugepages_total is not None and host.hugepage_size_bytes:
        pool = host.hugepages_total * host.hugepage_size_bytes
        if pool < heap:
            findings.append(
                _f(
                    node,
                    "memory.large-pages-no-pool",
                    Severity.WARNING,
                    f"-XX:+UseLargePages but the hugetlbfs pool ({ctx.gb(pool)}) is smaller than the heap ({ctx.gb(heap)}): "
                    "the JVM falls back to normal pages ('UseLargePages disabled, no large pages configured…')",
                    f"HugePages_Total={host.hugepages_total} x Hugepagesize={host.hugepage_size_bytes}",
                    SRC_HUGE,
                    f"vm.nr_hugepages ≥ {heap // host.hugepage_size_bytes + 1}, or -XX:+UseTransparentHugePages with THP madvise",
                    flag="UseLargePages",
                )
            )
    return findings


def check_thp(node: NodeFacts) -> list[Finding]:
    host = node.host_facts
    if host is None:
        return []
    findings = []
    if host.thp_defrag == "always":
        findings.append(
            _f(
                node,
                "memory.thp-defrag-always",
                Severity.WARNING,
                "THP defrag is 'always': a page fault may stall in direct compaction, which shows up as long "
                "time-to-safepoint and random latency spikes",
                "/sys/kernel/mm/transparent_hugepage/defrag=[always]",
                SRC_THP,
                "echo madvise > /sys/kernel/mm/transparent_hugepage/defrag (and enabled=madvise)",
            )
        )
    args = ctx.node_args(node)
    if args.enabled("UseTransparentHugePages") and host.thp_enabled == "never":
        findings.append(
            _f(
                node,
                "memory.thp-unavailable",
                Severity.INFO,
                "-XX:+UseTransparentHugePages but THP is 'never': the JVM warns and uses normal pages",
                "/sys/kernel/mm/transparent_hugepage/enabled=[never]",
                SRC_THP,
                "Set THP enabled to madvise, or drop the flag",
                flag="UseTransparentHugePages",
            )
        )
    return findings


def check_pretouch(node: NodeFacts) -> list[Finding]:
    heap = ctx.heap_max_bytes(node)
    if (
        ctx.node_args(node).enabled("AlwaysPreTouch") is not True
        or not heap
        or heap < t.PRETOUCH_WARN_HEAP_BYTES
    ):
        return []
    return [
        _f(
            node,
            "memory.pretouch-big-heap",
            Severity.INFO,
            f"AlwaysPreTouch on a {ctx.gb(heap)} heap: no page-fault stalls later, but start-up takes tens of seconds "
            "(readiness probes, rolling restarts) and RSS equals the heap from the start",
            "input_arguments has -XX:+AlwaysPreTouch",
            "jdk#17610; ES:SystemJvmOptions",
            "Keep it (ES default) and allow for the start-up time in probes; drop it only where fast restarts matter more",
            flag="AlwaysPreTouch",
        )
    ]


def check_max_map_count(node: NodeFacts) -> list[Finding]:
    host = node.host_facts
    if host is None or host.max_map_count is None or host.max_map_count >= t.MAX_MAP_COUNT_MIN:
        return []
    return [
        _f(
            node,
            "memory.max-map-count",
            Severity.WARNING,
            f"vm.max_map_count={host.max_map_count} < {t.MAX_MAP_COUNT_MIN}: ES's bootstrap check fails in "
            "production mode and mmapfs runs out of mappings",
            f"/proc/sys/vm/max_map_count={host.max_map_count}",
            "ES docs 'Virtual memory' / ES:BootstrapChecks MaxMapCountCheck",
            f"sysctl -w vm.max_map_count={t.MAX_MAP_COUNT_MIN}",
        )
    ]


CHECKS = [
    check_swap,
    check_memory_lock_requested,
    check_large_pages,
    check_thp,
    check_pretouch,
    check_max_map_count,
]


def check(node: NodeFacts) -> list[Finding]:
    return [f for c in CHECKS for f in c(node)]
