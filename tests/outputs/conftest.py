"""A small AdviceReport with known findings and options, for the output tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from advisor.findings import Finding, Severity
from advisor.outputs.advice import AdviceReport, NodeAdvice
from advisor.recommend import OptionLine, Recommendation
from advisor.sources.bundle import read_bundle
from advisor.sources.node_facts import build_cluster

RECORDED = Path(__file__).resolve().parent.parent / "data" / "recorded"

OPTIONS = {
    "heap.options": [
        OptionLine("-Xms30g", "Xms = Xmx: no resize pauses"),
        OptionLine("-Xmx30g", "below the zero-based compressed-oops cutoff\nmeasured with advise probe"),
    ],
    "gc.options": [
        OptionLine("-XX:+UseG1GC", "G1 is ES's default", "14-"),
        OptionLine("-XX:+UseConcMarkSweepGC", "old JDKs", "8-13"),
    ],
    "memory.options": [],
}


def finding(fid: str, severity: Severity, node: str) -> Finding:
    return Finding(
        id=fid,
        severity=severity,
        message=f"message of {fid}",
        evidence=f"evidence of {fid}",
        source=f"source of {fid}",
        recommendation=f"do {fid}",
        node=node,
    )


@pytest.fixture
def report() -> AdviceReport:
    with read_bundle(RECORDED / "elasticsearch-8.15.3") as bundle:
        cluster = build_cluster(bundle.responses, "shop.zip")
    data, master = sorted(cluster.nodes, key=lambda n: n.name)
    master = replace(master, name="<script>alert(1)</script>")
    out = AdviceReport(cluster.with_nodes([data, master]), "bundle", "shop.zip")
    out.nodes.append(
        NodeAdvice(
            data,
            [
                finding("gc.info-thing", Severity.INFO, data.name),
                finding("heap.too-big", Severity.CRITICAL, data.name),
            ],
            Recommendation(data.name, OPTIONS, {"heap.options": ["sized from the live set"]}),
        )
    )
    out.nodes.append(NodeAdvice(master, [finding("memory.swap", Severity.WARNING, master.name)], None))
    return out
