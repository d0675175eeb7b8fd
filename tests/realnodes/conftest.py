"""Real Elasticsearch/OpenSearch nodes for the ``realnode`` tests (same code as ``loadtest lab``).

``real_node(dist, version, gc)`` starts (or reuses) that node; only one node runs at a time, so asking
for another stops the previous one. Tests parametrize the session-scoped ``lab_node`` fixture
indirectly with keys of ``NODES``; pytest then groups the tests per node and starts each node once.
Every node is stopped at the end (fixture finalizer + the lab's atexit hook), also when a test fails.

A test skips only when the distribution cannot be fetched from Maven Central (offline, or not
published); a node that does not start, or runs another collector than asked, fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from advisor.errors import AdvisorError
from loadtests.lab.distributions import Distribution, DistributionUnavailable, unpack
from loadtests.lab.node import LabNode, NodeSpec, start_node

ES7, ES9, OS3, OS1 = "7.17.29", "9.2.0", "3.4.0", "1.3.20"

NODES: dict[str, NodeSpec] = {
    "es7-cms": NodeSpec(Distribution("elasticsearch", ES7), "cms"),
    "es7-g1": NodeSpec(Distribution("elasticsearch", ES7), "g1"),
    "es7-zgc": NodeSpec(Distribution("elasticsearch", ES7), "zgc"),
    "es9-zgc-gen": NodeSpec(Distribution("elasticsearch", ES9), "zgc-gen"),
    "os3-g1": NodeSpec(Distribution("opensearch", OS3), "g1"),
    "os1-g1": NodeSpec(Distribution("opensearch", OS1), "g1"),
}
GC_NODES = ["es7-cms", "es7-g1", "es7-zgc"]
"""One node per collector, same version and heap: the GC comparison."""

MIB = 1024 * 1024
CMS_256M_HEAP_MAX = 259522560
"""What a -Xmx256m CMS (ParNew) JVM 11 reports as heap max (MemoryMXBean, so ``_nodes`` too): 247.5 MiB,
-Xmx minus one survivor space (eden + one survivor + old), measured on the es7-cms node here."""


def expected_heap_max(node: LabNode) -> int:
    """``jvm.mem.heap_max_in_bytes`` a lab node (-Xmx256m) reports for its collector."""
    return CMS_256M_HEAP_MAX if node.spec.gc == "cms" else 256 * MIB


def run_cli(module: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``python -m MODULE ARGS`` (``advisor.cli`` = ``advise``, ``loadtests.cli`` = ``loadtest``)."""
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


class _OneAtATime:
    """Starts nodes on request, keeping at most one alive (2 cores)."""

    def __init__(self) -> None:
        self.current: tuple[NodeSpec, LabNode] | None = None

    def get(self, spec: NodeSpec) -> LabNode:
        if self.current is not None:
            if self.current[0] == spec and self.current[1].alive():
                return self.current[1]
            self.stop()
        try:
            unpack(spec.dist)
        except DistributionUnavailable as err:
            pytest.skip(f"{spec.dist.label} cannot be fetched from Maven Central: {err}")
        try:
            node = start_node(spec)
        except AdvisorError as err:
            pytest.fail(f"{spec.node_name} did not start: {err}")
        self.current = (spec, node)
        return node

    def stop(self) -> None:
        if self.current is not None:
            node = self.current[1]
            self.current = None
            node.stop()
            shutil.rmtree(node.node_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def _nodes() -> Iterator[_OneAtATime]:
    runner = _OneAtATime()
    try:
        yield runner
    finally:
        runner.stop()


@pytest.fixture(scope="session")
def real_node(_nodes: _OneAtATime) -> Callable[..., LabNode]:
    """``real_node("elasticsearch", "7.17.29", "cms")`` → a running node (stops the previous one)."""

    def get(dist: str, version: str, gc: str, **kwargs: object) -> LabNode:
        return _nodes.get(NodeSpec(Distribution(dist, version), gc, **kwargs))  # type: ignore[arg-type]

    return get


@pytest.fixture(scope="session")
def lab_node(request: pytest.FixtureRequest, _nodes: _OneAtATime) -> LabNode:
    """Indirectly parametrized with a ``NODES`` key."""
    return _nodes.get(NODES[request.param])
