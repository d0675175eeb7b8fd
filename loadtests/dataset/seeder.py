"""``loadtest seed`` end to end: check the server, create the index, bulk-load, refresh, optionally merge.

Before creating the index the node is asked which modules it has (``GET _nodes/plugins``, read-only) and
the mapping is planned for them (``loadtests.dataset.modules``): a lookup mode that needs a missing module
falls back to ``prefix`` (or fails with ``--strict-lookup``). The index ``_meta`` records the dataset and
the lookup mode really used (``lookup``; ``lookup_requested``, ``money_type``, ``missing_modules``), and
``loadtest run`` reads it back so its queries match the mapping.

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
from loadtests.dataset.index import DEFAULT_LOOKUP, index_body
from loadtests.dataset.modules import IndexPlan, plan_index, read_modules
from loadtests.dataset.orders import DatasetSpec, OrderGenerator
from loadtests.targets import Http

GENERATOR_NAME = "es-jvm-advisor orders v1"


@dataclass(frozen=True)
class SeedSpec:
    dataset: DatasetSpec
    index: str = "orders"
    lookup: str = DEFAULT_LOOKUP
    lookup_explicit: bool = False
    """``--lookup`` was given (a fallback is then a warning, or an error with ``strict_lookup``)."""
    strict_lookup: bool = False
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


def index_meta(spec: SeedSpec, plan: IndexPlan) -> dict[str, Any]:
    """The index ``_meta``: what ``loadtest run`` needs to regenerate the same traffic (top-level keys
    ``orders``, ``seed``, ``lookup`` are what it reads)."""
    return {
        "orders": spec.dataset.orders,
        "seed": spec.dataset.seed,
        "lookup": plan.lookup,
        "lookup_requested": plan.requested,
        "money_type": plan.money_type,
        "missing_modules": list(plan.missing),
        "generator": GENERATOR_NAME,
    }


def _create(http: Http, server: Server, spec: SeedSpec, plan: IndexPlan) -> None:
    body = index_body(plan.lookup, index_meta(spec, plan), spec.shards, 0, plan.money_type)
    body["settings"]["index"]["refresh_interval"] = "-1"
    params = "?include_type_name=false" if server.typed_bulk else ""
    http.request("PUT", f"/{spec.index}{params}", json.dumps(body).encode())


def plan_for(http: Http, spec: SeedSpec) -> tuple[Server, IndexPlan]:
    """What the server is and how the index will be mapped on it (raises InputError if it cannot be)."""
    server = server_of(http.get("/"))
    check_lookup(server, spec.lookup)
    plan = plan_index(spec.lookup, read_modules(http), spec.lookup_explicit, spec.strict_lookup)
    return server, plan


def seed(
    http: Http,
    spec: SeedSpec,
    on_progress: Callable[[int], None] = lambda n: None,
    plan: tuple[Server, IndexPlan] | None = None,
) -> dict[str, Any]:
    """Create and load the index; returns the numbers for the report/--json."""
    server, index_plan = plan or plan_for(http, spec)
    exists = http.status("HEAD", f"/{spec.index}")
    if exists == 200:
        if not spec.replace:
            raise InputError(
                f"index {spec.index!r} already exists on {http.target.url}; pass --replace to delete and re-create it"
            )
        http.request("DELETE", f"/{spec.index}")
    _create(http, server, spec, index_plan)
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
        "lookup": index_plan.lookup,
        "lookup_requested": index_plan.requested,
        "money_type": index_plan.money_type,
        "missing_modules": list(index_plan.missing),
        "lookup_note": index_plan.line(),
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
