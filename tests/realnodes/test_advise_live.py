"""``advise URL`` and ``advise capture`` → ``advise --bundle`` against real nodes, checked against the node.

The truth is what the node itself says in ``GET _nodes`` (read here with a plain GET, not through the
advisor): heap, collectors, compressed oops (a *string* in ES:JvmInfo), mlockall, JVM version and
input arguments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from loadtests.lab.node import LabNode
from tests.design_contract import NODE_FACT_KEYS
from tests.realnodes.conftest import NODES, expected_heap_max, run_cli

pytestmark = [pytest.mark.realnode, pytest.mark.slow]

FACT_KEYS = NODE_FACT_KEYS
OOPS_FINDINGS = {"heap.above-coops-cutoff", "heap.coops-disabled", "heap.not-zero-based"}


def advise(*args: str) -> dict[str, Any]:
    proc = run_cli("advisor.cli", *args)
    assert proc.returncode == 0, f"advise {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}"
    return dict(json.loads(proc.stdout))


def node_truth(node: LabNode) -> dict[str, Any]:
    doc = node.get("/_nodes/jvm,process")
    ((node_id, info),) = doc["nodes"].items()
    return {"id": node_id, **info}


def facts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: n.get(k) for k in FACT_KEYS} for n in doc["nodes"]]


@pytest.mark.parametrize("lab_node", list(NODES), indirect=True)
def test_advise_url_reads_the_real_facts(lab_node: LabNode) -> None:
    doc = advise(lab_node.url, "--json")
    truth = node_truth(lab_node)
    (node,) = doc["nodes"]
    jvm = truth["jvm"]
    assert node["id"] == truth["id"]
    assert node["name"] == lab_node.spec.node_name
    assert node["version"] == lab_node.spec.dist.version
    assert node["jvm_version"] == jvm["version"]
    assert node["collectors"] == jvm["gc_collectors"]
    assert node["heap_max_bytes"] == jvm["mem"]["heap_max_in_bytes"] == expected_heap_max(lab_node)
    assert isinstance(jvm["using_compressed_ordinary_object_pointers"], str)  # the API sends a string
    assert node["compressed_oops"] is (jvm["using_compressed_ordinary_object_pointers"] == "true")
    assert node["mlockall"] is truth["process"]["mlockall"] is False
    assert node["input_arguments"] == jvm["input_arguments"]


@pytest.mark.parametrize("lab_node", list(NODES), indirect=True)
def test_compressed_oops_finding_matches_the_collector(lab_node: LabNode) -> None:
    """ZGC never uses compressed oops: on a 256 MiB ZGC heap that is no 'heap above the cut-off'."""
    (node,) = advise(lab_node.url, "--json")["nodes"]
    zgc = lab_node.spec.gc.startswith("zgc")
    assert node["compressed_oops"] is (not zgc)
    assert not {f["id"] for f in node["findings"]} & OOPS_FINDINGS


@pytest.mark.parametrize("lab_node", ["es7-cms", "es9-zgc-gen", "os3-g1"], indirect=True)
def test_capture_then_bundle_gives_the_same_facts(lab_node: LabNode, tmp_path: Path) -> None:
    bundle = tmp_path / "capture.zip"
    proc = run_cli("advisor.cli", "capture", lab_node.url, "-o", str(bundle))
    assert proc.returncode == 0, proc.stderr
    live = advise(lab_node.url, "--json")
    offline = advise("--bundle", str(bundle), "--json")
    assert facts(offline) == facts(live)
    assert facts(offline)[0]["heap_max_bytes"] == expected_heap_max(lab_node)
