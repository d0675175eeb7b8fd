"""Terminal output of ``advise``: a per-node table, the findings most severe first, the options.

Renders only (rich); every number comes from the ``AdviceReport``.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from advisor.findings import Finding, Severity
from advisor.outputs.advice import AdviceReport, heap_vs_ram, pauses_text, short_collector, tristate
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
    style = SEVERITY_STYLE[finding.severity]
    head = Text()
    head.append(f"{finding.severity.value.upper():<8} ", style=style)
    head.append(finding.id, style="bold")
    if finding.node:
        head.append(f"  [{finding.node}]", style="dim")
    lines: list[Text] = [head, Text("  " + finding.message)]
    for label, value in (
        ("evidence", finding.evidence),
        ("do", finding.recommendation),
        ("source", finding.source),
    ):
        if value:
            line = Text("  ")
            line.append(f"{label}: ", style="dim")
            line.append(value)
            lines.append(line)
    return Group(*lines)


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
        if rec is None or not any(rec.files.values()):
            continue
        console.print()
        console.print(Text(f"Recommended jvm.options.d for {advice.node.name}", style="bold"))
        for name in sorted(rec.files):
            for line in rec.files[name]:
                row = Text(f"  {name:<20} ")
                row.append(option_text(line), style="bold")
                if line.comment:
                    row.append(f"  # {line.comment.splitlines()[0]}", style="dim")
                console.print(row)
    counts = report.counts()
    console.print()
    console.print(
        Text(
            f"{len(report.nodes)} node(s): {counts['critical']} critical, {counts['warning']} warning, {counts['info']} info",
            style="bold",
        )
    )
