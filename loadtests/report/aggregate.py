"""Numbers of the report, vectorised over the raw samples (pandas/numpy; seconds for a million rows).

- latency = end - intended_start, service time = end - start (DESIGN.md "Latency measurement"),
  in milliseconds, of every measured request, errors included (never dropped silently);
- nearest-rank percentiles of the sorted raw samples (numpy ``inverted_cdf``, the definition of
  ``loadtests.summary``), never from bucketed response times;
- per-second series keyed by the second of the *intended* start relative to the measured phase start,
  so the seconds in which shoppers pressed a key during a stall show that stall's latency;
- GC pauses: exact events from GC logs when ``gclogs/<label>/`` exists, else the deltas of the
  node-stats counters between two polls (``jvm.gc.collectors.<key>.collection_{count,time_in_millis}``,
  ES JvmStats; see FACTS.md "ES:GcNames" for which keys are concurrent cycles, not pauses).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from loadtests.report.rundir import RunData, run_targets

PERCENTILES: dict[str, float] = {
    "p50": 0.50,
    "p90": 0.90,
    "p95": 0.95,
    "p99": 0.99,
    "p99_9": 0.999,
    "max": 1.0,
}
SERIES_QUANTILES = (0.50, 0.99)
SPECTRUM_POINTS = 240
SPECTRUM_MAX_NINES = 4.0  # p99.99

# Node-stats collector keys whose time is concurrent cycle time, not stop-the-world pause time
# (FACTS.md "ES:GcNames": ES maps only the young/old beans, others keep their raw MXBean name).
# Bean names checked with ManagementFactory.getGarbageCollectorMXBeans(): JDK 11 ZGC → "ZGC";
# 17/21 ZGC → "ZGC Cycles", "ZGC Pauses"; 21 -XX:+ZGenerational and 25 ZGC → "ZGC Minor Cycles",
# "ZGC Minor Pauses", "ZGC Major Cycles", ...; 21/25 G1 adds "G1 Concurrent GC"; 11 CMS → "ParNew",
# "ConcurrentMarkSweep" (ES: young/old).
CONCURRENT_COLLECTORS = frozenset(
    {
        "G1 Concurrent GC",
        "ZGC",
        "ZGC Cycles",
        "ZGC Minor Cycles",
        "ZGC Major Cycles",
        "Shenandoah Cycles",
    }
)

EARLY_TOLERANCE_S = 0.001  # a request sent more than 1 ms before its intended start is a recording fault

# summary.json vs samples: allowed difference before the report says they disagree.
CONSISTENCY_ABS_MS = 1.0
CONSISTENCY_REL = 0.02


@dataclass
class GcStats:
    """GC activity of one target's nodes during its measured phase."""

    source: str  # "gc log" | "node stats" | "none"
    pause_count: int = 0
    pause_total_ms: float = 0.0
    pause_max_ms: float = 0.0
    gc_time_ms: float = 0.0  # every collector's time, concurrent cycles included
    overhead_pct: float | None = None
    per_collector: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class TargetAggregate:
    label: str
    window: tuple[float, float]  # measured phase, epoch seconds
    headline: dict[str, Any]  # the summary.json keys: requests, errors, ..., latency_ms, service_time_ms
    computed: dict[str, Any]  # the same keys computed from the samples
    latency_sorted_ms: np.ndarray
    service_sorted_ms: np.ndarray
    per_second: pd.DataFrame  # second, lat_p50, lat_p99, svc_p99, intended, completed, errors, users
    pauses: pd.DataFrame  # t (s from phase start), duration_ms, kind, node
    gc: GcStats
    info: dict[str, Any]


@dataclass
class RunAggregate:
    data: RunData
    targets: list[TargetAggregate]
    notes: list[str]


def nearest_rank(qs: np.ndarray, counts: np.ndarray | int) -> np.ndarray:
    """0-based index of the q-quantile among ``counts`` sorted values: the smallest value with at least a
    fraction q of the values at or below it (numpy ``inverted_cdf``, as ``loadtests.summary`` uses)."""
    return np.clip(np.ceil(qs * counts).astype(np.int64) - 1, 0, np.maximum(np.asarray(counts) - 1, 0))


def quantiles_sorted(sorted_values: np.ndarray, qs: np.ndarray | list[float]) -> np.ndarray:
    """Nearest-rank quantiles of an ascending array (== ``np.quantile(method="inverted_cdf")``):
    every number is a latency one request really had."""
    qs = np.asarray(qs, dtype=np.float64)
    if len(sorted_values) == 0:
        return np.full(qs.shape, np.nan)
    return sorted_values[nearest_rank(qs, len(sorted_values))]


def percentile_dict(sorted_values: np.ndarray) -> dict[str, float]:
    """The table's percentiles, computed exactly as ``loadtests.summary`` does (numpy on percents, so
    p99.9 = ``np.percentile(v, 99.9, method="inverted_cdf")`` rank for rank)."""
    if len(sorted_values) == 0:
        return dict.fromkeys(PERCENTILES, float("nan"))
    values = np.percentile(sorted_values, [100.0 * q for q in PERCENTILES.values()], method="inverted_cdf")
    return {key: float(v) for key, v in zip(PERCENTILES, values, strict=True)}


def grouped_quantiles(
    groups: np.ndarray, values: np.ndarray, qs: tuple[float, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-group nearest-rank quantiles with no Python loop over groups → (keys, counts, [n_groups, len(qs)])."""
    if len(values) == 0:
        return np.array([], dtype=groups.dtype), np.array([], dtype=np.int64), np.empty((0, len(qs)))
    order = np.lexsort((values, groups))
    keys_sorted, values_sorted = groups[order], values[order]
    keys, starts, counts = np.unique(keys_sorted, return_index=True, return_counts=True)
    out = np.empty((len(keys), len(qs)))
    for j, q in enumerate(qs):
        out[:, j] = values_sorted[starts + nearest_rank(np.full(len(keys), q), counts)]
    return keys, counts, out


def spectrum_quantiles(n: int) -> np.ndarray:
    """q from p0 to p99.99 evenly spaced in log10(1/(1-q)), capped where the sample count still resolves it."""
    nines = min(SPECTRUM_MAX_NINES, np.log10(max(n, 2)))
    return 1.0 - 10.0 ** (-np.linspace(0.0, nines, SPECTRUM_POINTS))


def aggregate_run(data: RunData) -> RunAggregate:
    notes = list(data.notes)
    if data.run.get("recorder_failures"):
        notes.append(
            f"the recorder failed to write {data.run['recorder_failures']} sample(s) "
            f"({data.run.get('recorder_last_failure') or 'no detail'}): the percentiles miss them"
        )
    targets = [aggregate_target(data, label, notes) for label in data.targets]
    return RunAggregate(data, targets, notes)


def aggregate_target(data: RunData, label: str, notes: list[str]) -> TargetAggregate:
    info = run_targets(data.run).get(label, {})
    rows = data.samples[data.samples["target"] == label]
    measured = rows[rows["phase"] == "measured"]
    if measured.empty:
        notes.append(f"{label}: no measured-phase samples; using every sample of this target")
        measured = rows
    window = measured_window(data.run, label, info, measured)
    start, end = window
    duration = max(end - start, 1e-9)

    intended = measured["intended_start"].to_numpy(np.float64)
    actual = measured["start"].to_numpy(np.float64)
    ended = measured["end"].to_numpy(np.float64)
    status = measured["status"].to_numpy(np.int64)
    failed = (status == 0) | (status >= 400) | measured["error"].notna().to_numpy()
    answered = np.isfinite(ended)
    latency = np.sort((ended - intended)[answered & np.isfinite(intended)] * 1000.0)
    service = np.sort((ended - actual)[answered & np.isfinite(actual)] * 1000.0)

    sent, recorded = info.get("requests_sent"), info.get("requests_recorded")
    if isinstance(sent, int) and isinstance(recorded, int) and recorded < sent:
        notes.append(f"{label}: {sent - recorded} of {sent} sent requests were not recorded")
    early = int(np.count_nonzero(actual < intended - EARLY_TOLERANCE_S))
    if early:
        notes.append(
            f"{label}: {early} measured request(s) were sent before their intended start (start < intended_start): "
            "the schedule and the recorder disagree, and their latency is understated"
        )
    shape = _target_rows(data.shape, label)
    # as summary.json: the requests the users' schedules intended in the window (not the shape's nominal pace)
    scheduled = int(np.count_nonzero((intended >= start) & (intended < end))) + int(
        info.get("requests_not_sent") or 0
    )
    intended_rate = scheduled / duration if scheduled else _intended_rate(shape, window)
    computed = {
        "requests": len(measured),
        "errors": int(failed.sum()),
        "duration_s": duration,
        "intended_rate": intended_rate,
        "achieved_rate": len(measured) / duration,
        "latency_ms": percentile_dict(latency),
        "service_time_ms": percentile_dict(service),
    }
    headline = _headline(data.summary, label, computed, notes)
    per_second = _per_second(
        intended - start,
        ended - start,
        failed,
        latency_rel=(ended - intended) * 1000.0,
        service_rel=(ended - actual) * 1000.0,
        shape=shape,
        start=start,
        duration=duration,
    )
    pauses, gc = _gc(data, label, window, notes)
    return TargetAggregate(label, window, headline, computed, latency, service, per_second, pauses, gc, info)


def measured_window(
    run: dict[str, Any], label: str, info: dict[str, Any], measured: pd.DataFrame
) -> tuple[float, float]:
    """Measured phase [start, end] in epoch seconds: from run.json when it says, else from the samples."""
    for phases in (info.get("phases"), (run.get("phases") or {}).get(label), info):
        if isinstance(phases, dict):
            window = _window_of(phases.get("measured"))
            if window is not None:
                return window
    for prefix in ("measured_", "measure_"):
        if info.get(prefix + "start") is not None and info.get(prefix + "end") is not None:
            return float(info[prefix + "start"]), float(info[prefix + "end"])
    intended = measured["intended_start"]
    return float(intended.min()), float(max(intended.max(), intended.min() + 1.0))


def _window_of(phase: Any) -> tuple[float, float] | None:
    if isinstance(phase, dict) and phase.get("start") is not None and phase.get("end") is not None:
        return float(phase["start"]), float(phase["end"])
    if isinstance(phase, list | tuple) and len(phase) == 2:
        return float(phase[0]), float(phase[1])
    return None


def _target_rows(frame: pd.DataFrame | None, label: str) -> pd.DataFrame | None:
    if frame is None:
        return None
    rows = frame[frame["target"] == label]
    return None if rows.empty else rows.sort_values("t")


def _intended_rate(shape: pd.DataFrame | None, window: tuple[float, float]) -> float | None:
    if shape is None:
        return None
    inside = shape[(shape["t"] >= window[0]) & (shape["t"] <= window[1])]
    rates = (inside if not inside.empty else shape)["intended_rate"].dropna()
    return float(rates.mean()) if not rates.empty else None


def _headline(
    summary: dict[str, Any] | None, label: str, computed: dict[str, Any], notes: list[str]
) -> dict[str, Any]:
    """summary.json's numbers (the run's record) where present; computed ones fill the gaps.

    When summary.json and the samples disagree, the report says so instead of hiding it."""
    recorded = ((summary or {}).get("targets") or {}).get(label)
    if not isinstance(recorded, dict):
        return dict(computed)
    headline = dict(computed)
    disagree: list[str] = []
    for key, value in computed.items():
        stored = recorded.get(key)
        if stored is None:
            continue
        headline[key] = stored
        if isinstance(value, dict) and isinstance(stored, dict):
            disagree += [f"{key}.{k}" for k, v in value.items() if not _close(stored.get(k), v)]
        elif not _close(stored, value, absolute=0.5 if key in ("requests", "errors") else None):
            disagree.append(key)
    if "gc" in recorded:
        headline["gc"] = recorded["gc"]
    if disagree:
        notes.append(f"{label}: summary.json differs from the samples in {', '.join(disagree)}")
    return headline


def _close(stored: Any, value: Any, absolute: float | None = None) -> bool:
    if stored is None or value is None:
        return stored is None and value is None
    try:
        a, b = float(stored), float(value)
    except (TypeError, ValueError):
        return False
    if absolute is not None:
        return abs(a - b) <= absolute
    return abs(a - b) <= max(CONSISTENCY_ABS_MS, CONSISTENCY_REL * max(abs(a), abs(b)))


def _per_second(
    intended_rel: np.ndarray,
    end_rel: np.ndarray,
    failed: np.ndarray,
    latency_rel: np.ndarray,
    service_rel: np.ndarray,
    shape: pd.DataFrame | None,
    start: float,
    duration: float,
) -> pd.DataFrame:
    seconds = np.arange(int(np.ceil(duration)) or 1)
    frame = pd.DataFrame({"second": seconds})
    ok = np.isfinite(latency_rel) & np.isfinite(intended_rel)
    keys, counts, lat = grouped_quantiles(
        np.floor(intended_rel[ok]).astype(np.int64), latency_rel[ok], SERIES_QUANTILES
    )
    frame = frame.merge(
        pd.DataFrame({"second": keys, "intended": counts, "lat_p50": lat[:, 0], "lat_p99": lat[:, 1]}),
        on="second",
        how="left",
    )
    ok_svc = np.isfinite(service_rel) & np.isfinite(intended_rel)
    keys, _, svc = grouped_quantiles(
        np.floor(intended_rel[ok_svc]).astype(np.int64), service_rel[ok_svc], (0.99,)
    )
    frame = frame.merge(pd.DataFrame({"second": keys, "svc_p99": svc[:, 0]}), on="second", how="left")
    done = np.isfinite(end_rel)
    end_sec = np.floor(end_rel[done]).astype(np.int64)
    completed = np.bincount(np.clip(end_sec, 0, None), minlength=len(seconds))[: len(seconds)]
    errors = np.bincount(np.clip(end_sec[failed[done]], 0, None), minlength=len(seconds))[: len(seconds)]
    frame["completed"] = completed
    frame["errors"] = errors
    frame["intended"] = frame["intended"].fillna(0).astype(np.int64)
    if shape is not None:
        users = (
            shape[["t", "users"]]
            .assign(second=np.floor(shape["t"].to_numpy() - start))
            .groupby("second")["users"]
        )
        frame = frame.merge(users.max().rename("users").reset_index(), on="second", how="left")
        frame["users"] = frame["users"].ffill()
    else:
        frame["users"] = np.nan
    return frame


def _gc(
    data: RunData, label: str, window: tuple[float, float], notes: list[str]
) -> tuple[pd.DataFrame, GcStats]:
    start, end = window
    nodes = 1
    counters = _counter_deltas(_target_rows(data.gc, label), window)
    stats = GcStats(source="none")
    pauses = pd.DataFrame({"t": [], "duration_ms": [], "kind": [], "node": []})
    if counters is not None:
        nodes = max(1, counters["node"].nunique())
        stw = counters[~counters["collector"].isin(CONCURRENT_COLLECTORS)]
        stats = GcStats(
            source="node stats",
            pause_count=int(stw["d_count"].sum()),
            pause_total_ms=float(stw["d_time"].sum()),
            pause_max_ms=float(stw["d_time"].max()) if not stw.empty else 0.0,
            gc_time_ms=float(counters["d_time"].sum()),
            per_collector={
                str(name): {
                    "collection_count": float(g["d_count"].sum()),
                    "collection_time_ms": float(g["d_time"].sum()),
                }
                for name, g in counters.groupby("collector")
            },
        )
        events = stw[stw["d_count"] > 0]
        pauses = pd.DataFrame(
            {
                "t": events["t_prev"].to_numpy() - start,
                "duration_ms": events["d_time"].to_numpy(),
                "kind": events["collector"].to_numpy(),
                "node": events["node"].to_numpy(),
                "span_s": (events["t"] - events["t_prev"]).to_numpy(),
            }
        )
    logged = _gc_log_pauses(data.gc_logs.get(label), window, notes, label)
    if logged is not None:
        pauses = logged.assign(t=logged["t"] - start, span_s=logged["duration_ms"] / 1000.0)
        gc_time = stats.gc_time_ms if stats.source == "node stats" else float(logged["duration_ms"].sum())
        stats = GcStats(
            source="gc log",
            pause_count=len(logged),
            pause_total_ms=float(logged["duration_ms"].sum()),
            pause_max_ms=float(logged["duration_ms"].max()) if len(logged) else 0.0,
            gc_time_ms=gc_time,
            per_collector=stats.per_collector,
        )
    if stats.source != "none":
        stats.overhead_pct = 100.0 * stats.gc_time_ms / (1000.0 * (end - start) * nodes)
    return pauses, stats


def _counter_deltas(gc: pd.DataFrame | None, window: tuple[float, float]) -> pd.DataFrame | None:
    """One row per poll interval and collector that overlaps the window: d_count, d_time (ms)."""
    if gc is None:
        return None
    frame = gc.sort_values(["node", "collector", "t"]).copy()
    grouped = frame.groupby(["node", "collector"], sort=False)
    frame["t_prev"] = grouped["t"].shift()
    frame["d_count"] = grouped["collection_count"].diff()
    frame["d_time"] = grouped["collection_time_ms"].diff()
    frame = frame.dropna(subset=["t_prev", "d_count", "d_time"])
    frame = frame[(frame["d_count"] >= 0) & (frame["d_time"] >= 0)]  # a restarted node resets its counters
    return frame[(frame["t"] > window[0]) & (frame["t_prev"] < window[1])]


def _gc_log_pauses(
    paths: list[Path] | None, window: tuple[float, float], notes: list[str], label: str
) -> pd.DataFrame | None:
    if not paths:
        return None
    try:
        from advisor.gclog.aggregate import summarize
    except ImportError:
        notes.append(f"{label}: GC logs found but the GC log reader is not available; pauses from node stats")
        return None
    try:
        summary = summarize(paths, keep_events=True)
    except Exception as err:  # a broken log must not stop the report: say so and fall back
        notes.append(f"{label}: GC logs not usable ({' '.join(str(err).split())}); pauses from node stats")
        return None
    if summary.clock != "epoch":
        notes.append(
            f"{label}: GC log has no wall-clock decoration (add `time` to -Xlog decorators), pauses from node stats"
        )
        return None
    events = [e for e in summary.pause_events if window[0] <= e.at <= window[1]]
    return pd.DataFrame(
        {
            "t": np.array([e.at for e in events], dtype=np.float64),
            "duration_ms": np.array([e.duration_ms for e in events], dtype=np.float64),
            "kind": [e.kind for e in events],
            "node": [label] * len(events),
        }
    )
