"""``loadtest lab up/status/down`` on a real node, and the harness failing cleanly (nothing left running)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.errors import SourceError
from loadtests.lab.distributions import Distribution
from loadtests.lab.node import NodeSpec, start_node
from loadtests.lab.process import process_is_node
from loadtests.lab.registry import recorded_nodes, take_down
from loadtests.lab.runas import lab_root
from tests.realnodes.conftest import ES7, OS1, _OneAtATime, run_cli

pytestmark = [pytest.mark.realnode, pytest.mark.slow]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("loadtests.cli", *args, timeout=400)


def port_open(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, int(port))) == 0


@pytest.fixture
def no_other_node(_nodes: _OneAtATime) -> Iterator[None]:
    """One node at a time: stop the shared fixture node first; afterwards stop and delete what the test left."""
    _nodes.stop()
    folders = lab_root() / "nodes"
    before = set(folders.glob("*"))
    try:
        yield
    finally:
        for node in recorded_nodes():
            if node.path.parent not in before:
                take_down(node, purge=True)
        for folder in set(folders.glob("*")) - before:
            shutil.rmtree(folder, ignore_errors=True)


def test_lab_up_status_down_on_opensearch(no_other_node: None) -> None:
    up = cli("lab", "up", "--dist", "opensearch", "--version", OS1, "--gc", "g1", "--json")
    assert up.returncode == 0, up.stderr
    (state,) = json.loads(up.stdout)
    assert state["jvm"]["running"] == "G1" and state["jdk"] == 17
    assert state["jvm"]["node_version"] == OS1
    home = Path(state["node_dir"]) / "home"
    assert process_is_node(state["pid"], home), "lab up must leave the node running"

    advised = run_cli("advisor.cli", state["url"], "--json")
    assert advised.returncode == 0, advised.stderr
    (node,) = json.loads(advised.stdout)["nodes"]
    assert node["version"] == OS1 and node["collectors"] == state["jvm"]["gc_collectors"]

    status = cli("lab", "status", "--json")
    rows: list[dict[str, Any]] = json.loads(status.stdout)
    assert (state["name"], True, "green") in [(r["name"], r["alive"], r["health"]) for r in rows]

    assert cli("lab", "down", "no-such-node").returncode == 2
    down = cli("lab", "down", state["name"])
    assert down.returncode == 0 and f"stopped {state['name']}" in down.stdout
    assert not process_is_node(state["pid"], home)
    assert not port_open(state["url"])
    assert list(Path(state["logs_dir"]).glob("gc.log*")), "down keeps the GC logs"
    assert state["name"] not in [r["name"] for r in json.loads(cli("lab", "status", "--json").stdout)]


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
