"""Host facts from a fake /proc + /sys tree (cgroup v1 and v2), and once from the real machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.sources.host import read_host

MEMINFO = """MemTotal:       65536000 kB
MemFree:         1000000 kB
SwapTotal:       2097148 kB
HugePages_Total:     512
HugePages_Free:      500
Hugepagesize:       2048 kB
"""


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel.lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


BASE = {
    "/proc/meminfo": MEMINFO,
    "/proc/sys/vm/swappiness": "60\n",
    "/proc/sys/vm/max_map_count": "65530\n",
    "/sys/kernel/mm/transparent_hugepage/enabled": "always [madvise] never\n",
    "/sys/kernel/mm/transparent_hugepage/defrag": "always defer defer+madvise [madvise] never\n",
}


@pytest.mark.parametrize(
    ("cgroup", "limit", "cpus"),
    [
        (
            {"/sys/fs/cgroup/memory.max": "8589934592\n", "/sys/fs/cgroup/cpu.max": "200000 100000\n"},
            8 << 30,
            2.0,
        ),
        ({"/sys/fs/cgroup/memory.max": "max\n", "/sys/fs/cgroup/cpu.max": "max 100000\n"}, None, None),
        (
            {
                "/sys/fs/cgroup/memory/memory.limit_in_bytes": "4294967296\n",
                "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "150000\n",
                "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
            },
            4 << 30,
            1.5,
        ),
        (
            {
                "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
                "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n",
                "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
            },
            None,
            None,
        ),
        ({}, None, None),
    ],
    ids=["v2-limited", "v2-unlimited", "v1-limited", "v1-unlimited", "no-cgroup"],
)
def test_host_facts_from_tree(
    cgroup: dict[str, str], limit: int | None, cpus: float | None, tmp_path: Path
) -> None:
    """Verify each host fact is read from its file (bracketed THP mode, kB → bytes, 'max'/-1 = no limit)."""
    facts = read_host(tree(tmp_path, {**BASE, **cgroup}))
    assert facts.ram_bytes == 65536000 * 1024
    assert facts.swap_total_bytes == 2097148 * 1024
    assert (facts.swappiness, facts.max_map_count) == (60, 65530)
    assert (facts.thp_enabled, facts.thp_defrag) == ("madvise", "madvise")
    assert (facts.hugepages_total, facts.hugepages_free, facts.hugepage_size_bytes) == (512, 500, 2 << 20)
    assert facts.cgroup_memory_limit_bytes == limit
    assert facts.cgroup_cpu_limit == cpus


def test_empty_tree_is_all_unknown(tmp_path: Path) -> None:
    facts = read_host(tmp_path)
    assert facts.ram_bytes is None and facts.thp_enabled is None and facts.swappiness is None


def test_real_machine() -> None:
    """Verify the real /proc and /sys of this machine give plausible numbers."""
    facts = read_host("/")
    assert facts.ram_bytes and facts.ram_bytes > 256 << 20
    assert facts.swap_total_bytes is not None
    assert facts.cpu_count and facts.cpu_count >= 1
    assert facts.thp_enabled in (None, "always", "madvise", "never")
