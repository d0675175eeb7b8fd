"""``render(run_dir, out)``: the run directory → one self-contained HTML file (images inlined).

Writes atomically (temporary file + rename). The default output ``DIR/report.html`` is re-rendered
freely, the previous one kept as ``report.html.bak``; any other existing file is only replaced with
``force=True`` (and then also backed up).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from advisor.errors import InputError
from loadtests.report import charts
from loadtests.report.aggregate import RunAggregate, TargetAggregate, aggregate_run
from loadtests.report.rundir import load_run
from loadtests.report.verdict import DEFAULT_GOAL_P99_MS, NO_VALUE, Verdict, ms, verdicts

REPORT_NAME = "report.html"
REPORT_MODE = 0o644
TEMPLATE = "report.html.j2"
SECRET_WORDS = re.compile(r"pass(word)?|secret|token|api[_-]?key|credential", re.IGNORECASE)
REDACTED = "<redacted>"

# The summary table: (group, [(metric, label, unit, better)]); better: "low" | "high" | None.
PERCENTILE_ROWS = [("p50", "p50"), ("p90", "p90"), ("p99", "p99"), ("p99_9", "p99.9"), ("max", "max")]
TABLE_ROWS: list[tuple[str, list[tuple[str, str, str, str | None]]]] = [
    (
        "Load (measured phase)",
        [
            ("requests", "Requests", "count", None),
            ("errors", "Errors", "count", "low"),
            ("intended_rate", "Intended rate", "rate", None),
            ("achieved_rate", "Achieved rate", "rate", None),
            ("rate_pct", "Achieved / intended", "pct", None),
            ("duration_s", "Duration", "s", None),
        ],
    ),
    (
        "Latency: end \u2212 intended start (what the shopper saw)",
        [(f"latency_ms.{key}", label, "ms", "low") for key, label in PERCENTILE_ROWS],
    ),
    (
        "Service time: end \u2212 actual start",
        [(f"service_time_ms.{key}", label, "ms", "low") for key, label in PERCENTILE_ROWS],
    ),
    (
        "GC during the measured phase",
        [
            ("gc.pause_count", "Pauses", "count", "low"),
            ("gc.pause_total_ms", "Total pause time", "ms", "low"),
            ("gc.pause_max_ms", "Longest pause", "ms", "low"),
            ("gc.overhead_pct", "GC time / wall time", "pct", "low"),
        ],
    ),
]


@dataclass(frozen=True)
class Rendered:
    path: Path
    aggregate: RunAggregate
    verdicts: list[Verdict]
    goal_p99_ms: float


def render(run_dir: Path, out: Path | None = None, **options: Any) -> Path:
    """Render the report of ``run_dir`` into ``out`` (default ``run_dir/report.html``); return its path.

    ``options``: ``goal_p99_ms``, ``force``, ``on_step`` as in :func:`render_run`."""
    return render_run(run_dir, out, **options).path


def render_run(
    run_dir: Path,
    out: Path | None = None,
    *,
    goal_p99_ms: float = DEFAULT_GOAL_P99_MS,
    force: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> Rendered:
    """:func:`render`, also returning the numbers and verdicts (for ``--json``).

    ``on_step(description)`` is called as each stage starts (for a progress display)."""
    step = on_step or (lambda _description: None)
    run_dir = Path(run_dir)
    target_path = Path(out) if out is not None else run_dir / REPORT_NAME
    is_default = out is None or target_path.resolve() == (run_dir / REPORT_NAME).resolve()
    if target_path.is_dir():
        raise InputError(f"{target_path} is a directory: give a file name for the report")
    if target_path.exists() and not is_default and not force:
        raise InputError(f"{target_path} exists: pass --force to replace it (a .bak copy is kept)")
    step("reading the run")
    data = load_run(run_dir)
    step("aggregating samples")
    agg = aggregate_run(data)
    found = verdicts(agg.targets, goal_p99_ms)
    step("drawing charts")
    html = render_html(agg, found, goal_p99_ms)
    step("writing the report")
    write_with_backup(target_path, html)
    return Rendered(target_path, agg, found, goal_p99_ms)


def render_html(agg: RunAggregate, found: list[Verdict], goal_p99_ms: float) -> str:
    from advisor.outputs.html_page import render_page

    targets = agg.targets
    return render_page(
        TEMPLATE,
        run_dir=str(agg.data.run_dir),
        profile=agg.data.run.get("profile") or (agg.data.summary or {}).get("profile") or NO_VALUE,
        goal_ms=goal_p99_ms,
        labels=[t.label for t in targets],
        colors={t.label: charts.color_of(i) for i, t in enumerate(targets)},
        table=summary_table(targets),
        verdicts=found,
        notes=agg.notes,
        timeline=charts.timeline(targets, goal_p99_ms),
        spectrum=charts.spectrum(targets),
        throughput=charts.throughput(targets),
        parameters=redact_mapping(
            {"tool_version": agg.data.run.get("tool_version"), **(agg.data.run.get("parameters") or {})}
        ),
        target_params=[target_parameters(t) for t in targets],
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def report_document(rendered: Rendered) -> dict[str, Any]:
    """What ``loadtest report --json`` prints: the file, the table's numbers and the verdict."""
    targets = {}
    for target in rendered.aggregate.targets:
        metrics = {row[0]: metric_value(target, row[0]) for _group, rows in TABLE_ROWS for row in rows}
        targets[target.label] = {"metrics": metrics, "gc_source": target.gc.source}
    return {
        "report": str(rendered.path),
        "goal_p99_ms": rendered.goal_p99_ms,
        "targets": targets,
        "verdict": [{"level": v.level, "text": v.text} for v in rendered.verdicts],
        "notes": rendered.aggregate.notes,
    }


def metric_value(target: TargetAggregate, metric: str) -> float | None:
    """A table metric of one target: summary.json/computed headline keys, ``gc.*`` and ``rate_pct``."""
    if metric == "rate_pct":
        intended, achieved = target.headline.get("intended_rate"), target.headline.get("achieved_rate")
        return 100.0 * float(achieved) / float(intended) if intended and achieved is not None else None
    if metric.startswith("gc."):
        if target.gc.source == "none":
            return None
        value = getattr(target.gc, metric[3:])
        return None if value is None else float(value)
    node: Any = target.headline
    for part in metric.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return None if node is None else float(node)


def format_value(value: float | None, unit: str) -> str:
    if value is None or not np.isfinite(value):
        return NO_VALUE
    if unit == "ms":
        return ms(value)
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "rate":
        return f"{value:,.1f} /s"
    if unit == "pct":
        return f"{value:.2f} %" if value < 10 else f"{value:.1f} %"
    if unit == "s":
        return f"{value:,.1f} s"
    return f"{value:g}"


def summary_table(targets: list[TargetAggregate]) -> list[dict[str, Any]]:
    groups = []
    for group, rows in TABLE_ROWS:
        out_rows = []
        for metric, label, unit, better in rows:
            values = [metric_value(t, metric) for t in targets]
            best = _best(values, better)
            cells = [
                {
                    "target": t.label,
                    "value": "" if v is None else repr(float(v)),
                    "text": format_value(v, unit),
                    "best": best is not None and v is not None and v == best,
                }
                for t, v in zip(targets, values, strict=True)
            ]
            out_rows.append({"metric": metric, "label": label, "cells": cells})
        groups.append({"group": group, "rows": out_rows})
    return groups


def _best(values: list[float | None], better: str | None) -> float | None:
    known = [v for v in values if v is not None and np.isfinite(v)]
    if better is None or len(known) < 2 or len(set(known)) == 1:
        return None
    return min(known) if better == "low" else max(known)


def target_parameters(target: TargetAggregate) -> dict[str, Any]:
    info = target.info
    nodes = []
    for node in info.get("nodes") or []:
        if not isinstance(node, dict):
            continue
        heap = node.get("heap_max_bytes") or node.get("heap_max")
        collectors = node.get("collectors") or node.get("gc_collectors") or []
        nodes.append(
            {
                "name": node.get("name") or node.get("id") or NO_VALUE,
                "jvm_version": node.get("jvm_version") or node.get("jvm") or NO_VALUE,
                "collectors": ", ".join(map(str, collectors))
                if isinstance(collectors, list)
                else str(collectors),
                "heap": f"{int(heap) / 2**20:,.0f} MiB"
                if isinstance(heap, int | float)
                else (heap or NO_VALUE),
                "input_arguments": redact_arguments(node.get("input_arguments") or []),
            }
        )
    start, end = target.window
    dataset = info.get("dataset")
    return {
        "label": target.label,
        "dataset": ", ".join(f"{k} {v}" for k, v in dataset.items())
        if isinstance(dataset, dict)
        else NO_VALUE,
        "recorded": _recorded(info),
        "url": redact_url(str(info.get("url") or NO_VALUE)),
        "distribution": info.get("distribution") or NO_VALUE,
        "version": info.get("version") or NO_VALUE,
        "window": f"{_utc(start)} → {_utc(end)} ({end - start:,.1f} s)",
        "gc_source": target.gc.source,
        "gc_collectors": target.gc.per_collector,
        "nodes": nodes,
    }


def _recorded(info: dict[str, Any]) -> str:
    sent, recorded = info.get("requests_sent"), info.get("requests_recorded")
    text = f"{recorded} of {sent} sent" if sent is not None and recorded is not None else NO_VALUE
    return f"{text}, stopped by {info['stopped_by']}" if info.get("stopped_by") else text


def _utc(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def redact_url(url: str) -> str:
    """Drop user:password@ from a URL: credentials never appear in a report."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def redact_arguments(arguments: list[Any]) -> list[str]:
    """JVM arguments with the values of password/secret/token-like properties replaced."""
    out = []
    for arg in map(str, arguments):
        name, sep, _value = arg.partition("=")
        out.append(f"{name}={REDACTED}" if sep and SECRET_WORDS.search(name) else arg)
    return out


def redact_mapping(mapping: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Flattened ``a.b`` keys → text, secrets redacted, URLs without credentials."""
    out: dict[str, str] = {}
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if SECRET_WORDS.search(str(key)):
            out[name] = REDACTED
        elif isinstance(value, dict):
            out.update(redact_mapping(value, prefix=f"{name}."))
        elif isinstance(value, str) and "://" in value:
            out[name] = redact_url(value)
        else:
            out[name] = NO_VALUE if value is None else str(value)
    return out


def write_with_backup(path: Path, text: str) -> None:
    """Atomic write; an existing file is first copied to ``<name>.bak``."""
    try:
        _write_with_backup(path, text)
    except OSError as err:
        raise InputError(f"cannot write the report to {path}: {err.strerror or err}") from err


def _write_with_backup(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        shutil.copy2(path, path.with_name(path.name + ".bak"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, REPORT_MODE)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
