"""Typed GC events: what the parsers emit and the aggregation reads (gctoolkit's ``event`` package).

Parsers and the aggregation both depend on this module, never on each other. Every event carries
``uptime`` (JVM uptime seconds, or None) and ``epoch`` (wall-clock seconds, or None) from the line's
decorations / date stamps; durations are milliseconds, sizes MiB.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Event:
    uptime: float | None
    epoch: float | None


@dataclass(slots=True)
class Pause(Event):
    """One stop-the-world phase as the JVM logs it with its duration.

    ``kind`` is a stable short name ("Young", "Young (Concurrent Start)", "Mixed", "Remark", "Cleanup",
    "Full", "Initial Mark", "Mark Start", ...). ``generation`` is "young" | "old" | "full" | "" (what the
    collection reclaims: old/full pauses feed the live set). ``gc_id`` is the ``GC(N)`` number or -1.
    """

    duration_ms: float
    kind: str
    generation: str = ""
    gc_id: int = -1
    before_mb: float | None = None
    after_mb: float | None = None
    capacity_mb: float | None = None
    nested: bool = False  # logged inside another pause (CMSScavengeBeforeRemark): time not added twice
    cause: str = (
        ""  # "G1 Evacuation Pause", "G1 Humongous Allocation", "Allocation Failure", "System.gc()"...
    )


@dataclass(slots=True)
class ConcurrentPhase(Event):
    """A concurrent phase or whole concurrent cycle with its duration (``cycle`` True for the cycle)."""

    duration_ms: float
    name: str
    gc_id: int = -1
    cycle: bool = False


@dataclass(slots=True)
class HeapChange(Event):
    """Heap occupancy around a collection that is not itself a pause (ZGC/Shenandoah cycles)."""

    before_mb: float
    after_mb: float
    capacity_mb: float | None = None
    generation: str = ""  # "old"/"full"/"major" collections feed the live set
    duration_ms: float | None = None
    gc_id: int = -1


@dataclass(slots=True)
class OldGenChange(Event):
    """Old generation occupancy before/after a collection (promotion = growth in young pauses).

    ``regions`` True: the values are G1 region counts (``Old regions: 0->5``), converted with the
    region size by the aggregation."""

    before_mb: float
    after_mb: float
    gc_id: int = -1
    regions: bool = False


@dataclass(slots=True)
class Safepoint(Event):
    """A safepoint: total time application threads were stopped and time-to-safepoint (TTSP)."""

    total_ms: float
    time_to_safepoint_ms: float
    operation: str = ""


@dataclass(slots=True)
class AllocationStall(Event):
    """ZGC: a Java thread waited for memory (``Allocation Stall (thread) 12.3ms``)."""

    duration_ms: float
    thread: str = ""


@dataclass(slots=True)
class ToSpaceExhausted(Event):
    """G1 evacuation failure (``To-space exhausted`` / ``(Evacuation Failure)`` / ``(to-space exhausted)``)."""

    gc_id: int = -1


@dataclass(slots=True)
class ConcurrentModeFailure(Event):
    """CMS: the old generation filled before the concurrent cycle finished; a full GC took over."""

    gc_id: int = -1


@dataclass(slots=True)
class Degenerated(Event):
    """Shenandoah: a concurrent cycle degenerated into a stop-the-world one."""

    gc_id: int = -1


@dataclass(slots=True)
class FullGc(Event):
    """Marker for a full collection (emitted with its Pause by collectors that log one)."""

    gc_id: int = -1


@dataclass(slots=True)
class JvmInfo(Event):
    """Header facts: collector banner, JDK version, heap max, region size (any may be None)."""

    collector: str | None = None
    jdk_version: str | None = None
    heap_max_mb: float | None = None
    region_size_mb: float | None = None


@dataclass(slots=True)
class Unparsed(Event):
    """A line that looks like a GC event but matched no rule (counted as ``unparsed_lines``)."""

    text: str = ""


GcEvent = (
    Pause
    | ConcurrentPhase
    | HeapChange
    | OldGenChange
    | Safepoint
    | AllocationStall
    | ToSpaceExhausted
    | ConcurrentModeFailure
    | Degenerated
    | FullGc
    | JvmInfo
    | Unparsed
)
