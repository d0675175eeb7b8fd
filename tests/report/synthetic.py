"""Run directories in the exact `loadtest run` file contract, built from a known model (tests, benchmark).

Each target: an open-loop schedule at ``rate`` req/s (intended starts evenly spaced), log-normal
service times, and one stop-the-world stall at a known time: every request intended during the stall
is sent when it ends (a closed-loop user was blocked), so latency shows the stall and service time
hides it, except for the few requests already in flight.
The node-stats counters record that stall as one old-generation collection; summary.json is computed
here independently with ``np.percentile(method="inverted_cdf")`` (nearest rank).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from loadtests.files import GC_SCHEMA, SAMPLE_SCHEMA, SHAPE_SCHEMA

T0 = 1_700_000_000.0


@dataclass(frozen=True)
class TargetModel:
    label: str
    median_ms: float = 5.0
    sigma: float = 0.5
    stall_at_s: float = 10.0  # seconds after measured-phase start
    stall_ms: float = 800.0
    error_every: int = 0  # every Nth measured request fails with a 503 (0: none)
    gc_pause_at_s: float | None = None  # when the node stats record the old collection (default: the stall)


def write_run(
    run_dir: Path,
    models: list[TargetModel],
    rate: float = 200.0,
    warmup_s: float = 3.0,
    measured_s: float = 30.0,
    seed: int = 7,
    write_summary: bool = True,
    t0: float = T0,
) -> dict:
    """Write samples/gc/shape parquet, run.json and summary.json; return the summary document."""
    run_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    samples, gc, shape, run_targets, summary_targets = [], [], [], {}, {}
    start = t0
    for model in models:
        measured_start = start + warmup_s
        measured_end = measured_start + measured_s
        frame = _samples(model, rng, rate, start, measured_start, measured_end)
        samples.append(frame)
        gc.append(_gc_polls(model, start, measured_start, measured_end))
        t = np.arange(start, measured_end + 1e-9, 1.0)
        phase = np.where(t < measured_start, "warmup", "measured")
        shape.append(
            pd.DataFrame({"target": model.label, "phase": phase, "t": t, "users": 20, "intended_rate": rate})
        )
        run_targets[model.label] = {
            "url": f"http://127.0.0.1:9200/{model.label}",
            "version": "8.15.0",
            "distribution": "elasticsearch",
            "nodes": [
                {
                    "name": f"{model.label}-node-1",
                    "jvm_version": "21.0.4",
                    "collectors": ["young", "old"],
                    "input_arguments": ["-Xms256m", "-Xmx256m", f"-XX:+Use{model.label.upper()}GC"],
                    "heap_max_bytes": 256 * 1024 * 1024,
                }
            ],
            "phases": {
                "warmup": {"start": start, "end": measured_start},
                "measured": {"start": measured_start, "end": measured_end},
            },
        }
        summary_targets[model.label] = _summary(frame[frame["phase"] == "measured"], measured_s, rate)
        start = measured_end + 2.0
    _write(pd.concat(samples), run_dir / "samples.parquet", SAMPLE_SCHEMA)
    _write(pd.concat(gc), run_dir / "gc.parquet", GC_SCHEMA)
    _write(pd.concat(shape), run_dir / "shape.parquet", SHAPE_SCHEMA)
    run = {
        "profile": "constant",
        "parameters": {
            "users": 20,
            "rate": rate,
            "duration": measured_s,
            "warmup": warmup_s,
            "orders": 10000,
        },
        "targets": run_targets,
    }
    (run_dir / "run.json").write_text(json.dumps(run, indent=2))
    summary = {"schema_version": 1, "profile": "constant", "targets": summary_targets}
    if write_summary:
        (run_dir / "summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def _write(frame: pd.DataFrame, path: Path, schema: pa.Schema) -> None:
    """Write with the recorder's exact Arrow schema (column order and types of loadtests.files)."""
    columns = [pa.array(frame[f.name].to_numpy(), type=f.type, from_pandas=True) for f in schema]
    pq.write_table(pa.table(columns, schema=schema), path)


def _samples(
    model: TargetModel, rng: np.random.Generator, rate: float, start: float, measured_start: float, end: float
) -> pd.DataFrame:
    intended = np.arange(start, end, 1.0 / rate)
    service = rng.lognormal(np.log(model.median_ms / 1000.0), model.sigma, len(intended))
    stall_start = measured_start + model.stall_at_s
    stall_end = stall_start + model.stall_ms / 1000.0
    natural_end = intended + service
    # in flight when the stall starts: answered when it ends (service time sees the stall too);
    # intended during the stall: a closed-loop user is blocked, sends at the stall's end (only latency sees it)
    in_flight = (natural_end > stall_start) & (intended < stall_start)
    blocked = (intended >= stall_start) & (intended < stall_end)
    actual = np.where(blocked, stall_end, intended)
    ended = np.where(in_flight, stall_end, np.where(blocked, stall_end + service, natural_end))
    status = np.full(len(intended), 200, dtype=np.int64)
    error = np.full(len(intended), None, dtype=object)
    phase = np.where(intended < measured_start, "warmup", "measured")
    if model.error_every:
        idx = np.flatnonzero(phase == "measured")[:: model.error_every]
        status[idx] = 503
        error[idx] = "HTTP 503"
    return pd.DataFrame(
        {
            "target": model.label,
            "name": np.where(np.arange(len(intended)) % 4 == 0, "fetch order", "autocomplete"),
            "phase": phase,
            "intended_start": intended,
            "start": actual,
            "end": ended,
            "status": status,
            "bytes": 512,
            "error": error,
        }
    )


def _gc_polls(model: TargetModel, start: float, measured_start: float, end: float) -> pd.DataFrame:
    t = np.arange(start, end + 1.0, 1.0)
    young_count = np.arange(len(t)) * 2
    young_time = young_count * 3
    stall = measured_start + (model.stall_at_s if model.gc_pause_at_s is None else model.gc_pause_at_s)
    old_count = (t > stall).astype(np.int64)
    old_time = old_count * int(model.stall_ms)
    rows = []
    for collector, count, ms in (("young", young_count, young_time), ("old", old_count, old_time)):
        rows.append(
            pd.DataFrame(
                {
                    "target": model.label,
                    "node": f"{model.label}-node-1",
                    "t": t,
                    "collector": collector,
                    "collection_count": count,
                    "collection_time_ms": ms,
                    "heap_used_bytes": 100 * 1024 * 1024,
                    "heap_max_bytes": 256 * 1024 * 1024,
                }
            )
        )
    return pd.concat(rows)


def _summary(measured: pd.DataFrame, duration: float, rate: float) -> dict:
    latency = (measured["end"] - measured["intended_start"]).to_numpy() * 1000
    service = (measured["end"] - measured["start"]).to_numpy() * 1000
    qs = {"p50": 50, "p90": 90, "p95": 95, "p99": 99, "p99_9": 99.9, "max": 100}
    errors = int(((measured["status"] >= 400) | measured["error"].notna()).sum())
    return {
        "requests": len(measured),
        "errors": errors,
        "duration_s": duration,
        "intended_rate": rate,
        "achieved_rate": len(measured) / duration,
        "latency_ms": {k: float(np.percentile(latency, q, method="inverted_cdf")) for k, q in qs.items()},
        "service_time_ms": {
            k: float(np.percentile(service, q, method="inverted_cdf")) for k, q in qs.items()
        },
        "gc": {},
    }
