"""Verify the terminal table, the --json document (DESIGN.md keys) and the self-contained HTML page."""

from __future__ import annotations

import json
import re

from rich.console import Console

from advisor.outputs.advice import AdviceReport, fmt_bytes, short_collector
from advisor.outputs.html import render_html
from advisor.outputs.json_doc import NODE_KEYS, SCHEMA_VERSION, report_document
from advisor.outputs.text import render


def test_json_document_has_the_design_keys(report: AdviceReport) -> None:
    document = json.loads(json.dumps(report_document(report)))
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["cluster"]["name"] == "shop" and document["cluster"]["version"] == "8.15.3"
    assert document["summary"] == {"critical": 1, "warning": 1, "info": 1}
    data = document["nodes"][0]
    assert set(NODE_KEYS) <= set(data)
    assert data["roles"] == ["data_content", "data_hot", "ingest", "remote_cluster_client", "transform"]
    assert (
        data["heap_max_bytes"] == 16 * 1024**3
        and data["compressed_oops"] is True
        and data["mlockall"] is True
    )
    assert data["collectors"] == ["G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"]
    assert [f["id"] for f in data["findings"]] == ["gc.info-thing", "heap.too-big"]
    assert data["findings"][1]["severity"] == "critical"
    assert data["recommended_options"]["files"]["heap.options"][1]["option"] == "-Xmx30g"
    assert data["option_files"]["heap.options"].splitlines()[-1] == "-Xmx30g"
    assert document["nodes"][1]["recommended_options"] is None and document["nodes"][1]["option_files"] == {}


def test_terminal_output_orders_findings_most_severe_first(report: AdviceReport) -> None:
    console = Console(record=True, width=200, color_system=None)
    render(report, console)
    text = console.export_text()
    assert (
        text.index("CRITICAL heap.too-big")
        < text.index("WARNING  memory.swap")
        < text.index("INFO     gc.info-thing")
    )
    for label, value in (("evidence", "evidence of"), ("do", "do"), ("source", "source of")):
        assert re.search(rf"^  {label}: +{value} heap.too-big *$", text, re.MULTILINE), label
    assert (
        "shop-data-1" in text and "16.0 GiB / 16.0 GiB (100%)" in text
    )  # the 16 GiB cgroup limit beats 64 GiB of host RAM
    assert "14-:-XX:+UseG1GC" in text
    assert "2 node(s): 1 critical, 1 warning, 1 info" in text


def test_html_is_self_contained_and_escaped(report: AdviceReport) -> None:
    page = render_html(report)
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<link" not in page and "<script src" not in page and "http://" not in page.split("</style>")[1]
    assert page.index("heap.too-big") < page.index("memory.swap") < page.index("gc.info-thing")
    assert "config/jvm.options.d/heap.options" in page and "# sized from the live set" in page


def test_small_formatters() -> None:
    assert fmt_bytes(None) == "?" and fmt_bytes(512) == "512 B" and fmt_bytes(1536) == "1.5 KiB"
    assert fmt_bytes(40 * 1024**3) == "40.0 GiB"
    assert (
        short_collector("G1 Old Generation") == "G1 Old" and short_collector("ConcurrentMarkSweep") == "CMS"
    )
