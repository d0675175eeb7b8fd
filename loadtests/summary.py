"""``summary.json`` from the raw files of a run: exact percentiles of every measured request.

Percentiles are computed from the raw samples (no histogram buckets, no rounding) with the nearest-rank
definition (rank = ceil(p/100 * n)): p99 is the smallest recorded value such that at least 99% of the
requests took at most that long, so every reported number is a latency a request really had. Failed
requests (timeouts, 429, 5xx, resets, cancelled) stay in the latency percentiles — a shopper who got a
504 after 10 s waited 10 s — and are also counted in ``errors`` and ``errors_by_kind``. The one
exception: requests the harness itself cut off (``cancelled``: Locust killed the user while the request
was in flight, a rare race when a shape ramps down) have no answer and no true latency; they are left
out of ``requests`` and the percentiles and reported as ``cancelled``.

Keys (DESIGN.md, kept stable): ``schema_version``, ``profile``, ``targets`` → LABEL → ``requests``,
``errors``, ``duration_s``, ``intended_rate``, ``achieved_rate``, ``latency_ms`` and ``service_time_ms``
({p50, p90, p95, p99, p99_9, max}), ``gc`` (per collector: ``collection_count``, ``collection_time_ms``
deltas over the measured phase). Extra keys: ``errors_by_kind``, ``cancelled``, ``error_rate``, ``requests_by_name``,
``latency_ms_ok`` (successful requests only), ``requests_sent``, ``requests_recorded``,
``recorder_failures``, ``stopped_by``, ``generator`` (CPU the load generator used in the
measured phase: ``cpu_fraction`` near 1 means the generator, not the target, set the pace), and per collector ``max_time_in_one_poll_ms`` (the largest GC time
added between two ~1 s polls: a lower bound of the worst pause-second), ``intended_requests``,
``nominal_rate``.

Rates: ``intended_rate`` and ``achieved_rate`` are both counted over the measured window ``[start, end)``
of ``run.json`` and from the same schedules, the ones the users really followed. ``intended_rate`` =
requests whose *intended* start fell in the window (every measured request, answered or cancelled, plus
``requests_not_sent``: intended in the window but refused because the window was over when the user got
to them) / duration; ``achieved_rate`` = answered requests *sent* in the window / duration, so
``achieved <= intended`` and the difference is the shortfall. ``nominal_rate`` is the shape's
``users x rate_per_user`` average from ``shape.parquet``: what the profile asks for in the long run. It is
NOT the intended rate of a short run: human sessions are bursty (a think time, then a burst of
keystrokes), and a user who has just arrived starts its first session after a fraction of a think time,
so right after the drop the schedules ask for more than the stationary pace (a 15 s flash sale: nominal
4.6/s, schedules 6/s, which is how ``achieved 7.1 > intended 4.6`` was once reported).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advisor.errors import InputError, NothingUsableError
from loadtests import files

SCHEMA_VERSION = 1

PERCENTILES: dict[str, float] = {"p50": 50.0, "p90": 90.0, "p95": 95.0, "p99": 99.0, "p99_9": 99.9}
"""Reported percentiles: key → percent."""


def percentiles_ms(seconds: np.ndarray) -> dict[str, float | None]:
    """Nearest-rank percentiles and max of durations given in seconds, in ms (None when empty)."""
    if seconds.size == 0:
        return {**dict.fromkeys(PERCENTILES), "max": None}
    ms = np.sort(np.asarray(seconds, dtype=float)) * 1000.0
    out: dict[str, float | None] = {}
    for key, percent in PERCENTILES.items():
        rank = max(1, math.ceil(percent * ms.size / 100.0 - 1e-9))  # 1-based; epsilon: 99.9*1000/100 is 999
        out[key] = round(float(ms[rank - 1]), 3)
    out["max"] = round(float(ms[-1]), 3)
    return out


def gc_deltas(gc: pd.DataFrame, start: float, end: float) -> dict[str, dict[str, Any]]:
    """Per collector: count/time added between the last poll at or before ``start`` (else the first poll)
    and the first poll at or after ``end`` (else the last), summed over nodes."""
    out: dict[str, dict[str, Any]] = {}
    if gc.empty:
        return out
    for (collector, _node), rows in gc.sort_values("t").groupby(["collector", "node"], sort=True):
        before = rows[rows["t"] <= start]
        after = rows[rows["t"] >= end]
        first = before.iloc[-1] if not before.empty else rows.iloc[0]
        last = after.iloc[0] if not after.empty else rows.iloc[-1]
        inside = rows[(rows["t"] >= first["t"]) & (rows["t"] <= last["t"])]
        steps = inside["collection_time_ms"].diff().dropna()
        entry = out.setdefault(
            str(collector), {"collection_count": 0, "collection_time_ms": 0, "max_time_in_one_poll_ms": 0}
        )
        entry["collection_count"] += int(last["collection_count"] - first["collection_count"])
        entry["collection_time_ms"] += int(last["collection_time_ms"] - first["collection_time_ms"])
        entry["max_time_in_one_poll_ms"] = max(
            entry["max_time_in_one_poll_ms"], int(steps.max()) if len(steps) else 0
        )
    return out


def _error_kinds(errors: pd.Series) -> dict[str, int]:
    kinds = errors.dropna().str.split(":", n=1).str[0]
    return {str(k): int(v) for k, v in kinds.value_counts().sort_index().items()}


def _nominal_rate(shape: pd.DataFrame, label: str, start: float, end: float) -> float | None:
    rows = shape[(shape["target"] == label) & (shape["t"] >= start) & (shape["t"] <= end)]
    rates = rows["intended_rate"].dropna()
    return round(float(rates.mean()), 3) if len(rates) else None


def summarize_target(
    label: str, samples: pd.DataFrame, info: dict[str, Any], gc: pd.DataFrame, shape: pd.DataFrame
) -> dict[str, Any]:
    scheduled = samples[(samples["target"] == label) & (samples["phase"] == "measured")]
    cancelled = scheduled["error"].fillna("").str.startswith("cancelled").to_numpy()
    measured = scheduled[~cancelled]
    phase = (info.get("phases") or {}).get("measured") or {}
    start = float(phase.get("start", scheduled["intended_start"].min() if len(scheduled) else 0.0))
    end = float(phase.get("end", scheduled["end"].max() if len(scheduled) else 0.0))
    duration = max(0.0, end - start)
    intended_requests = int(
        ((scheduled["intended_start"] >= start) & (scheduled["intended_start"] < end)).sum()
    ) + int(info.get("requests_not_sent") or 0)
    achieved_requests = int(((measured["start"] >= start) & (measured["start"] < end)).sum())
    latency = (measured["end"] - measured["intended_start"]).to_numpy()
    service = (measured["end"] - measured["start"]).to_numpy()
    failed = measured["error"].notna().to_numpy()
    requests = len(measured)
    return {
        "requests": requests,
        "errors": int(failed.sum()),
        "error_rate": round(float(failed.mean()), 6) if requests else 0.0,
        "errors_by_kind": _error_kinds(measured["error"]),
        "cancelled": int(cancelled.sum()),
        "duration_s": round(duration, 3),
        "intended_rate": round(intended_requests / duration, 3) if duration > 0 else None,
        "achieved_rate": round(achieved_requests / duration, 3) if duration > 0 else None,
        "intended_requests": intended_requests,
        "nominal_rate": _nominal_rate(shape, label, start, end),
        "latency_ms": percentiles_ms(latency),
        "service_time_ms": percentiles_ms(service),
        "latency_ms_ok": percentiles_ms(latency[~failed]),
        "requests_by_name": {str(k): int(v) for k, v in measured["name"].value_counts().sort_index().items()},
        "gc": gc_deltas(gc[gc["target"] == label] if not gc.empty else gc, start, end),
        "requests_sent": info.get("requests_sent"),
        "requests_recorded": info.get("requests_recorded"),
        "stopped_by": info.get("stopped_by"),
        "generator": info.get("generator") or {},
    }


def _read_parquet(path: Path, schema: Any) -> pd.DataFrame:
    if not path.exists():
        return schema.empty_table().to_pandas()
    return pd.read_parquet(path)


def summarize_run(run_dir: Path | str) -> dict[str, Any]:
    """The ``summary.json`` document of the run in ``run_dir`` (measured phase only)."""
    run_dir = Path(run_dir)
    run_file = run_dir / files.RUN
    if not run_file.exists() and not files.sample_files(run_dir):
        raise InputError(f"{run_dir}: no {files.RUN} or {files.SAMPLES} here: not a loadtest run directory")
    run_info = json.loads(run_file.read_text()) if run_file.exists() else {}
    samples = files.read_samples(run_dir).to_pandas()
    gc = _read_parquet(run_dir / files.GC, files.GC_SCHEMA)
    shape = _read_parquet(run_dir / files.SHAPE, files.SHAPE_SCHEMA)
    labels = list((run_info.get("targets") or {}).keys()) or sorted(samples["target"].unique())
    if not labels:
        raise NothingUsableError(f"{run_dir}: the run recorded no requests")
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": run_info.get("profile"),
        "recorder_failures": int(run_info.get("recorder_failures") or 0),
        "targets": {
            label: summarize_target(label, samples, (run_info.get("targets") or {}).get(label, {}), gc, shape)
            for label in labels
        },
    }


def write_summary(run_dir: Path) -> dict[str, Any]:
    summary = summarize_run(run_dir)
    (run_dir / files.SUMMARY).write_text(json.dumps(summary, indent=2) + "\n")
    return summary
