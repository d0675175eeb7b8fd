"""Which format, collector and JDK a GC log holds, from its first lines (gctoolkit's ``UnifiedDiarizer``).

Runs before a parser is picked, on at most ``SNIFF_LINE_BUDGET`` lines of each file. Rotated members
other than the first carry no banner, so the collector can also be recognised from event shapes
(``Pause Young (Normal)`` → G1, ``ParNew`` → CMS, ``Minor Collection`` → generational ZGC...).
Banners (JDK 11-25 ``[gc] Using G1`` ..., ``[gc,init] Initializing The Z Garbage Collector``,
``[gc,init] Version: 17.0.15+6...``) are listed in ../shared/FACTS.md section 6.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.gclog import decorations
from advisor.gclog.units import size_mb

SNIFF_LINE_BUDGET = 400
"""Lines examined per file before giving up on recognising the format."""

UNIFIED_BANNERS: tuple[tuple[str, str], ...] = (
    ("Using G1", "G1"),
    ("Using Concurrent Mark Sweep", "CMS"),
    ("Using Parallel", "Parallel"),
    ("Using Serial", "Serial"),
    ("Using Shenandoah", "Shenandoah"),
    ("Using The Z Garbage Collector", "ZGC"),
    ("Initializing The Z Garbage Collector", "ZGC"),
    ("Using Epsilon", "Epsilon"),
)

SHAPE_HINTS: tuple[tuple[str, str], ...] = (
    ("Minor Collection (", "ZGC-generational"),
    ("Major Collection (", "ZGC-generational"),
    (" y: Pause", "ZGC-generational"),
    ("Garbage Collection (", "ZGC"),
    ("Pause Mark Start", "ZGC"),
    ("Pause Init Mark", "Shenandoah"),
    ("Pause Init Update Refs", "Shenandoah"),
    ("Pause Final Evac", "Shenandoah"),
    ("Pause Final Update Refs", "Shenandoah"),
    ("Pause Final Mark", "Shenandoah"),
    ("Pause Young (Normal)", "G1"),
    ("Pause Young (Concurrent Start)", "G1"),
    ("G1 Evacuation Pause", "G1"),
    ("Old regions:", "G1"),
    ("[GC pause", "G1"),
    ("GC concurrent-", "G1"),
    ("G1Ergonomics", "G1"),
    ("[Eden:", "G1"),
    ("[GC remark", "G1"),
    ("[GC cleanup", "G1"),
    ("-XX:+UseG1GC", "G1"),
    ("ParNew", "CMS"),
    ("CMS", "CMS"),
    ("Pause Initial Mark", "CMS"),
    ("-XX:+UseConcMarkSweepGC", "CMS"),
    ("PSYoungGen", "Parallel"),
    ("ParOldGen", "Parallel"),
    ("-XX:+UseParallelGC", "Parallel"),
    ("-XX:+UseParallelOldGC", "Parallel"),
    ("DefNew", "Serial"),
    ("Tenured", "Serial"),
    ("-XX:+UseSerialGC", "Serial"),
    ("Shenandoah", "Shenandoah"),
)
"""Substrings that give the collector away when no banner was logged (first hit wins)."""

# Java HotSpot(TM) 64-Bit Server VM (25.45-b02) for linux-amd64 JRE (1.8.0_45-b14), built on ...
JDK8_HEADER = re.compile(r"(?:Java HotSpot\(TM\)|OpenJDK) .*\bJRE \((1\.\d\.\d+[^)]*)\)")
# 2016-12-21T14:28:11.041-0500: 0.193: ...     85238.030: [Full GC ...     Total time for which ...
JDK8_LINE = re.compile(
    r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[.,]\d{3}[+-]\d{4}: )?\d+[.,]\d+: \[|\{Heap before GC"
)
JDK8_STOPPED = re.compile(r"(?:\S+: )*Total time for which application threads were stopped: ")
# [gc,init] Version: 17.0.15+6-Debian-1deb12u1 (release)
UNIFIED_VERSION = re.compile(r"Version: (\d[\w.+-]*) \(")
# Heap Max Capacity: 256M (JDK 17+ gc,init)       Max Capacity: 128M (ZGC)       Heap Region Size: 1M
HEAP_MAX = re.compile(r"(?:Heap )?Max(?:imum)? Capacity: (\d+)([KMG])")
REGION_SIZE = re.compile(r"Heap [Rr]egion [Ss]ize: (\d+)([KMG])")
UNIFIED_GC_LINE = re.compile(r"GC\(\d+\) ")


@dataclass
class Sniffed:
    """What the head of one file says. ``format`` None = not a GC log (``reason`` says why)."""

    format: str | None
    collector: str | None = None
    jdk_version: str | None = None
    heap_max_mb: float | None = None
    region_size_mb: float | None = None
    first_time: float | None = None
    first_time_is_epoch: bool = False
    reason: str = ""


def collector_from_text(text: str) -> str | None:
    for needle, collector in SHAPE_HINTS:
        if needle in text:
            return collector
    return None


def sniff(lines: list[str]) -> Sniffed:
    """Recognise the format from up to ``SNIFF_LINE_BUDGET`` lines (already decoded)."""
    lines = lines[:SNIFF_LINE_BUDGET]
    unified = jdk8 = 0
    result = Sniffed(format=None)
    banner: str | None = None
    for line in lines:
        if not line.strip():
            continue
        if decorations.is_decorated(line) or UNIFIED_GC_LINE.match(line):
            unified += 1
            uptime, epoch, message = decorations.split(line)
            if result.first_time is None and (epoch is not None or uptime is not None):
                result.first_time = epoch if epoch is not None else uptime
                result.first_time_is_epoch = epoch is not None
            _sniff_unified_message(message, result)
            if banner is None:
                banner = _banner(message)
        elif JDK8_LINE.match(line) or JDK8_STOPPED.match(line):
            jdk8 += 1
            if result.first_time is None:
                _sniff_jdk8_time(line, result)
        else:
            header = JDK8_HEADER.search(line)
            if header:
                jdk8 += 1
                result.jdk_version = header.group(1)
            elif line.startswith("CommandLine flags:"):
                jdk8 += 1
                banner = banner or collector_from_text(line)
            elif banner is None and not line.startswith((" ", "\t")) and _banner(line):
                unified += 1
                banner = _banner(line)
    if unified == 0 and jdk8 == 0:
        result.reason = f"no GC log lines in the first {len(lines)} lines (not a JVM GC log?)"
        return result
    result.format = "unified" if unified >= jdk8 else "jdk8"
    result.collector = banner or collector_from_text("\n".join(lines))
    return result


def _banner(message: str) -> str | None:
    for needle, collector in UNIFIED_BANNERS:
        if message.startswith(needle):
            return collector
    return None


def _sniff_unified_message(message: str, result: Sniffed) -> None:
    if result.jdk_version is None:
        version = UNIFIED_VERSION.match(message)
        if version:
            result.jdk_version = version.group(1)
    if result.heap_max_mb is None:
        heap = HEAP_MAX.match(message)
        if heap:
            result.heap_max_mb = size_mb(heap.group(1), heap.group(2))
    if result.region_size_mb is None:
        region = REGION_SIZE.match(message)
        if region:
            result.region_size_mb = size_mb(region.group(1), region.group(2))


def _sniff_jdk8_time(line: str, result: Sniffed) -> None:
    if line[:4].isdigit() and line[4:5] == "-":
        epoch = decorations.iso_to_epoch(line.split(": ", 1)[0])
        if epoch is not None:
            result.first_time, result.first_time_is_epoch = epoch, True
            return
    head = line.split(": ", 1)[0]
    try:
        result.first_time = float(head.replace(",", "."))
    except ValueError:
        return
