"""Verify that every version's response shapes become the right NodeFacts (live and from files)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from advisor.errors import SourceError
from advisor.sources.live import fetch_cluster
from advisor.sources.node_facts import (
    ClusterResponses,
    build_cluster,
    flatten_settings,
    node_roles,
    parse_cgroup_limit,
    parse_tristate,
)
from advisor.sources.transport import ReadOnlyTransport, parse_url
from tests.sources.conftest import DATA, pick_folder, response_folders
from tests.sources.loopback import serve

FOLDERS = response_folders()


def load(folder: Path) -> ClusterResponses:
    def doc(name: str) -> Any:
        path = folder / name
        return json.loads(path.read_text()) if path.exists() else None

    return ClusterResponses(
        doc("root.json"),
        doc("nodes.json"),
        doc("nodes_stats.json"),
        doc("cluster_health.json"),
        doc("cat_nodes.json"),
    )


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{p.parent.name}/{p.name}" for p in FOLDERS])
def test_every_version_parses_from_a_live_loopback(folder: Path) -> None:
    """Verify that the same GETs read each version and that every node's core facts come through."""
    with serve(folder) as server, ReadOnlyTransport(parse_url(server.url)[0]) as transport:
        cluster = build_cluster(fetch_cluster(transport), server.url)
    raw_nodes = json.loads((folder / "nodes.json").read_text())["nodes"]
    assert len(cluster.nodes) == len(raw_nodes)
    expected_dist = "opensearch" if folder.name.startswith("opensearch") else "elasticsearch"
    assert cluster.distribution == expected_dist
    assert cluster.version == re.search(r"\d+\.\d+\.\d+", folder.name).group(0)  # type: ignore[union-attr]
    assert bool(cluster.notes) is not (folder / "root.json").exists()  # no GET / answer: said so
    for node in cluster.nodes:
        raw = raw_nodes[node.id]
        assert node.name == raw["name"]
        assert node.jvm_version == raw["jvm"]["version"] and node.jdk_major is not None
        assert node.heap_max_bytes == raw["jvm"]["mem"]["heap_max_in_bytes"] > 0
        assert node.collectors == tuple(raw["jvm"]["gc_collectors"])
        assert node.input_arguments == tuple(raw["jvm"]["input_arguments"])
        assert node.compressed_oops is {"true": True, "false": False}.get(
            raw["jvm"]["using_compressed_ordinary_object_pointers"]
        )
        assert node.mlockall is raw["process"]["mlockall"]
        assert node.ram_bytes and node.ram_bytes > 0
        assert "cluster_manager" not in node.roles
        assert node.gc and all(c.collection_count >= 0 for c in node.gc)


RECORDED = DATA / "recorded"


def cluster_of(name: str) -> dict[str, Any]:
    cluster = build_cluster(load(RECORDED / name))
    return {n.name: n for n in cluster.nodes}


def test_es68_roles_and_no_bundled_jdk() -> None:
    nodes = cluster_of("elasticsearch-6.8.23")
    assert nodes["shop-master-1"].roles == ("master",)
    assert nodes["shop-data-1"].roles == ("data", "ingest", "master")
    assert nodes["shop-data-1"].bundled_jdk is None and nodes["shop-data-1"].jdk_major == 8
    assert nodes["shop-data-1"].collectors == ("ParNew", "ConcurrentMarkSweep")
    assert nodes["shop-data-1"].cgroup_memory_limit_bytes is None  # v1 "unlimited" number


def test_es8_adjusted_total_and_cgroup_limit() -> None:
    node = cluster_of("elasticsearch-8.15.3")["shop-data-1"]
    assert node.ram_bytes == 64 * 1024**3 and node.ram_total_bytes == 64 * 1024**3
    assert node.cgroup_memory_limit_bytes == 16 * 1024**3
    assert {c.name for c in node.gc} == {"young", "old", "G1 Concurrent GC"}
    assert {p.name for p in node.pools} == {"young", "survivor", "old"}
    assert node.breakers_tripped["parent"] == 3
    assert node.settings["bootstrap.memory_lock"] == "true"


def test_adjusted_total_wins_over_total() -> None:
    responses = load(RECORDED / "elasticsearch-8.15.3")
    stats = json.loads(json.dumps(responses.nodes_stats))
    for entry in stats["nodes"].values():
        entry["os"]["mem"]["adjusted_total_in_bytes"] = 8 * 1024**3
    cluster = build_cluster(ClusterResponses(responses.root, responses.nodes, stats))
    assert all(n.ram_bytes == 8 * 1024**3 and n.ram_total_bytes != n.ram_bytes for n in cluster.nodes)


@pytest.mark.parametrize("prefix", ["opensearch-2.", "opensearch-3."])
def test_opensearch_cluster_manager_is_master(prefix: str) -> None:
    folder = pick_folder(prefix)
    raw_roles = [e["roles"] for e in json.loads((folder / "nodes.json").read_text())["nodes"].values()]
    assert all("cluster_manager" in roles and "master" not in roles for roles in raw_roles)
    assert all("master" in node.roles for node in build_cluster(load(folder)).nodes)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("max", None),
        ("9223372036854771712", None),
        ("-1", None),
        ("17179869184", 17179869184),
        (None, None),
        ("garbage", None),
    ],
)
def test_cgroup_limit_strings(value: str | None, expected: int | None) -> None:
    assert parse_cgroup_limit(value) == expected


@pytest.mark.parametrize(
    "value, expected", [("true", True), ("false", False), ("unknown", None), (True, True), (None, None)]
)
def test_compressed_oops_tristate(value: Any, expected: bool | None) -> None:
    assert parse_tristate(value) is expected


def test_roles_without_a_roles_list_fall_back_to_6x_settings() -> None:
    settings = flatten_settings({"node": {"master": "true", "data": "false", "ingest": False, "ml": True}})
    assert node_roles({}, settings) == ("master", "ml")
    assert node_roles({}, {}) == ("data", "ingest", "master")


def test_not_elasticsearch_is_one_line() -> None:
    with pytest.raises(SourceError, match="not Elasticsearch or OpenSearch"):
        build_cluster(ClusterResponses({"status": "UP"}, {"nodes": {}}, {"nodes": {}}))
    with pytest.raises(SourceError, match="no 'nodes' object"):
        build_cluster(
            ClusterResponses({"cluster_name": "x", "version": {"number": "8.0.0"}}, {}, {"nodes": {}})
        )
    with pytest.raises(SourceError, match="lists no nodes"):
        build_cluster(
            ClusterResponses(
                {"cluster_name": "x", "version": {"number": "8.0.0"}}, {"nodes": {}}, {"nodes": {}}
            )
        )


def test_nodes_that_did_not_answer_are_reported() -> None:
    responses = load(DATA / "recorded" / "elasticsearch-8.15.3")
    stats = json.loads(json.dumps(responses.nodes_stats))
    stats["_nodes"] = {
        "total": 3,
        "successful": 2,
        "failed": 1,
        "failures": [
            {
                "type": "failed_node_exception",
                "reason": {"type": "receive_timeout_transport_exception", "reason": "timed out"},
            }
        ],
    }
    cluster = build_cluster(ClusterResponses(responses.root, responses.nodes, stats))
    assert cluster.notes == (
        "1 node(s) did not answer node stats (first: receive_timeout_transport_exception: timed out); their facts are missing or incomplete",
    )
