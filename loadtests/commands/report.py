"""``loadtest report DIR``: (re-)render the p99 report of a recorded run as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advisor.errors import InputError

HELP = "render DIR/report.html (one self-contained file) from a recorded run"
DEFAULT_GOAL_P99_MS = (
    200.0  # == loadtests.report.verdict.DEFAULT_GOAL_P99_MS (not imported: help stays light)
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", metavar="DIR", type=Path, help="the --out DIR of a `loadtest run`")
    parser.add_argument(
        "--out",
        metavar="FILE",
        type=Path,
        default=None,
        help="where to write the report (default DIR/report.html, the previous one kept as .bak)",
    )
    parser.add_argument(
        "--goal-p99-ms",
        metavar="N",
        type=float,
        default=DEFAULT_GOAL_P99_MS,
        help=f"p99 latency goal in ms for the verdict (default {DEFAULT_GOAL_P99_MS:g})",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing --out FILE (a .bak is kept)"
    )
    parser.add_argument("--json", action="store_true", help="print the numbers and the verdict as JSON")


def run(args: argparse.Namespace) -> int:
    if not args.goal_p99_ms > 0:
        raise InputError(f"--goal-p99-ms must be a positive number of milliseconds, not {args.goal_p99_ms:g}")
    from rich.console import Console

    from loadtests.report.render import render_run, report_document

    options = {"goal_p99_ms": args.goal_p99_ms, "force": args.force}
    console = Console(stderr=True)
    if console.is_terminal:
        with console.status("rendering the report…") as status:
            rendered = render_run(
                args.run_dir, args.out, **options, on_step=lambda text: status.update(f"{text}…")
            )
    else:
        rendered = render_run(args.run_dir, args.out, **options)
    if args.json:
        from advisor.cli_support import print_json

        print_json(report_document(rendered))
    else:
        sys.stdout.write(f"report written to {rendered.path}\n")
        for verdict in rendered.verdicts:
            sys.stdout.write(f"  [{verdict.level}] {verdict.text}\n")
    return 0
