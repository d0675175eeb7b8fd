"""Each lab node really runs the JDK, heap and collector asked for, and logs GC where the lab says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.facts.versions import jdk_major
from loadtests.lab.collectors import runs_collector
from loadtests.lab.node import LabNode
from tests.realnodes.conftest import NODES, expected_heap_max, run_cli

pytestmark = [pytest.mark.realnode, pytest.mark.slow]

GC_LOG_BANNER = {
    "cms": "Using Concurrent Mark Sweep",
    "g1": "Using G1",
    "zgc": "Z Garbage Collector",
    "zgc-gen": "Z Garbage Collector",
}


@pytest.mark.parametrize("lab_node", list(NODES), indirect=True)
def test_node_runs_what_was_asked(lab_node: LabNode) -> None:
    jvm = lab_node.jvm
    assert jvm is not None
    spec = lab_node.spec
    assert jvm.node_version == spec.dist.version
    assert runs_collector(spec.collector, jvm.gc_collectors), jvm.gc_collectors
    assert jdk_major(jvm.jvm_version) == lab_node.jdk
    assert jvm.heap_max_bytes == expected_heap_max(lab_node)
    assert {"-Xms256m", "-Xmx256m", f"-XX:+{spec.collector.flag}"} <= set(jvm.input_arguments)
    health = lab_node.get("/_cluster/health")
    assert health["number_of_nodes"] == 1 and health["status"] in ("green", "yellow")


@pytest.mark.parametrize("lab_node", list(NODES), indirect=True)
def test_gc_log_comes_from_the_distributions_own_xlog_line(lab_node: LabNode) -> None:
    assert lab_node.jvm is not None
    xlog = [a for a in lab_node.jvm.input_arguments if a.startswith("-Xlog:gc*")]
    assert len(xlog) == 1 and "gc.log:" in xlog[0], xlog  # nothing added by the lab
    current = lab_node.logs_dir / "gc.log"
    assert current in lab_node.gc_logs()
    head = current.read_text(errors="replace")[:20000]
    assert GC_LOG_BANNER[lab_node.spec.gc] in head
    if lab_node.spec.gc == "zgc-gen":
        assert "single-generation" not in head


@pytest.mark.parametrize("lab_node", ["es7-cms"], indirect=True)
def test_collectors_check_prints_records_and_catches_a_mismatch(lab_node: LabNode, tmp_path: Path) -> None:
    out = tmp_path / "collectors.json"
    ok = run_cli("loadtests.lab.collectors_check", f"cms-node=cms@{lab_node.url}", "--out", str(out))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (
        "cms-node: JDK 11.0" in ok.stdout and "runs CMS ['ParNew', 'ConcurrentMarkSweep'] -> ok" in ok.stdout
    )
    (row,) = json.loads(out.read_text())
    assert row["ok"] is True and row["gc_collectors"] == ["ParNew", "ConcurrentMarkSweep"]

    wrong = run_cli("loadtests.lab.collectors_check", f"meant-g1=g1@{lab_node.url}")
    assert wrong.returncode == 1
    assert "runs CMS" in wrong.stdout and "MISMATCH: expected G1" in wrong.stdout

    closed = run_cli("loadtests.lab.collectors_check", "gone=g1@http://127.0.0.1:9", "--timeout", "0")
    assert closed.returncode == 3 and "cannot read http://127.0.0.1:9/_nodes/jvm" in closed.stdout
