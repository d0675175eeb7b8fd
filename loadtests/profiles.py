"""Load profiles as data: each maps the fraction ``f`` of the measured duration to a fraction of peak users.

Pure functions (no Locust import), used by ``loadtests.shapes`` and tested directly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


def _constant(f: float) -> float:
    return 1.0


def _baseline(f: float) -> float:
    """An ordinary afternoon: ramp to 60% over the first 10%, then steady with a gentle wave."""
    ramp = min(1.0, f / 0.1)
    return ramp * (0.6 + 0.1 * math.sin(2 * math.pi * f))


def _flash_sale(f: float) -> float:
    """Quiet (10%) until 30% of the run, the drop (everyone arrives within seconds), a plateau until 65%,
    then an exponential decay towards 20%."""
    if f < 0.30:
        return 0.10
    if f < 0.65:
        return 1.0
    return 0.2 + 0.8 * math.exp(-(f - 0.65) / 0.12)


def _spike_train(f: float) -> float:
    """20% base with five spikes to 100%, each lasting 5% of the run, every 20% from 10%."""
    return 1.0 if (f - 0.10) % 0.20 < 0.05 and f >= 0.10 else 0.20


def _soak(f: float) -> float:
    """Long steady load at 70% after a 5% ramp: for leaks, old-gen growth, fragmentation."""
    return 0.7 * min(1.0, f / 0.05)


@dataclass(frozen=True)
class Profile:
    name: str
    level: Callable[[float], float]
    default_duration_s: float
    drop_seconds: float
    """How fast a rise in users happens (the whole rise arrives within this many seconds)."""


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("constant", _constant, 60, 2),
        Profile("baseline", _baseline, 120, 10),
        Profile("flash-sale", _flash_sale, 180, 3),
        Profile("spike-train", _spike_train, 180, 2),
        Profile("soak", _soak, 1800, 30),
    )
}
DEFAULT_PROFILE = "flash-sale"
STOP_GRACE_S = 15.0
"""After the schedule ends, in-flight requests get this long to finish before Locust stops the users."""
MAX_SPAWN_RATE = 500.0
"""Upper bound on users started per second (Locust warns above 100; the drop needs more)."""
