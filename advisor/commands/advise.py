"""``advise URL | --bundle PATH``: read every node, combine with GC logs and host facts, recommend.

Exit codes: 0 done; 1 ``--fail-on`` threshold reached; 2 bad input/arguments; 3 cluster or bundle not
readable; 4 nothing usable. Credentials: prefer ES_USERNAME/ES_PASSWORD, ES_API_KEY or ES_BEARER_TOKEN
in the environment over options, so they stay out of shell history; they are never printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import InputError

if TYPE_CHECKING:
    from advisor.facts.nodes import NodeFacts
    from advisor.gclog.summary import GcSummary
    from advisor.outputs.advice import AdviceReport
    from advisor.sources.node_facts import ClusterFacts
    from advisor.sources.transport import ReadOnlyTransport

HELP = "advise on a cluster's JVM options (live URL, Elastic Cloud id, or --bundle DIR|ZIP)"

FAIL_ON_EXIT = 1
SEVERITY_ORDER = ("critical", "warning", "info")


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """URL, Cloud id, auth and TLS options (shared with ``advise capture``)."""
    parser.add_argument("--cloud-id", metavar="ID", help="Elastic Cloud id instead of a URL")
    auth = parser.add_argument_group(
        "authentication (or ES_USERNAME+ES_PASSWORD / ES_API_KEY / ES_BEARER_TOKEN)"
    )
    auth.add_argument("--user", metavar="NAME", help="basic-auth user; the password comes from ES_PASSWORD")
    auth.add_argument("--password", help=argparse.SUPPRESS)  # works, but lands in shell history
    auth.add_argument("--api-key", metavar="KEY", help="API key (encoded, or id:key)")
    auth.add_argument("--bearer-token", metavar="TOKEN", help="OAuth2/JWT bearer token")
    tls = parser.add_argument_group("TLS")
    tls.add_argument("--ca-cert", metavar="FILE", help="CA certificate (PEM) to verify the cluster")
    tls.add_argument("--client-cert", metavar="FILE", help="client certificate (PEM)")
    tls.add_argument("--client-key", metavar="FILE", help="client private key (PEM)")
    tls.add_argument("--insecure", action="store_true", help="do not verify the server certificate")
    parser.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="per-request timeout (default 30)"
    )


def add_gc_log_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--gc-log [NODE=]PATH...`` (repeatable); parsed by ``parse_gc_log_args``."""
    parser.add_argument(
        "--gc-log", action="append", nargs="+", default=[], metavar="[NODE=]PATH", help=help_text
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", nargs="?", help="cluster URL, e.g. https://localhost:9200 (read-only GETs)")
    parser.add_argument(
        "--bundle", metavar="PATH", help="offline bundle: directory or zip (capture / support-diagnostics)"
    )
    add_connection_arguments(parser)
    add_gc_log_argument(
        parser, "GC log file(s) of a node (rotated sets and .gz welcome); NODE= says which node"
    )
    parser.add_argument(
        "--local", action="store_true", help="also read this host (RAM, cgroup, swap, THP, hugepages)"
    )
    parser.add_argument(
        "--java", metavar="PATH", help="probe this java binary for its compressed-oops cutoffs"
    )
    parser.add_argument("--node", metavar="NAME", help="the node --local/--java/--write-options refer to")
    parser.add_argument("--json", action="store_true", help="print the JSON document instead of the table")
    parser.add_argument("--html", metavar="FILE", help="also write the report as a self-contained HTML page")
    parser.add_argument("--write-options", metavar="DIR", help="write jvm.options.d files (diff shown first)")
    parser.add_argument(
        "--force", action="store_true", help="replace existing option files (a backup is kept)"
    )
    parser.add_argument(
        "--fail-on",
        choices=("warning", "critical"),
        help=f"exit {FAIL_ON_EXIT} if a finding this severe or worse exists",
    )


def transport_from_args(args: argparse.Namespace) -> ReadOnlyTransport:
    from advisor.sources.transport import (
        ReadOnlyTransport,
        TlsOptions,
        credentials_from,
        parse_cloud_id,
        parse_url,
    )

    if args.cloud_id:
        target, url_creds = parse_cloud_id(args.cloud_id), None
    else:
        target, url_creds = parse_url(args.url)
    creds = credentials_from(
        user=args.user,
        password=args.password,
        api_key=args.api_key,
        bearer_token=args.bearer_token,
        environ=dict(os.environ),
        url_credentials=url_creds,
    )
    if (args.client_cert is None) != (args.client_key is None):
        raise InputError("--client-cert and --client-key go together")
    if target.scheme != "https" and (args.ca_cert or args.client_cert or args.insecure):
        raise InputError("--ca-cert/--client-cert/--insecure need an https:// URL")
    if args.timeout <= 0:
        raise InputError("--timeout must be positive")
    tls = TlsOptions(args.ca_cert, args.client_cert, args.client_key, args.insecure)
    return ReadOnlyTransport(target, creds, tls, timeout_s=args.timeout)


def _check_source(args: argparse.Namespace) -> None:
    given = [x for x in (args.url, args.bundle, args.cloud_id) if x]
    if len(given) != 1:
        raise InputError("give exactly one of: a cluster URL, --cloud-id ID, or --bundle PATH (see --help)")
    if args.bundle and (args.user or args.api_key or args.bearer_token or args.ca_cert or args.insecure):
        raise InputError("authentication and TLS options apply to a live cluster, not to --bundle")
    if (args.force or args.node) and not (args.write_options or args.local or args.java):
        raise InputError("--force and --node go with --write-options (or --local/--java for --node)")


def run(args: argparse.Namespace) -> int:
    _check_source(args)
    report = build_report(args)
    if args.node is not None:
        pick_node([a.node for a in report.nodes], args.node, "--node")
    write_outputs(report, args)
    return fail_on_exit(report, args.fail_on)


def fail_on_exit(report: AdviceReport, fail_on: str | None) -> int:
    if fail_on is None:
        return 0
    limit = SEVERITY_ORDER.index(fail_on)
    worst = [f for f in report.all_findings() if SEVERITY_ORDER.index(f.severity.value) <= limit]
    if worst:
        print(f"advise: --fail-on {fail_on}: {len(worst)} finding(s) at or above {fail_on}", file=sys.stderr)
        return FAIL_ON_EXIT
    return 0


def pick_node(nodes: list[NodeFacts], name: str | None, purpose: str) -> NodeFacts:
    if name is not None:
        for node in nodes:
            if name in (node.name, node.id):
                return node
        raise InputError(f"no node named {name!r}; nodes: {', '.join(n.name for n in nodes)}")
    if len(nodes) == 1:
        return nodes[0]
    raise InputError(f"{purpose} needs --node NAME (nodes: {', '.join(n.name for n in nodes)})")


def parse_gc_log_args(values: list[list[str]], node_names: list[str]) -> dict[str, list[Path]]:
    """``--gc-log a b --gc-log n1=c`` → {node: [paths]}; a bare path needs a one-node cluster."""
    out: dict[str, list[Path]] = {}
    for value in (v for group in values for v in group):
        name, sep, path_text = value.partition("=")
        if not sep or "/" in name or Path(value).exists():
            name, path_text = "", value
        if name and name not in node_names:
            raise InputError(f"--gc-log {value}: no node named {name!r}; nodes: {', '.join(node_names)}")
        if not name:
            if len(node_names) != 1:
                raise InputError(
                    f"--gc-log {value}: the cluster has {len(node_names)} nodes; say which: --gc-log NODE={value}"
                )
            name = node_names[0]
        path = Path(path_text)
        if not path.exists():
            raise InputError(f"--gc-log {value}: {path} does not exist")
        out.setdefault(name, []).append(path)
    return out


@dataclass
class LoadedCluster:
    """What a bundle or a live cluster gave: the facts, GC summaries per node name, and where from."""

    cluster: ClusterFacts
    gc_summaries: dict[str, GcSummary]
    kind: str  # "bundle" | "live"
    where: str
    notes: list[str] = field(default_factory=list)


def load_cluster(args: argparse.Namespace) -> LoadedCluster:
    """Read ``--bundle`` (and summarize its GC logs while they exist) or the live cluster."""
    from dataclasses import replace

    from advisor.sources.node_facts import build_cluster

    if args.bundle:
        from advisor.sources.bundle import read_bundle

        with read_bundle(args.bundle) as bundle:
            cluster = build_cluster(bundle.responses, str(bundle.path))
            notes = list(bundle.notes) + list(cluster.notes)
            if bundle.layout == "support-diagnostics":
                notes.append("read an Elastic support-diagnostics archive")
            logs = {node: list(paths) for node, paths in bundle.gc_logs.items()}
            # the GC logs are summarized before the bundle's temporary folder goes away; findings
            # then cite them as BUNDLE/gc/NODE/FILE rather than as the temporary path
            summaries = {
                name: replace(
                    summary, files=tuple(f"{bundle.path}/gc/{name}/{Path(f).name}" for f in summary.files)
                )
                for name, summary in summarize_logs(
                    logs, [n.name for n in cluster.nodes], "bundle gc/"
                ).items()
            }
        return LoadedCluster(cluster, summaries, "bundle", str(bundle.path), notes)
    from advisor.sources.live import fetch_cluster
    from advisor.sources.transport import safe_url

    with transport_from_args(args) as transport, ProgressStatus("reading the cluster") as progress:
        responses = fetch_cluster(transport, progress)
        where = safe_url(args.url) if args.url else str(transport.target)
        cluster = build_cluster(responses, where)
    return LoadedCluster(cluster, {}, "live", where, list(cluster.notes))


def summarize_logs(logs: dict[str, list[Path]], node_names: list[str], origin: str) -> dict[str, GcSummary]:
    """{node name: GcSummary} for each node with GC logs (names not in the cluster are an error)."""
    if not logs:
        return {}
    from advisor.gclog.aggregate import summarize

    out: dict[str, GcSummary] = {}
    with ProgressStatus("reading GC logs") as progress:
        for name, paths in logs.items():
            if name not in node_names:
                raise InputError(
                    f"{origin}{name}: GC logs for a node the cluster does not have ({', '.join(node_names)})"
                )
            files = [str(p) for p in expand_paths(paths)]

            def show(done: int, total: int, name: str = name, count: int = len(files)) -> None:
                progress(f"{name}: {count} file(s), {100 * done // max(total, 1)}%")

            out[name] = summarize(files, progress=show)
    return out


def expand_paths(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


class ProgressStatus:
    """A rich spinner on stderr while something slow runs (only on a terminal); call it with a label."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._spinner: Any = None

    def __enter__(self) -> ProgressStatus:
        if sys.stderr.isatty():
            from rich.console import Console

            self._spinner = Console(stderr=True).status(self._label)
            self._spinner.__enter__()
        return self

    def __call__(self, text: str) -> None:
        if self._spinner is not None:
            self._spinner.update(f"{self._label}: {text}")

    def __exit__(self, *exc: object) -> None:
        if self._spinner is not None:
            self._spinner.__exit__(*exc)


def build_report(args: argparse.Namespace) -> AdviceReport:
    from dataclasses import replace

    from advisor.outputs.advice import AdviceReport, NodeAdvice
    from advisor.recommend import analyze, recommend

    loaded = load_cluster(args)
    nodes = list(loaded.cluster.nodes)
    names = [n.name for n in nodes]
    summaries = dict(loaded.gc_summaries)
    summaries.update(summarize_logs(parse_gc_log_args(args.gc_log, names), names, "--gc-log "))
    nodes = [replace(n, gc_summary=summaries[n.name]) if n.name in summaries else n for n in nodes]
    if args.local or args.java:
        local = pick_node(nodes, args.node, "--local/--java")
        host = read_host_facts(args.local, args.java)
        nodes = [replace(n, host_facts=host) if n is local else n for n in nodes]
    report = AdviceReport(loaded.cluster.with_nodes(nodes), loaded.kind, loaded.where, notes=loaded.notes)
    for node in nodes:
        findings = [f if f.node else replace(f, node=node.name) for f in analyze(node)]
        report.nodes.append(NodeAdvice(node, findings, recommend(node)))
    return report


def read_host_facts(local: bool, java: str | None) -> Any:
    """HostFacts of this machine (``--local``) and/or the probe of a java binary (``--java``)."""
    from advisor.facts.nodes import HostFacts

    measured = None
    if java:
        from advisor.sources.probe import probe

        if not Path(java).exists():
            raise InputError(f"--java {java}: no such file")
        with ProgressStatus(f"probing {java}"):
            measured = probe(java)
    if local:
        from advisor.sources.host import read_host

        return read_host(java=measured)
    return HostFacts(java=measured)


def write_outputs(report: AdviceReport, args: argparse.Namespace) -> None:
    from rich.console import Console

    from advisor.cli_support import print_json
    from advisor.outputs.json_doc import report_document

    if args.json:
        print_json(report_document(report))
    else:
        from advisor.outputs.text import render

        console = Console(highlight=False)
        if not console.is_terminal:  # pipes, files, CI logs: do not squeeze the table into 80 columns
            console = Console(highlight=False, width=max(console.width, 150))
        render(report, console)
    if args.html:
        from advisor.outputs.html import write_html

        path = Path(args.html)
        if path.is_dir():
            raise InputError(f"--html {path} is a directory; give a file name")
        if not path.parent.exists():
            raise InputError(f"--html {path}: folder {path.parent} does not exist")
        write_html(report, path)
        print(f"advise: wrote {path}", file=sys.stderr)
    if args.write_options:
        write_option_files(report, args)


def write_option_files(report: AdviceReport, args: argparse.Namespace) -> None:
    """Diff first, then write; with several nodes and no --node, one sub-folder per node."""
    from advisor.outputs.advice import recommendation_notes
    from advisor.outputs.options_d import arguments_diff, execute_plan, plan_write, render_files

    out = sys.stderr if args.json else sys.stdout
    base = Path(args.write_options)
    chosen = [a for a in report.nodes if args.node is None or args.node in (a.node.name, a.node.id)]
    if not chosen:
        raise InputError(
            f"no node named {args.node!r}; nodes: {', '.join(a.node.name for a in report.nodes)}"
        )
    plans = []
    for advice in chosen:
        rec = advice.recommendation
        if rec is None or not any(rec.files.values()):
            print(f"{advice.node.name}: nothing to write", file=out)
            continue
        directory = base if len(chosen) == 1 else base / advice.node.name
        plan = plan_write(directory, render_files(rec.files, advice.node, recommendation_notes(rec)))
        print(f"== {advice.node.name}: running options → recommended", file=out)
        print(arguments_diff(advice.node, rec.files) or "(no difference)", file=out)
        print(f"== {advice.node.name}: files in {directory}", file=out)
        print(plan.diff() or "(files already up to date)", file=out)
        if plan.other_files:
            print(
                f"note: {directory} also holds {', '.join(plan.other_files)}; ES reads them too (in name order)",
                file=out,
            )
        plans.append(plan)
    for plan in plans:  # refuse everything before writing anything
        if plan.conflicts and not args.force:
            execute_plan(plan, force=False)
    for plan in plans:
        result = execute_plan(plan, force=args.force)
        for backup in result.backups:
            print(f"backup: {backup}", file=out)
        for path in result.written:
            print(f"wrote: {path}", file=out)
