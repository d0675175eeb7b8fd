"""JDK 9+ unified logging (``-Xlog:gc*,gc+age=trace,safepoint``) → typed events.

Layout follows gctoolkit's ``UnifiedG1GCParser``/``ZGCPatterns``: every pattern sits under the real lines
it was written for (from tests/data/gclogs/, produced by scripts/make_gc_fixtures.py), patterns are kept
apart from handlers, and ``RULES`` maps rule → handler. A new line shape = one pattern, one handler, one
``RULES`` row. Lines reach this parser only when they contain one of ``KEYWORDS`` (reader's fast scan);
such a line that no rule claims is counted as unparsed. The untimed hot path (``FAST_LINES``, at the
end) matches the lines that make up nearly all events with the same rules on undecoded bytes, in one
C-level ``findall`` per chunk; everything else still comes through ``parse_line``.

HotSpot sources for the shapes: ``gcTraceTime`` (``Pause ... NM->NM(NM) N.NNNms``), ``safepoint.cpp``
(``Safepoint "op", Time since last ... Total: N ns``; JDK 11 ``Total time for which application threads
were stopped``), ``zStat.cpp`` / ``xStat.cpp`` (ZGC cycle lines), ``shenandoahUtils.cpp``.

Seen on the JVMs here (tests/data/gclogs/*/manifest.json):
- safepoint: JDK 11.0.13 the "Total time for which ..." form; 17.0.15 ``..., Cleanup: N ns, At safepoint: ...``;
  21.0.8 adds ``Leaving safepoint: N ns`` (JDK-8350313, backported in openjdk/jdk21u-dev#1683); 25.0.3
  drops ``Cleanup:`` and appends ``Threads: N runnable, N total``. "Reaching safepoint" is the
  time-to-safepoint; on some JDKs it includes safepoint cleanup work (JDK-8297154, openjdk/jdk#11194).
- G1 evacuation failure: JDK 17 logs a separate ``GC(N) To-space exhausted`` line; 21 appends
  ``(Evacuation Failure)`` to the pause, 25 ``(Evacuation Failure: Allocation)``. JDK 11.0.13 already
  says ``Pause Young (Concurrent Start)`` (JDK 9/10 ``Pause Initial Mark``).
- CMS (JDK 11) says ``GC(N) Concurrent mode failure`` only at ``debug`` level; at ``info`` (ES's
  ``gc*``) it is inferred: a ``Pause Full`` after a ``Concurrent Mark`` started and before its sweep ended.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from advisor.gclog import decorations
from advisor.gclog.events import (
    AllocationStall,
    ConcurrentModeFailure,
    ConcurrentPhase,
    Degenerated,
    Event,
    FullGc,
    HeapChange,
    OldGenChange,
    Pause,
    Safepoint,
    ToSpaceExhausted,
    Unparsed,
)
from advisor.gclog.units import UNIT_MB, number

KEYWORDS: tuple[bytes, ...] = (
    b"Pause",
    b"Safepoint",
    b"Total time for which",
    b" Collection (",
    b"Concurrent",
    b"Stall",
    b"To-space",
    b"Old regions:",
    b"OldGen:",
    b"Tenured:",
    b" CMS: ",
    b"mode failure",
)
"""A line containing none of these holds no event we count (phases, age tables, region counts...)."""

_NOT_FOR = {
    "G1": (b"Concurrent", b" Collection (", b"Stall", b"OldGen:", b"Tenured:", b" CMS: ", b"mode failure"),
    "Parallel": (
        b"Concurrent",
        b" Collection (",
        b"Stall",
        b"To-space",
        b"Old regions:",
        b"Tenured:",
        b" CMS: ",
        b"mode failure",
    ),
    "Serial": (
        b"Concurrent",
        b" Collection (",
        b"Stall",
        b"To-space",
        b"Old regions:",
        b"OldGen:",
        b" CMS: ",
        b"mode failure",
    ),
    "ZGC": (b"Concurrent", b"To-space", b"Old regions:", b"OldGen:", b"Tenured:", b" CMS: ", b"mode failure"),
    "Shenandoah": (
        b"Concurrent",
        b" Collection (",
        b"Stall",
        b"To-space",
        b"Old regions:",
        b"OldGen:",
        b"Tenured:",
        b" CMS: ",
        b"mode failure",
    ),
}
_EXTRA_FOR = {
    "G1": (b"Cycle ",),  # GC(2) Concurrent Mark Cycle 25.734ms / Concurrent Cycle / Concurrent Undo Cycle
    "Shenandoah": (b"Concurrent cleanup ",),  # GC(0) Concurrent cleanup 30M->29M(64M) 0.030ms (heap after)
}


def keywords_for(collector: str | None) -> tuple[bytes, ...]:
    """The keyword set for a collector the sniffer recognised (hot path): only the lines that feed the
    summary are looked at. G1 and ZGC concurrent *phases* are skipped (whole cycles are kept); an
    unknown collector, CMS (whose cycle phases drive the concurrent-mode-failure inference) and
    generational ZGC get the full set."""
    base = "ZGC" if collector == "ZGC-generational" else collector
    if base not in _NOT_FOR:
        return KEYWORDS
    dropped = _NOT_FOR[base]
    return tuple(k for k in KEYWORDS if k not in dropped) + _EXTRA_FOR.get(base, ())


DURATION_KEYWORDS: frozenset[bytes] = frozenset({b"Pause", b"Concurrent", b"Cycle ", b"Concurrent cleanup "})
"""For these keywords only lines ending in a duration (``...ms``) are events; their start lines
(``GC(3) Pause Young (Normal) (G1 Evacuation Pause)``) are skipped before decoding, except CMS's
``Concurrent Mark`` start, which arms the concurrent-mode-failure inference."""

_SIZE = r"(\d+)([KMG])"
_MS = r"(\d+[.,]\d+)ms"

# ---------------------------------------------------------------------------------------------- patterns
# GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->6M(128M) 7.576ms
# GC(5) Pause Young (Concurrent Start) (G1 Humongous Allocation) 40M->38M(96M) 1.234ms
# GC(9) Pause Young (Mixed) (G1 Evacuation Pause) (Evacuation Failure) 90M->88M(96M) 3.1ms        (JDK 21)
# GC(9) Pause Young (Prepare Mixed) (G1 Evacuation Pause) (Evacuation Failure: Allocation) 9M->8M(9M) 3.1ms (25)
# GC(7) Pause Remark 44M->44M(46M) 4.575ms
# GC(18) Pause Full (G1 Compaction Pause) 47M->40M(48M) 12.345ms
# GC(5) Pause Full (Allocation Failure) 34M->22M(46M) 7.181ms                                       (CMS, Serial)
# GC(2) Pause Initial Mark 33M->33M(46M) 1.170ms                                                    (CMS)
# GC(3) Pause Full (Ergonomics) 60M->20M(96M) 9.1ms                                                 (Parallel)
# GC(0) Pause Mark Start 0.010ms                                                                    (ZGC)
# GC(0) y: Pause Mark Start 0.017ms / GC(1) Y: Pause Mark Start (Major) 0.027ms / O: Pause Mark End (gen ZGC)
# GC(0) Pause Init Mark (unload classes) 0.123ms / GC(3) Pause Final Update Refs 0.031ms            (Shenandoah)
PAUSE_END = re.compile(r"Pause (.+?) (?:" + _SIZE + r"->" + _SIZE + r"\(" + _SIZE + r"\) )?" + _MS + r"$")

# GC(0) Pause Young (Normal) (G1 Evacuation Pause)
# GC(2) Pause Remark
# GC(4) Pause Init Mark (unload classes)
# GC(74) Pause Full (System.gc())
PAUSE_START = re.compile(r"Pause [A-Za-z](?:.*\)|[A-Za-z ]*)$")

# GC(2) Concurrent Mark Cycle 25.734ms / GC(2) Concurrent Cycle 30.1ms (JDK 11) / Concurrent Undo Cycle 1.2ms
# GC(2) Concurrent Mark From Roots 12.345ms / GC(2) Concurrent Mark (0.120s, 0.140s) 20.1ms (JDK 11 G1)
# GC(0) Concurrent Select Relocation Set 0.523ms / y: Concurrent Mark 2.1ms (ZGC)
# GC(0) Concurrent cleanup 30M->29M(64M) 0.030ms (Shenandoah)
CONCURRENT_END = re.compile(
    r"Concurrent ([^:]+?) (?:" + _SIZE + r"->" + _SIZE + r"\(" + _SIZE + r"\) )?" + _MS + r"$"
)

# GC(2) Concurrent Mark / GC(2) Concurrent Mark (0.120s) (JDK 11 G1) / GC(7) Concurrent Mark Abort
# GC(4) Concurrent marking (unload classes) (Shenandoah)
CONCURRENT_START = re.compile(r"Concurrent [A-Za-z][A-Za-z ()-]*(?:\(\d+[.,]\d+s\))?$")

# GC(0) Garbage Collection (Warmup) 490M(12%)->554M(14%)                     (ZGC JDK 11-22)
# GC(3) Minor Collection (Allocation Rate) 40M(31%)->18M(14%) 0.012s        (generational ZGC)
# GC(1) Major Collection (Warmup) 10M(10%)->14M(15%) 0.022s
# GC(7) Major Collection (Allocation Stall) Aborted
# GC(0) Garbage Collection (Warmup)                                          (start line)
ZGC_CYCLE = re.compile(
    r"(Garbage|Minor|Major) Collection \(([^)]*)\)"
    r"(?: (\d+)M\(\d+%\)->(\d+)M\(\d+%\)(?: (\d+[.,]\d+)s)?| Aborted)?$"
)

# [gc] Allocation Stall (main) 17.510ms
ALLOCATION_STALL = re.compile(r"Allocation Stall \((.*)\) " + _MS + r"$")

# GC(0) y: Allocation Stalls:          0                0                0                0
# [gc] Relocation Stall (main) 0.712ms      GC(4) y: Relocation Stall (ZWorkerYoung#1) 0.1ms
STALL_INFO = re.compile(r"(?:Allocation Stalls:\s|Relocation Stall \()")

# GC(46) To-space exhausted
TO_SPACE = re.compile(r"To-space exhausted$")

# GC(5) Concurrent mode failure     ([debug][gc], JDK 11 concurrentMarkSweepGeneration.cpp)
CONCURRENT_MODE_FAILURE = re.compile(r"Concurrent mode (?:failure|interrupted)$")

# GC(0) Old regions: 0->5
OLD_REGIONS = re.compile(r"Old regions: (\d+)->(\d+)$")

# GC(0) ParOldGen: 0K->2072K(44032K)                (JDK 11)     GC(0) ParOldGen: 0K(44032K)->2072K(44032K) (17+)
# GC(0) Tenured: 0K(65536K)->1850K(65536K)           GC(0) CMS: 0K->2172K(30720K)
OLD_GEN = re.compile(r"(?:ParOldGen|PSOldGen|Tenured|CMS): (\d+)K(?:\(\d+K\))?->(\d+)K\(\d+K\)$")

# Safepoint "G1CollectForAllocation", Time since last: 39707987 ns, Reaching safepoint: 19997 ns,
#   Cleanup: 6743 ns, At safepoint: 7679906 ns, Total: 7706646 ns                              (JDK 17)
# ... At safepoint: N ns, Leaving safepoint: N ns, Total: N ns                               (JDK 21)
# ... Reaching safepoint: N ns, At safepoint: N ns, Leaving safepoint: N ns, Total: N ns, Threads: ... (25)
SAFEPOINT_NEW = re.compile(
    r'Safepoint "([^"]*)", Time since last: \d+ ns, Reaching safepoint: (\d+) ns,.*? Total: (\d+) ns'
)

# Total time for which application threads were stopped: 0.0002322 seconds, Stopping threads took: 0.0000546 seconds
SAFEPOINT_OLD = re.compile(
    r"Total time for which application threads were stopped: (\d+[.,]\d+) seconds"
    r"(?:, Stopping threads took: (\d+[.,]\d+) seconds)?"
)

# Lines that carry a keyword but no event:
#   [gc,init] Concurrent Workers: 1 / Concurrent Refinement Workers: 2
#   [gc] Using Concurrent Mark Sweep / Heuristics ergonomically sets -XX:+ExplicitGCInvokesConcurrent
#   GC(3) Using 2 of 2 workers for Concurrent thread roots          (Shenandoah gc,task)
#   Pause Init Mark (G)                 1234 us      Concurrent Marking     567 us, parallelism: 1.9x  (Shenandoah stats)
#   Concurrent Reset               =    0.012 s (a =      456 us) (n =    26) (lvls, us = ...)      (Shenandoah stats)
#   === Garbage Collection Statistics ===...    Minor Collection: Minor Collection  0.1 / 0.2 ...  ms  (ZGC stats)
#   [debug][gc] GC(2) Concurrent active time: 0.001ms        (CMS, gc=debug)
#   [debug][gc,refine,stats] GC(0) Concurrent refinement: 0.00ms, refined: 0, precleaned: 0, dirtied: 0
#   and post-safepoint housekeeping. Use -XX:+PrintSafepointStatistics to dissect.   (Shenandoah stats header)
#            Critical: Allocation Stall                  0 / 0         0 / 0          0 / 0         0 / 0  (ZGC stats)
IGNORED = re.compile(
    r"(?:Concurrent (?:Refinement )?Workers: \d+"
    r"|Using [A-Z][A-Za-z ]+"
    r"|Heuristics ergonomically sets .*"
    r"|Using \d+ (?:of \d+ )?workers.*"
    r"|.*\s\d+ us(?:, parallelism: .*)?"
    r"|.*=\s+\d+[.,]\d+ s \(a = .*"
    r"|.*Garbage Collection Statistics.*"
    r"|\s*[A-Za-z ]+: .*\d+ / \d+.*"
    r"|Concurrent Mark Abort"
    r"|Concurrent refinement(?: times)?: .*"
    r"|Concurrent active time: .*"
    r"|.*(?:PrintSafepointStatistics|safepoint\+stats) to dissect\."
    r")$"
)

# ------------------------------------------------------------------------------------------------ helpers
G1_YOUNG_TYPES = {"Normal": "Young", "Mixed": "Mixed", "Concurrent Start": "Young (Concurrent Start)"}
G1_YOUNG_TYPES["Prepare Mixed"] = "Young (Prepare Mixed)"
G1_YOUNG_TYPES["Initial Mark"] = "Young (Concurrent Start)"  # JDK 9/10 wording of the same pause
CAUSE_GROUP = re.compile(r"\(((?:[^()]|\(\))+)\)")
NOT_CAUSES = frozenset(
    {"Major", "unload classes", "process weakrefs", "update refs", "Mark", "Outside of Cycle"}
)
"""Parenthesised qualifiers that are not GC causes (gen-ZGC ``(Major)``, Shenandoah phase notes)."""
_ZGEN_PREFIXES = ("y: ", "Y: ", "O: ")


def _num(text: str) -> float:
    return float(text) if "," not in text else number(text)


def _mb(value: str | None, unit: str | None) -> float | None:
    return None if value is None or unit is None else int(value) * UNIT_MB[unit]


def pause_kind(name: str) -> tuple[str, str]:
    """``"Young (Normal) (G1 Evacuation Pause)"`` → (``"Young"``, generation ``"young"``)."""
    base, _, rest = name.partition(" (")
    base = base.strip()
    if base == "Young":
        first = rest.split(")", 1)[0] if rest else ""
        kind = G1_YOUNG_TYPES.get(first, "Young")
        return kind, ("old" if kind == "Mixed" else "young")
    if base == "Mixed":
        return "Mixed", "old"
    if base == "Full" or base.startswith("Full"):
        return "Full", "full"
    if base in ("Remark", "Cleanup"):
        return base, "old"
    if base.startswith("Degenerated"):
        return "Degenerated GC", "full"
    return base, ""


def pause_cause(name: str) -> str:
    """``"Young (Normal) (G1 Humongous Allocation)"`` → ``"G1 Humongous Allocation"``; "" when none."""
    for group in CAUSE_GROUP.findall(name):
        if (
            group not in G1_YOUNG_TYPES
            and not group.startswith("Evacuation Failure")
            and group not in NOT_CAUSES
        ):
            return group
    return ""


@dataclass
class ParserState:
    """Per-file state the handlers need: CMS cycle tracking for the concurrent-mode-failure inference,
    ZGC (11-22) cycle start times (its end line carries no duration)."""

    collector: str | None = None
    cms_cycle_running: bool = False
    last_explicit_failure_gc: int = -2
    zgc_cycle_started: dict[int, float] = field(default_factory=dict)  # GC id → time of its start line


Handler = Callable[[re.Match[str], float | None, float | None, int, str, ParserState], list[Event]]
NOTHING: list[Event] = []


_PAUSE_NAMES: dict[tuple[str, str], tuple[str, str, str, bool]] = {}
"""(name, gen-ZGC prefix) → (kind, generation, cause, evacuation failure): a log repeats a handful of
pause names thousands of times, so each is worked out once (bounded: cleared past 4096 entries)."""


def describe_pause(name: str, prefix: str) -> tuple[str, str, str, bool]:
    known = _PAUSE_NAMES.get((name, prefix))
    if known is not None:
        return known
    kind, generation = pause_kind(name)
    if prefix:
        kind = prefix + kind
        generation = "old" if prefix == "O: " else "young"
    described = (kind, generation, pause_cause(name), "Evacuation Failure" in name)
    if len(_PAUSE_NAMES) > 4096:
        _PAUSE_NAMES.clear()
    _PAUSE_NAMES[(name, prefix)] = described
    return described


def on_pause_end(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    name, before, before_unit, after, after_unit, capacity, capacity_unit, duration = m.groups()
    kind, generation, cause, evacuation_failure = describe_pause(name, prefix)
    pause = Pause(up, ep, _num(duration), kind, generation, gc, None, None, None, False, cause)
    if before is not None:
        pause.before_mb = int(before) * UNIT_MB[before_unit]
        pause.after_mb = int(after) * UNIT_MB[after_unit]
        pause.capacity_mb = int(capacity) * UNIT_MB[capacity_unit]
    if generation != "full" and not evacuation_failure:
        return [pause]
    events: list[Event] = [pause]
    if evacuation_failure:
        events.append(ToSpaceExhausted(up, ep, gc))
    if generation == "full":
        events.append(Degenerated(up, ep, gc) if kind == "Degenerated GC" else FullGc(up, ep, gc))
        if st.collector == "CMS" and st.cms_cycle_running:
            st.cms_cycle_running = False
            if st.last_explicit_failure_gc != gc:
                events.append(ConcurrentModeFailure(up, ep, gc))
    return events


def on_concurrent_end(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    name = m.group(1)
    events: list[Event] = [
        ConcurrentPhase(up, ep, _num(m.group(8)), prefix + name, gc, name.endswith("Cycle"))
    ]
    if m.group(2) is not None and name.startswith("cleanup"):
        before = _mb(m.group(2), m.group(3)) or 0.0
        after = _mb(m.group(4), m.group(5)) or 0.0
        events.append(HeapChange(up, ep, before, after, _mb(m.group(6), m.group(7)), "full", None, gc))
    if name in ("Sweep", "Reset"):
        st.cms_cycle_running = False  # the JVM no longer reports a failure once the sweep is done
    return events


def on_concurrent_start(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    if st.collector == "CMS" and m.group(0).startswith("Concurrent Mark"):
        st.cms_cycle_running = True  # a full GC from now until the sweep is a concurrent mode failure
    return NOTHING


def on_zgc_cycle(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    kind, _cause, before, after, seconds = m.groups()
    when = ep if ep is not None else up
    if before is None:  # the start line ("GC(3) Garbage Collection (Warmup)") or "... Aborted"
        if when is not None and not m.group(0).endswith("Aborted"):
            if len(st.zgc_cycle_started) > 64:
                st.zgc_cycle_started.clear()
            st.zgc_cycle_started[gc] = when
        return NOTHING
    started = st.zgc_cycle_started.pop(gc, None)
    if seconds is not None:  # generational ZGC prints the cycle's duration
        duration: float | None = _num(seconds) * 1000.0
    elif started is not None and when is not None:  # ZGC 11-22: end-line time minus start-line time
        duration = max(0.0, (when - started) * 1000.0)
    else:
        duration = None
    generation = "young" if kind == "Minor" else "full"
    events: list[Event] = [HeapChange(up, ep, float(before), float(after), None, generation, duration, gc)]
    if duration is not None:
        events.append(ConcurrentPhase(up, ep, duration, f"{kind} Collection", gc, True))
    return events


def on_allocation_stall(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    return [AllocationStall(up, ep, _num(m.group(2)), m.group(1))]


def on_to_space(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    return [ToSpaceExhausted(up, ep, gc)]


def on_mode_failure(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    if not m.group(0).endswith("failure"):
        return NOTHING  # "Concurrent mode interrupted": System.gc(), not a failure
    st.last_explicit_failure_gc = gc
    st.cms_cycle_running = False
    return [ConcurrentModeFailure(up, ep, gc)]


def on_old_regions(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    return [OldGenChange(up, ep, float(m.group(1)), float(m.group(2)), gc, regions=True)]


def on_old_gen(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    return [OldGenChange(up, ep, int(m.group(1)) / 1024.0, int(m.group(2)) / 1024.0, gc)]


def on_safepoint_new(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    operation, reaching, total = m.groups()
    return [Safepoint(up, ep, int(total) / 1e6, int(reaching) / 1e6, operation)]


def on_safepoint_old(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    ttsp = _num(m.group(2)) * 1000.0 if m.group(2) else 0.0
    return [Safepoint(up, ep, _num(m.group(1)) * 1000.0, ttsp)]


def on_ignored(
    m: re.Match[str], up: float | None, ep: float | None, gc: int, prefix: str, st: ParserState
) -> list[Event]:
    return NOTHING


# ----------------------------------------------------------------------------------------- rule table
RULES: tuple[tuple[str, re.Pattern[str], Handler], ...] = (
    ("pause", PAUSE_END, on_pause_end),
    ("pause-start", PAUSE_START, on_ignored),
    ("safepoint", SAFEPOINT_NEW, on_safepoint_new),
    ("safepoint-jdk16", SAFEPOINT_OLD, on_safepoint_old),
    ("concurrent", CONCURRENT_END, on_concurrent_end),
    ("concurrent-mode-failure", CONCURRENT_MODE_FAILURE, on_mode_failure),
    ("concurrent-start", CONCURRENT_START, on_concurrent_start),
    ("zgc-cycle", ZGC_CYCLE, on_zgc_cycle),
    ("allocation-stall", ALLOCATION_STALL, on_allocation_stall),
    ("stall-info", STALL_INFO, on_ignored),
    ("to-space-exhausted", TO_SPACE, on_to_space),
    ("old-regions", OLD_REGIONS, on_old_regions),
    ("old-gen", OLD_GEN, on_old_gen),
    ("ignored", IGNORED, on_ignored),
)
"""Tried in order; the first whose pattern matches (``re.match`` on the message) handles the line."""

RULES_BY_FIRST_WORD: dict[str, tuple[tuple[str, re.Pattern[str], Handler], ...]] = {}
for _word, _names in {
    "Pause": ("pause", "pause-start", "ignored"),
    "Safepoint": ("safepoint", "ignored"),
    "Total": ("safepoint-jdk16",),
    "Concurrent": ("concurrent", "concurrent-mode-failure", "concurrent-start", "ignored"),
    "Garbage": ("zgc-cycle", "ignored"),
    "Minor": ("zgc-cycle", "ignored"),
    "Major": ("zgc-cycle", "ignored"),
    "Allocation": ("allocation-stall", "stall-info"),
    "Relocation": ("stall-info",),
    "To-space": ("to-space-exhausted",),
    "Old": ("old-regions", "ignored"),
    "Using": ("ignored",),
}.items():
    RULES_BY_FIRST_WORD[_word] = tuple(r for r in RULES if r[0] in _names)
"""Cheap dispatch: the message's first word picks the few rules worth trying (hot path)."""


ALWAYS_TIMED = frozenset({"zgc-cycle"})
"""Rules that need the line's time even on the untimed hot path (a ZGC 11-22 cycle's duration is the
time between its start and end lines; a few lines per cycle)."""

HEAD = re.compile(r"((?:\[[^\]\n]*\])*) ?(?:GC\((\d+)\) )?([yYO]: )?(\S*)")
"""One C-speed match for what precedes the message: decorations, ``GC(N)``, gen-ZGC ``y:``/``Y:``/``O:``,
and the message's first word (which picks the rules to try)."""

UNTIMED = frozenset({"pause-start", "concurrent-start", "stall-info", "ignored"})
"""Rules whose lines produce no event: their decorations are not parsed (hot path)."""


class UnifiedParser:
    """Feeds one file's candidate lines through ``RULES``; ``parse_line`` returns the events."""

    def __init__(self, collector: str | None = None, timed: bool = True) -> None:
        self.state = ParserState(collector=collector)
        self.timed = timed
        """False: events carry no times (faster); ``first_decor``/``last_decor`` still give the span."""
        self.first_decor: str | None = None
        self.last_decor: str | None = None

    def parse_line(self, line: str) -> list[Event]:
        if line[-1:] == " ":
            line = line.rstrip()
        head = HEAD.match(line)
        assert head is not None  # every part of HEAD is optional
        decor, gc_text, prefix, first = head.groups()
        gc_id = int(gc_text) if gc_text else -1
        prefix = prefix or ""
        pos = head.start(4)
        state = self.state
        for name, pattern, handler in RULES_BY_FIRST_WORD.get(first, RULES):
            match = pattern.match(line, pos)
            if match is None:
                continue
            if name in UNTIMED or not decor:
                return handler(match, None, None, gc_id, prefix, state)
            self.last_decor = decor
            if self.first_decor is None:
                self.first_decor = decor
            if not self.timed and name not in ALWAYS_TIMED:
                return handler(match, None, None, gc_id, prefix, state)
            uptime, epoch = decorations.times(decor)
            return handler(match, uptime, epoch, gc_id, prefix, state)
        uptime, epoch = decorations.times(decor) if decor else (None, None)
        return [Unparsed(uptime, epoch, line)]


# ------------------------------------------------------------------------------------ hot path (bytes)
_HEAD_BYTES = rb"(?:\[[^\]\n]*+\])++ ?+(?:GC\((\d+)\) )?+([yYO]: )?+"
"""``HEAD`` without the first word, for decorated lines only. A rule pattern appended to it matches
only where ``HEAD``'s greedy split puts the rule's leading literal (no other split could: every
optional part starts with ``[``, a space, ``GC(`` or ``y:``/``Y:``/``O:``, none of which begins a
rule; so the possessive ``+`` only saves the backtracking), and the joined pattern claims exactly the
lines ``parse_line`` hands to that rule first, with the same groups."""

DECORATIONS_BYTES = re.compile(rb"(?:\[[^\]\n]*\])+")
"""``HEAD``'s decorations group, for the few lines whose decorations are kept (the span's ends)."""


def _one_line(rule: re.Pattern[str]) -> bytes:
    """``rule`` as bytes that cannot run past its line (``[^x]`` classes also stop at ``\\n``)."""
    return rule.pattern.replace('[^"]', '[^"\\n]').replace("[^:]", "[^:\\n]").encode()


FAST_LINES = re.compile(
    rb"(?m)^(?:"
    + _HEAD_BYTES
    + rb"(?:"
    + _one_line(PAUSE_END)
    + rb"|"
    + _one_line(SAFEPOINT_NEW).replace(rb'"([^"\n]*)"', rb'"[^"\n]*"')  # the operation is not needed
    + rb"[^\n]*|"
    + _one_line(OLD_REGIONS)
    + rb"|"
    + _one_line(CONCURRENT_END)
    + rb")|[^\n]*)$"
)
"""The untimed hot path, on the candidate lines of a pure-ASCII chunk joined by newlines (ASCII: ``\\d``
and ``\\S`` mean the same for bytes and str). ``findall`` gives one tuple per line, in order: the
decorated lines that make up nearly all of a verbose log's events (pause, safepoint, G1 old regions,
concurrent phase) with their rule's groups, each rule being the one ``parse_line`` tries first for
that first word (``Pause``, ``Safepoint``, ``Old``, ``Concurrent``; safepoint matches a prefix, as
``re.match`` does); any other line matches the last, empty branch and goes through ``parse_line``.
Tuple positions: ``FAST_GC``, ``FAST_PREFIX``, then each rule's groups from ``FAST_PAUSE`` on."""
FAST_GC, FAST_PREFIX = 0, 1
FAST_PAUSE = 2  # name, before, unit, after, unit, capacity, unit, duration
FAST_SAFEPOINT = FAST_PAUSE + PAUSE_END.groups  # reaching, total
FAST_OLD_REGIONS = FAST_SAFEPOINT + 2  # before, after
FAST_CONCURRENT = FAST_OLD_REGIONS + OLD_REGIONS.groups  # name, before, unit, after, unit, capacity, unit, ms
assert FAST_LINES.groups == FAST_CONCURRENT + CONCURRENT_END.groups

PAUSE_NAMES_RAW: dict[tuple[bytes, bytes | None], tuple[str, str, str, bool]] = {}
"""``describe_pause`` by undecoded (ASCII) name and gen-ZGC prefix (bounded like ``_PAUSE_NAMES``)."""


def describe_pause_raw(name: bytes, prefix: bytes | None) -> tuple[str, str, str, bool]:
    """``describe_pause`` of a hot-path name, remembered in ``PAUSE_NAMES_RAW``."""
    if len(PAUSE_NAMES_RAW) > 4096:
        PAUSE_NAMES_RAW.clear()
    known = PAUSE_NAMES_RAW[(name, prefix)] = describe_pause(name.decode(), prefix.decode() if prefix else "")
    return known


def raw_ms(text: bytes) -> float:
    """``_num`` for undecoded ASCII digits."""
    return float(text) if b"," not in text else number(text.decode())


UNIT_MB_RAW = {unit.encode(): mb for unit, mb in UNIT_MB.items()}
