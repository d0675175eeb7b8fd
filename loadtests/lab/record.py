"""Record a real node's API responses as test fixtures (``tests/data/responses/<dist>-<version>-<gc>/``).

The files are what the advisor's sources read (ES support-diagnostics names: ``nodes.json``,
``nodes_stats.json``): ``GET /`` → ``root.json``, ``/_nodes`` → ``nodes.json``, ``/_nodes/stats`` →
``nodes_stats.json``, ``/_cluster/health`` → ``cluster_health.json``, ``/_cat/nodes?format=json`` →
``cat_nodes.json``. Security is off on lab nodes, so the responses hold no credentials; nothing is
stripped. Elasticsearch 8+ test distributions lack the ``rest-root`` module, so their ``GET /`` answers
405 and no ``root.json`` is written for them.
"""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

from loadtests.lab.node import LabNode

ENDPOINTS: dict[str, str] = {
    "root.json": "/",
    "nodes.json": "/_nodes",
    "nodes_stats.json": "/_nodes/stats",
    "cluster_health.json": "/_cluster/health",
    "cat_nodes.json": "/_cat/nodes?format=json",
}


def recording_dir(out: Path, node: LabNode) -> Path:
    spec = node.spec
    return out / f"{spec.dist.dist}-{spec.dist.version}-{spec.gc}"


def record(node: LabNode, out: Path) -> Path:
    """GET every endpoint from ``node`` and write it under ``out``; returns the folder written."""
    folder = recording_dir(out, node)
    folder.mkdir(parents=True, exist_ok=True)
    for filename, path in ENDPOINTS.items():
        try:
            doc = node.get(path)
        except urllib.error.HTTPError as err:
            if path == "/" and err.code in (404, 405):
                continue
            raise
        tmp = folder / (filename + ".tmp")
        tmp.write_text(json.dumps(doc, indent=2, sort_keys=False) + "\n")
        tmp.replace(folder / filename)
    return folder
