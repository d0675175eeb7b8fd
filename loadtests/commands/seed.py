"""``loadtest seed``: create the orders index and bulk-load a deterministic dataset."""

from __future__ import annotations

import argparse

HELP = "create the orders index (mapping, analyzers) and bulk-load a seeded order dataset"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from loadtests.dataset.index import DEFAULT_LOOKUP, LOOKUP_MODES

    parser.add_argument("--url", required=True, help="cluster URL (credentials in the URL are never printed)")
    parser.add_argument(
        "--orders", type=int, required=True, help="number of orders (10k .. tens of millions)"
    )
    parser.add_argument("--seed", type=int, default=42, help="dataset seed (same seed, same orders)")
    parser.add_argument("--index", default="orders")
    parser.add_argument(
        "--lookup",
        choices=LOOKUP_MODES,
        default=None,
        help=f"as-you-type lookup mapping (default {DEFAULT_LOOKUP}; falls back to prefix on a node "
        "without the modules it needs)",
    )
    parser.add_argument(
        "--strict-lookup",
        action="store_true",
        help="fail instead of falling back when the node cannot serve --lookup",
    )
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--replicas", type=int, default=0)
    parser.add_argument("--workers", type=int, default=4, help="parallel bulk worker processes")
    parser.add_argument("--chunk-size", type=int, default=1000, help="documents per bulk request")
    parser.add_argument("--force-merge", action="store_true", help="force-merge to one segment after loading")
    parser.add_argument("--replace", action="store_true", help="delete an existing index of that name first")
    parser.add_argument("--allow-remote", action="store_true", help="allow a cluster that is not on loopback")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    import sys

    from advisor.errors import InputError
    from loadtests.dataset.index import DEFAULT_LOOKUP
    from loadtests.dataset.orders import DatasetSpec
    from loadtests.dataset.seeder import SeedSpec, plan_for, seed
    from loadtests.targets import Http, parse_url

    if not 1 <= args.orders <= 2_000_000_000:
        raise InputError("--orders must be between 1 and 2,000,000,000")
    if args.shards < 1 or args.replicas < 0 or args.workers < 1 or args.chunk_size < 1:
        raise InputError("--shards, --workers and --chunk-size must be >= 1, --replicas >= 0")
    target = parse_url(args.url, "--url", args.allow_remote)
    spec = SeedSpec(
        dataset=DatasetSpec(orders=args.orders, seed=args.seed),
        index=args.index,
        lookup=args.lookup or DEFAULT_LOOKUP,
        lookup_explicit=args.lookup is not None,
        strict_lookup=args.strict_lookup,
        shards=args.shards,
        replicas=args.replicas,
        force_merge=args.force_merge,
        replace=args.replace,
        workers=args.workers,
        chunk_size=args.chunk_size,
    )
    http = Http(target, timeout_s=120.0)
    plan = plan_for(http, spec)
    if note := plan[1].line():  # before the load: the user sees at once which mapping is used and why
        print(f"{'warning' if plan[1].explicit and plan[1].fell_back else 'note'}: {note}", file=sys.stderr)
    if args.json or not sys.stderr.isatty():
        result = seed(http, spec, plan=plan)
    else:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("seeding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True)) as progress:
            task = progress.add_task("orders", total=args.orders)
            result = seed(http, spec, on_progress=lambda n: progress.advance(task, n), plan=plan)
    if args.json:
        from advisor.cli_support import print_json

        print_json(result)
    else:
        print(
            f"{result['indexed']:,} orders indexed into {result['index']} ({result['lookup']}) on "
            f"{result['distribution']} {result['version']} in {result['load_seconds']} s: "
            f"{result['docs_per_second']:,} docs/s via {result['transport']}; "
            f"{result['failed']} failed, {result['retries']} retried; count = {result['count']:,}"
        )
        if result["first_error"]:
            print(f"first failure: {result['first_error']}")
    return 1 if result["failed"] else 0
