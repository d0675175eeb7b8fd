"""Collectors and HotSpot flags per JDK feature release 8..25: when each exists, needs an unlock,
is deprecated, obsolete (ignored) or expired (refused), and what HotSpot prints in each state.

How HotSpot treats a flag on the command line (``runtime/arguments.cpp``, ``special_jvm_flags``;
the lookup ignores the ``+``/``-`` sign, so ``-XX:-UseConcMarkSweepGC`` is refused exactly like
``-XX:+UseConcMarkSweepGC``):

- *deprecated*: still applied, warning ``Option X was deprecated in version N.0 and will likely be
  removed in a future release.``
- *obsolete*: accepted but ignored, warning ``Ignoring option X; support was removed in N.0``.
- *expired* (or never declared): ``Unrecognized VM option 'X'`` and ``Error: Could not create the
  Java Virtual Machine.`` — the JVM does not start.
- *experimental* / *diagnostic*: refused unless ``-XX:+UnlockExperimentalVMOptions`` /
  ``-XX:+UnlockDiagnosticVMOptions`` comes *before* it.

Sources: the ``special_jvm_flags`` tables of jdk14u/jdk17u/jdk21u/jdk25 (``src/hotspot/share/runtime/
arguments.cpp``), JEP 158/271 (unified logging; the JDK 8 GC logging flags were removed in 9 without a
transition, JDK-8145092), JEP 214 (CMS incremental mode, ParNew+Serial removed in 9), JEP 291/363 (CMS
deprecated 9, removed 14), JEP 333/377 (ZGC experimental 11, product 15), JEP 351 (ZUncommit, 13),
JEP 439/474/490 (generational ZGC 21, default 23, non-generational removed 24), JEP 189/379
(Shenandoah experimental 12, product 15), JEP 366 (ParallelOld deprecated 14), JEP 450/519 (compact
object headers experimental 24, product 25). Every entry is checked against real JDK 11/17/21/25 by
``tests/facts/test_jdk_flags_realjvm.py``; the other feature releases come from the tables above.

The names of every flag that real JDK 11/17/21/25 builds declare are stored beside this module
(``data/hotspot_flags_jdkN.txt``, from ``-XX:+PrintFlagsFinal``) so that a typo or an unknown flag is
caught even when it is not in this table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

MIN_JDK = 8
MAX_JDK = 25
ALL_JDKS = tuple(range(MIN_JDK, MAX_JDK + 1))
MEASURED_JDKS = (11, 17, 21, 25)
"""Feature releases whose declared flag names are stored in ``data/`` (measured on real builds)."""

ARGS_14 = "HotSpot runtime/arguments.cpp special_jvm_flags (jdk14u)"
ARGS_17 = "HotSpot runtime/arguments.cpp special_jvm_flags (jdk17u)"
ARGS_25 = "HotSpot runtime/arguments.cpp special_jvm_flags (jdk25)"
JEP_CMS = "JEP 291 (CMS deprecated in 9), JEP 363 (CMS removed in 14); " + ARGS_14
JEP_UL = "JEP 158/271: JDK 9 unified logging replaced the JDK 8 GC logging flags (JDK-8145092)"
JEP_ZGC = "JEP 333 (ZGC experimental in 11), JEP 377 (product in 15)"
JEP_GENZ = (
    "JEP 439 (generational ZGC, 21), JEP 474 (default in 23), JEP 490 (non-generational removed, 24); "
    + ARGS_25
)
JEP_SHEN = "JEP 189 (Shenandoah experimental in 12), JEP 379 (product in 15); in 8u/11u only in vendor builds"


class FlagState(StrEnum):
    """What a JDK does with a flag."""

    ABSENT = "absent"  # not declared yet: Unrecognized VM option
    EXPERIMENTAL = "experimental"  # refused unless UnlockExperimentalVMOptions precedes it
    DIAGNOSTIC = "diagnostic"  # refused unless UnlockDiagnosticVMOptions precedes it
    PRODUCT = "product"
    DEPRECATED = "deprecated"  # applied, with a warning
    OBSOLETE = "obsolete"  # ignored, with a warning
    EXPIRED = "expired"  # Unrecognized VM option
    BUILD_DEPENDENT = "build-dependent"  # exists in some vendors' builds of this release only

    @property
    def refused(self) -> bool:
        """The JVM does not start when this flag is given (without an unlock)."""
        return self in (FlagState.ABSENT, FlagState.EXPIRED, FlagState.EXPERIMENTAL, FlagState.DIAGNOSTIC)


class Outcome(StrEnum):
    """What ``java -XX:<flag> -version`` does: the prediction the real-JVM tests check."""

    STARTS = "starts"
    DEPRECATION_WARNING = "deprecation-warning"
    IGNORED = "ignored"
    UNRECOGNIZED = "unrecognized"
    NEEDS_UNLOCK = "needs-unlock"
    EITHER = "either"  # build-dependent


@dataclass(frozen=True)
class JvmFlag:
    """One HotSpot flag (or ``-X`` option) and its lifecycle.

    ``introduced`` is the first feature release that declares it (8 means "8 or earlier");
    ``experimental``/``diagnostic`` are inclusive (first, last) ranges needing an unlock;
    ``deprecated``/``obsolete``/``expired`` are the releases from which that state applies.
    ``alias_message`` replaces the generic deprecation text for JDK 9+ logging aliases.
    """

    name: str
    category: str  # gc | heap | memory | logging | diagnostics | runtime | container
    source: str
    kind: str = "bool"  # bool | value | x (a standard -X option)
    introduced: int = MIN_JDK
    experimental: tuple[int, int] | None = None
    diagnostic: tuple[int, int] | None = None
    deprecated: int | None = None
    obsolete: int | None = None
    expired: int | None = None
    build_dependent: tuple[int, ...] = ()
    collector: str | None = None  # the collector the flag belongs to / selects
    alias_message: str | None = None
    note: str = ""

    def state(self, jdk: int) -> FlagState:
        if jdk in self.build_dependent:
            return FlagState.BUILD_DEPENDENT
        if self.expired is not None and jdk >= self.expired:
            return FlagState.EXPIRED
        if jdk < self.introduced:
            return FlagState.ABSENT
        if self.obsolete is not None and jdk >= self.obsolete:
            return FlagState.OBSOLETE
        if self.deprecated is not None and jdk >= self.deprecated:
            return FlagState.DEPRECATED
        if self.experimental and self.experimental[0] <= jdk <= self.experimental[1]:
            return FlagState.EXPERIMENTAL
        if self.diagnostic and self.diagnostic[0] <= jdk <= self.diagnostic[1]:
            return FlagState.DIAGNOSTIC
        return FlagState.PRODUCT

    def outcome(self, jdk: int) -> Outcome:
        return {
            FlagState.ABSENT: Outcome.UNRECOGNIZED,
            FlagState.EXPIRED: Outcome.UNRECOGNIZED,
            FlagState.EXPERIMENTAL: Outcome.NEEDS_UNLOCK,
            FlagState.DIAGNOSTIC: Outcome.NEEDS_UNLOCK,
            FlagState.PRODUCT: Outcome.STARTS,
            FlagState.DEPRECATED: Outcome.DEPRECATION_WARNING,
            FlagState.OBSOLETE: Outcome.IGNORED,
            FlagState.BUILD_DEPENDENT: Outcome.EITHER,
        }[self.state(jdk)]

    def hotspot_message(self, jdk: int, spelled: str | None = None) -> str | None:
        """The line HotSpot prints for this flag on JDK ``jdk`` (None when it prints nothing).

        ``spelled`` is the option as written after ``-XX:`` without sign (``NumberOfGCLogFiles=32``):
        HotSpot echoes it in "Unrecognized VM option".
        """
        state = self.state(jdk)
        shown = spelled or self.name
        if state in (FlagState.ABSENT, FlagState.EXPIRED):
            return f"Unrecognized VM option '{shown}'"
        if state is FlagState.OBSOLETE:
            return f"Ignoring option {self.name}; support was removed in {self.obsolete}.0"
        if state is FlagState.DEPRECATED:
            if self.alias_message:
                return self.alias_message
            return (
                f"Option {self.name} was deprecated in version {self.deprecated}.0 "
                "and will likely be removed in a future release."
            )
        if state is FlagState.EXPERIMENTAL:
            return (
                f"Error: VM option '{self.name}' is experimental and must be enabled via "
                "-XX:+UnlockExperimentalVMOptions."
            )
        if state is FlagState.DIAGNOSTIC:
            return (
                f"Error: VM option '{self.name}' is diagnostic and must be enabled via "
                "-XX:+UnlockDiagnosticVMOptions."
            )
        return None

    def exists_range(self) -> tuple[int, int | None]:
        """(first, last) JDK where the JVM accepts the flag at all (last None = still accepted in 25)."""
        last = None if self.expired is None else self.expired - 1
        return self.introduced, last


def _cms(name: str, kind: str = "value") -> JvmFlag:
    return JvmFlag(
        name,
        "gc",
        JEP_CMS,
        kind=kind,
        obsolete=14,
        expired=15,
        collector="CMS",
        note="CMS tuning; silently accepted on 9-13 (only UseConcMarkSweepGC itself warns)",
    )


def _jdk8_logging(name: str, kind: str = "bool", replacement: str = "") -> JvmFlag:
    return JvmFlag(name, "logging", JEP_UL, kind=kind, expired=9, note=f"JDK 8 only; on 9+ use {replacement}")


_GC_LOG_9 = (
    "-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,level,pid,tags:filecount=32,filesize=64m"
)

FLAGS: tuple[JvmFlag, ...] = (
    # --- collector selection -------------------------------------------------------------------
    JvmFlag("UseSerialGC", "gc", "HotSpot gc_globals.hpp", collector="Serial"),
    JvmFlag(
        "UseParallelGC", "gc", "HotSpot gc_globals.hpp; default on server-class JDK 8", collector="Parallel"
    ),
    JvmFlag(
        "UseParallelOldGC",
        "gc",
        "JEP 366; " + ARGS_14,
        deprecated=14,
        obsolete=15,
        expired=16,
        collector="Parallel",
    ),
    JvmFlag(
        "UseConcMarkSweepGC",
        "gc",
        JEP_CMS,
        deprecated=9,
        obsolete=14,
        expired=15,
        collector="CMS",
        note="Either sign: JDK 14 ignores it and runs G1, JDK 15+ refuses to start.",
    ),
    JvmFlag(
        "UseParNewGC",
        "gc",
        "JEP 214 / JDK-8173421: ParNew deprecated in 9, removed in 10",
        deprecated=9,
        expired=10,
        collector="CMS",
    ),
    JvmFlag("UseG1GC", "gc", "JEP 248 (G1 default from 9)", collector="G1"),
    JvmFlag("UseZGC", "gc", JEP_ZGC, introduced=11, experimental=(11, 14), collector="ZGC"),
    JvmFlag(
        "ZGenerational",
        "gc",
        JEP_GENZ,
        introduced=21,
        deprecated=23,
        obsolete=24,
        collector="ZGC",
        note="21-22: default false (+ZGenerational opts in); 23: default true, deprecated; 24+: only generational",
    ),
    JvmFlag(
        "UseShenandoahGC",
        "gc",
        JEP_SHEN,
        introduced=12,
        experimental=(12, 14),
        build_dependent=(8, 11),
        collector="Shenandoah",
        note="in 11 a product flag of builds with the 11.0.9+ backport (Temurin, Red Hat); absent from Oracle builds",
    ),
    JvmFlag("UseEpsilonGC", "gc", "JEP 318 (Epsilon, experimental)", introduced=11, experimental=(11, 25)),
    # --- CMS tuning that Elasticsearch shipped (6.x-7.x jvm.options) and common companions --------
    _cms("CMSInitiatingOccupancyFraction"),
    _cms("UseCMSInitiatingOccupancyOnly", "bool"),
    _cms("CMSParallelRemarkEnabled", "bool"),
    _cms("CMSScavengeBeforeRemark", "bool"),
    _cms("CMSClassUnloadingEnabled", "bool"),
    _cms("CMSMaxAbortablePrecleanTime"),
    _cms("CMSParallelInitialMarkEnabled", "bool"),
    _cms("CMSConcurrentMTEnabled", "bool"),
    JvmFlag(
        "CMSIncrementalMode",
        "gc",
        "JEP 214: CMS incremental mode removed in 9",
        expired=9,
        collector="CMS",
    ),
    # --- G1 ----------------------------------------------------------------------------------------
    JvmFlag(
        "G1HeapRegionSize",
        "gc",
        "HotSpot g1_globals.hpp; ES:JvmErgonomics sets 4m below 8 GiB",
        kind="value",
        collector="G1",
    ),
    JvmFlag(
        "G1ReservePercent",
        "gc",
        "HotSpot g1_globals.hpp; ES:JvmErgonomics 15/25",
        kind="value",
        collector="G1",
    ),
    JvmFlag(
        "InitiatingHeapOccupancyPercent", "gc", "HotSpot gc_globals.hpp; ES:JvmErgonomics 30", kind="value"
    ),
    JvmFlag(
        "G1NewSizePercent",
        "gc",
        "HotSpot g1_globals.hpp (experimental)",
        kind="value",
        experimental=(8, 25),
        collector="G1",
    ),
    JvmFlag(
        "G1MaxNewSizePercent",
        "gc",
        "HotSpot g1_globals.hpp (experimental)",
        kind="value",
        experimental=(8, 25),
        collector="G1",
    ),
    JvmFlag("G1UseAdaptiveIHOP", "gc", "JDK-8136677 adaptive IHOP (9)", introduced=9, collector="G1"),
    JvmFlag("G1PeriodicGCInterval", "gc", "JEP 346 (12)", kind="value", introduced=12, collector="G1"),
    JvmFlag(
        "G1RSetScanBlockSize",
        "gc",
        ARGS_14,
        kind="value",
        deprecated=14,
        obsolete=15,
        expired=16,
        collector="G1",
    ),
    JvmFlag("MaxGCPauseMillis", "gc", "HotSpot gc_globals.hpp", kind="value"),
    JvmFlag("ParallelGCThreads", "gc", "HotSpot gc_globals.hpp", kind="value"),
    JvmFlag("ConcGCThreads", "gc", "HotSpot gc_globals.hpp", kind="value"),
    JvmFlag("UseStringDeduplication", "gc", "JEP 192 (G1, 8u20); all collectors from 18 (JDK-8272609)"),
    JvmFlag("DisableExplicitGC", "gc", "HotSpot gc_globals.hpp"),
    JvmFlag("ExplicitGCInvokesConcurrent", "gc", "HotSpot gc_globals.hpp"),
    JvmFlag("UseCondCardMark", "gc", "HotSpot gc_globals.hpp"),
    # --- ZGC tuning ----------------------------------------------------------------------------------
    JvmFlag(
        "ZCollectionInterval",
        "gc",
        "HotSpot z_globals.hpp; generational: alias of ZCollectionIntervalMajor (zArguments.cpp)",
        kind="value",
        introduced=11,
        collector="ZGC",
    ),
    JvmFlag("ZCollectionIntervalMajor", "gc", JEP_GENZ, kind="value", introduced=21, collector="ZGC"),
    JvmFlag("ZCollectionIntervalMinor", "gc", JEP_GENZ, kind="value", introduced=21, collector="ZGC"),
    JvmFlag(
        "ZAllocationSpikeTolerance",
        "gc",
        "HotSpot z_globals.hpp",
        kind="value",
        introduced=11,
        collector="ZGC",
    ),
    JvmFlag(
        "ZFragmentationLimit", "gc", "HotSpot z_globals.hpp", kind="value", introduced=11, collector="ZGC"
    ),
    JvmFlag("ZUncommit", "gc", "JEP 351 (13)", introduced=13, collector="ZGC"),
    JvmFlag("ZUncommitDelay", "gc", "JEP 351 (13)", kind="value", introduced=13, collector="ZGC"),
    JvmFlag(
        "ZProactive",
        "gc",
        "HotSpot z_globals.hpp (diagnostic in 11-12, product since 13)",
        introduced=11,
        diagnostic=(11, 12),
        collector="ZGC",
    ),
    JvmFlag("SoftMaxHeapSize", "heap", "JDK-8222145 (13)", kind="value", introduced=13),
    # --- heap sizing -------------------------------------------------------------------------------
    JvmFlag("Xms", "heap", "java launcher -X options", kind="x"),
    JvmFlag("Xmx", "heap", "java launcher -X options", kind="x"),
    JvmFlag("Xmn", "heap", "java launcher -X options", kind="x"),
    JvmFlag("Xss", "runtime", "java launcher -X options", kind="x"),
    JvmFlag("InitialHeapSize", "heap", "HotSpot gc_globals.hpp (same as -Xms)", kind="value"),
    JvmFlag("MaxHeapSize", "heap", "HotSpot gc_globals.hpp (same as -Xmx)", kind="value"),
    JvmFlag("MinHeapSize", "heap", "JDK-8223767 (13)", kind="value", introduced=13),
    JvmFlag("NewSize", "heap", "HotSpot gc_globals.hpp", kind="value"),
    JvmFlag("MaxNewSize", "heap", "HotSpot gc_globals.hpp", kind="value"),
    JvmFlag("NewRatio", "heap", "HotSpot gc_globals.hpp", kind="value"),
    JvmFlag(
        "MaxDirectMemorySize", "memory", "HotSpot globals.hpp; ES:JvmErgonomics sets heap/2", kind="value"
    ),
    JvmFlag(
        "MaxRAMPercentage",
        "container",
        "JDK-8186248 (10; 8u191 backport)",
        kind="value",
        introduced=10,
        build_dependent=(8,),
    ),
    JvmFlag(
        "InitialRAMPercentage",
        "container",
        "JDK-8186248 (10; 8u191 backport)",
        kind="value",
        introduced=10,
        build_dependent=(8,),
    ),
    JvmFlag(
        "MaxRAMFraction",
        "container",
        ARGS_17 + " (deprecated 10); not declared by JDK 25",
        kind="value",
        deprecated=10,
        expired=25,
    ),
    JvmFlag(
        "UseContainerSupport",
        "container",
        "JDK-8146115 (10; 8u191 backport)",
        introduced=10,
        build_dependent=(8,),
    ),
    JvmFlag(
        "UseCGroupMemoryLimitForHeap",
        "container",
        "JDK-8170888 (experimental, 8u131/9), JDK-8194086 (removed in 11)",
        experimental=(8, 10),
        deprecated=10,
        expired=11,
    ),
    JvmFlag(
        "ActiveProcessorCount",
        "container",
        "JDK-8146115 (10)",
        kind="value",
        introduced=10,
        build_dependent=(8,),
    ),
    JvmFlag("UseCompressedOops", "heap", "HotSpot globals.hpp; ZGC forces it off (zArguments.cpp)"),
    JvmFlag("UseCompressedClassPointers", "heap", ARGS_25 + " (deprecated 25, obsolete 26)", deprecated=25),
    JvmFlag(
        "UseCompactObjectHeaders",
        "heap",
        "JEP 450 (experimental 24), JEP 519 (product 25)",
        introduced=24,
        experimental=(24, 24),
    ),
    JvmFlag("ObjectAlignmentInBytes", "heap", "HotSpot globals.hpp (lp64)", kind="value"),
    # --- memory / pages ----------------------------------------------------------------------------
    JvmFlag("AlwaysPreTouch", "memory", "HotSpot gc_globals.hpp; ES:SystemJvmOptions"),
    JvmFlag("UseLargePages", "memory", "HotSpot globals.hpp; needs a hugetlbfs pool (vm.nr_hugepages)"),
    JvmFlag("UseTransparentHugePages", "memory", "HotSpot globals_linux.hpp (madvise on the heap)"),
    JvmFlag("LargePageSizeInBytes", "memory", "HotSpot globals.hpp", kind="value"),
    JvmFlag("UseNUMA", "memory", "HotSpot globals.hpp"),
    # --- out of memory / diagnostics ---------------------------------------------------------------
    JvmFlag("HeapDumpOnOutOfMemoryError", "diagnostics", "HotSpot globals.hpp; ES jvm.options"),
    JvmFlag("HeapDumpPath", "diagnostics", "HotSpot globals.hpp; ES jvm.options", kind="value"),
    JvmFlag("ExitOnOutOfMemoryError", "diagnostics", "JDK-8138745 (8u92)"),
    JvmFlag("CrashOnOutOfMemoryError", "diagnostics", "JDK-8138745 (8u92)"),
    JvmFlag("ErrorFile", "diagnostics", "HotSpot globals.hpp; ES jvm.options", kind="value"),
    JvmFlag("OmitStackTraceInFastThrow", "diagnostics", "HotSpot c2_globals; ES jvm.options ships -XX:-"),
    JvmFlag("PrintFlagsFinal", "diagnostics", "HotSpot globals.hpp"),
    JvmFlag("UnlockExperimentalVMOptions", "runtime", "HotSpot globals.hpp"),
    JvmFlag("UnlockDiagnosticVMOptions", "runtime", "HotSpot globals.hpp"),
    JvmFlag(
        "IgnoreUnrecognizedVMOptions",
        "runtime",
        "HotSpot globals.hpp; hides refused flags (PojavLauncher#2616)",
    ),
    JvmFlag(
        "AggressiveOpts",
        "runtime",
        "HotSpot runtime/arguments.cpp special_jvm_flags (jdk12u): deprecated 11, obsolete 12, expired 13",
        deprecated=11,
        obsolete=12,
        expired=13,
    ),
    JvmFlag(
        "UseBiasedLocking",
        "runtime",
        "JEP 374 (deprecated 15); " + ARGS_17 + " (obsolete 18, expired 19)",
        deprecated=15,
        obsolete=18,
        expired=19,
    ),
    # --- logging: JDK 8 flags removed in 9, and the JDK 9+ aliases ----------------------------------
    JvmFlag(
        "PrintGCDetails",
        "logging",
        JEP_UL,
        deprecated=9,
        alias_message="-XX:+PrintGCDetails is deprecated. Will use -Xlog:gc* instead.",
        note="alias of -Xlog:gc* on 9+, logging to stdout",
    ),
    JvmFlag(
        "PrintGC",
        "logging",
        JEP_UL,
        deprecated=9,
        alias_message="-XX:+PrintGC is deprecated. Will use -Xlog:gc instead.",
    ),
    JvmFlag(
        "Xloggc",
        "logging",
        JEP_UL,
        kind="x",
        deprecated=9,
        alias_message="-Xloggc is deprecated. Will use -Xlog:gc:<file> instead.",
    ),
    JvmFlag(
        "PrintCompressedOopsMode",
        "logging",
        "JDK 8 diagnostic; 9+ alias of -Xlog:gc+heap+coops=info (jdk14u aliased_logging_flags); refused by JDK 17 (expiry in 15 or 16 unconfirmed)",
        diagnostic=(8, 8),
        deprecated=9,
        expired=16,
        alias_message="-XX:+PrintCompressedOopsMode is deprecated. Will use -Xlog:gc+heap+coops=info instead.",
    ),
    _jdk8_logging("PrintGCDateStamps", replacement="the utctime decorator of -Xlog"),
    _jdk8_logging("PrintGCTimeStamps", replacement="the uptime decorator of -Xlog"),
    _jdk8_logging("PrintGCApplicationStoppedTime", replacement="-Xlog:safepoint"),
    _jdk8_logging("PrintGCApplicationConcurrentTime", replacement="-Xlog:safepoint"),
    _jdk8_logging("PrintTenuringDistribution", replacement="-Xlog:gc+age=trace"),
    _jdk8_logging("PrintAdaptiveSizePolicy", replacement="-Xlog:gc+ergo*=trace"),
    _jdk8_logging("PrintHeapAtGC", replacement="-Xlog:gc+heap=debug"),
    _jdk8_logging("PrintPromotionFailure", replacement="-Xlog:gc+promotion=debug"),
    _jdk8_logging("PrintGCCause", replacement="-Xlog:gc (causes are always printed)"),
    _jdk8_logging("UseGCLogFileRotation", replacement="-Xlog:...:filecount=N,filesize=S"),
    _jdk8_logging("NumberOfGCLogFiles", "value", replacement="-Xlog:...:filecount=N"),
    _jdk8_logging("GCLogFileSize", "value", replacement="-Xlog:...:filesize=S"),
)

BY_NAME: dict[str, JvmFlag] = {flag.name: flag for flag in FLAGS}

# --------------------------------------------------------------------------------------------------
# Collectors


@dataclass(frozen=True)
class Collector:
    """A garbage collector and when it can be selected."""

    name: str  # as GcSummary.collector names it: G1, CMS, ZGC, Parallel, Serial, Shenandoah
    flag: str
    introduced: int
    experimental_until: int | None  # last release needing UnlockExperimentalVMOptions
    removed: int | None  # first release where selecting it fails or is ignored
    compressed_oops: bool  # can use compressed oops
    source: str
    beans: tuple[str, ...] = ()  # GarbageCollectorMXBean names as _nodes jvm.gc_collectors lists them

    def selectable(self, jdk: int) -> bool:
        return jdk >= self.introduced and (self.removed is None or jdk < self.removed)


COLLECTORS: dict[str, Collector] = {
    c.name: c
    for c in (
        Collector("Serial", "UseSerialGC", 8, None, None, True, "HotSpot", ("Copy", "MarkSweepCompact")),
        Collector(
            "Parallel", "UseParallelGC", 8, None, None, True, "HotSpot", ("PS Scavenge", "PS MarkSweep")
        ),
        Collector("CMS", "UseConcMarkSweepGC", 8, None, 14, True, JEP_CMS, ("ParNew", "ConcurrentMarkSweep")),
        Collector(
            "G1",
            "UseG1GC",
            8,
            None,
            None,
            True,
            "JEP 248",
            ("G1 Young Generation", "G1 Old Generation", "G1 Concurrent GC"),
        ),
        Collector(
            "ZGC",
            "UseZGC",
            11,
            14,
            None,
            False,
            JEP_ZGC + "; zArguments.cpp sets UseCompressedOops=false",
            (
                "ZGC",
                "ZGC Cycles",
                "ZGC Pauses",
                "ZGC Minor Cycles",
                "ZGC Minor Pauses",
                "ZGC Major Cycles",
                "ZGC Major Pauses",
            ),
        ),
        Collector(
            "Shenandoah",
            "UseShenandoahGC",
            12,
            14,
            None,
            True,
            JEP_SHEN,
            ("Shenandoah Cycles", "Shenandoah Pauses"),
        ),
    )
}

COLLECTOR_FLAGS = {c.flag: c for c in COLLECTORS.values()}


def default_collector(jdk: int) -> str:
    """The collector a server-class machine gets with no selection flag (G1 from 9, JEP 248)."""
    return "Parallel" if jdk <= 8 else "G1"


def collector_from_beans(beans: tuple[str, ...] | list[str]) -> str | None:
    """Which collector a node runs, from its ``jvm.gc_collectors`` bean names."""
    names = set(beans)
    for collector in COLLECTORS.values():
        if names & set(collector.beans):
            if collector.name == "ZGC" and names & {"ZGC Minor Cycles", "ZGC Major Cycles"}:
                return "ZGC-generational"
            return collector.name
    return None


def generational_zgc(jdk: int, zgenerational: bool | None) -> bool:
    """Does ``-XX:+UseZGC`` run generational ZGC on this JDK with this ZGenerational setting?"""
    if jdk >= 24:
        return True
    if jdk >= 23:
        return zgenerational is not False
    if jdk >= 21:
        return zgenerational is True
    return False


# --------------------------------------------------------------------------------------------------
# Declared flag names measured on real builds


@functools.cache
def measured_flags(jdk: int) -> dict[str, str]:
    """name → kind (product/experimental/diagnostic/manageable) declared by a real JDK ``jdk`` build."""
    if jdk not in MEASURED_JDKS:
        return {}
    text = resources.files("advisor.facts").joinpath("data", f"hotspot_flags_jdk{jdk}.txt").read_text()
    result: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, kind = line.split()
        result[name] = kind
    return result


def nearest_measured(jdk: int) -> tuple[int, ...]:
    """Measured releases to consult for ``jdk``: itself, or the ones just below and above."""
    if jdk in MEASURED_JDKS:
        return (jdk,)
    lower = [m for m in MEASURED_JDKS if m < jdk]
    upper = [m for m in MEASURED_JDKS if m > jdk]
    return tuple(x for x in (lower[-1] if lower else None, upper[0] if upper else None) if x is not None)


class Known(StrEnum):
    YES = "yes"
    NO = "no"
    PROBABLY = "probably"  # declared by a neighbouring measured release


def is_declared(name: str, jdk: int) -> Known:
    """Is ``name`` (a -XX flag not in ``FLAGS``) declared by JDK ``jdk``?"""
    neighbours = nearest_measured(jdk)
    if jdk in MEASURED_JDKS:
        return Known.YES if name in measured_flags(jdk) else Known.NO
    if any(name in measured_flags(m) for m in neighbours):
        return Known.PROBABLY
    return Known.NO


def flag_kind(name: str, jdk: int) -> str | None:
    """product/experimental/diagnostic/manageable for a flag not in ``FLAGS`` (None if unknown)."""
    for m in nearest_measured(jdk):
        kind = measured_flags(m).get(name)
        if kind:
            return kind
    return None
