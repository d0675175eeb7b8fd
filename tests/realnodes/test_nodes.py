"""Each lab node really runs the JDK, heap and collector asked for, and logs GC where the lab says."""

from __future__ import annotations

import pytest

from advisor.facts.versions import jdk_major
from loadtests.lab.collectors import runs_collector
from loadtests.lab.node import LabNode
from tests.realnodes.conftest import NODES, expected_heap_max

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
