"""Streaming aggregation: typed events → ``GcSummary`` (gctoolkit's Aggregator/Aggregation split).

``summarize(paths, keep_events=False, progress=None)`` is the API the advisor and the load-test report
call. Each file is read once, in bounded chunks, and folded into a ``FileAggregate`` whose state is
O(1) in the file size (histograms with bounded buckets, counters, a few "last seen" values); files of a
rotated set are analysed on all cores and merged in the order of the first timestamp inside them.

Definitions (all in GcSummary):
- ``pauses``: every stop-the-world line with a duration, once (DESIGN.md). ``pauses.total_ms`` and
  ``gc_overhead_pct`` use the paused wall time: a CMS/Serial full collection logged *inside* a young pause
  (``GC(5) Pause Full`` then ``GC(4) Pause Young`` that contains it) is counted as two pauses but its
  time only once (so ``total_ms`` can be less than the sum of ``pauses_by_kind`` totals).
- ``allocation_rate_mb_s``: heap growth between collections (occupancy before one collection minus
  occupancy after the previous) over the log's wall time.
- ``promotion_rate_mb_s``: old-generation growth during young collections (G1 ``Old regions``,
  ``ParOldGen``/``Tenured``/``CMS`` lines, JDK 8 ``[ParNew: ...]`` arithmetic) over the wall time.
- ``live_set_mb``: mean heap occupancy after old/full collections (G1: also Remark, Cleanup, Mixed;
  ZGC: after each non-generational cycle or major collection; Shenandoah: after concurrent cleanup).
- ``concurrent``: durations of whole concurrent cycles (G1 ``Concurrent Mark Cycle``, ZGC collections).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from advisor.errors import NothingUsableError
from advisor.gclog import decorations, reader
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
from advisor.gclog.histogram import DurationHistogram
from advisor.gclog.parsers.unified import FAST_GC, FAST_PREFIX, UnifiedParser
from advisor.gclog.sniff import SNIFF_LINE_BUDGET, Sniffed, sniff
from advisor.gclog.summary import BadEvents, GcSummary, PauseEvent, SafepointStats

PARALLEL_MIN_BYTES = 16 * 1024 * 1024
"""Below this many bytes in a set, one process is faster than starting a pool."""

UNPARSED_EXAMPLES = 3
"""How many not-understood lines are quoted in the warnings."""

Progress = Callable[[int, int], None]
"""``progress(bytes_done, bytes_total)``."""


@dataclass
class FileAggregate:
    """Mergeable, bounded state for one file (or a merged set)."""

    path: str = ""
    format: str | None = None
    collector: str | None = None
    jdk_version: str | None = None
    heap_max_mb: float | None = None
    region_size_mb: float | None = None
    first_time: float | None = None
    last_time: float | None = None
    clock: str = "uptime"
    pauses: DurationHistogram = field(default_factory=DurationHistogram)
    by_kind: dict[str, DurationHistogram] = field(default_factory=dict)
    causes: dict[str, int] = field(default_factory=dict)
    paused_ms: float = 0.0
    safepoints: DurationHistogram = field(default_factory=DurationHistogram)
    ttsp: DurationHistogram = field(default_factory=DurationHistogram)
    cycles: DurationHistogram = field(default_factory=DurationHistogram)
    full_gc: int = 0
    concurrent_mode_failure: int = 0
    evacuation_failure: int = 0
    allocation_stall: int = 0
    degenerated: int = 0
    allocated_mb: float = 0.0
    promoted_mb: float = 0.0
    promoted_regions: float = 0.0  # G1: converted with the set's region size at the end
    promotion_seen: bool = False
    live_sum_mb: float = 0.0
    live_count: int = 0
    unparsed: int = 0
    unparsed_examples: list[str] = field(default_factory=list)
    generational_zgc: bool = False
    events: int = 0
    pause_events: list[PauseEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # running state (not merged)
    keep_events: bool = False
    _last_after_mb: float | None = None
    _last_pause: tuple[str, int, float] | None = None  # generation, GC id, duration
    _last_evac_gc: int = -2
    _pending_old: OldGenChange | None = None

    # ------------------------------------------------------------------ event handlers
    def add(self, event: Event) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is None:
            return
        self.events += 1
        when = event.epoch if event.epoch is not None else event.uptime
        if when is not None:
            if self.first_time is None:
                self.first_time = when
                self.clock = "epoch" if event.epoch is not None else "uptime"
            self.last_time = when
        handler(self, event)

    def _on_pause(self, pause: Pause) -> None:
        when = pause.epoch if pause.epoch is not None else pause.uptime
        self.add_pause(
            pause.duration_ms,
            pause.kind,
            pause.generation,
            pause.gc_id,
            pause.before_mb,
            pause.after_mb,
            pause.capacity_mb,
            pause.cause,
            pause.nested,
            when,
        )

    def add_pause(
        self,
        duration: float,
        kind: str,
        generation: str,
        gc_id: int,
        before: float | None,
        after: float | None,
        capacity: float | None,
        cause: str,
        logged_nested: bool = False,
        when: float | None = None,
    ) -> None:
        """One ``Pause`` event, as plain values (the unified hot path calls this without building one)."""
        self.pauses.add(duration)
        hist = self.by_kind.get(kind)
        if hist is None:
            hist = self.by_kind[kind] = DurationHistogram()
            if kind[1:3] == ": ":  # "y: Mark Start" / "Y: ..." / "O: ...": only generational ZGC
                self.generational_zgc = True
        hist.add(duration)
        if cause:
            self.causes[cause] = self.causes.get(cause, 0) + 1
        previous = self._last_pause
        # CMS/Serial log a full collection that ran inside a young pause first (GC(5) Full, then GC(4) Young)
        nested = (
            previous is not None
            and generation == "young"
            and previous[0] == "full"
            and gc_id >= 0
            and previous[1] == gc_id + 1
            and duration >= previous[2]
        )
        if nested:
            self.paused_ms += duration - previous[2]  # type: ignore[index]
        elif not logged_nested:
            self.paused_ms += duration
        if after is not None:
            if not nested and before is not None:
                self._track_heap(before, after)
            if capacity is not None and (self.heap_max_mb is None or capacity > self.heap_max_mb):
                self.heap_max_mb = capacity
            if generation == "full" or (generation == "old" and self.collector == "G1"):
                self.live_sum_mb += after
                self.live_count += 1
        pending = self._pending_old
        if pending is not None and pending.gc_id == gc_id:
            if generation == "young":
                growth = max(0.0, pending.after_mb - pending.before_mb)
                if pending.regions:
                    self.promoted_regions += growth
                else:
                    self.promoted_mb += growth
                self.promotion_seen = True
            self._pending_old = None
        self._last_pause = (generation, gc_id, duration)
        if self.keep_events and when is not None:
            self.pause_events.append(PauseEvent(round(when - duration / 1000.0, 6), duration, kind))

    def _track_heap(self, before: float, after: float) -> None:
        if self._last_after_mb is not None and before > self._last_after_mb:
            self.allocated_mb += before - self._last_after_mb
        self._last_after_mb = after

    def _on_heap(self, change: HeapChange) -> None:
        self._track_heap(change.before_mb, change.after_mb)
        if change.generation == "full":
            self.live_sum_mb += change.after_mb
            self.live_count += 1

    def _on_old(self, change: OldGenChange) -> None:
        self._pending_old = change

    def _on_safepoint(self, sp: Safepoint) -> None:
        self.safepoints.add(sp.total_ms)
        self.ttsp.add(sp.time_to_safepoint_ms)

    def _on_concurrent(self, phase: ConcurrentPhase) -> None:
        if phase.cycle:
            self.cycles.add(phase.duration_ms)
            if phase.name in ("Minor Collection", "Major Collection"):
                self.generational_zgc = True

    def _on_evac_failure(self, event: ToSpaceExhausted) -> None:
        if event.gc_id < 0 or event.gc_id != self._last_evac_gc:
            self.evacuation_failure += 1
        self._last_evac_gc = event.gc_id

    def _on_full(self, event: FullGc) -> None:
        self.full_gc += 1

    def _on_cmf(self, event: ConcurrentModeFailure) -> None:
        self.concurrent_mode_failure += 1

    def _on_stall(self, event: AllocationStall) -> None:
        self.allocation_stall += 1

    def _on_degenerated(self, event: Degenerated) -> None:
        self.degenerated += 1

    def _on_unparsed(self, event: Unparsed) -> None:
        self.unparsed += 1
        if len(self.unparsed_examples) < UNPARSED_EXAMPLES:
            self.unparsed_examples.append(event.text[:200])

    # ------------------------------------------------------------------ merge
    @property
    def span_s(self) -> float:
        if self.first_time is None or self.last_time is None:
            return 0.0
        return max(0.0, self.last_time - self.first_time)

    def merge(self, other: FileAggregate) -> None:
        """Fold another file's state into this one (files of one set, in time order)."""
        for name in ("pauses", "safepoints", "ttsp", "cycles"):
            getattr(self, name).merge(getattr(other, name))
        for kind, hist in other.by_kind.items():
            self.by_kind.setdefault(kind, DurationHistogram()).merge(hist)
        for cause, count in other.causes.items():
            self.causes[cause] = self.causes.get(cause, 0) + count
        for name in (
            "paused_ms",
            "full_gc",
            "concurrent_mode_failure",
            "evacuation_failure",
            "allocation_stall",
            "degenerated",
            "allocated_mb",
            "promoted_mb",
            "promoted_regions",
            "live_sum_mb",
            "live_count",
            "unparsed",
            "events",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.promotion_seen = self.promotion_seen or other.promotion_seen
        self.generational_zgc = self.generational_zgc or other.generational_zgc
        room = UNPARSED_EXAMPLES - len(self.unparsed_examples)
        self.unparsed_examples.extend(other.unparsed_examples[: max(0, room)])
        self.pause_events.extend(other.pause_events)
        if other.heap_max_mb is not None and (
            self.heap_max_mb is None or other.heap_max_mb > self.heap_max_mb
        ):
            self.heap_max_mb = other.heap_max_mb


_HANDLERS: dict[type, Callable[..., None]] = {
    Pause: FileAggregate._on_pause,
    HeapChange: FileAggregate._on_heap,
    OldGenChange: FileAggregate._on_old,
    Safepoint: FileAggregate._on_safepoint,
    ConcurrentPhase: FileAggregate._on_concurrent,
    ToSpaceExhausted: FileAggregate._on_evac_failure,
    FullGc: FileAggregate._on_full,
    ConcurrentModeFailure: FileAggregate._on_cmf,
    AllocationStall: FileAggregate._on_stall,
    Degenerated: FileAggregate._on_degenerated,
    Unparsed: FileAggregate._on_unparsed,
}
"""Event type → aggregation handler (one table, like the parsers' rule tables)."""


# ---------------------------------------------------------------------- one file
def analyse_file(
    path: str, keep_events: bool = False, on_bytes: Callable[[int], None] | None = None
) -> FileAggregate:
    """Read one file completely into a FileAggregate. Problems become ``warnings``; ``events == 0``
    means the file gave nothing usable."""
    agg = FileAggregate(path=path, keep_events=keep_events)
    try:
        log = reader.check_path(Path(path))
        log.on_bytes = on_bytes
        head = reader.read_head(log)
    except reader.UnreadableLog as err:
        agg.warnings.append(f"{path}: {err}")
        return agg
    if reader.looks_binary(head):
        agg.warnings.append(f"{path}: binary data, not a text GC log")
        return agg
    sniffed = sniff(reader.decode_lines(head, SNIFF_LINE_BUDGET))
    if sniffed.format is None:
        agg.warnings.append(f"{path}: {sniffed.reason}")
        return agg
    _apply_sniffed(agg, sniffed)
    if sniffed.format == "unified":
        _run_unified(agg, log)
    else:
        _run_jdk8(agg, log)
    agg.warnings.extend(f"{path}: {w}" for w in log.warnings)
    if agg.events == 0:
        agg.warnings.append(
            f"{path}: no GC events found ({sniffed.format} format, {sniffed.collector or 'unknown collector'})"
        )
    return agg


def _apply_sniffed(agg: FileAggregate, sniffed: Sniffed) -> None:
    agg.format = sniffed.format
    agg.collector = sniffed.collector
    agg.jdk_version = sniffed.jdk_version
    agg.heap_max_mb = sniffed.heap_max_mb
    agg.region_size_mb = sniffed.region_size_mb


def _run_unified(agg: FileAggregate, log: reader.LogFile) -> None:
    from advisor.gclog.parsers.unified import DURATION_KEYWORDS, KEYWORDS, keywords_for

    parser = UnifiedParser(agg.collector, timed=agg.keep_events)
    keywords = keywords_for(agg.collector)
    for chunk in reader.iter_chunks(log):
        spans = reader.candidate_spans(chunk, keywords, DURATION_KEYWORDS)
        if not parser.timed and chunk.isascii():
            _fast_lines(agg, parser, chunk, spans)
            continue
        for start in sorted(spans):
            _parse_line(agg, parser, chunk[start : spans[start][0]])
    if not parser.timed and parser.first_decor and parser.last_decor:
        # events were parsed without times (hot path): the span comes from the first and last event lines
        first_up, first_ep = decorations.times(parser.first_decor)
        last_up, last_ep = decorations.times(parser.last_decor)
        if first_ep is not None and last_ep is not None:
            agg.first_time, agg.last_time, agg.clock = first_ep, last_ep, "epoch"
        elif first_up is not None and last_up is not None:
            agg.first_time, agg.last_time, agg.clock = first_up, last_up, "uptime"
    tail = log.truncated_tail
    keyword_tail = any(k.decode() in tail for k in KEYWORDS)
    _forgive_truncated_tail(agg, log, keyword_tail and not tail.rstrip().endswith("s"))


def _parse_line(agg: FileAggregate, parser: UnifiedParser, raw: bytes) -> None:
    """One candidate line through the rule table: typed events into the aggregate."""
    events = parser.parse_line(raw.rstrip(b"\r").decode("utf-8", "replace"))
    if parser.timed:
        for event in events:
            agg.add(event)
        return
    for event in events:  # events carry no times (hot path): the span comes from the decorations
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            agg.events += 1
            handler(agg, event)


def _fast_lines(
    agg: FileAggregate, parser: UnifiedParser, chunk: bytes, spans: dict[int, tuple[int, int]]
) -> None:
    """The untimed hot path for one pure-ASCII chunk: the candidate lines go through one C-level
    ``findall`` (``unified.FAST_LINES``); the common pause, safepoint, G1 old-region and concurrent-phase
    lines are folded straight into the aggregate, with the values and order ``_parse_line`` gives, and
    every other line goes through it."""
    from advisor.gclog.parsers import unified

    starts = sorted(spans)
    found = unified.FAST_LINES.findall(b"\n".join([chunk[start : spans[start][0]] for start in starts]))
    if len(found) != len(starts):  # cannot happen (one match per line); stay exact if it ever does
        for start in starts:
            _parse_line(agg, parser, chunk[start : spans[start][0]])
        return
    names = unified.PAUSE_NAMES_RAW
    unit_mb = unified.UNIT_MB_RAW
    add_pause = agg.add_pause
    safepoint_ms: list[float] = []  # histogram batches, added before any line that goes through the rules
    ttsp_ms: list[float] = []
    pause, safepoint, old, concurrent = (
        unified.FAST_PAUSE,
        unified.FAST_SAFEPOINT,
        unified.FAST_OLD_REGIONS,
        unified.FAST_CONCURRENT,
    )
    slow = 0
    last: int | None = None  # index of the last line handled here (its decorations end the time span)
    for index, groups in enumerate(found):
        if groups[safepoint + 1]:
            safepoint_ms.append(int(groups[safepoint + 1]) / 1e6)
            ttsp_ms.append(int(groups[safepoint]) / 1e6)
        elif groups[pause + 7]:
            name, prefix = groups[pause], groups[FAST_PREFIX]
            what, generation, cause, evacuation_failure = names.get(
                (name, prefix)
            ) or unified.describe_pause_raw(name, prefix)
            if generation == "full" or evacuation_failure:  # these add marker events: rule table
                groups = ()
            else:
                _, before, before_unit, after, after_unit, capacity, capacity_unit, ms = groups[
                    pause : pause + 8
                ]
                try:
                    duration = float(ms)
                except ValueError:  # decimal comma
                    duration = unified.raw_ms(ms)
                gc_text = groups[FAST_GC]
                gc_id = int(gc_text) if gc_text else -1
                if before:
                    add_pause(
                        duration,
                        what,
                        generation,
                        gc_id,
                        int(before) * unit_mb[before_unit],
                        int(after) * unit_mb[after_unit],
                        int(capacity) * unit_mb[capacity_unit],
                        cause,
                    )
                else:
                    add_pause(duration, what, generation, gc_id, None, None, None, cause)
        elif groups[old + 1]:
            gc_text = groups[FAST_GC]
            agg._pending_old = OldGenChange(
                None, None, float(groups[old]), float(groups[old + 1]), int(gc_text) if gc_text else -1, True
            )
        elif not groups[concurrent + 7] or groups[concurrent + 1]:  # sizes: Shenandoah's cleanup, heap too
            groups = ()
        elif groups[concurrent].endswith(b"Cycle"):
            agg.cycles.add(unified.raw_ms(groups[concurrent + 7]))
        elif groups[concurrent] in (b"Sweep", b"Reset"):
            parser.state.cms_cycle_running = False
        if groups:
            if last is None and parser.first_decor is None:
                parser.first_decor = _decorations(chunk, starts[index])
            last = index
            continue
        if last is not None:
            parser.last_decor = _decorations(chunk, starts[last])
            last = None
        if safepoint_ms:
            agg.safepoints.add_all(safepoint_ms)
            agg.ttsp.add_all(ttsp_ms)
            safepoint_ms.clear()
            ttsp_ms.clear()
        slow += 1
        start = starts[index]
        _parse_line(agg, parser, chunk[start : spans[start][0]])
    if last is not None:
        parser.last_decor = _decorations(chunk, starts[last])
    agg.safepoints.add_all(safepoint_ms)
    agg.ttsp.add_all(ttsp_ms)
    agg.events += len(starts) - slow


def _decorations(chunk: bytes, start: int) -> str:
    from advisor.gclog.parsers.unified import DECORATIONS_BYTES

    found = DECORATIONS_BYTES.match(chunk, start)
    assert found is not None  # the line matched FAST_LINES, which requires decorations
    return found.group().decode()


def _run_jdk8(agg: FileAggregate, log: reader.LogFile) -> None:
    from advisor.gclog.parsers.jdk8 import Jdk8Parser

    parser = Jdk8Parser(agg.collector)
    add = agg.add
    for line in reader.iter_text_lines(log):
        for event in parser.feed(line):
            add(event)
    for event in parser.finish():
        add(event)
    if parser.collector and not agg.collector:
        agg.collector = parser.collector
    _forgive_truncated_tail(agg, log, parser.ended_inside_event)


def _forgive_truncated_tail(agg: FileAggregate, log: reader.LogFile, cut_short: bool) -> None:
    """A last line without newline that is an incomplete event is a write cut short (or a live file):
    warn once; it is not a parser gap, so it is not counted as unparsed."""
    tail = log.truncated_tail
    if not tail:
        return
    if agg.unparsed_examples and agg.unparsed_examples[-1] == tail[:200]:
        agg.unparsed -= 1
        agg.unparsed_examples.pop()
        cut_short = True
    if cut_short:
        agg.warnings.append(f"{agg.path}: the last line is cut short (ignored): {tail[:80]!r}")


# ---------------------------------------------------------------------- the set
def summarize(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    keep_events: bool = False,
    progress: Progress | None = None,
) -> GcSummary:
    """Analyse a GC log set (one or many files, rotated, gzipped) into one GcSummary.

    Raises NothingUsableError (one line naming every problem) when no file gave a GC event; otherwise
    unusable files become ``warnings`` and the rest is summarised.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    names = [str(p) for p in paths]
    if not names:
        raise NothingUsableError("no GC log files given")
    results = list(_analyse_all(names, keep_events, progress))
    usable = [r for r in results if r.events > 0]
    warnings = [w for r in results for w in r.warnings]
    if not usable:
        raise NothingUsableError("nothing usable in the GC logs: " + "; ".join(warnings or ["no GC events"]))
    usable.sort(key=lambda r: (r.first_time is None, r.first_time or 0.0))
    return _to_summary(usable, warnings, keep_events)


def _sizes(names: Iterable[str]) -> list[int]:
    out = []
    for name in names:
        try:
            out.append(os.stat(name).st_size)
        except OSError:
            out.append(0)
    return out


def _analyse_all(names: list[str], keep_events: bool, progress: Progress | None) -> Iterable[FileAggregate]:
    sizes = _sizes(names)
    total = sum(sizes)
    done = 0
    workers = min(len(names), os.cpu_count() or 1)
    if workers > 1 and total >= PARALLEL_MIN_BYTES:
        # "spawn": callers may run threads or gevent (the load-test report), where fork is unsafe
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn")
        ) as pool:
            futures = [pool.submit(analyse_file, name, keep_events) for name in names]
            for future, size in zip(futures, sizes, strict=True):
                result = future.result()
                done += size
                if progress:
                    progress(done, total)
                yield result
        return
    for name, size in zip(names, sizes, strict=True):
        read = 0

        def advance(block: int, before: int = done, size: int = size) -> None:
            nonlocal read
            read += block
            if progress:
                progress(before + min(read, size), total)  # gzip: decompressed bytes, capped

        result = analyse_file(name, keep_events, advance)
        done += size
        if progress:
            progress(done, total)
        yield result


def _set_collector(usable: list[FileAggregate], warnings: list[str]) -> str | None:
    found = [r.collector for r in usable if r.collector]
    collector = found[0] if found else None
    if len(set(found)) > 1:
        warnings.append("files come from different collectors: " + ", ".join(sorted(set(found))))
    if collector == "ZGC" and any(r.generational_zgc for r in usable):
        collector = "ZGC-generational"
    return collector


def _to_summary(usable: list[FileAggregate], warnings: list[str], keep_events: bool) -> GcSummary:
    formats = sorted({r.format for r in usable if r.format})
    if len(formats) > 1:
        warnings.append("mixed log formats in one set (" + " and ".join(formats) + "); all were read")
    collector = _set_collector(usable, warnings)
    if any(r.clock != usable[0].clock for r in usable):
        warnings.append("files disagree on the clock (some have wall-clock time, some only uptime)")
    region = next((r.region_size_mb for r in usable if r.region_size_mb), None)
    total = FileAggregate(collector=collector, region_size_mb=region)
    span = 0.0
    for result in usable:
        total.merge(result)
        span += result.span_s
    if total.unparsed:
        warnings.append(
            f"{total.unparsed} line(s) look like GC events but were not understood, e.g. "
            + " | ".join(repr(x) for x in total.unparsed_examples)
        )
    if all(r.first_time is None for r in usable):
        warnings.append("the log has no timestamps (decoration 'none'?): rates and GC overhead are unknown")
    jdk = next((r.jdk_version for r in usable if r.jdk_version), None)
    total.promoted_mb += total.promoted_regions * (region or 1.0)
    live = total.live_sum_mb / total.live_count if total.live_count else None
    safepoints = None
    if total.safepoints.count:
        safepoints = SafepointStats(
            count=total.safepoints.count,
            total_ms=round(total.safepoints.total_ms, 3),
            max_ms=round(total.safepoints.max_ms, 3),
            max_time_to_safepoint_ms=round(total.ttsp.max_ms, 3),
            p99_time_to_safepoint_ms=round(total.ttsp.percentile(99), 3),
        )
    events = tuple(sorted(total.pause_events, key=lambda e: e.at)) if keep_events else ()
    return GcSummary(
        collector=collector,
        jdk_version=jdk,
        format=formats[0] if len(formats) == 1 else "+".join(formats),
        pauses=replace(total.pauses.stats(), total_ms=round(total.paused_ms, 3)),
        safepoints=safepoints,
        bad_events=BadEvents(
            full_gc=total.full_gc,
            concurrent_mode_failure=total.concurrent_mode_failure,
            evacuation_failure=total.evacuation_failure,
            allocation_stall=total.allocation_stall,
            degenerated=total.degenerated,
        ),
        unparsed_lines=total.unparsed,
        warnings=tuple(warnings),
        files=tuple(r.path for r in usable),
        pauses_by_kind={kind: hist.stats() for kind, hist in sorted(total.by_kind.items())},
        pauses_by_cause=dict(sorted(total.causes.items(), key=lambda item: -item[1])),
        concurrent=total.cycles.stats(),
        wall_time_s=round(span, 3) if span else None,
        gc_overhead_pct=round(100.0 * total.paused_ms / 1000.0 / span, 3) if span else None,
        allocation_rate_mb_s=round(total.allocated_mb / span, 3) if span else None,
        promotion_rate_mb_s=round(total.promoted_mb / span, 3) if span and total.promotion_seen else None,
        live_set_mb=round(live, 3) if live is not None else None,
        heap_max_mb=total.heap_max_mb,
        clock=usable[0].clock,
        pause_events=events,
    )
