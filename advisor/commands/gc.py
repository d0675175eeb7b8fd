"""``advise gc PATH... [--json] [--events]``: what a GC log set says (pauses, safepoints, rates, bad events)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.gclog.summary import GcSummary

HELP = "summarise GC logs (rotated sets, .gz, JDK 8 and unified logging)"

PROGRESS_MIN_BYTES = 32 * 1024 * 1024
"""Show a progress bar only when the set is at least this big."""

TTSP_ALERT_MS = 100.0
"""A time-to-safepoint above this is worth its own line (threads slow to reach the safepoint)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="GC log files (gc.log gc.log.0 ... or .gz)")
    parser.add_argument("--json", action="store_true", help="print the GcSummary JSON document")
    parser.add_argument(
        "--events", action="store_true", help="with --json: include every pause (pause_events)"
    )


def run(args: argparse.Namespace) -> int:
    import os

    from advisor.cli_support import print_json
    from advisor.gclog.aggregate import summarize

    total = sum(os.stat(p).st_size for p in args.paths if os.path.isfile(p))
    if total >= PROGRESS_MIN_BYTES and sys.stderr.isatty():
        summary = _with_progress(args.paths, args.events)
    else:
        summary = summarize(args.paths, keep_events=args.events)
    for warning in summary.warnings:
        print(f"advise gc: warning: {warning}", file=sys.stderr)
    if args.json:
        print_json(summary.to_dict(with_events=args.events))
    else:
        _print_text(summary)
    return 0


def _with_progress(paths: list[str], keep_events: bool) -> GcSummary:
    from rich.progress import BarColumn, Progress, TextColumn, TransferSpeedColumn

    from advisor.gclog.aggregate import summarize

    with Progress(TextColumn("reading GC logs"), BarColumn(), TransferSpeedColumn(), transient=True) as bar:
        task = bar.add_task("gc", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return summarize(paths, keep_events=keep_events, progress=advance)


def _fmt(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}{unit}"


def _print_text(s: GcSummary) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    head = (
        f"[bold]{s.collector or 'unknown collector'}[/]  JDK {s.jdk_version or 'unknown'}  ({s.format} format"
    )
    head += f", {len(s.files)} file{'s' if len(s.files) != 1 else ''}"
    head += f", {_fmt(s.wall_time_s, ' s')} of log)" if s.wall_time_s else ", no timestamps)"
    console.print(head)

    pauses = Table(title="Stop-the-world pauses (ms)", title_justify="left")
    for col in ("kind", "count", "total", "p50", "p99", "p99.9", "max"):
        pauses.add_column(col, justify="left" if col == "kind" else "right")
    rows = [("all pauses", s.pauses), *s.pauses_by_kind.items()]
    for name, st in rows:
        pauses.add_row(
            name,
            str(st.count),
            _fmt(st.total_ms),
            _fmt(st.p50_ms, digits=2),
            _fmt(st.p99_ms, digits=2),
            _fmt(st.p999_ms, digits=2),
            _fmt(st.max_ms, digits=2),
        )
    console.print(pauses)

    facts = Table(show_header=False, title="Overview", title_justify="left")
    facts.add_column("what")
    facts.add_column("value", justify="right")
    facts.add_row("GC overhead (% of wall time paused)", _fmt(s.gc_overhead_pct, " %", 2))
    facts.add_row("allocation rate", _fmt(s.allocation_rate_mb_s, " MB/s"))
    facts.add_row("promotion rate", _fmt(s.promotion_rate_mb_s, " MB/s"))
    facts.add_row("live set (heap after old/full collections)", _fmt(s.live_set_mb, " MB"))
    facts.add_row("heap max", _fmt(s.heap_max_mb, " MB", 0))
    facts.add_row("concurrent cycles (count / max ms)", f"{s.concurrent.count} / {_fmt(s.concurrent.max_ms)}")
    if s.safepoints:
        sp = s.safepoints
        facts.add_row(
            "safepoints (count / total ms / max ms)",
            f"{sp.count} / {_fmt(sp.total_ms)} / {_fmt(sp.max_ms, digits=2)}",
        )
        facts.add_row(
            "time to safepoint (max / p99 ms)",
            f"{_fmt(sp.max_time_to_safepoint_ms, digits=2)} / {_fmt(sp.p99_time_to_safepoint_ms, digits=2)}",
        )
    else:
        facts.add_row("safepoints", "not logged (add 'safepoint' to -Xlog)")
    bad = s.bad_events
    for label, count in (
        ("full GCs", bad.full_gc),
        ("concurrent mode failures (CMS)", bad.concurrent_mode_failure),
        ("evacuation failures (G1 to-space exhausted)", bad.evacuation_failure),
        ("allocation stalls (ZGC)", bad.allocation_stall),
        ("degenerated cycles (Shenandoah)", bad.degenerated),
    ):
        facts.add_row(label, f"[red]{count}[/]" if count else "0")
    facts.add_row("lines not understood", str(s.unparsed_lines))
    console.print(facts)
    for note in notes(s):
        console.print(f"- {note}")


def notes(s: GcSummary) -> list[str]:
    """Plain-language remarks a reader would otherwise have to work out from the numbers."""
    out = []
    sp = s.safepoints
    if sp and sp.max_time_to_safepoint_ms >= TTSP_ALERT_MS and sp.max_time_to_safepoint_ms > s.pauses.max_ms:
        out.append(
            f"time to safepoint reached {sp.max_time_to_safepoint_ms:.0f} ms, longer than the longest GC pause "
            f"({s.pauses.max_ms:.1f} ms): threads are slow to stop (long counted loops, page faults, swapping), "
            "a different problem from GC work; a bigger or different collector will not fix it"
        )
    elif sp and sp.max_time_to_safepoint_ms >= TTSP_ALERT_MS:
        out.append(
            f"time to safepoint reached {sp.max_time_to_safepoint_ms:.0f} ms on top of the GC pause itself"
        )
    if s.bad_events.allocation_stall:
        out.append(
            "allocation stalls: application threads waited for ZGC to free memory (needs heap or CPU headroom)"
        )
    if s.bad_events.full_gc or s.bad_events.concurrent_mode_failure or s.bad_events.evacuation_failure:
        out.append(
            "full GCs / failures mean the concurrent collector fell behind: check heap size and live set"
        )
    return out
