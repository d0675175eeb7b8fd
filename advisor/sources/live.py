"""Read a live cluster with read-only GETs and return its raw answers (``ClusterResponses``).

Requests (all GET, see ``REQUESTS``): ``/`` (MainResponse: distribution and version), ``/_nodes``
(node info: jvm, os, process, settings), ``/_nodes/stats/jvm,os,process,fs,breaker,indices``
(node stats), ``/_cluster/health`` and ``/_cat/nodes?format=json`` (both optional: a user with only the
``monitor`` privilege can read them all, but a failing optional request is not fatal). ``GET /`` may
answer with an HTTP error (Elasticsearch 8+/9 test distributions lack the rest-root module: 405); then
the version and distribution come from node info.
The same paths work on Elasticsearch 6.8 to 9.x and OpenSearch 1 to 3.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisor.errors import SourceError
from advisor.sources.node_facts import ClusterResponses, describe_root
from advisor.sources.transport import HttpStatusError, ReadOnlyTransport

ROOT_PATH = "/"
NODES_INFO_PATH = "/_nodes/_all/settings,os,process,jvm"
NODES_STATS_PATH = "/_nodes/stats/jvm,os,process,fs,breaker,indices"
CLUSTER_HEALTH_PATH = "/_cluster/health"
CAT_NODES_PATH = "/_cat/nodes?format=json&full_id=true"

REQUESTS = {
    "root.json": ROOT_PATH,
    "nodes.json": NODES_INFO_PATH,
    "nodes_stats.json": NODES_STATS_PATH,
    "cluster_health.json": CLUSTER_HEALTH_PATH,
    "cat_nodes.json": CAT_NODES_PATH,
}
"""Bundle file name → the GET that fills it (capture writes exactly these)."""

OPTIONAL = ("cluster_health.json", "cat_nodes.json")


def fetch_cluster(
    transport: ReadOnlyTransport, progress: Callable[[str], None] | None = None
) -> ClusterResponses:
    """GET every path in REQUESTS; raise SourceError if a required one fails."""
    answers: dict[str, Any] = {}
    root_status: int | None = None
    for file_name, path in REQUESTS.items():
        if progress is not None:
            progress(f"GET {path.split('?')[0]}")
        try:
            answers[file_name] = transport.get_json(path)
        except HttpStatusError as err:
            if file_name == "root.json":  # GET / → 405 on ES 8+/9 test builds: read on
                answers[file_name], root_status = None, err.status
                continue
            if file_name in OPTIONAL:
                answers[file_name] = None
                continue
            if root_status is not None:  # neither GET / nor the node APIs: not a cluster at all
                raise SourceError(
                    f"{transport.target} does not answer like Elasticsearch or OpenSearch: GET / gave HTTP "
                    f"{root_status} and GET {path.split('?')[0]} HTTP {err.status}; check the URL and port"
                ) from None
            raise
        except SourceError:
            if file_name in OPTIONAL:
                answers[file_name] = None
                continue
            raise
        if file_name == "root.json":
            describe_root(answers[file_name], f"{transport.target} (GET /)")
    cat_nodes = answers.get("cat_nodes.json")
    health = answers.get("cluster_health.json")
    root = answers["root.json"]
    return ClusterResponses(
        root=root if isinstance(root, dict) else None,
        nodes=answers["nodes.json"],
        nodes_stats=answers["nodes_stats.json"],
        cluster_health=health if isinstance(health, dict) else None,
        cat_nodes=cat_nodes if isinstance(cat_nodes, list) else None,
    )
