"""``advise --html FILE``: the terminal report as one self-contained page in the shared look.

The page extends the shared ``templates/base.html.j2`` (``advisor.outputs.html_page.render_page``
inlines ``theme.css``); Jinja2 autoescaping keeps node names and log text inert.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from advisor.gclog.summary import GcSummary
from advisor.outputs.advice import (
    AdviceReport,
    fmt_bytes,
    heap_vs_ram,
    pauses_text,
    recommendation_notes,
    tristate,
)
from advisor.outputs.options_d import atomic_write, option_text, render_files


def render_html(report: AdviceReport) -> str:
    from advisor.outputs.html_page import render_page

    nodes = []
    for advice in report.nodes:
        n = advice.node
        rec = advice.recommendation
        files = render_files(rec.files, n, recommendation_notes(rec)) if rec is not None else {}
        nodes.append(
            {
                "name": n.name,
                "roles": ", ".join(n.roles) or "-",
                "version": n.version or "?",
                "jvm": " ".join(x for x in (n.jvm_version, n.jvm_vendor) if x) or "?",
                "collectors": ", ".join(n.collectors) or "?",
                "heap_ram": heap_vs_ram(n),
                "oops": tristate(n.compressed_oops),
                "mlock": tristate(n.mlockall),
                "pauses": pauses_text(n),
                "heap_used": fmt_bytes(n.heap_used_bytes),
                "options": [
                    {"file": name, "line": option_text(line), "why": line.comment}
                    for name in sorted(rec.files)
                    for line in rec.files[name]
                ]
                if rec is not None
                else [],
                "files": files,
                "gc": _gc_row(n.gc_summary),
            }
        )
    return render_page(
        "advise.html.j2",
        cluster=report.cluster.to_dict(),
        source=report.source,
        source_kind=report.source_kind,
        nodes=nodes,
        findings=[f.to_dict() for f in report.all_findings()],
        counts=report.counts(),
        notes=report.notes,
    )


def write_html(report: AdviceReport, path: Path) -> Path:
    atomic_write(path, render_html(report))
    return path


def _gc_row(summary: GcSummary | None) -> dict[str, Any] | None:
    """One row of the GC-log table (None when the node has no GC log)."""
    if summary is None:
        return None
    p, bad = summary.pauses, summary.bad_events
    return {
        "collector": summary.collector or "?",
        "jdk": summary.jdk_version or "?",
        "pauses": p.count,
        "p50": f"{p.p50_ms:.1f}",
        "p99": f"{p.p99_ms:.1f}",
        "max": f"{p.max_ms:.1f}",
        "overhead": "?" if summary.gc_overhead_pct is None else f"{summary.gc_overhead_pct:.1f} %",
        "live_set": "?" if summary.live_set_mb is None else f"{summary.live_set_mb:.0f} MiB",
        "bad": ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in asdict(bad).items() if v) or "none",
        "files": ", ".join(summary.files),
    }
