"""Write a bundle zip from a cluster's answers (what ``advise capture`` makes, ``advise --bundle`` reads).

Layout: one folder ``<cluster>-<UTC time>/`` holding the files of ``live.REQUESTS``, ``manifest.json``
(capture time, tool version, target without user info, the GETs made) and optional ``gc/<node>/``
log files. Credentials are never written: the responses do not contain them and the manifest records
only scheme, host and port. The zip is written to a temporary file beside the target and moved into
place with ``os.replace`` (no half-written bundle), and an existing file is only replaced with ``force``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from advisor import __version__ as TOOL_VERSION
from advisor.errors import InputError
from advisor.sources.node_facts import ClusterResponses

MANIFEST_SCHEMA = 1


def manifest_for(
    responses: ClusterResponses, target: str, requests: Mapping[str, str], captured_at: datetime
) -> dict[str, Any]:
    root = responses.root or {}
    version = root.get("version", {})
    return {
        "schema_version": MANIFEST_SCHEMA,
        "tool": "es-jvm-advisor",
        "tool_version": TOOL_VERSION,
        "captured_at": captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "target": target,
        "cluster_name": root.get("cluster_name") or responses.nodes.get("cluster_name"),
        "distribution": version.get("distribution", "elasticsearch") if root else None,
        "version": version.get("number"),
        "requests": {name: f"GET {path}" for name, path in requests.items()},
        "credentials": "never stored",
    }


def write_bundle(
    out: Path,
    responses: ClusterResponses,
    manifest: Mapping[str, Any],
    gc_logs: Mapping[str, Sequence[Path]] | None = None,
    force: bool = False,
) -> Path:
    """Write the zip atomically; refuse to replace an existing file unless ``force``."""
    if out.exists() and not force:
        raise InputError(f"{out} already exists; pass --force to replace it")
    if out.exists() and out.is_dir():
        raise InputError(f"{out} is a directory; give a .zip file name")
    if not out.parent.exists():
        raise InputError(f"folder {out.parent} does not exist")
    folder = _folder_name(
        str(manifest.get("cluster_name") or "cluster"), str(manifest.get("captured_at", ""))
    )
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, document in responses.as_files().items():
                zf.writestr(f"{folder}/{name}", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
            zf.writestr(f"{folder}/manifest.json", json.dumps(dict(manifest), indent=2) + "\n")
            for node, paths in (gc_logs or {}).items():
                for path in paths:
                    zf.write(path, f"{folder}/gc/{_safe(node)}/{path.name}")
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "node"


def _folder_name(cluster: str, captured_at: str) -> str:
    stamp = re.sub(r"[^0-9TZ]", "", captured_at) or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{_safe(cluster)}-{stamp}"
