"""``loadtest lab up|status|down|record``: real Elasticsearch/OpenSearch nodes on 127.0.0.1, no Docker.

``up`` fetches the distribution from Maven Central (``mvn``), starts one node per collector (one after
the other, equal heaps, each on the JDK it needs: CMS on JDK 11), checks with ``_nodes/jvm`` that each
runs the collector asked for, and leaves them running; ``status`` shows them; ``down`` stops them and
keeps their logs (GC logs for ``advise gc``). ``record`` starts, records the API responses the advisor
reads, and stops. Everything is in :mod:`loadtests.lab`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HELP = "start/stop real Elasticsearch/OpenSearch nodes (CMS, G1, ZGC) on 127.0.0.1 from Maven Central"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    up = actions.add_parser("up", help="start one node per collector and leave them running")
    record = actions.add_parser("record", help="start each node, save its API responses, stop it")
    for sub in (up, record):
        sub.add_argument("--dist", choices=("elasticsearch", "opensearch"), default="elasticsearch")
        sub.add_argument("--version", default="7.17.29", help="distribution version (default 7.17.29)")
        sub.add_argument(
            "--gc", default="cms,g1,zgc", help="collectors, comma-separated: cms,g1,zgc,zgc-gen,parallel"
        )
        sub.add_argument("--heap", default="256m", help="-Xms = -Xmx for every node (default 256m)")
        sub.add_argument(
            "--jdk", type=int, default=None, help="JDK feature version (default: chosen per collector)"
        )
        sub.add_argument(
            "--timeout", type=float, default=300.0, help="seconds to wait for each node (default 300)"
        )
        sub.add_argument(
            "--jvm-option",
            action="append",
            default=[],
            metavar="LINE",
            help="extra jvm.options.d line for every node: --jvm-option=-XX:MaxGCPauseMillis=50 (repeatable)",
        )
    up.add_argument(
        "--port-base", type=int, default=0, help="HTTP ports BASE, BASE+1, ... (default: free ports)"
    )
    up.add_argument("--json", action="store_true", help="print the started nodes as JSON")
    record.add_argument(
        "--out", type=Path, required=True, help="folder for <dist>-<version>-<gc>/ recordings"
    )
    record.add_argument(
        "--force", action="store_true", help="replace existing recordings (old ones kept as .bak)"
    )
    status = actions.add_parser("status", help="show the lab's nodes")
    status.add_argument("--json", action="store_true")
    down = actions.add_parser("down", help="stop the lab's nodes (all, or those named; logs are kept)")
    down.add_argument("names", nargs="*", metavar="NAME", help="only these nodes (see lab status)")
    down.add_argument("--purge", action="store_true", help="also delete the nodes' logs")


def run(args: argparse.Namespace) -> int:
    handler = {"up": _up, "record": _record, "status": _status, "down": _down}[args.action]
    return handler(args)


def _specs(args: argparse.Namespace) -> list[Any]:
    from loadtests.lab.collectors import parse_choice
    from loadtests.lab.distributions import Distribution
    from loadtests.lab.node import NodeSpec

    dist = Distribution(args.dist, args.version)
    ports = getattr(args, "port_base", 0)
    return [
        NodeSpec(
            dist,
            c.key,
            heap=args.heap,
            jdk=args.jdk,
            extra_options=tuple(args.jvm_option),
            http_port=(ports + i) if ports else None,
        )
        for i, c in enumerate(parse_choice(args.gc))
    ]


def _start_each(args: argparse.Namespace, detach: bool, each: Any = None) -> list[Any]:
    from rich.console import Console

    from loadtests.lab.distributions import unpack
    from loadtests.lab.node import choose_jdk, start_node

    specs = _specs(args)
    for spec in specs:
        choose_jdk(spec)  # every node can run before any starts
    console = Console(stderr=True)
    with console.status(f"fetching {specs[0].dist.label} (Maven Central)"):
        unpack(specs[0].dist)
    started: list[Any] = []
    try:
        for spec in specs:
            with console.status(f"starting {spec.node_name} ({spec.collector.description})"):
                node = start_node(spec, detach=detach, timeout_s=args.timeout)
            started.append(node)
            if each is not None:
                each(node)
            jvm = node.jvm
            runs = f"JDK {jvm.jvm_version} runs {jvm.running}" if jvm else ""
            console.print(f"[green]{spec.node_name}[/] {node.url} {runs}")
    except BaseException:
        for node in started:
            node.stop()
        raise
    return started


def _up(args: argparse.Namespace) -> int:
    nodes = _start_each(args, detach=True)
    if args.json:
        print(json.dumps([n.state() for n in nodes], indent=2))
        return 0
    _print_table([n.state() for n in nodes], alive=None)
    targets = " ".join(f"--target {n.spec.gc}={n.url}" for n in nodes)
    print(f"\nnext: loadtest seed --url {nodes[0].url} --orders 20000   (once per node)")
    print(f"      loadtest run --profile flash-sale {targets} --out reports/lab")
    print("      loadtest lab down")
    return 0


def _record(args: argparse.Namespace) -> int:
    import shutil

    from loadtests.lab.record import record, recording_dir

    out: Path = args.out

    def save(node: Any) -> None:
        folder = recording_dir(out, node)
        if folder.exists():
            from advisor.errors import InputError

            if not args.force:
                raise InputError(f"{folder} exists: pass --force to replace it (the old one is kept as .bak)")
            backup = folder.with_name(folder.name + ".bak")
            shutil.rmtree(backup, ignore_errors=True)
            folder.rename(backup)
        print(f"recorded {record(node, out)}")
        node.stop()
        shutil.rmtree(node.node_dir, ignore_errors=True)

    _start_each(args, detach=False, each=save)
    return 0


def _status(args: argparse.Namespace) -> int:
    from loadtests.lab.registry import recorded_nodes

    nodes = recorded_nodes()
    rows = []
    for node in nodes:
        row = dict(node.state)
        row["alive"] = node.alive
        row["health"] = node.health() if node.alive else "stopped"
        rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("no lab nodes (start some with: loadtest lab up --gc cms,g1,zgc)")
    else:
        _print_table(rows, alive=True)
    return 0


def _down(args: argparse.Namespace) -> int:
    from loadtests.lab.registry import recorded_nodes, take_down

    nodes = recorded_nodes()
    unknown = set(args.names) - {n.state["name"] for n in nodes}
    if unknown:
        from advisor.errors import InputError

        raise InputError(f"no lab node named {', '.join(sorted(unknown))} (see: loadtest lab status)")
    if args.names:
        nodes = [n for n in nodes if n.state["name"] in args.names]
    for node in nodes:
        take_down(node, purge=args.purge)
        kept = "" if args.purge else f", logs kept in {node.state['logs_dir']}"
        print(f"stopped {node.state['name']}{kept}")
    if not nodes:
        print("no lab nodes running")
    return 0


def _print_table(rows: list[dict[str, Any]], alive: bool | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("node", "url", "JDK", "runs (from _nodes/jvm)", "heap", "startup")
    if alive:
        table.add_column("health")
    for row in rows:
        jvm = row.get("jvm") or {}
        cells = [
            row["name"],
            row["url"],
            str(jvm.get("jvm_version") or row.get("jdk")),
            str(jvm.get("running", "?")),
            row["heap"],
            f"{row['startup_s']} s",
        ]
        if alive:
            cells.append(str(row["health"]))
        table.add_row(*cells)
    console = Console()
    console.print(table)
    for row in rows:
        collectors = ", ".join((row.get("jvm") or {}).get("gc_collectors") or [])
        console.print(
            f"{row['name']}: gc_collectors [{collectors}], GC logs in {row['logs_dir']}", soft_wrap=True
        )
