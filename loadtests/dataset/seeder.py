"""``loadtest seed`` end to end: check the server, create the index, bulk-load, refresh, optionally merge.

The index is created with ``refresh_interval: -1`` and no replicas for the load (the usual bulk-load
settings), then set to ``1s`` and the requested replicas, refreshed, optionally force-merged to one segment
(``--force-merge``: steadier query latency for A/B runs), and counted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.errors import InputError, SourceError
from loadtests.dataset.bulk import BulkStats, Server, load, server_of
from loadtests.dataset.index import index_body
from loadtests.dataset.orders import DatasetSpec, OrderGenerator
from loadtests.targets import Http

GENERATOR_NAME = "es-jvm-advisor orders v1"


@dataclass(frozen=True)
class SeedSpec:
    dataset: DatasetSpec
    index: str = "orders"
    lookup: str = "edge_ngram"
    shards: int = 1
    replicas: int = 0
    force_merge: bool = False
    replace: bool = False
    workers: int = 4
    chunk_size: int = 1000


def check_lookup(server: Server, lookup: str) -> None:
    if lookup == "search_as_you_type" and server.distribution == "elasticsearch":
        major_minor = tuple(int(x) for x in [*server.version.split("."), "0"][:2] if x.isdigit())
        if major_minor < (7, 2):
            raise InputError(
                f"--lookup search_as_you_type needs Elasticsearch 7.2 or later (this is {server.version})"
            )


def _create(http: Http, server: Server, spec: SeedSpec) -> None:
    meta = {"orders": spec.dataset.orders, "seed": spec.dataset.seed, "lookup": spec.lookup}
    meta["generator"] = GENERATOR_NAME
    body = index_body(spec.lookup, meta, spec.shards, 0)
    body["settings"]["index"]["refresh_interval"] = "-1"
    params = "?include_type_name=false" if server.typed_bulk else ""
    http.request("PUT", f"/{spec.index}{params}", json.dumps(body).encode())


def seed(http: Http, spec: SeedSpec, on_progress: Callable[[int], None] = lambda n: None) -> dict[str, Any]:
    """Create and load the index; returns the numbers for the report/--json."""
    server = server_of(http.get("/"))
    check_lookup(server, spec.lookup)
    exists = http.status("HEAD", f"/{spec.index}")
    if exists == 200:
        if not spec.replace:
            raise InputError(
                f"index {spec.index!r} already exists on {http.target.url}; pass --replace to delete and re-create it"
            )
        http.request("DELETE", f"/{spec.index}")
    _create(http, server, spec)
    started = time.time()
    stats: BulkStats = load(
        http,
        server,
        OrderGenerator(spec.dataset),
        spec.index,
        spec.workers,
        spec.chunk_size,
        on_progress=on_progress,
    )
    load_s = time.time() - started
    settings = {"index": {"refresh_interval": "1s", "number_of_replicas": spec.replicas}}
    http.request("PUT", f"/{spec.index}/_settings", json.dumps(settings).encode())
    http.request("POST", f"/{spec.index}/_refresh")
    if spec.force_merge:
        http.request("POST", f"/{spec.index}/_forcemerge?max_num_segments=1")
    try:
        count = int(http.get(f"/{spec.index}/_count").get("count", -1))
    except SourceError:
        count = -1
    return {
        "url": http.target.url,
        "distribution": server.distribution,
        "version": server.version,
        "transport": "elasticsearch-py helpers.streaming_bulk" if server.official_client else "urllib3 _bulk",
        "index": spec.index,
        "lookup": spec.lookup,
        "orders": spec.dataset.orders,
        "seed": spec.dataset.seed,
        "indexed": stats.indexed,
        "failed": stats.failed,
        "retries": stats.retries,
        "first_error": stats.first_error,
        "count": count,
        "load_seconds": round(load_s, 3),
        "docs_per_second": round(stats.indexed / load_s, 1) if load_s > 0 else None,
        "force_merged": spec.force_merge,
    }
