"""Numbers as GC logs print them: sizes with a unit letter, decimals with a point or a comma."""

from __future__ import annotations

UNIT_MB = {"B": 1 / 1048576, "K": 1 / 1024, "M": 1.0, "G": 1024.0}
"""MiB per unit letter (HotSpot prints binary units: ``K`` = KiB, ``M`` = MiB, ``G`` = GiB)."""


def number(text: str) -> float:
    """``"0,0024133"`` (some JVM locales) or ``"0.0024133"`` → float."""
    return float(text.replace(",", "."))


def size_mb(value: str, unit: str) -> float:
    """``("512", "K")`` → 0.5; ``("3038.7", "M")`` → 3038.7."""
    return number(value) * UNIT_MB[unit]
