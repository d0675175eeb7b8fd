"""Elasticsearch's own JVM choices: automatic heap sizing, G1 ergonomics, default jvm.options and the
bundled JDK per version.

Sources: ES ``distribution/tools/server-cli/.../MachineDependentHeap.java`` (automatic heap, 7.11+,
es#65905), ``JvmErgonomics.java`` (es#59667), ``JvmOptionsParser.java``, ``distribution/src/config/
jvm.options`` across 6.x/7.x/8.x (es#33685, es#49123), bundled JDK upgrade PRs (FACTS.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.facts.versions import version_tuple

MIB = 1024 * 1024
GIB = 1024 * MIB

MAX_HEAP_BYTES = 31 * GIB
"""MachineDependentHeap.MAX_HEAP_SIZE: the auto heap never exceeds 31 GiB (any collector)."""
MIN_HEAP_BYTES = 128 * MIB
"""MachineDependentHeap.MIN_HEAP_SIZE: floor for tiny machines."""
DEFAULT_HEAP_MB = 1024
"""MachineDependentHeap UNKNOWN role (unparsable elasticsearch.yml) and the ``-Xms1g -Xmx1g`` that
config/jvm.options shipped before 7.11 (ES:jvm.options 6.x/7.x)."""
AUTO_HEAP_SINCE = (7, 11)
ERGONOMICS_SINCE = (7, 11)
G1_SMALL_HEAP_BYTES = 8 * GIB
"""JvmErgonomics.tuneG1GCForSmallHeap: below 8 GiB ES sets G1HeapRegionSize=4m and G1ReservePercent=15 (else 25)."""
ML_FULL_SHARE_BYTES = 16 * GIB
"""MachineDependentHeap ML_ONLY: 40 % of memory up to 16 GiB, 10 % of the memory above it."""
SOURCE_AUTO_HEAP = (
    "ES:MachineDependentHeap (distribution/tools/server-cli), es#65905; ES docs 'Set the JVM heap size'"
)
SOURCE_ERGONOMICS = "ES:JvmErgonomics.choose (distribution/tools/server-cli), es#59667"


class MachineRole:
    """MachineDependentHeap.MachineNodeRole."""

    MASTER_ONLY = "master_only"
    ML_ONLY = "ml_only"
    DATA = "data"  # anything else, including coordinating-only (empty node.roles)


def machine_role(roles: tuple[str, ...] | list[str]) -> str:
    """NodeRoleParser.parse: only ``master`` → MASTER_ONLY; ``ml`` (+ optional ``remote_cluster_client``)
    only → ML_ONLY; otherwise (including no roles) DATA."""
    roleset = set(roles)
    if roleset and roleset <= {"master"}:
        return MachineRole.MASTER_ONLY
    if "ml" in roleset and roleset <= {"ml", "remote_cluster_client"}:
        return MachineRole.ML_ONLY
    return MachineRole.DATA


def role_label(roles: tuple[str, ...] | list[str]) -> str:
    """How a person would call the node: dedicated master, ML-only, coordinating-only, data."""
    if not roles:
        return "coordinating-only (sized like a data node by ES)"
    return {
        MachineRole.MASTER_ONLY: "dedicated master",
        MachineRole.ML_ONLY: "ML-only",
    }.get(machine_role(roles), "data/ingest")


def auto_heap_mb(ram_bytes: int, roles: tuple[str, ...] | list[str]) -> int:
    """The heap ES ≥7.11 picks by itself (``-Xms<N>m -Xmx<N>m``) for this RAM and these roles."""
    role = machine_role(roles)
    if role == MachineRole.MASTER_ONLY:
        return min(int(ram_bytes * 0.6), MAX_HEAP_BYTES) // MIB
    if role == MachineRole.ML_ONLY:
        if ram_bytes <= ML_FULL_SHARE_BYTES:
            heap = int(ram_bytes * 0.4)
        else:
            heap = int(
                min(ML_FULL_SHARE_BYTES * 0.4 + (ram_bytes - ML_FULL_SHARE_BYTES) * 0.1, MAX_HEAP_BYTES)
            )
        return 4 * (heap // (4 * MIB))
    if ram_bytes < GIB:
        return max(int(ram_bytes * 0.4), MIN_HEAP_BYTES) // MIB
    return min(int(ram_bytes * 0.5), MAX_HEAP_BYTES) // MIB


def has_auto_heap(es_version: str | None) -> bool | None:
    """Does this ES version size the heap by itself? None when the version is unknown."""
    vt = version_tuple(es_version)
    if not vt:
        return None
    return vt[:2] >= AUTO_HEAP_SINCE


@dataclass(frozen=True)
class G1Ergonomics:
    """What JvmErgonomics adds for G1 when the user did not set the option."""

    g1_heap_region_size: str | None
    initiating_heap_occupancy_percent: int
    g1_reserve_percent: int
    max_direct_memory_bytes: int


def g1_ergonomics(heap_bytes: int) -> G1Ergonomics:
    """JvmErgonomics: heaps < 8 GiB get G1HeapRegionSize=4m and G1ReservePercent=15, larger 25;
    IHOP=30 always; MaxDirectMemorySize = heap / 2 (any collector)."""
    small = heap_bytes < G1_SMALL_HEAP_BYTES
    return G1Ergonomics(
        g1_heap_region_size="4m" if small else None,
        initiating_heap_occupancy_percent=30,
        g1_reserve_percent=15 if small else 25,
        max_direct_memory_bytes=heap_bytes // 2,
    )


@dataclass(frozen=True)
class EsDefaults:
    """Default GC lines of ``config/jvm.options`` and the bundled JDK for an ES release line."""

    since: tuple[int, int, int]
    gc_lines: tuple[str, ...]
    bundled_jdk: int | None
    source: str


ES_DEFAULTS: tuple[EsDefaults, ...] = (
    EsDefaults(
        (6, 0, 0),
        (
            "-XX:+UseConcMarkSweepGC",
            "-XX:CMSInitiatingOccupancyFraction=75",
            "-XX:+UseCMSInitiatingOccupancyOnly",
        ),
        None,
        "ES:jvm.options 6.x; no bundled JDK before 7.0 (es#40229)",
    ),
    EsDefaults(
        (7, 0, 0),
        (
            "-XX:+UseConcMarkSweepGC",
            "-XX:CMSInitiatingOccupancyFraction=75",
            "-XX:+UseCMSInitiatingOccupancyOnly",
        ),
        12,
        "ES:jvm.options 7.0; bundled JDK 12 (es#41132)",
    ),
    EsDefaults(
        (7, 4, 0),
        (
            "-XX:+UseConcMarkSweepGC",
            "-XX:CMSInitiatingOccupancyFraction=75",
            "-XX:+UseCMSInitiatingOccupancyOnly",
        ),
        13,
        "bundled JDK 13 (es#48018)",
    ),
    EsDefaults(
        (7, 6, 0),
        (
            "8-13:-XX:+UseConcMarkSweepGC",
            "8-13:-XX:CMSInitiatingOccupancyFraction=75",
            "8-13:-XX:+UseCMSInitiatingOccupancyOnly",
            "14-:-XX:+UseG1GC",
        ),
        13,
        "ES:jvm.options 7.x (es#49123; exact first release unconfirmed)",
    ),
    EsDefaults(
        (7, 9, 2),
        (
            "8-13:-XX:+UseConcMarkSweepGC",
            "8-13:-XX:CMSInitiatingOccupancyFraction=75",
            "8-13:-XX:+UseCMSInitiatingOccupancyOnly",
            "14-:-XX:+UseG1GC",
        ),
        15,
        "bundled JDK 15 (es#51361)",
    ),
    EsDefaults(
        (7, 15, 0),
        (
            "8-13:-XX:+UseConcMarkSweepGC",
            "8-13:-XX:CMSInitiatingOccupancyFraction=75",
            "8-13:-XX:+UseCMSInitiatingOccupancyOnly",
            "14-:-XX:+UseG1GC",
        ),
        17,
        "bundled JDK 17 (es#80034)",
    ),
    EsDefaults((8, 0, 0), ("-XX:+UseG1GC",), 17, "ES:jvm.options 8.x; bundled JDK 17 (es#83291)"),
    EsDefaults((8, 7, 1), ("-XX:+UseG1GC",), 20, "bundled JDK 20 (es#95171)"),
    EsDefaults((8, 12, 0), ("-XX:+UseG1GC",), 21, "bundled JDK 21 (es#104485)"),
    EsDefaults((8, 18, 0), ("-XX:+UseG1GC",), 24, "bundled JDK 24 (es#125159)"),
)


def es_defaults(es_version: str | None) -> EsDefaults | None:
    vt = version_tuple(es_version)
    if not vt:
        return None
    vt3 = (*vt, 0, 0, 0)[:3]
    chosen = None
    for entry in ES_DEFAULTS:
        if vt3 >= entry.since:
            chosen = entry
    return chosen


GC_LOG_OPTION = (
    "-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,level,pid,tags:filecount=32,filesize=64m"
)
"""ES 8.7+ jvm.options GC logging line (es#92382): ~2 GB of rotated logs."""
