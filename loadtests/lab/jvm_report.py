"""What a node says it really runs (``GET _nodes/jvm``), read with a plain read-only GET.

``jvm.gc_collectors`` are the raw MXBean names (ES:JvmInfo), ``using_compressed_ordinary_object_pointers``
is a string, ``mem.heap_max_in_bytes`` is the MemoryMXBean heap max (under CMS/ParNew that is -Xmx minus
one survivor space).
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import Any

from advisor.errors import SourceError
from loadtests.lab import collectors as gcs


@dataclass
class JvmReport:
    """What ``GET _nodes/jvm`` says the node really runs."""

    node_version: str
    jvm_version: str
    vm_vendor: str
    gc_collectors: list[str]
    input_arguments: list[str]
    compressed_oops: str | None
    heap_max_bytes: int
    running: str = ""

    @classmethod
    def from_nodes(cls, doc: dict[str, Any]) -> JvmReport:
        nodes = list((doc.get("nodes") or {}).values())
        if len(nodes) != 1:
            raise SourceError(f"expected one node in _nodes/jvm, got {len(nodes)}")
        node = nodes[0]
        jvm = node.get("jvm") or {}
        collectors = list(jvm.get("gc_collectors") or [])
        return cls(
            node_version=str(node.get("version", "")),
            jvm_version=str(jvm.get("version", "")),
            vm_vendor=str(jvm.get("vm_vendor", "")),
            gc_collectors=collectors,
            input_arguments=list(jvm.get("input_arguments") or []),
            compressed_oops=jvm.get("using_compressed_ordinary_object_pointers"),
            heap_max_bytes=int((jvm.get("mem") or {}).get("heap_max_in_bytes") or 0),
            running=gcs.describe_running(collectors),
        )


def http_get_json(url: str, timeout: float = 30.0) -> Any:
    """GET ``url`` and decode its JSON (the lab only reads; nodes have no credentials)."""
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))
