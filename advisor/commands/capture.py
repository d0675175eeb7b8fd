"""``advise capture URL -o bundle.zip``: save what ``advise`` reads (read-only GETs) for offline use."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advisor.commands.advise import (
    add_connection_arguments,
    add_gc_log_argument,
    parse_gc_log_args,
    transport_from_args,
)
from advisor.errors import InputError

HELP = "save a cluster's node info and stats (read-only GETs) as a bundle zip for `advise --bundle`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", nargs="?", help="cluster URL, e.g. https://localhost:9200")
    parser.add_argument("-o", "--output", required=True, metavar="ZIP", help="bundle file to write (.zip)")
    add_connection_arguments(parser)
    add_gc_log_argument(parser, "add a node's GC log file(s) to the bundle: --gc-log NODE=PATH")
    parser.add_argument("--force", action="store_true", help="replace an existing output file")


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from advisor.commands.advise import ProgressStatus, expand_paths
    from advisor.sources.capture import manifest_for, write_bundle
    from advisor.sources.live import REQUESTS, fetch_cluster
    from advisor.sources.node_facts import build_cluster
    from advisor.sources.transport import safe_url

    if bool(args.url) == bool(args.cloud_id):
        raise InputError("give exactly one of: a cluster URL or --cloud-id ID")
    out = Path(args.output)
    if out.exists() and not args.force:
        raise InputError(f"{out} already exists; pass --force to replace it")
    with transport_from_args(args) as transport, ProgressStatus("capturing") as progress:
        responses = fetch_cluster(transport, progress)
        target = safe_url(args.url) if args.url else str(transport.target)
    cluster = build_cluster(responses, target)
    gc_logs = parse_gc_log_args(args.gc_log, [n.name for n in cluster.nodes])
    manifest = manifest_for(responses, target, REQUESTS, datetime.now(UTC))
    write_bundle(out, responses, manifest, {k: expand_paths(v) for k, v in gc_logs.items()}, force=args.force)
    print(
        f"advise capture: wrote {out} ({len(cluster.nodes)} node(s) of {cluster.distribution} {cluster.version}); "
        f"read it with: advise --bundle {out}",
        file=sys.stderr,
    )
    return 0
