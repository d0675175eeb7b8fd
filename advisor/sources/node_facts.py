"""Turn the raw API answers of one cluster into ``NodeFacts`` per node (and ``ClusterFacts``).

Inputs are the decoded JSON of ``GET /``, ``GET _nodes``, ``GET _nodes/stats`` (and optionally
``_cluster/health``, ``_cat/nodes?format=json``), exactly as a live cluster, a capture or an Elastic
support-diagnostics archive holds them. Shapes differ per version; each difference is handled here:

- ``GET /`` (ES: ``MainResponse.toXContent``; OpenSearch: same class with ``version.distribution``
  = ``"opensearch"``): the distribution is OpenSearch iff ``version.distribution == "opensearch"``.
- roles (ES: ``DiscoveryNode.toXContent`` ``roles``): 6.x lists only ``master``/``data``/``ingest``
  (an explicit ``node.ml: true`` setting adds ``ml``); 7.9+ adds ``data_hot``…; OpenSearch 2+ says
  ``cluster_manager`` where ES says ``master`` (normalised here to ``master``). A nodes-info without
  ``roles`` falls back to the 6.x settings ``node.master``/``node.data``/``node.ingest`` (default true).
- ``jvm.using_compressed_ordinary_object_pointers`` (ES: ``JvmInfo``) is the *string* "true",
  "false" or "unknown" (6.x+); ``jvm.using_bundled_jdk`` exists from 7.0 (``bundled_jdk`` in 7.x).
- ``os.mem.adjusted_total_in_bytes`` (ES: ``OsStats.Mem``) only from 8.0 (it honours
  ``-Des.total_memory_bytes``/``node.processors``); earlier versions and OpenSearch have only
  ``total_in_bytes``.
- ``os.cgroup.memory.limit_in_bytes`` (ES: ``OsStats.Cgroup``) is a *string*: cgroup v2 "max" or a
  huge v1 number (≥ 2^60, e.g. 9223372036854771712) means unlimited → None.
- ``jvm.gc.collectors`` keys are ``young``/``old`` or the raw bean name (ES: ``GcNames``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from advisor.errors import SourceError
from advisor.facts.nodes import CollectorStats, MemoryPool, NodeFacts

UNLIMITED_CGROUP_BYTES = 2**60
"""cgroup v1 reports "no limit" as a page-aligned Long.MAX_VALUE; anything this big is no limit."""

SETTING_PREFIXES = (
    "node.",
    "bootstrap.",
    "xpack.ml.",
    "indices.breaker.",
    "indices.memory.",
    "cluster.name",
    "path.logs",
)
"""Node settings copied into ``NodeFacts.settings`` (flattened, string values)."""

ROLE_ALIASES = {"cluster_manager": "master"}
"""OpenSearch 2+ renamed the master role; rules see one name."""


@dataclass(frozen=True)
class ClusterResponses:
    """The raw answers the advisor reads; file names in bundles are ``<field>.json``."""

    root: dict[str, Any] | None  # None: GET / was not answered (ES 8+/9 test distributions: HTTP 405)
    nodes: dict[str, Any]
    nodes_stats: dict[str, Any]
    cluster_health: dict[str, Any] | None = None
    cat_nodes: list[Any] | None = None

    def as_files(self) -> dict[str, Any]:
        files: dict[str, Any] = {
            "root.json": self.root,
            "nodes.json": self.nodes,
            "nodes_stats.json": self.nodes_stats,
        }
        if self.cluster_health is not None:
            files["cluster_health.json"] = self.cluster_health
        if self.cat_nodes is not None:
            files["cat_nodes.json"] = self.cat_nodes
        return files


@dataclass(frozen=True)
class ClusterFacts:
    name: str | None
    uuid: str | None
    distribution: str
    version: str | None
    status: str | None
    nodes: tuple[NodeFacts, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "uuid": self.uuid,
            "distribution": self.distribution,
            "version": self.version,
            "status": self.status,
            "number_of_nodes": len(self.nodes),
        }

    def with_nodes(self, nodes: list[NodeFacts]) -> ClusterFacts:
        return replace(self, nodes=tuple(nodes))


def describe_root(root: Any, where: str) -> tuple[str, str]:
    """(distribution, version) from ``GET /``; raises SourceError if it is not ES/OpenSearch."""
    version = root.get("version") if isinstance(root, dict) else None
    number = version.get("number") if isinstance(version, dict) else None
    if not isinstance(number, str) or "cluster_name" not in root:
        raise SourceError(
            f"{where} answered JSON that is not Elasticsearch or OpenSearch (no cluster_name / version.number)"
        )
    assert isinstance(version, dict)
    distribution = "opensearch" if version.get("distribution") == "opensearch" else "elasticsearch"
    return distribution, number


def build_cluster(responses: ClusterResponses, where: str = "the input") -> ClusterFacts:
    """All nodes of the cluster, in the order of node name."""
    notes: tuple[str, ...] = ()
    root = responses.root
    if root is None:
        root = synthesize_root(responses.nodes)
        notes = ("no answer to GET /: distribution and version taken from node info",)
    distribution, version = describe_root(root, where)
    notes += tuple(
        _failed_nodes_note(doc, label)
        for doc, label in ((responses.nodes, "node info"), (responses.nodes_stats, "node stats"))
        if _failed(doc)
    )
    info_nodes = _nodes_map(responses.nodes, "node info (_nodes)", where)
    stats_nodes = _nodes_map(responses.nodes_stats, "node stats (_nodes/stats)", where)
    nodes = [
        node_facts(node_id, info, stats_nodes.get(node_id, {}), distribution)
        for node_id, info in info_nodes.items()
        if isinstance(info, dict)
    ]
    if not nodes:
        raise SourceError(f"{where}: node info lists no nodes")
    health = responses.cluster_health or {}
    return ClusterFacts(
        name=root.get("cluster_name") or health.get("cluster_name") or responses.nodes.get("cluster_name"),
        uuid=root.get("cluster_uuid"),
        distribution=distribution,
        version=version,
        status=health.get("status"),
        nodes=tuple(sorted(nodes, key=lambda n: n.name)),
        notes=notes,
    )


def synthesize_root(nodes: Any) -> dict[str, Any]:
    """A minimal ``GET /`` answer from node info, when there is none.

    OpenSearch nodes start with ``-Dopensearch.path.home=…`` where Elasticsearch has ``-Des.path.home``.
    """
    entries = nodes.get("nodes") if isinstance(nodes, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise SourceError("node info (nodes.json) lists no nodes")
    first = next(iter(entries.values()))
    jvm = first.get("jvm", {}) if isinstance(first, dict) else {}
    args = " ".join(str(a) for a in jvm.get("input_arguments", []))
    version: dict[str, Any] = {"number": str(first.get("version", "unknown"))}
    if "-Dopensearch.path.home" in args:
        version["distribution"] = "opensearch"
    return {"cluster_name": nodes.get("cluster_name", "unknown"), "version": version}


def _failed(document: Any) -> int:
    header = document.get("_nodes") if isinstance(document, dict) else None
    failed = header.get("failed") if isinstance(header, dict) else None
    return failed if isinstance(failed, int) else 0


def _failed_nodes_note(document: dict[str, Any], label: str) -> str:
    """``_nodes.failed`` > 0: some nodes did not answer (timeouts, a node leaving); say so."""
    failures = document["_nodes"].get("failures") or []
    reason = ""
    if failures and isinstance(failures[0], dict):
        detail = failures[0].get("reason", {})
        reason = (
            f" (first: {detail.get('type', '?')}: {str(detail.get('reason', ''))[:120]})"
            if isinstance(detail, dict)
            else ""
        )
    return (
        f"{_failed(document)} node(s) did not answer {label}{reason}; their facts are missing or incomplete"
    )


def _nodes_map(document: Any, label: str, where: str) -> dict[str, Any]:
    nodes = document.get("nodes") if isinstance(document, dict) else None
    if not isinstance(nodes, dict):
        raise SourceError(f"{where}: {label} has no 'nodes' object")
    return nodes


def node_facts(
    node_id: str, info: Mapping[str, Any], stats: Mapping[str, Any], distribution: str
) -> NodeFacts:
    """One node: nodes-info entry + nodes-stats entry (either may lack sections) → NodeFacts."""
    jvm = _dict(info, "jvm")
    jvm_mem = _dict(jvm, "mem")
    process = _dict(info, "process")
    os_info = _dict(info, "os")
    settings = flatten_settings(_dict(info, "settings"))
    s_jvm = _dict(stats, "jvm")
    s_mem = _dict(s_jvm, "mem")
    s_os = _dict(stats, "os")
    os_mem = _dict(s_os, "mem")
    swap = _dict(s_os, "swap")
    cgroup_mem = _dict(_dict(s_os, "cgroup"), "memory")
    total = _int(os_mem.get("total_in_bytes"))
    adjusted = _int(os_mem.get("adjusted_total_in_bytes"))
    bundled = jvm.get("using_bundled_jdk", jvm.get("bundled_jdk"))
    return NodeFacts(
        id=node_id,
        name=str(info.get("name") or stats.get("name") or node_id),
        version=_str(info.get("version")),
        distribution=distribution,
        roles=node_roles(info, settings),
        host=_str(info.get("host") or stats.get("host")),
        jvm_version=_str(jvm.get("version")),
        jvm_vendor=_str(jvm.get("vm_vendor")),
        vm_name=_str(jvm.get("vm_name")),
        bundled_jdk=bundled if isinstance(bundled, bool) else None,
        collectors=tuple(str(c) for c in jvm.get("gc_collectors") or ()),
        memory_pools=tuple(str(p) for p in jvm.get("memory_pools") or ()),
        input_arguments=tuple(str(a) for a in jvm.get("input_arguments") or ()),
        heap_init_bytes=_int(jvm_mem.get("heap_init_in_bytes")),
        heap_max_bytes=_int(jvm_mem.get("heap_max_in_bytes")) or _int(s_mem.get("heap_max_in_bytes")),
        direct_max_bytes=_int(jvm_mem.get("direct_max_in_bytes")),
        compressed_oops=parse_tristate(jvm.get("using_compressed_ordinary_object_pointers")),
        mlockall=process.get("mlockall") if isinstance(process.get("mlockall"), bool) else None,
        available_processors=_int(os_info.get("available_processors")),
        allocated_processors=_int(os_info.get("allocated_processors")),
        uptime_ms=_int(s_jvm.get("uptime_in_millis")),
        heap_used_bytes=_int(s_mem.get("heap_used_in_bytes")),
        heap_committed_bytes=_int(s_mem.get("heap_committed_in_bytes")),
        pools=tuple(
            MemoryPool(
                name=name,
                used_bytes=_int(pool.get("used_in_bytes")) or 0,
                max_bytes=_positive(pool.get("max_in_bytes")),
                peak_used_bytes=_int(pool.get("peak_used_in_bytes")),
            )
            for name, pool in _dict(s_mem, "pools").items()
            if isinstance(pool, dict)
        ),
        gc=tuple(
            CollectorStats(
                name=name,
                collection_count=_int(c.get("collection_count")) or 0,
                collection_time_ms=_int(c.get("collection_time_in_millis")) or 0,
            )
            for name, c in _dict(_dict(s_jvm, "gc"), "collectors").items()
            if isinstance(c, dict)
        ),
        ram_bytes=adjusted if adjusted else total,
        ram_total_bytes=total,
        cgroup_memory_limit_bytes=parse_cgroup_limit(cgroup_mem.get("limit_in_bytes")),
        swap_total_bytes=_int(swap.get("total_in_bytes")),
        swap_used_bytes=_int(swap.get("used_in_bytes")),
        breakers_tripped={
            name: _int(b.get("tripped")) or 0
            for name, b in _dict(stats, "breakers").items()
            if isinstance(b, dict)
        },
        settings=settings,
    )


def node_roles(info: Mapping[str, Any], settings: Mapping[str, str]) -> tuple[str, ...]:
    """Roles as the node reports them (``cluster_manager`` → ``master``), in a stable order."""
    raw = info.get("roles")
    if isinstance(raw, list):
        roles = [ROLE_ALIASES.get(str(r), str(r)) for r in raw]
    else:  # no roles list: 6.x-style booleans, each defaulting to true
        roles = [r for r in ("master", "data", "ingest") if settings.get(f"node.{r}", "true") == "true"]
    if "ml" not in roles and settings.get("node.ml") == "true":
        roles.append("ml")  # 6.x: the roles list has no "ml"; an explicit node.ml setting marks ML nodes
    return tuple(sorted(dict.fromkeys(roles)))


def flatten_settings(settings: Mapping[str, Any]) -> dict[str, str]:
    """``{"node": {"name": "a"}}`` → ``{"node.name": "a"}``; keeps only SETTING_PREFIXES."""
    flat: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list):
            flat[prefix] = ",".join(str(v) for v in value)
        elif value is not None:
            flat[prefix] = str(value).lower() if isinstance(value, bool) else str(value)

    walk("", settings)
    return {k: v for k, v in flat.items() if k.startswith(SETTING_PREFIXES)}


def parse_tristate(value: Any) -> bool | None:
    """``"true"``/``"false"``/``"unknown"`` (or real booleans) → True/False/None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def parse_cgroup_limit(value: Any) -> int | None:
    """cgroup memory limit string → bytes, None when unlimited ("max", -1, ≥ 2^60) or absent."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("max", "", "-1")):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    if number <= 0 or number >= UNLIMITED_CGROUP_BYTES:
        return None
    return number


def _dict(parent: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _positive(value: Any) -> int | None:
    number = _int(value)
    return number if number is not None and number > 0 else None


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None
