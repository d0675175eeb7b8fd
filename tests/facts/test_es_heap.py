"""ES automatic heap sizing and G1 ergonomics (MachineDependentHeapTests / JvmErgonomicsTests style)."""

from __future__ import annotations

import pytest

from advisor.facts.es_heap import auto_heap_mb, es_defaults, g1_ergonomics, has_auto_heap, machine_role

GB = 1024**3


@pytest.mark.parametrize(
    ("ram_gb", "roles", "heap_mb"),
    [
        (0.2, (), 128),  # 40 % of 0.2 GiB = 82 MiB → 128 MiB floor
        (0.5, ("data",), 204),  # 40 %
        (1, ("data",), 512),
        (8, ("data", "ingest"), 4096),
        (64, ("data",), 31744),  # 50 % capped at 31 GiB
        (263, (), 31744),
        (8, ("master",), 4915),  # 60 %
        (64, ("master",), 31744),
        (8, ("ml",), 3276),  # 40 % = 3276.8 → floor to 4 MiB multiple
        (16, ("ml", "remote_cluster_client"), 6552),
        (32, ("ml",), 8192),  # 40 % of 16 GiB + 10 % of 16 GiB = 8 GiB
        (8, ("ml", "data"), 4096),  # not ML-only → data formula
        (8, ("master", "data"), 4096),
    ],
)
def test_auto_heap(ram_gb: float, roles: tuple[str, ...], heap_mb: int) -> None:
    """Verify MachineDependentHeap's formula per role."""
    assert auto_heap_mb(int(ram_gb * GB), roles) == heap_mb


@pytest.mark.parametrize(
    ("roles", "role"),
    [((), "data"), (("master",), "master_only"), (("ml",), "ml_only"), (("master", "ml"), "data")],
)
def test_machine_role(roles: tuple[str, ...], role: str) -> None:
    assert machine_role(roles) == role


@pytest.mark.parametrize(
    ("version", "auto"), [("7.10.2", False), ("7.11.0", True), ("8.15.1", True), (None, None)]
)
def test_auto_heap_versions(version: str | None, auto: bool | None) -> None:
    assert has_auto_heap(version) is auto


@pytest.mark.parametrize(
    ("heap_gb", "region", "reserve"), [(4, "4m", 15), (7.9, "4m", 15), (8, None, 25), (31, None, 25)]
)
def test_g1_ergonomics(heap_gb: float, region: str | None, reserve: int) -> None:
    """Verify JvmErgonomics: region 4m and reserve 15 below 8 GiB, else 25; IHOP 30; direct = heap/2."""
    e = g1_ergonomics(int(heap_gb * GB))
    assert (e.g1_heap_region_size, e.g1_reserve_percent, e.initiating_heap_occupancy_percent) == (
        region,
        reserve,
        30,
    )
    assert e.max_direct_memory_bytes == int(heap_gb * GB) // 2


@pytest.mark.parametrize(
    ("version", "bundled", "g1_line"),
    [
        ("6.8.23", None, None),
        ("7.3.0", 12, None),
        ("7.17.25", 17, "14-:-XX:+UseG1GC"),
        ("8.13.0", 21, "-XX:+UseG1GC"),
        ("9.1.0", 24, "-XX:+UseG1GC"),
    ],
)
def test_es_defaults(version: str, bundled: int | None, g1_line: str | None) -> None:
    d = es_defaults(version)
    assert d is not None and d.bundled_jdk == bundled
    assert (g1_line in d.gc_lines) if g1_line else all("G1" not in line for line in d.gc_lines)
