"""A bounded, mergeable duration histogram (HDR-style: 3 significant digits, exact count/total/max).

Values are kept in buckets of 0.1 % relative width, so memory is bounded by the number of decades
(~900 buckets each), not by the number of pauses, and two histograms merge by adding counts (rotated
sets are parsed in parallel, one histogram per file).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from advisor.gclog.summary import DurationStats

SIGNIFICANT_DIGITS = 3


def bucket_of(value_ms: float) -> float:
    """``value_ms`` rounded to ``SIGNIFICANT_DIGITS`` significant digits (0 stays 0)."""
    if value_ms <= 0:
        return 0.0
    return round(value_ms, SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(value_ms)))


@dataclass
class DurationHistogram:
    counts: dict[float, int] = field(default_factory=dict)
    count: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0

    def add(self, value_ms: float) -> None:
        key = bucket_of(value_ms)
        self.counts[key] = self.counts.get(key, 0) + 1
        self.count += 1
        self.total_ms += value_ms
        if value_ms > self.max_ms:
            self.max_ms = value_ms

    def merge(self, other: DurationHistogram) -> None:
        for key, n in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + n
        self.count += other.count
        self.total_ms += other.total_ms
        self.max_ms = max(self.max_ms, other.max_ms)

    def percentile(self, pct: float) -> float:
        """Smallest bucket value with at least ``pct`` % of the values at or below it (nearest rank)."""
        if self.count == 0:
            return 0.0
        rank = max(1, math.ceil(pct * self.count / 100.0 - 1e-9))
        seen = 0
        for key in sorted(self.counts):
            seen += self.counts[key]
            if seen >= rank:
                return min(key, self.max_ms)
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
