"""JDK 6-8 ``-XX:+PrintGCDetails`` (+``PrintGCDateStamps``, ``PrintGCApplicationStoppedTime``) → typed events.

An event is one top-level ``[...]`` group. It may span lines (``-XX:+PrintTenuringDistribution`` and
``PrintHeapAtGC`` put detail lines inside it) and other events may be printed in the middle of it (CMS
and G1 concurrent threads write while a pause is being logged), so the parser counts bracket depth
across lines and classifies the group when it closes. Only the group's own (depth-1) text decides its
kind, duration and heap change; nested groups (``[ParNew: ...]``, interleaved concurrent phases) are
handled separately. Decimal commas (``0,0024133 secs``, locale-dependent JVMs) are accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from advisor.gclog import decorations
from advisor.gclog.events import (
    ConcurrentModeFailure,
    ConcurrentPhase,
    Event,
    FullGc,
    OldGenChange,
    Pause,
    Safepoint,
    ToSpaceExhausted,
    Unparsed,
)
from advisor.gclog.sniff import collector_from_text
from advisor.gclog.units import number, size_mb

MAX_EVENT_LINES = 400
"""An event still open after this many lines is abandoned (counted unparsed): a broken log."""

# ------------------------------------------------------------------------------------------- patterns
# 2016-12-21T14:28:11.041-0500: 0.193: Total time for which application threads were stopped: 0.0000746 seconds, Stopping threads took: 0.0000269 seconds
# Total time for which application threads were stopped: 0.0047000 seconds
STOPPED = re.compile(
    r"(?:(\d{4}-\d\d-\d\dT[\d:.,]+[+-]\d{4}): )?(?:(\d+[.,]\d+): )?"
    r"Total time for which application threads were stopped: (\d+[.,]\d+) seconds"
    r"(?:, Stopping threads took: (\d+[.,]\d+) seconds)?"
)
# 2016-12-21T14:28:11.159-0500: 0.311: Application time: 0.0060964 seconds
APPLICATION_TIME = re.compile(r"(?:\S+: )*Application time: \d+[.,]\d+ seconds")

# 2017-06-02T11:11:21.100+0530: 165936.486: [Full GC [PSYoungGen: ...
# 85238.030: [Full GC 85238.030: [CMS85238.672: [CMS-concurrent-mark: 0.666/0.686 secs] ...
EVENT_START = re.compile(r"(?:(\d{4}-\d\d-\d\dT[\d:.,]+[+-]\d{4}): )?(?:(\d+[.,]\d+): )?\[")

# par new generation   total 1677760K, used 576424K [0x0000000680000000, 0x0000000700000000, 0x0000000700000000)
ADDRESS_RANGE = re.compile(r"\[0x[0-9a-fA-F]+(?:, ?0x[0-9a-fA-F]+)*\)")
#    1:        123456        7890123  [B         (class histogram rows: Java array type names)
HISTOGRAM_ROW = re.compile(r"^\s*\d+:\s+\d+\s+\d+\s+\S")
ARRAY_TYPE = re.compile(r"\[+[BCDFIJSZL][\w.$;/]*")

# [GC pause (G1 Evacuation Pause) (young), 0.0090108 secs]     [GC pause (young) (initial-mark) 3589K->2581K(6144K), 0.0063282 secs]
# [GC (Allocation Failure) [ParNew: 17445K->2172K(19648K), 0.001 secs] 17445K->6670K(63360K), 0.0033590 secs]
# [Full GC (Allocation Failure)  21G->20G(22G), 40.6782890 secs]     [GC remark ..., 0.0100 secs]   [GC cleanup 1.2M->1.1M(2.0M), 0.0004 secs]
# [GC (CMS Initial Mark) [1 CMS-initial-mark: 2540440K(3145728K)] 2542158K(4823488K), 0.0050634 secs]
DURATION = re.compile(r"(\d+[.,]\d+) secs\s*$")
HEAP_CHANGE = re.compile(r"(\d+(?:[.,]\d+)?)([BKMG])->(\d+(?:[.,]\d+)?)([BKMG])\((\d+(?:[.,]\d+)?)([BKMG])\)")
# [Eden: 0.0B(151.0M)->0.0B(153.0M) Survivors: 2048.0K->0.0B Heap: 3038.7M(3072.0M)->3038.7M(3072.0M)]
G1_HEAP = re.compile(
    r"Heap: (\d+(?:[.,]\d+)?)([BKMG])\((?:\d+(?:[.,]\d+)?[BKMG])\)->(\d+(?:[.,]\d+)?)([BKMG])\((\d+(?:[.,]\d+)?)([BKMG])\)"
)
# [ParNew: 17445K->2172K(19648K), 0.001 secs]  [PSYoungGen: 230400K->203496K(268800K)]  [DefNew: ...]
YOUNG_GEN = re.compile(r"\[(?:ParNew|PSYoungGen|DefNew|ASParNew|PSYoung)[^:\[]*: (\d+)K->(\d+)K\(\d+K\)")
# A young collection inside a CMS remark (-XX:+CMSScavengeBeforeRemark), as a depth-2 group:
# [GC (CMS Final Remark) [YG occupancy: ...][GC 4237.297: [ParNew: 905227K->0K(4194240K), 0.0563 secs] 51K->42K(125K), 0.0565 secs] ...]
NESTED_PAUSE = re.compile(r"\[GC[ (](?!concurrent-|ref-proc|Worker)")
# [GC pause (G1 Humongous Allocation) (young)   [GC (Allocation Failure)   [Full GC (System.gc())
CAUSE = re.compile(r"^\[(?:GC pause|GC|Full GC) \(((?:[^()]|\(\))+)\)")
# An old-generation group inside a "[GC" event: the young collection failed over to a full one
# [GC 2746.109: [ParNew (promotion failed): ...]2747.410: [CMS2755.518: [CMS-concurrent-mark: ...] (concurrent mode failure): ...]
# [GC (Allocation Failure) [ParNew: ...][CMS: 1000K->900K(2000K), 0.5 secs] ...]     [Tenured: ...]  [PSOldGen: ...]
OLD_GEN_GROUP = re.compile(r"\[(?:CMS(?!-concurrent|-initial-mark|-remark| Perm)|Tenured|PSOldGen|ParOldGen)")
# [CMS-concurrent-mark: 0.666/0.686 secs]  [CMS-concurrent-mark-start]
CMS_CONCURRENT = re.compile(r"\[CMS-concurrent-([\w-]+?)(?:: (\d+[.,]\d+)/(\d+[.,]\d+) secs\])?")
# [GC concurrent-root-region-scan-end, 0.0189841 secs]   [GC concurrent-mark-start]
# [GC concurrent-string-deduplication, 526.1K->328.9K(197.2K), avg 48.4%, 0.0118158 secs]
G1_CONCURRENT = re.compile(r"\[GC concurrent-([\w-]+?)(?:,[^\[\]]*? (\d+[.,]\d+) secs)?\]")

# Shenandoah on JDK 8 (the lines in between are "Failed to allocate TLAB", "Cancelling GC: ..."):
# 2020-08-18T14:05:39.789+0000: 854865.439: [Concurrent marking
#     Cancelling GC: Allocation Failure
# , 2714.003 ms]
SHENANDOAH_CONCURRENT = re.compile(r"\[Concurrent ([a-z][a-z ]*?)\b[^\[\]]*?, (\d+[.,]\d+) ms\]$", re.S)

# Lines that are known noise inside or between events (printed by -XX:+PrintTenuringDistribution,
# PrintHeapAtGC, PrintAdaptiveSizePolicy, JVM headers ...).
NOISE_START = (
    "Desired survivor size",
    "- age ",
    "{Heap",
    "Heap",
    "}",
    "Java HotSpot",
    "OpenJDK",
    "Memory:",
    "CommandLine flags:",
    "Application time:",
)

IGNORED_GROUPS = ("[Times:", "[Unloading class", "[CMS Perm", "[PSPermGen", "[Metaspace", "[Perm", "[Eden:")
"""Top-level groups that follow an event on the same line and carry nothing we count."""


_num = number
_mb = size_mb


def _top_level(text: str) -> str:
    """The depth-1 text of a ``[...]`` group: nested groups removed."""
    inner = text[1:-1] if text.endswith("]") else text[1:]
    while True:
        reduced = re.sub(r"\[[^\[\]]*\]", "", inner)
        if reduced == inner:
            return reduced
        inner = reduced


def _children(group: str) -> list[str]:
    """The depth-2 groups inside a top-level group, in order."""
    out = []
    depth = 0
    start = 0
    for pos, char in enumerate(group):
        if char == "[":
            depth += 1
            if depth == 2:
                start = pos
        elif char == "]":
            if depth == 2:
                out.append(group[start : pos + 1])
            depth -= 1
    return out


def _depth_delta(line: str) -> int:
    return line.count("[") - line.count("]")


class Jdk8Parser:
    """Line-fed state machine: ``feed(line)`` yields events; ``finish()`` flushes the open one."""

    def __init__(self, collector: str | None = None) -> None:
        self.collector = collector
        self._buffer: list[str] = []
        self._depth = 0
        self._uptime: float | None = None
        self._epoch: float | None = None
        self._pending: Pause | None = None  # G1 pause waiting for its "[Eden: ... Heap: ...]" detail line
        self.ended_inside_event = False
        """True after ``finish()`` when the input stopped in the middle of an event (truncated file)."""

    # --------------------------------------------------------------- feeding
    def feed(self, line: str) -> Iterator[Event]:
        if "Total time for which" in line:
            for match in STOPPED.finditer(line):
                yield self._stopped(match)
            line = STOPPED.sub("", line)
        if "Application time:" in line:
            line = APPLICATION_TIME.sub("", line)
        if "[0x" in line:
            line = ADDRESS_RANGE.sub("", line)
        if HISTOGRAM_ROW.match(line):
            line = ARRAY_TYPE.sub("", line)
        if self._depth > 0:
            yield from self._continue(line)
            return
        stripped = line.strip()
        if not stripped:
            return
        if self._pending is not None and "Heap:" in line:
            yield from self._attach_g1_heap(line)
            return
        if line[0] in " \t" or stripped.startswith(NOISE_START):
            return
        start = EVENT_START.match(line)
        if start is None:
            if "secs]" in line or "[GC" in line or "Full GC" in line:
                yield Unparsed(None, None, line)
            return
        yield from self._flush_pending()
        self._uptime = _num(start.group(2)) if start.group(2) else None
        self._epoch = decorations.iso_to_epoch(start.group(1)) if start.group(1) else None
        yield from self._continue(line[start.end() - 1 :])

    def finish(self) -> Iterator[Event]:
        self.ended_inside_event = bool(self._buffer)
        if self._buffer:
            text = "".join(self._buffer)
            self._buffer, self._depth = [], 0
            # an event cut off by the end of the file: keep what it says, never count it as unparsed
            yield from (e for e in self._classify(text, complete=False) if not isinstance(e, Unparsed))
        yield from self._flush_pending()

    # --------------------------------------------------------------- internals
    def _continue(self, line: str) -> Iterator[Event]:
        if self._depth > 0 and line.lstrip().startswith(NOISE_START) and "[" not in line:
            return
        self._buffer.append(line)
        self._depth += _depth_delta(line)
        if self._depth <= 0:
            text = "".join(self._buffer)
            self._buffer, self._depth = [], 0
            yield from self._split_closed(text)
        elif len(self._buffer) > MAX_EVENT_LINES:
            text = "".join(self._buffer)
            self._buffer, self._depth = [], 0
            yield Unparsed(self._uptime, self._epoch, text[:200])

    def _split_closed(self, text: str) -> Iterator[Event]:
        """``text`` holds one or more closed top-level groups (plus maybe trailing ``[Times: ...]``)."""
        depth = 0
        start = text.find("[")
        pos = start
        while start != -1 and pos < len(text):
            char = text[pos]
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    group = text[start : pos + 1]
                    yield from self._classify(group, complete=True)
                    start = text.find("[", pos + 1)
                    pos = start
                    continue
            pos += 1

    def _classify(self, group: str, complete: bool) -> Iterator[Event]:
        up, ep = self._uptime, self._epoch
        if group.startswith("[Eden:") and self._pending is not None:
            yield from self._attach_g1_heap(group)
            return
        if group.startswith(IGNORED_GROUPS):
            return
        for cms in CMS_CONCURRENT.finditer(group):
            if cms.group(3):
                yield ConcurrentPhase(up, ep, _num(cms.group(3)) * 1000.0, "CMS-concurrent-" + cms.group(1))
        if group.startswith("[CMS-concurrent") or group.startswith("[GC concurrent"):
            for g1 in G1_CONCURRENT.finditer(group):
                if g1.group(2):
                    yield ConcurrentPhase(up, ep, _num(g1.group(2)) * 1000.0, "concurrent-" + g1.group(1))
            return
        shenandoah = SHENANDOAH_CONCURRENT.match(group)
        if shenandoah:
            yield ConcurrentPhase(up, ep, _num(shenandoah.group(2)), "Concurrent " + shenandoah.group(1))
            return
        if not group.startswith(("[GC", "[Full GC", "[YG occupancy")):
            if "secs]" in group or "->" in group or group.endswith(" ms]"):
                yield Unparsed(up, ep, group[:200])
            return
        for g1 in G1_CONCURRENT.finditer(group):
            if g1.group(2):
                yield ConcurrentPhase(up, ep, _num(g1.group(2)) * 1000.0, "concurrent-" + g1.group(1))
        top = _top_level(group) if complete else group
        duration = DURATION.search(top.rstrip("] "))
        if duration is None:
            yield Unparsed(up, ep, group[:200])
            return
        if complete:
            for child in _children(group):
                if NESTED_PAUSE.match(child):
                    child_top = _top_level(child)
                    child_duration = DURATION.search(child_top.rstrip("] "))
                    if child_duration:
                        yield from self._pause(
                            child, child_top, _num(child_duration.group(1)) * 1000.0, nested=True
                        )
        yield from self._pause(group, top, _num(duration.group(1)) * 1000.0)

    def _pause(self, group: str, top: str, duration_ms: float, nested: bool = False) -> Iterator[Event]:
        up, ep = self._uptime, self._epoch
        if self.collector is None:  # a rotated member without the JVM header: the event shape tells
            self.collector = collector_from_text(group)
        kind, generation = self._kind(group, top)
        sizes = HEAP_CHANGE.findall(top)
        before = after = capacity = None
        if sizes:
            b, bu, a, au, c, cu = sizes[-1]
            before, after, capacity = _mb(b, bu), _mb(a, au), _mb(c, cu)
        young = YOUNG_GEN.search(group)
        if young and before is not None and after is not None and generation == "young":
            young_freed = (int(young.group(1)) - int(young.group(2))) / 1024.0
            promoted = max(0.0, young_freed - (before - after))
            yield OldGenChange(up, ep, 0.0, promoted)
        cause = CAUSE.search(group)
        pause = Pause(up, ep, duration_ms, kind, generation, -1, before, after, capacity, nested)
        pause.cause = cause.group(1) if cause else ""
        if "concurrent mode failure" in group:  # not "concurrent mode interrupted" (System.gc())
            yield ConcurrentModeFailure(up, ep)
        if "to-space exhausted" in group or "to-space overflow" in group:
            yield ToSpaceExhausted(up, ep)
        if generation == "full":
            yield FullGc(up, ep)
        if group.startswith("[GC pause") and before is None:
            self._pending = pause  # PrintGCDetails G1: heap change comes on a later detail line
            return
        yield pause

    def _kind(self, group: str, top: str) -> tuple[str, str]:
        if group.startswith("[Full GC"):
            return "Full", "full"
        if group.startswith("[GC pause"):
            if "(mixed)" in top:
                return "Mixed", "old"
            if "(initial-mark)" in top:
                return "Young (Concurrent Start)", "young"
            return "Young", "young"
        if group.startswith("[GC remark"):
            return "Remark", "old"
        if group.startswith("[GC cleanup"):
            return "Cleanup", "old"
        if "CMS-initial-mark" in group or "CMS Initial Mark" in top:
            return "Initial Mark", ""
        if "CMS Final Remark" in top or "YG occupancy" in group or "CMS-remark" in group:
            return "Remark", ""
        if OLD_GEN_GROUP.search(group):
            return "Full", "full"  # a young collection that failed over to a full one (promotion failed)
        return "Young", "young"

    def _attach_g1_heap(self, line: str) -> Iterator[Event]:
        pause = self._pending
        match = G1_HEAP.search(line)
        if pause is not None and match is not None:
            pause.before_mb = _mb(match.group(1), match.group(2))
            pause.after_mb = _mb(match.group(3), match.group(4))
            pause.capacity_mb = _mb(match.group(5), match.group(6))
            self._pending = None
            yield pause

    def _flush_pending(self) -> Iterator[Event]:
        if self._pending is not None:
            pause, self._pending = self._pending, None
            yield pause

    def _stopped(self, match: re.Match[str]) -> Safepoint:
        epoch = decorations.iso_to_epoch(match.group(1)) if match.group(1) else None
        uptime = _num(match.group(2)) if match.group(2) else None
        ttsp = _num(match.group(4)) * 1000.0 if match.group(4) else 0.0
        return Safepoint(uptime, epoch, _num(match.group(3)) * 1000.0, ttsp)
