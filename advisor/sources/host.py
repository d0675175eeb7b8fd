"""Host facts for ``--local``: RAM, cgroup v1/v2 memory limit and CPU quota, swap, swappiness, THP mode,
hugepage pool, vm.max_map_count. Every function takes the filesystem root so tests can feed a fake
``/proc`` + ``/sys`` tree; unreadable values stay None (unknown), never 0.

Files: ``/proc/meminfo`` (MemTotal, SwapTotal, HugePages_Total/Free, Hugepagesize), ``/proc/sys/vm/
swappiness``, ``/proc/sys/vm/max_map_count``, ``/sys/kernel/mm/transparent_hugepage/{enabled,defrag}``
(the bracketed word is the mode), cgroup v2 ``/sys/fs/cgroup/memory.max`` and ``cpu.max`` ("max" = no
limit), cgroup v1 ``/sys/fs/cgroup/memory/memory.limit_in_bytes`` and ``cpu/cpu.cfs_quota_us`` /
``cpu.cfs_period_us`` (-1 = no quota).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from advisor.facts.nodes import HostFacts, ProbeResult

NO_LIMIT_V1 = 1 << 60  # cgroup v1 reports "no limit" as ~2^63 rounded to a page
_BRACKET = re.compile(r"\[(\w+)\]")


def _read(root: Path, rel: str) -> str | None:
    try:
        return (root / rel.lstrip("/")).read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.split()[0])
    except (ValueError, IndexError):
        return None


def meminfo(root: Path) -> dict[str, int]:
    """/proc/meminfo as bytes (kB lines x1024; counts like HugePages_Total as is)."""
    text = _read(root, "/proc/meminfo") or ""
    values: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if not parts or not parts[0].isdigit():
            continue
        factor = 1024 if len(parts) > 1 and parts[1].lower() == "kb" else 1
        values[key.strip()] = int(parts[0]) * factor
    return values


def thp_mode(root: Path, name: str) -> str | None:
    """The bracketed mode of /sys/kernel/mm/transparent_hugepage/<name> ('always [madvise] never' → madvise)."""
    text = _read(root, f"/sys/kernel/mm/transparent_hugepage/{name}")
    if not text:
        return None
    m = _BRACKET.search(text)
    return m.group(1) if m else None


def cgroup_memory_limit(root: Path) -> int | None:
    v2 = _read(root, "/sys/fs/cgroup/memory.max")
    if v2 is not None:
        return None if v2 == "max" else _int(v2)
    v1 = _int(_read(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes"))
    if v1 is None or v1 >= NO_LIMIT_V1:
        return None
    return v1


def cgroup_cpu_limit(root: Path) -> float | None:
    v2 = _read(root, "/sys/fs/cgroup/cpu.max")
    if v2 is not None:
        quota, _, period = v2.partition(" ")
        if quota == "max" or not period:
            return None
        q, p = _int(quota), _int(period)
        return q / p if q and p else None
    quota_v1 = _int(_read(root, "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"))
    period_v1 = _int(_read(root, "/sys/fs/cgroup/cpu/cpu.cfs_period_us"))
    if quota_v1 is None or quota_v1 <= 0 or not period_v1:
        return None
    return quota_v1 / period_v1


def read_host(
    root: str | Path = "/", java: ProbeResult | None = None, cpu_count: int | None = None
) -> HostFacts:
    """HostFacts for the machine under ``root``."""
    r = Path(root)
    mem = meminfo(r)
    return HostFacts(
        ram_bytes=mem.get("MemTotal"),
        cgroup_memory_limit_bytes=cgroup_memory_limit(r),
        swap_total_bytes=mem.get("SwapTotal"),
        swappiness=_int(_read(r, "/proc/sys/vm/swappiness")),
        thp_enabled=thp_mode(r, "enabled"),
        thp_defrag=thp_mode(r, "defrag"),
        hugepages_total=mem.get("HugePages_Total"),
        hugepages_free=mem.get("HugePages_Free"),
        hugepage_size_bytes=mem.get("Hugepagesize"),
        max_map_count=_int(_read(r, "/proc/sys/vm/max_map_count")),
        cpu_count=cpu_count if cpu_count is not None else (os.cpu_count() if str(root) == "/" else None),
        cgroup_cpu_limit=cgroup_cpu_limit(r),
        java=java,
    )
