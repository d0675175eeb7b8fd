"""``advise probe --java PATH``: measure where a JVM leaves zero-based and compressed oops."""

from __future__ import annotations

import argparse

HELP = "measure the largest -Xmx that keeps compressed oops / zero-based mode for a java binary"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--java", required=True, metavar="PATH", help="the java binary to measure")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--no-cache", action="store_true", help="measure again even if a cached result exists"
    )


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from rich.console import Console

    from advisor.cli_support import print_json
    from advisor.jdks import cache_dir
    from advisor.sources.probe import probe

    console = Console(stderr=True)
    with console.status(f"probing {args.java} (bisecting -Xmx)…"):
        result = probe(args.java, cache_dir(), use_cache=not args.no_cache)
    if args.json:
        print_json(asdict(result))
        return 0
    print(f"java:                         {result.java}")
    print(f"version:                      {result.jdk_version} (JDK {result.jdk_major})")
    print(f"max -Xmx with compressed oops: {result.max_compressed_oops_heap_mb} MiB")
    print(f"max -Xmx zero-based:          {result.max_zero_based_heap_mb} MiB")
    return 0
