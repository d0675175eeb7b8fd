"""Collector choices for lab nodes: the ``jvm.options.d`` lines that select them and how to recognise them.

HotSpot refuses two collectors at once ("Conflicting collector combinations in option list"), and the
distributions' own ``jvm.options`` already turn one on for some JDK range (ES 7.x: ``8-13:`` CMS and
``14-:`` G1; OpenSearch: ``8-10:`` CMS and ``11-:`` G1; ES 8+/9: G1). So a lab node switches off exactly
the collector its distribution selects for that JDK and switches on the wanted one; switching off a
collector the JDK does not know would stop the JVM (``Unrecognized VM option``, FACTS §7).

What the node really runs is read back from ``_nodes/jvm`` ``gc_collectors`` (raw MXBean names,
ES:JvmInfo): CMS = ``ParNew``/``ConcurrentMarkSweep``; G1 = ``G1 Young Generation``/``G1 Old
Generation`` (+ ``G1 Concurrent GC`` on JDK 20+); ZGC = ``ZGC`` (11-16), ``ZGC Cycles``/``ZGC Pauses``
(17+, non-generational), ``ZGC Minor/Major Cycles/Pauses`` (generational; jdk#3483, JEP 439/474).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError


@dataclass(frozen=True)
class Collector:
    key: str
    flag: str  # the Use...GC flag name
    jdks: tuple[int, int]  # feature versions (inclusive) where the flag selects it
    extra_lines: tuple[str, ...]  # version-prefixed jvm.options lines besides -XX:+flag
    description: str

    def supports(self, jdk: int) -> bool:
        return self.jdks[0] <= jdk <= self.jdks[1]


COLLECTORS: dict[str, Collector] = {
    "cms": Collector("cms", "UseConcMarkSweepGC", (8, 13), (), "Concurrent Mark Sweep (JDK <= 13)"),
    "g1": Collector("g1", "UseG1GC", (8, 99), (), "G1"),
    "parallel": Collector("parallel", "UseParallelGC", (8, 99), (), "Parallel"),
    "zgc": Collector(
        "zgc",
        "UseZGC",
        (11, 99),
        ("11-14:-XX:+UnlockExperimentalVMOptions",),
        "ZGC as the JDK runs it by default (single-generation before 23, generational from 23)",
    ),
    "zgc-gen": Collector(
        "zgc-gen",
        "UseZGC",
        (21, 99),
        ("21-22:-XX:+ZGenerational",),
        "generational ZGC (JEP 439; the only ZGC from JDK 24)",
    ),
}

_RANGE = re.compile(r"^(?P<lo>\d+)(?:(?P<dash>-)(?P<hi>\d+)?)?:(?P<opt>-.*)$")
_GC_FLAG = re.compile(r"^-XX:\+(Use\w+GC)$")


def parse_choice(text: str) -> list[Collector]:
    """``cms,g1,zgc`` → collectors (order kept, no duplicates)."""
    keys = [k.strip().lower() for k in text.split(",") if k.strip()]
    unknown = [k for k in keys if k not in COLLECTORS]
    if unknown or not keys:
        raise InputError(f"unknown collector {', '.join(unknown) or '(none)'}: use {', '.join(COLLECTORS)}")
    return [COLLECTORS[k] for k in dict.fromkeys(keys)]


def options_for_jdk(lines: Iterable[str], jdk: int) -> list[str]:
    """The options a ``jvm.options`` file gives JDK ``jdk`` (``N:``, ``N-:``, ``N-M:`` prefixes; ES:JvmOptionsParser)."""
    out: list[str] = []
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        m = _RANGE.match(line)
        if not m:
            out.append(line.strip())
            continue
        lo = int(m["lo"])
        hi = (int(m["hi"]) if m["hi"] else 10**6) if m["dash"] else lo
        if lo <= jdk <= hi:
            out.append(m["opt"])
    return out


def distribution_collector_flags(jvm_options: Path, jdk: int) -> list[str]:
    """The ``Use...GC`` flags the distribution's own ``jvm.options`` turns on for this JDK."""
    flags = []
    for opt in options_for_jdk(jvm_options.read_text().splitlines(), jdk):
        m = _GC_FLAG.match(opt)
        if m:
            flags.append(m.group(1))
    return flags


def gc_option_lines(collector: Collector, jdk: int, distribution_flags: Iterable[str]) -> list[str]:
    """``jvm.options.d`` lines selecting ``collector`` on JDK ``jdk`` over what the distribution selects."""
    if not collector.supports(jdk):
        lo, hi = collector.jdks
        raise InputError(f"{collector.key} needs JDK {lo}..{hi}, not {jdk}")
    lines = [f"-XX:-{flag}" for flag in distribution_flags if flag != collector.flag]
    lines += list(collector.extra_lines)
    lines.append(f"-XX:+{collector.flag}")
    return lines


def runs_collector(collector: Collector, gc_collectors: list[str]) -> bool:
    """Whether ``_nodes/jvm`` ``gc_collectors`` show the node really runs ``collector``."""
    names = set(gc_collectors)
    if collector.key == "cms":
        return "ConcurrentMarkSweep" in names
    if collector.key == "g1":
        return "G1 Young Generation" in names
    if collector.key == "parallel":
        return "PS Scavenge" in names
    if collector.key == "zgc-gen":
        return "ZGC Minor Pauses" in names or "ZGC Minor Cycles" in names
    return bool(names) and all(n.startswith("ZGC") for n in names)


def describe_running(gc_collectors: list[str]) -> str:
    """Which collector a ``gc_collectors`` list means, in words ("G1", "CMS", "ZGC-generational"...)."""
    for key, name in (
        ("zgc-gen", "ZGC-generational"),
        ("cms", "CMS"),
        ("g1", "G1"),
        ("parallel", "Parallel"),
    ):
        if runs_collector(COLLECTORS[key], gc_collectors):
            return name
    if runs_collector(COLLECTORS["zgc"], gc_collectors):
        return "ZGC"
    return "/".join(gc_collectors) or "unknown"
