"""Node rules and recommend(): one row per case (NodeFacts in → finding ids / options out)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.facts.nodes import HostFacts, MemoryPool, NodeFacts, ProbeResult
from advisor.gclog.summary import BadEvents, DurationStats, GcSummary, SafepointStats
from advisor.recommend import analyze, recommend

GB = 1024**3
G1 = ("G1 Young Generation", "G1 Old Generation")
ZGC = ("ZGC Cycles", "ZGC Pauses")
BASE = NodeFacts(
    id="n",
    name="data-1",
    version="8.15.0",
    roles=("data", "ingest"),
    jvm_version="21.0.8",
    collectors=G1,
    input_arguments=("-Xms16g", "-Xmx16g", "-XX:+UseG1GC"),
    heap_init_bytes=16 * GB,
    heap_max_bytes=16 * GB,
    compressed_oops=True,
    mlockall=True,
    ram_bytes=64 * GB,
    available_processors=8,
)


def summary(**kw) -> GcSummary:
    base = dict(
        collector="G1",
        jdk_version="21.0.8",
        format="unified",
        pauses=DurationStats(100, 1000, 30, 8, 25, 30),
        safepoints=SafepointStats(100, 1000, 30, 1, 1),
        bad_events=BadEvents(),
        unparsed_lines=0,
        live_set_mb=4000.0,
        heap_max_mb=16384.0,
        wall_time_s=600,
        gc_overhead_pct=0.2,
    )
    base.update(kw)
    return GcSummary(**base)


ROWS = [
    ("healthy", BASE, set()),
    (
        "xms-not-xmx",
        replace(BASE, heap_init_bytes=4 * GB, input_arguments=("-Xms4g", "-Xmx16g", "-XX:+UseG1GC")),
        {"heap.xms-not-xmx"},
    ),
    (
        "xms-not-xmx, no args, G1 reports both",
        replace(BASE, heap_init_bytes=4 * GB, input_arguments=()),
        {"heap.xms-not-xmx"},
    ),
    (
        "CMS reports heap_max without a survivor space: not a mismatch when -Xms = -Xmx",
        replace(
            BASE,
            jvm_version="11.0.13",
            collectors=("ParNew", "ConcurrentMarkSweep"),
            input_arguments=("-Xms256m", "-Xmx256m", "-XX:+UseConcMarkSweepGC"),
            heap_init_bytes=268435456,
            heap_max_bytes=259522560,
            ram_bytes=1 * GB,
        ),
        {"collector.cms-deprecated", "flag.deprecated"},
    ),
    (
        "cgroup beats host RAM",
        replace(BASE, cgroup_memory_limit_bytes=24 * GB),
        {"heap.above-half-of-memory"},
    ),
    ("cgroup no limit", replace(BASE, cgroup_memory_limit_bytes=9223372036854771712), set()),
    ("master 60%", replace(BASE, roles=("master",), ram_bytes=26 * GB), set()),
    (
        "no coops",
        replace(
            BASE, heap_max_bytes=40 * GB, heap_init_bytes=40 * GB, ram_bytes=128 * GB, compressed_oops=False
        ),
        {"heap.above-coops-cutoff"},
    ),
    (
        "cms on 17 silently G1",
        replace(
            BASE,
            jvm_version="17.0.15",
            input_arguments=("-XX:+UseConcMarkSweepGC", "-XX:+IgnoreUnrecognizedVMOptions"),
        ),
        {"collector.cms-ignored", "flag.unrecognized", "flag.ignore-unrecognized"},
    ),
    (
        "cms on 14",
        replace(BASE, jvm_version="14.0.2", input_arguments=("-XX:+UseConcMarkSweepGC",)),
        {"collector.cms-ignored"},
    ),
    (
        "cms on 11 deprecated",
        replace(
            BASE,
            jvm_version="11.0.13",
            collectors=("ParNew", "ConcurrentMarkSweep"),
            input_arguments=("-XX:+UseConcMarkSweepGC",),
        ),
        {"collector.cms-deprecated", "flag.deprecated"},
    ),
    (
        "zgc experimental 13",
        replace(
            BASE,
            jvm_version="13.0.2",
            collectors=("ZGC",),
            input_arguments=("-XX:+UnlockExperimentalVMOptions", "-XX:+UseZGC"),
        ),
        {"collector.zgc-experimental"},
    ),
    (
        "zgc breaker trips",
        replace(BASE, collectors=ZGC, input_arguments=("-XX:+UseZGC",), breakers_tripped={"parent": 300}),
        {"collector.zgc-breaker-trips"},
    ),
    (
        "zgc 2 cores",
        replace(BASE, collectors=ZGC, input_arguments=("-XX:+UseZGC",), available_processors=2),
        {"collector.zgc-few-cores"},
    ),
    ("swap unlocked", replace(BASE, mlockall=False, swap_total_bytes=4 * GB), {"memory.swap-not-locked"}),
    (
        "memory lock failed",
        replace(BASE, mlockall=False, settings={"bootstrap.memory_lock": "true"}),
        {"memory.lock-failed"},
    ),
    (
        "large pages no pool",
        replace(
            BASE,
            input_arguments=("-XX:+UseLargePages",),
            host_facts=HostFacts(hugepages_total=0, hugepage_size_bytes=2 << 20),
        ),
        {"memory.large-pages-no-pool"},
    ),
    (
        "thp defrag always",
        replace(BASE, host_facts=HostFacts(thp_enabled="always", thp_defrag="always")),
        {"memory.thp-defrag-always"},
    ),
    ("max_map_count", replace(BASE, host_facts=HostFacts(max_map_count=65530)), {"memory.max-map-count"}),
    (
        "long pause",
        replace(BASE, gc_summary=summary(pauses=DurationStats(100, 9000, 1500, 10, 300, 1500))),
        {"gclog.pause-over-1s", "collector.zgc-candidate"},
    ),
    (
        "p99",
        replace(BASE, gc_summary=summary(pauses=DurationStats(100, 9000, 400, 10, 300, 400))),
        {"gclog.long-p99-pause", "collector.zgc-candidate"},
    ),
    (
        "ttsp",
        replace(BASE, gc_summary=summary(safepoints=SafepointStats(10, 500, 200, 180, 150))),
        {"gclog.time-to-safepoint"},
    ),
    (
        "ttsp small share",
        replace(BASE, gc_summary=summary(safepoints=SafepointStats(10, 500, 400, 60, 50))),
        set(),
    ),
    (
        "full gc + evac",
        replace(BASE, gc_summary=summary(bad_events=BadEvents(full_gc=2, evacuation_failure=3))),
        {"gclog.full-gc", "gclog.evacuation-failure"},
    ),
    (
        "zgc stalls",
        replace(
            BASE,
            collectors=ZGC,
            input_arguments=("-XX:+UseZGC",),
            gc_summary=summary(collector="ZGC-generational", bad_events=BadEvents(allocation_stall=70)),
        ),
        {"gclog.allocation-stall"},
    ),
    ("overhead", replace(BASE, gc_summary=summary(gc_overhead_pct=14.0)), {"gclog.gc-overhead"}),
    (
        "live near heap",
        replace(BASE, gc_summary=summary(live_set_mb=12000.0)),
        {"gclog.live-set-near-heap", "heap.too-small-for-live-set"},
    ),
    (
        "ml heap too big",
        replace(BASE, roles=("ml",), heap_max_bytes=24 * GB, heap_init_bytes=24 * GB),
        {"heap.ml-native-memory"},
    ),
    (
        "zgc candidate",
        replace(
            BASE, gc_summary=summary(pauses=DurationStats(100, 9000, 150, 10, 120, 150), live_set_mb=3000.0)
        ),
        {"collector.zgc-candidate"},
    ),
]


@pytest.mark.parametrize(("case", "node", "want"), ROWS, ids=[r[0] for r in ROWS])
def test_node_rule(case: str, node: NodeFacts, want: set[str]) -> None:
    """Verify that the node gives these warning/critical/candidate findings and no unexpected warnings."""
    got = {f.id for f in analyze(node) if f.severity.value != "info" or f.id == "collector.zgc-candidate"}
    assert got == want, [f.message for f in analyze(node)]
    assert all(f.evidence and f.source for f in analyze(node))


def test_default_heap_is_right() -> None:
    """Verify that a heap equal to ES's automatic size is reported as 'default already right'."""
    node = replace(BASE, heap_max_bytes=24 * GB, heap_init_bytes=24 * GB, ram_bytes=48 * GB)
    assert "heap.default-is-right" in {f.id for f in analyze(node)}
    assert recommend(node).files["heap.options"] == []


@pytest.mark.parametrize(
    ("node", "heap_option", "collector"),
    [
        (replace(BASE, ram_bytes=128 * GB, heap_max_bytes=40 * GB, heap_init_bytes=40 * GB), "-Xmx30g", "G1"),
        (
            replace(BASE, gc_summary=summary(live_set_mb=2000.0)),
            "-Xmx5g",
            "G1",
        ),  # 3x live set 2000 MiB = 6000 → 5g
        (
            replace(BASE, cgroup_memory_limit_bytes=8 * GB, ram_bytes=64 * GB, version="7.10.2"),
            "-Xmx4g",
            "G1",
        ),
        (
            replace(
                BASE,
                host_facts=HostFacts(java=ProbeResult("j", "21.0.1", 21, 29000, 28000)),
                ram_bytes=128 * GB,
                version="7.10.0",
            ),
            "-Xmx27g",
            "G1",
        ),
        (
            replace(
                BASE,
                gc_summary=summary(pauses=DurationStats(100, 9000, 150, 10, 120, 150), live_set_mb=3000.0),
            ),
            "-Xmx10g",
            "ZGC",
        ),  # 3 x 1.25 x 3000 MiB = 11250 MiB → 10g
    ],
)
def test_recommend_heap(node: NodeFacts, heap_option: str, collector: str) -> None:
    """Verify the recommended heap (Xms = Xmx always) and collector."""
    rec = recommend(node)
    options = [line.option for line in rec.files["heap.options"]]
    assert options == [heap_option.replace("Xmx", "Xms"), heap_option]
    assert rec.collector == collector
    gc = rec.files["gc.options"]
    if collector == "ZGC":
        assert [(g.option, g.jdk_range) for g in gc] == [
            ("-XX:-UseG1GC", "21-"),
            ("-XX:+UseZGC", "21-"),
            ("-XX:+ZGenerational", "21-22"),
        ]
    assert rec.to_dict()["files"]["heap.options"][1]["option"] == heap_option


def test_recommend_pools_fallback_and_logging() -> None:
    node = replace(BASE, pools=(MemoryPool("old", 2 * GB, None, 3 * GB),), input_arguments=())
    rec = recommend(node)
    assert any(
        line.jdk_range == "9-" and line.option.startswith("-Xlog:gc*")
        for line in rec.files["logging.options"]
    )


SHIPPED_1G = replace(BASE, version="7.9.3", heap_max_bytes=GB, heap_init_bytes=GB, ram_bytes=32 * GB)


def test_shipped_1g_default_before_auto_heap() -> None:
    """Verify that ES < 7.11 left on jvm.options' -Xms1g -Xmx1g on a big machine is flagged (no auto heap then)."""
    ids = {f.id for f in analyze(SHIPPED_1G)}
    assert "heap.shipped-1g-default" in ids
    assert "heap.shipped-1g-default" not in {f.id for f in analyze(replace(SHIPPED_1G, version="7.11.0"))}


@pytest.mark.parametrize(
    "node",
    [
        NodeFacts(id="a", name="bare"),
        NodeFacts(
            id="b", name="opensearch", distribution="opensearch", version="2.11.0", jvm_version="17.0.8"
        ),
        NodeFacts(id="c", name="jdk8", jvm_version="1.8.0_292", collectors=("ParNew", "ConcurrentMarkSweep")),
        NodeFacts(id="d", name="zgc-no-facts", collectors=ZGC),
    ],
    ids=["bare", "opensearch", "jdk8-cms", "zgc-no-facts"],
)
def test_sparse_nodes_do_not_crash(node: NodeFacts) -> None:
    """Verify that nodes with most facts unknown give findings and a recommendation without errors."""
    analyze(node)
    rec = recommend(node).to_dict()
    assert set(rec["files"]) == {"heap.options", "gc.options", "memory.options", "logging.options"}


def test_pool_peak_is_not_used_as_live_set() -> None:
    """Verify the old-pool peak (an upper bound) does not size the heap down, and the reason says so."""
    node = replace(BASE, pools=(MemoryPool("old", 2 * GB, None, 3 * GB),), version="7.10.0")
    rec = recommend(node)
    assert rec.heap_mb == 30720
    assert "upper bound" in rec.files["heap.options"][1].comment


ES_8_ARGS = (
    # what ES 8.15 passes to the JVM: SystemJvmOptions, jvm.options, auto heap, JvmErgonomics (64 GiB, data node)
    "-Des.networkaddress.cache.ttl=60",
    "-Djava.security.manager=allow",
    "-XX:+AlwaysPreTouch",
    "-Xss1m",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:ReplayDataFile=logs/replay_pid%p.log",
    "--enable-native-access=org.elasticsearch.nativeaccess,org.apache.lucene.core",
    "-XX:+UseG1GC",
    "-Djava.io.tmpdir=/tmp/elasticsearch-4471920236541917380",
    "--add-modules=jdk.incubator.vector",
    "-XX:+HeapDumpOnOutOfMemoryError",
    "-XX:HeapDumpPath=data",
    "-XX:ErrorFile=logs/hs_err_pid%p.log",
    "-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,level,pid,tags:filecount=32,filesize=64m",
    "-Xms31744m",
    "-Xmx31744m",
    "-XX:MaxDirectMemorySize=16642998272",
    "-XX:InitiatingHeapOccupancyPercent=30",
    "-XX:G1ReservePercent=25",
)


def test_es_own_arguments_raise_no_alarm() -> None:
    """Verify a node running exactly ES 8's own JVM arguments gets no warning: only the zero-based info notes."""
    node = replace(BASE, input_arguments=ES_8_ARGS, heap_max_bytes=31744 << 20, heap_init_bytes=31744 << 20)
    findings = analyze(node)
    assert {f.id for f in findings} == {
        "heap.not-zero-based",
        "heap.differs-from-auto",
        "memory.pretouch-big-heap",
    }
    assert all(f.severity.value == "info" for f in findings)
