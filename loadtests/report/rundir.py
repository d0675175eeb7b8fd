"""Read one recorded run directory (the files ``loadtest run`` writes) into typed, validated frames.

Contract (``loadtests.files``): ``samples.parquet`` or per-process ``samples-*.parquet`` (one row per
request), ``gc.parquet`` (node-stats polls),
``shape.parquet`` (users / intended rate over time), ``run.json`` (profile, parameters, targets, phase
times), ``summary.json`` (DESIGN.md), optionally ``gclogs/<label>/gc.log*``. Anything unusable becomes
one :class:`InputError` line; nothing here prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advisor.errors import InputError
from loadtests.files import GC as GC_FILE
from loadtests.files import RUN as RUN_FILE
from loadtests.files import SAMPLES as SAMPLES_FILE
from loadtests.files import SHAPE as SHAPE_FILE
from loadtests.files import SUMMARY as SUMMARY_FILE
from loadtests.files import sample_files

GCLOG_DIR = "gclogs"

SAMPLE_COLUMNS = ("target", "name", "phase", "intended_start", "start", "end", "status", "bytes", "error")
GC_COLUMNS = ("target", "node", "t", "collector", "collection_count", "collection_time_ms")
SHAPE_COLUMNS = ("target", "t", "users", "intended_rate")
TIME_COLUMNS = ("intended_start", "start", "end", "t")


@dataclass
class RunData:
    """Everything the report needs from one run directory."""

    run_dir: Path
    samples: pd.DataFrame
    run: dict[str, Any]
    summary: dict[str, Any] | None
    gc: pd.DataFrame | None
    shape: pd.DataFrame | None
    gc_logs: dict[str, list[Path]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def targets(self) -> list[str]:
        """Target labels in run order (run.json), then any others found in the samples."""
        declared = list(run_targets(self.run))
        seen = [str(t) for t in pd.unique(self.samples["target"])]
        return [t for t in declared if t in seen] + [t for t in seen if t not in declared]


def run_targets(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``run.json`` targets as {label: info}, whether stored as a mapping or a list of {label: ...}."""
    targets = run.get("targets") or {}
    if isinstance(targets, list):
        return {
            str(t.get("label", t.get("name", i))): t for i, t in enumerate(targets) if isinstance(t, dict)
        }
    if isinstance(targets, dict):
        return {str(k): v if isinstance(v, dict) else {} for k, v in targets.items()}
    return {}


def load_run(run_dir: Path) -> RunData:
    """Read and validate ``run_dir``; raise InputError with one line for anything missing or broken."""
    run_dir = Path(run_dir)
    if not run_dir.exists():
        raise InputError(f"{run_dir}: no such directory (give the --out DIR of a `loadtest run`)")
    if not run_dir.is_dir():
        raise InputError(f"{run_dir}: not a directory (give the --out DIR of a `loadtest run`)")
    paths = sample_files(run_dir)
    if not paths:
        raise InputError(f"{run_dir}: no {SAMPLES_FILE} here: not a recorded run directory")
    parts = [_read_parquet(path, SAMPLE_COLUMNS) for path in paths]
    samples = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if samples.empty:
        raise InputError(f"{paths[0]}: no requests were recorded")
    samples["target"] = samples["target"].astype(str)
    samples["phase"] = samples["phase"].astype(str)
    samples["status"] = pd.to_numeric(samples["status"], errors="coerce").fillna(0).astype(np.int64)
    run_path = run_dir / RUN_FILE
    run = _read_json(run_path) if run_path.is_file() else {}
    notes: list[str] = []
    if not run_path.is_file():
        notes.append(f"{RUN_FILE} is missing: run parameters and phase times are taken from the samples")
    summary_path = run_dir / SUMMARY_FILE
    summary = _read_json(summary_path) if summary_path.is_file() else None
    if summary is None:
        notes.append(f"{SUMMARY_FILE} is missing: every number is computed from the samples")
    gc = _optional_parquet(run_dir / GC_FILE, GC_COLUMNS, notes)
    if gc is not None:
        gc["target"] = gc["target"].astype(str)
        gc["node"] = gc["node"].astype(str)
        gc["collector"] = gc["collector"].astype(str)
    shape = _optional_parquet(run_dir / SHAPE_FILE, SHAPE_COLUMNS, notes)
    if shape is not None:
        shape["target"] = shape["target"].astype(str)
    data = RunData(run_dir, samples, run, summary, gc, shape, notes=notes)
    data.gc_logs = _find_gc_logs(run_dir / GCLOG_DIR, data.targets)
    return data


def _optional_parquet(path: Path, columns: tuple[str, ...], notes: list[str]) -> pd.DataFrame | None:
    if not path.is_file():
        notes.append(f"{path.name} is missing: the report shows no {path.stem} data")
        return None
    frame = _read_parquet(path, columns)
    return None if frame.empty else frame


def _read_parquet(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        frame = pq.read_table(path).to_pandas()
    except (pa.ArrowException, OSError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError(f"{path}: not a readable Parquet file ({first})") from err
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}: not written by `loadtest run`")
    for column in TIME_COLUMNS:
        if column in frame.columns:
            frame[column] = _epoch_seconds(frame[column])
    return frame


def _epoch_seconds(column: pd.Series) -> pd.Series:
    """Float epoch seconds, also when a writer stored pandas timestamps."""
    if pd.api.types.is_datetime64_any_dtype(column):
        as_utc = column.dt.tz_localize("UTC") if column.dt.tz is None else column
        return (as_utc - pd.Timestamp(0, tz="UTC")).dt.total_seconds()
    return pd.to_numeric(column, errors="coerce").astype(np.float64)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: not readable JSON ({err})") from err
    if not isinstance(document, dict):
        raise InputError(f"{path}: expected a JSON object at the top level")
    return document


def _find_gc_logs(root: Path, targets: list[str]) -> dict[str, list[Path]]:
    if not root.is_dir():
        return {}
    found: dict[str, list[Path]] = {}
    for label in targets:
        paths = sorted(p for p in (root / label).glob("gc.log*") if p.is_file())
        if paths:
            found[label] = paths
    return found
