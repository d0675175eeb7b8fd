"""Terminal side of ``loadtest run``: the RunSpec from arguments, progress bars, the summary table."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.errors import InputError
from loadtests.dataset.orders import DatasetSpec
from loadtests.profiles import PROFILES
from loadtests.runner import RunSpec, default_max_requests
from loadtests.traffic import natural_interval

MAX_USERS = 20_000
GENERATOR_SATURATED = 0.85
"""Generator CPU fraction (of one core) above which the run warns that the generator may be the bottleneck."""
MAX_DURATION_S = 7 * 86400


def build_spec(args: argparse.Namespace) -> RunSpec:
    profile = PROFILES[args.profile]
    duration = float(args.duration) if args.duration is not None else profile.default_duration_s
    if not 0 < duration <= MAX_DURATION_S:
        raise InputError(f"--duration must be between 0 and {MAX_DURATION_S} seconds")
    if not 0 < args.users <= MAX_USERS:
        raise InputError(f"--users must be between 1 and {MAX_USERS}")
    rate = float(args.rate) if args.rate is not None else args.users / natural_interval()
    if rate <= 0:
        raise InputError("--rate must be > 0 requests/s")
    warmup = float(args.warmup) if args.warmup is not None else min(30.0, max(2.0, 0.1 * duration))
    if warmup < 0:
        raise InputError("--warmup must be >= 0")
    max_requests = args.max_requests or default_max_requests(rate, warmup + duration)
    if max_requests < 1:
        raise InputError("--max-requests must be >= 1")
    if args.orders < 1:
        raise InputError("--orders must be >= 1")
    return RunSpec(
        profile=args.profile,
        duration_s=duration,
        users=args.users,
        rate=rate,
        warmup_s=warmup,
        max_requests=max_requests,
        dataset=DatasetSpec(orders=args.orders, seed=args.seed),
        index=args.index,
        lookup=args.lookup,
    )


def progress_factory(quiet: bool) -> Callable[[Any], Callable[[float, float, int], None]] | None:
    """A per-target progress callback drawing a rich bar on stderr (none with --json)."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    def make(target: Any) -> Callable[[float, float, int], None]:
        progress = Progress(
            TextColumn(f"[bold]{target.label}[/]"),
            BarColumn(),
            TextColumn("{task.fields[requests]} requests"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            auto_refresh=False,
            transient=False,
        )
        task = progress.add_task(target.label, total=1.0, requests=0)
        progress.start()

        def update(done: float, total: float, requests: int) -> None:
            progress.update(task, completed=done / total if total else 1.0, requests=requests)
            progress.refresh()
            if done >= total:
                progress.stop()

        return update

    return make


def render_report(out: Path) -> str | None:
    """Render report.html with ``loadtests.report.render`` if that module exists; returns a note."""
    if importlib.util.find_spec("loadtests.report") is None:
        return "report: loadtests.report is not installed; skipped"
    module = importlib.import_module("loadtests.report")
    render = getattr(module, "render", None)
    if render is None:
        return "report: loadtests.report has no render(); skipped"
    try:
        render(out)
    except Exception as err:  # the run's files are written; a report failure must not hide them
        return f"report: not rendered ({type(err).__name__}: {' '.join(str(err).split())[:200]}); the run's files are complete"
    return None


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 100 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _cell(group: str, key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda t: t[group][key]


def _gc_cell(t: dict[str, Any]) -> str:
    return (
        ", ".join(f"{c} {v['collection_count']}/{v['collection_time_ms']}" for c, v in t["gc"].items()) or "-"
    )


def _errors_cell(t: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in t["errors_by_kind"].items()) or "-"


def print_summary(summary: dict[str, Any], out: Path, note: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    targets = summary["targets"]
    table = Table(title=f"loadtest {summary.get('profile')} — {out}")
    table.add_column("")
    for label in targets:
        table.add_column(label, justify="right")
    rows: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        ("requests", lambda t: t["requests"]),
        ("errors", lambda t: f"{t['errors']:,} ({t['error_rate'] * 100:.2f}%)"),
        ("intended req/s", lambda t: t["intended_rate"]),
        ("achieved req/s", lambda t: t["achieved_rate"]),
    ]
    rows += [(f"latency {k} ms", _cell("latency_ms", k)) for k in ("p50", "p90", "p99", "p99_9", "max")]
    rows += [(f"service {k} ms", _cell("service_time_ms", k)) for k in ("p50", "p99", "p99_9")]
    rows.append(("GC (count / ms)", _gc_cell))
    rows.append(("errors by kind", _errors_cell))
    for title, get in rows:
        table.add_row(title, *(_fmt(get(t)) for t in targets.values()))
    console.print(table)
    for label, t in targets.items():
        if t.get("requests_sent") != t.get("requests_recorded"):
            console.print(f"[red]{label}: {t['requests_sent']} sent but {t['requests_recorded']} recorded[/]")
        if t.get("stopped_by"):
            console.print(f"[yellow]{label}: stopped early by {t['stopped_by']}[/]")
        if (
            t.get("intended_rate")
            and t.get("achieved_rate")
            and t["achieved_rate"] < 0.95 * t["intended_rate"]
        ):
            console.print(
                f"[yellow]{label}: achieved {t['achieved_rate']} of {t['intended_rate']} req/s intended[/]"
            )
    if summary.get("recorder_failures"):
        console.print(f"[red]recorder failures: {summary['recorder_failures']} samples lost[/]")
    console.print(f"files: {out}/" + ("" if note is None else f"\n{note}"))
