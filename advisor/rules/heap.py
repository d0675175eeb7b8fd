"""Heap rules for a node: Xms=Xmx, share of real memory, compressed oops, live set, role, ES auto heap."""

from __future__ import annotations

import functools

from advisor.facts import es_heap
from advisor.facts import thresholds as t
from advisor.facts.nodes import NodeFacts
from advisor.findings import Finding, Severity
from advisor.rules import context as ctx
from advisor.rules.base import node_finding

SRC_HEAP_DOC = "ES docs 'Set the JVM heap size' (Xms=Xmx, ≤50 % of RAM, below the compressed-oops cut-off)"


_f = functools.partial(node_finding, flag="Xmx")


def max_heap_fraction(roles: tuple[str, ...]) -> float:
    if es_heap.machine_role(roles) == es_heap.MachineRole.MASTER_ONLY:
        return t.HEAP_MAX_FRACTION_DEDICATED_MASTER
    return t.HEAP_MAX_FRACTION_OF_RAM


def check_xms_xmx(node: NodeFacts) -> list[Finding]:
    """Compare what the node was *asked* for (-Xms/-Xmx or Initial/MaxHeapSize in its arguments).

    The JVM-reported sizes are only a fallback: for Serial, Parallel and CMS ``heap_max_in_bytes``
    leaves out one survivor space (a 256m CMS node reports 259522560 against an initial 268435456),
    so comparing them would fire on every correctly configured CMS node.
    """
    args = ctx.node_args(node)
    xms = args.size("Xms") or args.size("InitialHeapSize")
    xmx = args.size("Xmx") or args.size("MaxHeapSize")
    if xmx:
        init = xms or 0
        evidence = f"-Xms={init or 'unset (JVM default: 1/64 of RAM)'}, -Xmx={xmx} (node input arguments)"
        mx = xmx
    elif ctx.node_collector(node) in ctx.FULL_HEAP_REPORTING_COLLECTORS:
        init, mx = ctx.heap_init_bytes(node) or 0, ctx.heap_max_bytes(node) or 0
        evidence = f"jvm.mem.heap_init_in_bytes={init}, heap_max_in_bytes={mx}"
    else:
        return []
    if not init or not mx or init == mx:
        return []
    return [
        _f(
            node,
            "heap.xms-not-xmx",
            Severity.WARNING,
            f"Initial heap {ctx.gb(init)} ≠ maximum {ctx.gb(mx)}: the heap resizes under load (resize pauses); "
            "in production mode Elasticsearch refuses to start this way",
            evidence,
            "ES:BootstrapChecks HeapSizeCheck",
            "Set -Xms equal to -Xmx",
        )
    ]


def check_share_of_memory(node: NodeFacts) -> list[Finding]:
    mem, heap = ctx.node_memory(node), ctx.heap_max_bytes(node)
    if mem is None or not heap:
        return []
    fraction = max_heap_fraction(node.roles)
    if heap <= mem.bytes * (fraction + t.HEAP_RAM_FRACTION_TOLERANCE):
        return []
    return [
        _f(
            node,
            "heap.above-half-of-memory",
            Severity.WARNING,
            f"Heap {ctx.gb(heap)} is {heap / mem.bytes:.0%} of the {ctx.gb(mem.bytes)} the node really has "
            f"({mem.source}); at most {fraction:.0%} leaves Lucene its page cache and the JVM its off-heap memory",
            f"heap_max={heap} bytes; memory={mem.bytes} bytes ({mem.source})",
            SRC_HEAP_DOC + "; " + es_heap.SOURCE_AUTO_HEAP,
            f"-Xmx{int(mem.bytes * fraction) // ctx.MIB}m or less",
        )
    ]


def check_compressed_oops(node: NodeFacts) -> list[Finding]:
    heap = ctx.heap_max_bytes(node)
    collector = ctx.node_collector(node)
    if not heap or ctx.is_zgc(collector):
        return []
    cut = ctx.oops_cutoff(node)
    mb = heap // ctx.MIB
    if node.compressed_oops is False or mb > cut.max_compressed_mb:
        evidence = (
            "_nodes jvm.using_compressed_ordinary_object_pointers=false"
            if node.compressed_oops is False
            else f"heap_max={mb} MiB > cut-off {cut.max_compressed_mb} MiB"
        )
        return [
            _f(
                node,
                "heap.above-coops-cutoff",
                Severity.WARNING,
                f"The {mb} MiB heap runs without compressed oops: references take 8 bytes, so it holds less than a "
                f"{cut.max_zero_based_mb} MiB heap would",
                evidence,
                cut.source,
                f"-Xmx{cut.max_zero_based_mb}m (zero-based compressed oops)",
            )
        ]
    if mb > cut.max_zero_based_mb:
        return [
            _f(
                node,
                "heap.not-zero-based",
                Severity.INFO,
                f"The {mb} MiB heap keeps compressed oops but not zero-based mode (up to {cut.max_zero_based_mb} MiB)",
                f"heap_max={mb} MiB",
                cut.source,
                f"-Xmx{cut.max_zero_based_mb}m",
            )
        ]
    return []


def check_live_set(node: NodeFacts) -> list[Finding]:
    heap, live = ctx.heap_max_bytes(node), ctx.live_set(node)
    if not heap or live is None or live.mb <= 0:
        return []
    ratio = heap / ctx.MIB / live.mb
    if ratio < t.LIVE_SET_MIN_FACTOR and live.exact:
        return [
            _f(
                node,
                "heap.too-small-for-live-set",
                Severity.WARNING,
                f"Heap is only {ratio:.1f}x the live set ({live.mb:.0f} MiB): concurrent cycles run back to back and "
                "full GCs / circuit-breaker trips follow",
                f"live set {live.mb:.0f} MiB from {live.source}; heap {heap // ctx.MIB} MiB",
                "ES docs 'Set the JVM heap size' (heap for the live set plus headroom); "
                + t.SOURCE_ZGC_SMALL_NODE,
                f"Heap ≈ {t.LIVE_SET_HEADROOM_FACTOR:g}x live set ({live.mb * t.LIVE_SET_HEADROOM_FACTOR:.0f} MiB) "
                "within the RAM and oops limits, or more nodes",
            )
        ]
    if ratio > t.LIVE_SET_OVERSIZED_FACTOR and live.exact:
        return [
            _f(
                node,
                "heap.oversized-for-live-set",
                Severity.INFO,
                f"Heap is {ratio:.0f}x the live set ({live.mb:.0f} MiB): memory that could be page cache",
                f"live set {live.mb:.0f} MiB from {live.source}; heap {heap // ctx.MIB} MiB",
                "thresholds.LIVE_SET_OVERSIZED_FACTOR",
                f"A heap around {live.mb * t.LIVE_SET_HEADROOM_FACTOR:.0f} MiB is enough for this load; keep "
                "headroom for flash-sale peaks",
            )
        ]
    return []


def check_auto_heap(node: NodeFacts) -> list[Finding]:
    """Compare with the heap ES ≥7.11 would choose by itself."""
    mem, heap = ctx.node_memory(node), ctx.heap_max_bytes(node)
    if (
        mem is None
        or not heap
        or not es_heap.has_auto_heap(node.version)
        or node.distribution != "elasticsearch"
    ):
        return []
    auto_mb = es_heap.auto_heap_mb(mem.bytes, node.roles)
    heap_mb = heap // ctx.MIB
    role = es_heap.role_label(node.roles)
    evidence = f"heap {heap_mb} MiB; ES auto heap for {role} with {mem.bytes // ctx.MIB} MiB = {auto_mb} MiB"
    zero_based_ok = ctx.is_zgc(ctx.node_collector(node)) or auto_mb <= ctx.oops_cutoff(node).max_zero_based_mb
    if abs(heap_mb - auto_mb) <= auto_mb * t.HEAP_DIFFERENCE_NOTEWORTHY and zero_based_ok:
        return [
            _f(
                node,
                "heap.default-is-right",
                Severity.INFO,
                f"The heap ({heap_mb} MiB) is what Elasticsearch {node.version} sizes by itself ({auto_mb} MiB): "
                "explicit -Xms/-Xmx are not needed",
                evidence,
                es_heap.SOURCE_AUTO_HEAP,
                "Remove -Xms/-Xmx and let ES size the heap (it also follows a resized container)",
            )
        ]
    return [
        _f(
            node,
            "heap.differs-from-auto",
            Severity.INFO,
            f"ES {node.version} would choose {auto_mb} MiB for a {role} node with this memory; the node runs {heap_mb} MiB"
            + ("" if zero_based_ok else " (ES's 31 GiB cap is above the zero-based compressed-oops limit)"),
            evidence,
            es_heap.SOURCE_AUTO_HEAP,
            "Keep an explicit heap only when the live set or role needs it",
        )
    ]


def check_shipped_default(node: NodeFacts) -> list[Finding]:
    """ES before 7.11 shipped -Xms1g -Xmx1g: a node still on it with plenty of memory is starved."""
    mem, heap = ctx.node_memory(node), ctx.heap_max_bytes(node)
    if mem is None or not heap or es_heap.has_auto_heap(node.version) is not False:
        return []
    if heap // ctx.MIB != es_heap.DEFAULT_HEAP_MB or mem.bytes < t.SHIPPED_1G_FLAG_MIN_RAM_BYTES:
        return []
    return [
        _f(
            node,
            "heap.shipped-1g-default",
            Severity.WARNING,
            f"The heap is the 1 GiB that config/jvm.options of ES {node.version} ships, on a node with "
            f"{ctx.gb(mem.bytes)}: ES before 7.11 does not size the heap by itself",
            f"heap_max=1024 MiB; memory {mem.bytes // ctx.MIB} MiB ({mem.source}); version {node.version}",
            "ES:jvm.options 6.x/7.x (-Xms1g -Xmx1g); automatic heap from 7.11 (es#65905)",
            "Set -Xms/-Xmx in jvm.options.d (see heap.options) or upgrade to ES ≥ 7.11",
        )
    ]


def check_ml_node(node: NodeFacts) -> list[Finding]:
    mem, heap = ctx.node_memory(node), ctx.heap_max_bytes(node)
    if mem is None or not heap or es_heap.machine_role(node.roles) != es_heap.MachineRole.ML_ONLY:
        return []
    auto_mb = es_heap.auto_heap_mb(mem.bytes, node.roles)
    if heap // ctx.MIB <= auto_mb * (1 + t.HEAP_DIFFERENCE_NOTEWORTHY):
        return []
    return [
        _f(
            node,
            "heap.ml-native-memory",
            Severity.WARNING,
            f"ML node heap {heap // ctx.MIB} MiB exceeds ES's ML sizing ({auto_mb} MiB): ML jobs run in native "
            "processes outside the heap and need that memory",
            f"roles={list(node.roles)}; memory {mem.bytes // ctx.MIB} MiB",
            es_heap.SOURCE_AUTO_HEAP + " (ML_ONLY: 40 % up to 16 GiB + 10 % above)",
            f"-Xmx{auto_mb}m or let ES size it",
        )
    ]


CHECKS = [
    check_xms_xmx,
    check_share_of_memory,
    check_compressed_oops,
    check_live_set,
    check_auto_heap,
    check_shipped_default,
    check_ml_node,
]


def check(node: NodeFacts) -> list[Finding]:
    return [f for c in CHECKS for f in c(node)]
