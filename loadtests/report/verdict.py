"""The verdict: short sentences computed from the numbers, each with a level (ok / warn / bad).

Pure functions over :class:`TargetAggregate`; thresholds are the constants below.
- p99 goal met or missed, and by how much (the goal is ``--goal-p99-ms``);
- latency ≫ service time: requests waited before they were sent (coordinated omission / queueing),
  which a closed-loop tool reporting service time alone would hide (DESIGN.md, Rally's definitions);
- achieved rate below the intended rate, and errors;
- whether the slow seconds line up with GC pauses of that target's nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from loadtests.report.aggregate import TargetAggregate

DEFAULT_GOAL_P99_MS = 200.0  # an autocomplete keystroke that takes longer feels broken
CO_RATIO = 2.0  # latency p99 at least this many times service-time p99 ...
CO_MIN_GAP_MS = 10.0  # ... and at least this much larger
RATE_SHORTFALL = 0.95  # achieved below 95 % of intended: the schedule was not kept
ERROR_WARN_RATIO = 0.001  # 0.1 % errors
SLOW_FACTOR = 3.0  # a second is slow when its p99 exceeds 3x the run's typical per-second p99 ...
TYPICAL_PERCENTILE = 25.0  # ... taken as the 25th percentile of the per-second p99s (robust to many stalls)
PAUSE_SHARE = 0.25  # a pause explains a slow second if it is >= 25 % of that second's excess latency
PAUSE_MIN_MS = 10.0
ALIGN_TOLERANCE_S = 1.0  # node-stats polls are ~1 s apart
ALIGNED_MAJORITY = 0.5


NO_VALUE = "\u2013"  # an en dash where a number is unknown
TIMES = "\u00d7"


@dataclass(frozen=True)
class Verdict:
    level: str  # "ok" | "warn" | "bad"
    text: str


def ms(value: float) -> str:
    """Milliseconds for people: 3 significant digits below 1 s, seconds above."""
    if value is None or not np.isfinite(value):
        return NO_VALUE
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def verdicts(targets: list[TargetAggregate], goal_ms: float) -> list[Verdict]:
    out: list[Verdict] = []
    out += [goal_verdict(t, goal_ms) for t in targets]
    ranking = ranking_verdict(targets)
    if ranking is not None:
        out.append(ranking)
    for target in targets:
        out += [v for v in (omission_verdict(target), rate_verdict(target), error_verdict(target)) if v]
        out.append(gc_alignment_verdict(target))
    return out


def goal_verdict(target: TargetAggregate, goal_ms: float) -> Verdict:
    p99 = float(target.headline["latency_ms"]["p99"])
    if p99 <= goal_ms:
        return Verdict(
            "ok",
            f"{target.label}: p99 latency {ms(p99)} meets the {ms(goal_ms)} goal "
            f"with {ms(goal_ms - p99)} to spare.",
        )
    return Verdict(
        "bad",
        f"{target.label}: p99 latency {ms(p99)} misses the {ms(goal_ms)} goal by "
        f"{ms(p99 - goal_ms)} ({p99 / goal_ms:.1f}{TIMES} the goal).",
    )


def ranking_verdict(targets: list[TargetAggregate]) -> Verdict | None:
    if len(targets) < 2:
        return None
    ranked = sorted(targets, key=lambda t: float(t.headline["latency_ms"]["p99"]))
    best, worst = ranked[0], ranked[-1]
    best_p99, worst_p99 = (
        float(best.headline["latency_ms"]["p99"]),
        float(worst.headline["latency_ms"]["p99"]),
    )
    factor = f"{worst_p99 / best_p99:.1f}{TIMES} lower than" if best_p99 > 0 else "lower than"
    return Verdict(
        "ok", f"Lowest p99 latency: {best.label} ({ms(best_p99)}), {factor} {worst.label} ({ms(worst_p99)})."
    )


def omission_verdict(target: TargetAggregate) -> Verdict | None:
    latency = float(target.headline["latency_ms"]["p99"])
    service = float(target.headline["service_time_ms"]["p99"])
    if latency >= CO_RATIO * service and latency - service >= CO_MIN_GAP_MS:
        return Verdict(
            "warn",
            f"{target.label}: p99 latency {ms(latency)} vs p99 service time {ms(service)}: "
            "requests waited to be sent (queueing behind a stall or a saturated node). "
            "A closed-loop tool that reports service time would hide this "
            "(coordinated omission).",
        )
    return None


def rate_verdict(target: TargetAggregate) -> Verdict | None:
    intended, achieved = target.headline.get("intended_rate"), target.headline.get("achieved_rate")
    if intended and achieved is not None and float(achieved) < RATE_SHORTFALL * float(intended):
        return Verdict(
            "warn",
            f"{target.label}: achieved {float(achieved):.1f} req/s of the intended "
            f"{float(intended):.1f} req/s ({100 * float(achieved) / float(intended):.0f} %): "
            "the schedule was not kept, the load was lower than planned.",
        )
    return None


def error_verdict(target: TargetAggregate) -> Verdict | None:
    errors, requests = int(target.headline["errors"]), int(target.headline["requests"])
    if errors == 0 or requests == 0:
        return None
    share = errors / requests
    level = "bad" if share >= ERROR_WARN_RATIO else "warn"
    return Verdict(
        level,
        f"{target.label}: {errors} of {requests} requests failed ({100 * share:.2f} %); "
        "they are counted in the percentiles, not dropped.",
    )


def typical_p99(target: TargetAggregate) -> float:
    p99 = target.per_second["lat_p99"].to_numpy(np.float64)
    finite = p99[np.isfinite(p99)]
    return float(np.percentile(finite, TYPICAL_PERCENTILE)) if len(finite) else float("nan")


def slow_seconds(target: TargetAggregate) -> np.ndarray:
    """Indices (rows of per_second) whose p99 latency exceeds SLOW_FACTOR x the typical per-second p99."""
    p99 = target.per_second["lat_p99"].to_numpy(np.float64)
    typical = typical_p99(target)
    if not np.isfinite(typical):
        return np.array([], dtype=np.int64)
    return np.flatnonzero(np.isfinite(p99) & (p99 > SLOW_FACTOR * typical) & (p99 - typical >= PAUSE_MIN_MS))


def gc_alignment_verdict(target: TargetAggregate) -> Verdict:
    slow = slow_seconds(target)
    if len(slow) == 0:
        return Verdict(
            "ok",
            f"{target.label}: no slow seconds (no second's p99 above {SLOW_FACTOR:g}{TIMES} the typical).",
        )
    if target.gc.source == "none":
        return Verdict(
            "warn",
            f"{target.label}: {len(slow)} slow second(s), but no GC data was recorded to compare them with.",
        )
    series = target.per_second
    p99 = series["lat_p99"].to_numpy(np.float64)
    typical = typical_p99(target)
    pause_t = target.pauses["t"].to_numpy(np.float64)
    pause_ms = target.pauses["duration_ms"].to_numpy(np.float64)
    span = target.pauses["span_s"].to_numpy(np.float64) if "span_s" in target.pauses else pause_ms / 1000.0
    pause_end = pause_t + np.maximum(span, pause_ms / 1000.0)
    aligned = 0
    largest = 0.0
    for row in slow:
        second = float(series["second"].iloc[row])
        window_end = second + 1.0 + p99[row] / 1000.0 + ALIGN_TOLERANCE_S
        big_enough = pause_ms >= max(PAUSE_MIN_MS, PAUSE_SHARE * (p99[row] - typical))
        near = (pause_t <= window_end) & (pause_end >= second - ALIGN_TOLERANCE_S) & big_enough
        if near.any():
            aligned += 1
            largest = max(largest, float(pause_ms[near].max()))
    where = ", ".join(f"{int(series['second'].iloc[r])} s" for r in slow[:6]) + (
        " …" if len(slow) > 6 else ""
    )
    if aligned / len(slow) >= ALIGNED_MAJORITY:
        return Verdict(
            "bad",
            f"{target.label}: GC pauses line up with {aligned} of {len(slow)} slow second(s) "
            f"(at {where}; largest pause nearby {ms(largest)}, source: {target.gc.source}): "
            "the tail is GC.",
        )
    return Verdict(
        "warn",
        f"{target.label}: {len(slow)} slow second(s) (at {where}), but only {aligned} line up "
        f"with a GC pause (source: {target.gc.source}): look at CPU saturation, queueing or "
        "I/O rather than the collector.",
    )
