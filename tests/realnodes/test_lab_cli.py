"""``loadtest lab up/status/down`` on a real node, and the harness failing cleanly (nothing left running)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.errors import SourceError
from loadtests.lab.distributions import Distribution
from loadtests.lab.node import NodeSpec, process_is_node, start_node
from tests.realnodes.conftest import ES7, OS1, _OneAtATime

pytestmark = [pytest.mark.realnode, pytest.mark.slow]


def cli(*args: str, prog: str = "loadtests.cli", timeout: float = 400) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", prog, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def port_open(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, int(port))) == 0


@pytest.fixture
def no_other_node(_nodes: _OneAtATime) -> Iterator[None]:
    """One node at a time: stop the shared fixture node first; `lab down` whatever this test left."""
    _nodes.stop()
    try:
        yield
    finally:
        cli("lab", "down", "--purge")


def test_lab_up_status_down_on_opensearch(no_other_node: None) -> None:
    up = cli("lab", "up", "--dist", "opensearch", "--version", OS1, "--gc", "g1", "--json")
    assert up.returncode == 0, up.stderr
    (state,) = json.loads(up.stdout)
    assert state["jvm"]["running"] == "G1" and state["jdk"] == 17
    assert state["jvm"]["node_version"] == OS1
    home = Path(state["node_dir"]) / "home"
    assert process_is_node(state["pid"], home), "lab up must leave the node running"

    advised = cli(state["url"], "--json", prog="advisor.cli", timeout=120)
    assert advised.returncode == 0, advised.stderr
    (node,) = json.loads(advised.stdout)["nodes"]
    assert node["version"] == OS1 and node["collectors"] == state["jvm"]["gc_collectors"]

    status = cli("lab", "status", "--json")
    rows: list[dict[str, Any]] = json.loads(status.stdout)
    assert [(r["name"], r["alive"], r["health"]) for r in rows] == [(state["name"], True, "green")]

    down = cli("lab", "down")
    assert down.returncode == 0 and f"stopped {state['name']}" in down.stdout
    assert not process_is_node(state["pid"], home)
    assert not port_open(state["url"])
    assert list(Path(state["logs_dir"]).glob("gc.log*")), "down keeps the GC logs"
    assert json.loads(cli("lab", "status", "--json").stdout) == []


def test_a_collector_fallback_is_caught_and_the_node_stopped(no_other_node: None) -> None:
    """Asked for CMS, but an extra option turns G1 on: the node starts, the harness must refuse it."""
    spec = NodeSpec(
        Distribution("elasticsearch", ES7), "cms", extra_options=("-XX:-UseConcMarkSweepGC", "-XX:+UseG1GC")
    )
    with pytest.raises(SourceError, match=r"asked for Concurrent Mark Sweep .* but runs G1") as caught:
        start_node(spec)
    assert not lab_processes(spec.node_name)
    assert "gc_collectors ['G1 Young Generation', 'G1 Old Generation']" in str(caught.value)


def test_a_jvm_that_cannot_start_is_reported_in_one_line(no_other_node: None) -> None:
    spec = NodeSpec(Distribution("elasticsearch", ES7), "g1", extra_options=("-XX:+NoSuchFlagHere",))
    with pytest.raises(SourceError, match=r"exited with code .* Unrecognized VM option 'NoSuchFlagHere'"):
        start_node(spec, timeout_s=120)
    assert not lab_processes(spec.node_name)


def lab_processes(node_name: str) -> list[int]:
    """PIDs whose command line runs from a lab folder of that node."""
    marker = f"/nodes/{node_name}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found
