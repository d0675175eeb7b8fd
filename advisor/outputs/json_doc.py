"""``advise --json``: the document of DESIGN.md (keys other tools rely on; extra keys are additions).

{schema_version, cluster, nodes: [{id, name, version, roles, jvm_version, collectors, heap_max_bytes,
ram_bytes, compressed_oops, mlockall, input_arguments, findings, recommended_options}]}
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from advisor import __version__ as TOOL_VERSION
from advisor.outputs.advice import AdviceReport, NodeAdvice, recommendation_notes
from advisor.outputs.options_d import render_files

SCHEMA_VERSION = 1

NODE_KEYS = (
    "id",
    "name",
    "version",
    "roles",
    "jvm_version",
    "collectors",
    "heap_max_bytes",
    "ram_bytes",
    "compressed_oops",
    "mlockall",
    "input_arguments",
    "findings",
    "recommended_options",
)
"""The keys DESIGN.md promises for each node (tests check them)."""


def report_document(report: AdviceReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "es-jvm-advisor", "version": TOOL_VERSION},
        "source": {"kind": report.source_kind, "where": report.source},
        "cluster": report.cluster.to_dict(),
        "summary": report.counts(),
        "notes": list(report.notes),
        "nodes": [node_document(advice) for advice in report.nodes],
    }


def node_document(advice: NodeAdvice) -> dict[str, Any]:
    node = advice.node
    rec = advice.recommendation
    return {
        "id": node.id,
        "name": node.name,
        "version": node.version,
        "roles": list(node.roles),
        "jvm_version": node.jvm_version,
        "collectors": list(node.collectors),
        "heap_max_bytes": node.heap_max_bytes,
        "ram_bytes": node.ram_bytes,
        "compressed_oops": node.compressed_oops,
        "mlockall": node.mlockall,
        "input_arguments": list(node.input_arguments),
        "findings": [f.to_dict() for f in advice.findings],
        "recommended_options": rec.to_dict() if rec is not None else None,
        "option_files": render_files(rec.files, node, recommendation_notes(rec)) if rec is not None else {},
        # additions
        "distribution": node.distribution,
        "host": node.host,
        "jvm_vendor": node.jvm_vendor,
        "jdk_major": node.jdk_major,
        "heap_init_bytes": node.heap_init_bytes,
        "heap_used_bytes": node.heap_used_bytes,
        "ram_total_bytes": node.ram_total_bytes,
        "cgroup_memory_limit_bytes": node.cgroup_memory_limit_bytes,
        "swap_total_bytes": node.swap_total_bytes,
        "available_processors": node.available_processors,
        "gc_collectors_stats": [asdict(c) for c in node.gc],
        "gc_log": node.gc_summary.to_dict() if node.gc_summary is not None else None,
        "host_facts": _host_facts(advice),
    }


def _host_facts(advice: NodeAdvice) -> dict[str, Any] | None:
    host = advice.node.host_facts
    return asdict(host) if host is not None else None
