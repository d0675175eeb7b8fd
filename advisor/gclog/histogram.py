"""A bounded, mergeable duration histogram (HDR-style: >= 3 significant digits, exact count/total/max).

Values are kept as integer microseconds rounded down to at least ``SIGNIFICANT_DIGITS`` significant
digits (relative error < 0.1 %; below 1 ms they are exact to the microsecond), so memory is bounded by
the number of magnitudes (~1000-2000 buckets each), not by the number of pauses, and two histograms
merge by adding counts (rotated sets are parsed in parallel, one histogram per file). The bucket of a
value is found with integer arithmetic (``int.bit_length`` picks the divisor): this runs once per pause
and per safepoint, on the hot path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from advisor.gclog.summary import DurationStats

SIGNIFICANT_DIGITS = 3

_DIVISOR_BY_BITS = tuple(
    10 ** max(0, len(str(1 << max(bits - 1, 0))) - SIGNIFICANT_DIGITS) for bits in range(1100)
)
"""For a value with ``bits`` binary digits, the power of ten that keeps >= 3 decimal digits (up to the
largest finite float: a damaged line can carry a 30-digit duration)."""

NOT_FINITE_US = 10**18
"""Bucket of an infinite or NaN duration (a damaged line with hundreds of digits reads as ``inf``)."""


def _micros(value_ms: float) -> int:
    try:
        return int(value_ms * 1000.0)
    except (OverflowError, ValueError):
        return NOT_FINITE_US


def bucket_us(value_ms: float) -> int:
    """Bucket key (integer microseconds) of a duration in milliseconds."""
    micros = _micros(value_ms)
    if micros < 1000:
        return max(micros, 0)
    divisor = _DIVISOR_BY_BITS[micros.bit_length()]
    return micros - micros % divisor


@dataclass
class DurationHistogram:
    counts: dict[int, int] = field(default_factory=dict)
    count: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0

    def add(self, value_ms: float) -> None:
        try:
            micros = int(value_ms * 1000.0)
        except (OverflowError, ValueError):
            micros = NOT_FINITE_US
        if micros >= 1000:
            micros -= micros % _DIVISOR_BY_BITS[micros.bit_length()]
        elif micros < 0:
            micros = 0
        counts = self.counts
        counts[micros] = counts.get(micros, 0) + 1
        self.count += 1
        self.total_ms += value_ms
        if value_ms > self.max_ms:
            self.max_ms = value_ms

    def add_all(self, values: list[float]) -> None:
        """``add`` each value in order (the hot path's batches: one call per chunk)."""
        counts = self.counts
        get = counts.get
        divisors = _DIVISOR_BY_BITS
        total = self.total_ms
        top = self.max_ms
        for value_ms in values:
            try:
                micros = int(value_ms * 1000.0)
            except (OverflowError, ValueError):
                micros = NOT_FINITE_US
            if micros >= 1000:
                micros -= micros % divisors[micros.bit_length()]
            elif micros < 0:
                micros = 0
            counts[micros] = get(micros, 0) + 1
            total += value_ms
            if value_ms > top:
                top = value_ms
        self.count += len(values)
        self.total_ms = total
        self.max_ms = top

    def merge(self, other: DurationHistogram) -> None:
        for key, n in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + n
        self.count += other.count
        self.total_ms += other.total_ms
        self.max_ms = max(self.max_ms, other.max_ms)

    def percentile(self, pct: float) -> float:
        """Bucket value (ms) at nearest rank ``pct`` %, capped at the exact maximum."""
        if self.count == 0:
            return 0.0
        rank = max(1, math.ceil(pct * self.count / 100.0 - 1e-9))
        seen = 0
        for key in sorted(self.counts):
            seen += self.counts[key]
            if seen >= rank:
                return min(key / 1000.0, self.max_ms)
        return self.max_ms

    def stats(self) -> DurationStats:
        return DurationStats(
            count=self.count,
            total_ms=round(self.total_ms, 3),
            max_ms=round(self.max_ms, 3),
            p50_ms=round(self.percentile(50), 3),
            p99_ms=round(self.percentile(99), 3),
            p999_ms=round(self.percentile(99.9), 3),
        )
