"""``advise lint FILE... --jdk N``: check jvm.options / jvm.options.d files against one JDK."""

from __future__ import annotations

import argparse

HELP = "check jvm.options / jvm.options.d files against a JDK version (flags, collectors, heap, cargo cult)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="jvm.options files, jvm.options.d dirs or a config dir"
    )
    parser.add_argument("--jdk", type=int, required=True, help="JDK feature release the node runs (8..25)")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.add_argument(
        "--fail-on", choices=("warning", "critical"), default="critical", help="exit 1 at this severity"
    )
    parser.add_argument(
        "--heap-oops-cutoff-mb", type=int, metavar="M", help="largest -Xmx (MiB) that keeps compressed oops"
    )
    parser.add_argument(
        "--java", metavar="PATH", help="the node's java: probe its flags and compressed-oops cut-off"
    )
    parser.add_argument("--cpus", type=float, help="CPUs (container quota) the node may use")


def run(args: argparse.Namespace) -> int:
    from advisor.cli_support import print_json
    from advisor.errors import InputError
    from advisor.facts.jdk_flags import MAX_JDK, MIN_JDK
    from advisor.findings import Severity
    from advisor.jdks import cache_dir
    from advisor.rules.lint import lint_files

    if not MIN_JDK <= args.jdk <= MAX_JDK:
        raise InputError(f"--jdk {args.jdk}: the flag table covers JDK {MIN_JDK} to {MAX_JDK}")
    probe = declared = None
    if args.java:
        from advisor.sources.probe import declared_flags, java_version
        from advisor.sources.probe import probe as run_probe

        _, major = java_version(args.java)
        if major != args.jdk:
            raise InputError(f"--java {args.java} is JDK {major}, not --jdk {args.jdk}")
        declared = declared_flags(args.java)
        if args.heap_oops_cutoff_mb is None:
            probe = run_probe(args.java, cache_dir())
    findings = lint_files(args.files, args.jdk, args.heap_oops_cutoff_mb, probe, declared, args.cpus)
    if args.json:
        print_json(
            [
                {
                    "id": f.id,
                    "severity": f.severity.value,
                    "file": f.file,
                    "line": f.line,
                    "flag": f.flag,
                    "message": f.message,
                    "source": f.source,
                    "evidence": f.evidence,
                    "recommendation": f.recommendation,
                }
                for f in findings
            ]
        )
    else:
        _print_text(findings, args.jdk)
    threshold = Severity(args.fail_on).rank
    return 1 if any(f.severity.rank <= threshold for f in findings) else 0


def _print_text(findings: list, jdk: int) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    colors = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
    if not findings:
        console.print(f"No findings for JDK {jdk}.")
        return
    for f in findings:
        where = f"{f.file}:{f.line}" if f.file else "-"
        console.print(
            f"[{colors[f.severity.value]}]{f.severity.value:8}[/] {where}  [bold]{f.flag or ''}[/]  {f.message}"
        )
        if f.recommendation:
            console.print(f"         → {f.recommendation}", style="dim")
        console.print(f"         source: {f.source}", style="dim")
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("critical", "warning", "info")}
    console.print(
        f"JDK {jdk}: {counts['critical']} critical, {counts['warning']} warning, {counts['info']} info"
    )
