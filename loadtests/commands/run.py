"""``loadtest run``: one profile against each target in turn; samples, GC polls, summary, report."""

from __future__ import annotations

import argparse

HELP = "run a load profile against one or more targets and write samples, summary.json and the report"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from loadtests.dataset.index import LOOKUP_MODES
    from loadtests.profiles import PROFILES

    parser.add_argument("--profile", default="flash-sale", choices=sorted(PROFILES), help="load shape")
    parser.add_argument(
        "--target",
        action="append",
        required=True,
        metavar="LABEL=URL",
        help="a target (repeat for A/B/C runs)",
    )
    parser.add_argument("--out", required=True, help="output directory (must be empty or new)")
    parser.add_argument(
        "--duration", type=float, default=None, help="measured phase, seconds (profile default)"
    )
    parser.add_argument("--users", type=int, default=20, help="peak concurrent users")
    parser.add_argument("--rate", type=float, default=None, help="peak total intended rate, requests/s")
    parser.add_argument(
        "--warmup", type=float, default=None, help="warm-up seconds (default 10%% of duration, 2-30)"
    )
    parser.add_argument("--max-requests", type=int, default=None, help="hard cap on requests per target")
    parser.add_argument("--orders", type=int, default=100_000, help="dataset size if the index does not say")
    parser.add_argument("--seed", type=int, default=42, help="dataset seed if the index does not say")
    parser.add_argument("--index", default="orders")
    parser.add_argument(
        "--lookup", choices=LOOKUP_MODES, default=None, help="default: from the index, else edge_ngram"
    )
    parser.add_argument("--allow-remote", action="store_true", help="allow targets that are not on loopback")
    parser.add_argument(
        "--overwrite", action="store_true", help="reuse a non-empty --out (old files are renamed .bak)"
    )
    parser.add_argument("--json", action="store_true", help="print summary.json instead of the table")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    import locust  # noqa: F401  - gevent monkey-patching must happen before urllib3/ssl are imported

    from advisor.errors import InputError
    from loadtests.commands._runview import build_spec, print_summary, progress_factory, render_report
    from loadtests.runner import run_all
    from loadtests.summary import write_summary
    from loadtests.targets import parse_target

    targets = [parse_target(spec, args.allow_remote) for spec in args.target]
    labels = [t.label for t in targets]
    if len(set(labels)) != len(labels):
        raise InputError(f"target labels must be unique, got {', '.join(labels)}")
    out = Path(args.out)
    _prepare_out(out, args.overwrite)
    spec = build_spec(args)
    run_all(spec, targets, out, progress_factory(args.json))
    summary = write_summary(out)
    note = render_report(out)
    if args.json:
        from advisor.cli_support import print_json

        print_json(summary)
        if note:
            import sys

            print(note, file=sys.stderr)
    else:
        print_summary(summary, out, note)
    return 0


def _prepare_out(out: object, overwrite: bool) -> None:
    from pathlib import Path

    from advisor.errors import InputError
    from loadtests import files

    assert isinstance(out, Path)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file, not a directory")
    existing = [
        out / name for name in (files.SAMPLES, files.GC, files.SHAPE, files.RUN, files.SUMMARY, files.REPORT)
    ]
    present = [p for p in existing if p.exists()]
    if present and not overwrite:
        raise InputError(
            f"--out {out} already holds a run ({present[0].name}); pass --overwrite to replace it"
        )
    for path in present:
        path.replace(path.with_name(path.name + ".bak"))
