"""Independent signals from the raw log text (simple regexes, no advisor code) for cross-checks.

Used by the fixture tests and the live ``realjvm`` tests: counts of pause/safepoint/bad-event lines,
and the check that every GC pause sits inside a safepoint whose total is at least the pause.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

PAUSE_LINE = re.compile(r"GC\((\d+)\) (?:[yYO]: )?Pause .*?(\d+\.\d+)ms\s*$")
SAFEPOINT_NEW = re.compile(r'Safepoint ".*Total: (\d+) ns')
SAFEPOINT_OLD = re.compile(r"Total time for which application threads were stopped: (\d+\.\d+) seconds")
FULL_LINE = re.compile(r"GC\(\d+\) Pause Full .*ms\s*$")
EVAC_LINE = re.compile(r"GC\((\d+)\) (?:To-space exhausted|Pause Young .*\(Evacuation Failure)")
STALL_LINE = re.compile(r"\] Allocation Stall \(.*\) \d+\.\d+ms")
DEGENERATED_LINE = re.compile(r"GC\(\d+\) Pause Degenerated GC .*ms\s*$")
MODE_FAILURE_LINE = re.compile(r"GC\(\d+\) Concurrent mode failure")


def read_lines(path: Path) -> list[str]:
    opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:  # type: ignore[operator]
        return handle.read().splitlines()


@dataclass
class RawCounts:
    pauses: list[float] = field(default_factory=list)
    safepoints: list[float] = field(default_factory=list)
    full: int = 0
    evac_gc_ids: set[str] = field(default_factory=set)
    stalls: int = 0
    mode_failures: int = 0
    degenerated: int = 0
    unmatched_pauses: list[str] = field(default_factory=list)


def raw_counts(files: list[Path]) -> RawCounts:
    counts = RawCounts()
    for path in files:
        lines = read_lines(path)
        safepoint_at: list[tuple[int, float]] = []
        for number, line in enumerate(lines):
            new = SAFEPOINT_NEW.search(line)
            old = SAFEPOINT_OLD.search(line)
            if new or old:
                total = int(new.group(1)) / 1e6 if new else float(old.group(1)) * 1000  # type: ignore[union-attr]
                counts.safepoints.append(total)
                safepoint_at.append((number, total))
            counts.full += bool(FULL_LINE.search(line))
            evac = EVAC_LINE.search(line)
            if evac:
                counts.evac_gc_ids.add(f"{path.name}:{evac.group(1)}")
            counts.stalls += bool(STALL_LINE.search(line))
            counts.mode_failures += bool(MODE_FAILURE_LINE.search(line))
            counts.degenerated += bool(DEGENERATED_LINE.search(line))
        for number, line in enumerate(lines):
            pause = PAUSE_LINE.search(line)
            if not pause:
                continue
            duration = float(pause.group(2))
            counts.pauses.append(duration)
            # the safepoint that holds this pause is logged right after it (VM thread, after the GC op)
            following = [total for at, total in safepoint_at if number < at <= number + 60][:1]
            if following and following[0] + 0.002 < duration:
                counts.unmatched_pauses.append(
                    f"{path.name}:{number + 1}: {duration} ms > safepoint {following[0]} ms"
                )
            if not following and any(at > number for at, _ in safepoint_at):
                counts.unmatched_pauses.append(f"{path.name}:{number + 1}: no safepoint after the pause")
    return counts
