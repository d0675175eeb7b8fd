"""Terminal output of ``advise``: a per-node table, the findings most severe first, the options.

Renders only (rich); every number comes from the ``AdviceReport``.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from advisor.findings import Finding, Severity
from advisor.outputs.advice import (
    AdviceReport,
    RecommendationLike,
    heap_vs_ram,
    pauses_text,
    short_collector,
    tristate,
)
from advisor.outputs.options_d import option_text

SEVERITY_STYLE = {Severity.CRITICAL: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def node_table(report: AdviceReport) -> Table:
    cluster = report.cluster
    title = f"{cluster.distribution} cluster {cluster.name or '?'} {cluster.version or ''}".strip()
    if cluster.status:
        title += f" — health {cluster.status}"
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for column in (
        "node",
        "roles",
        "version",
        "JVM",
        "collectors",
        "heap / RAM",
        "oops",
        "mlock",
        "GC pauses",
    ):
        table.add_column(column, overflow="fold")
    for advice in report.nodes:
        n = advice.node
        jvm = f"{n.jvm_version or '?'}" + (f" {n.jvm_vendor.split()[0]}" if n.jvm_vendor else "")
        table.add_row(
            escape(n.name),
            escape(", ".join(n.roles) or "-"),
            escape(n.version or "?"),
            escape(jvm),
            escape(", ".join(short_collector(c) for c in n.collectors) or "?"),
            heap_vs_ram(n),
            tristate(n.compressed_oops),
            tristate(n.mlockall),
            escape(pauses_text(n)),
        )
    return table


def finding_block(finding: Finding) -> Group:
    """Head line (severity, id, node), then message, evidence, recommendation, source, indented."""
    style = SEVERITY_STYLE[finding.severity]
    head = Text()
    head.append(f"{finding.severity.value.upper():<8} ", style=style)
    head.append(finding.id, style="bold")
    if finding.node:
        head.append(f"  [{finding.node}]", style="dim")
    body = Table.grid(padding=(0, 1))
    body.add_column(style="dim", no_wrap=True)
    body.add_column(overflow="fold")
    for label, value in (
        ("evidence", finding.evidence),
        ("do", finding.recommendation),
        ("source", finding.source),
    ):
        if value:
            body.add_row(f"{label}:", value)
    message = Text(finding.message)
    return Group(
        head, Padding(message, (0, 0, 0, 2), expand=False), Padding(body, (0, 0, 0, 2), expand=False)
    )


def options_table(node_name: str, rec: RecommendationLike) -> Table:
    """file | option (with its JDK range) | why — what ``--write-options`` would write."""
    table = Table(
        title=f"Recommended jvm.options.d for {node_name}",
        title_justify="left",
        box=None,
        padding=(0, 2, 0, 0),
    )
    table.add_column("file", style="dim", no_wrap=True)
    table.add_column("option", style="bold", no_wrap=True)
    table.add_column("why", overflow="fold")
    for name in sorted(rec.files):
        for line in rec.files[name]:
            table.add_row(name, escape(option_text(line)), escape(" ".join((line.comment or "").split())))
    return table


def render(report: AdviceReport, console: Console) -> None:
    console.print(node_table(report))
    for note in report.notes:
        console.print(Text(f"note: {note}", style="dim"))
    findings = report.all_findings()
    console.print()
    if findings:
        console.print(Text("Findings (most severe first)", style="bold underline"))
        for finding in findings:
            console.print(finding_block(finding))
    else:
        console.print(Text("No findings: the JVM configuration of every node looks right.", style="green"))
    for advice in report.nodes:
        rec = advice.recommendation
        if rec is not None and any(rec.files.values()):
            console.print()
            console.print(options_table(advice.node.name, rec))
    counts = report.counts()
    console.print()
    console.print(
        Text(
            f"{len(report.nodes)} node(s): {counts['critical']} critical, {counts['warning']} warning, {counts['info']} info",
            style="bold",
        )
    )
