"""Read an offline bundle (a directory or a zip) into ``ClusterResponses`` plus GC log paths per node.

Accepted layouts, at the top level or one folder deep (zips usually wrap everything in one folder):

- ours (``advise capture``): ``root.json``, ``nodes.json``, ``nodes_stats.json``,
  ``cluster_health.json``, ``cat_nodes.json``, ``manifest.json``;
- Elastic support-diagnostics (``api-diagnostics-*.zip``; file names from its ``elastic-rest.yml``):
  ``version.json`` (GET /), ``nodes.json`` (``/_nodes?pretty&human``), ``nodes_stats.json``
  (``/_nodes/stats?pretty&human``), ``cluster_health.json``, ``nodes_short.json`` /
  ``cat/cat_nodes.txt``. ``human`` adds readable twins of the ``*_in_bytes`` fields; we read the bytes.

Optional GC logs: ``gc/<node-name>/<files>`` (every file in the folder: ``gc.log``, ``gc.log.0``,
``gc.log.1.gz``…). From a zip they are extracted into a temporary folder that lives as long as the
``Bundle`` (use it as a context manager).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from advisor.errors import InputError
from advisor.sources.node_facts import ClusterResponses

ROOT_NAMES = ("root.json", "version.json")
CAT_NODES_NAMES = ("cat_nodes.json", "nodes_short.json")
CAT_NODES_TEXT = "cat/cat_nodes.txt"
REQUIRED = ("nodes.json", "nodes_stats.json")
GC_FOLDER = "gc"
MAX_MEMBER_BYTES = 8 * 1024**3
"""Refuse zip members claiming more than this (a zip bomb, or not a bundle)."""


@dataclass
class Bundle:
    """What a bundle holds. ``gc_logs`` maps node name → its GC log files (sorted)."""

    path: Path
    responses: ClusterResponses
    gc_logs: dict[str, list[Path]] = field(default_factory=dict)
    manifest: dict[str, Any] | None = None
    layout: str = "advisor"  # "advisor" | "support-diagnostics"
    notes: list[str] = field(default_factory=list)
    _tmp: tempfile.TemporaryDirectory[str] | None = None

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Tree:
    """A uniform view of a directory or zip: relative POSIX names → bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.names = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError):
                raise InputError(f"{path} is neither a directory nor a zip file") from None
            infos = [i for i in self.zip.infolist() if not i.is_dir()]
            for info in infos:
                if info.file_size > MAX_MEMBER_BYTES:
                    raise InputError(
                        f"{path}: member {info.filename} is {info.file_size} bytes; not a bundle"
                    )
            self.names = sorted(i.filename for i in infos)
        else:
            raise InputError(f"bundle {path} does not exist")

    def read(self, name: str) -> bytes:
        try:
            if self.zip is not None:
                return self.zip.read(name)
            return (self.path / name).read_bytes()
        except (OSError, zipfile.BadZipFile, KeyError) as err:
            raise InputError(f"cannot read {name} in {self.path}: {err}") from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def read_bundle(path: str | Path) -> Bundle:
    """Open a bundle; raise InputError/SourceError with one line if it is not usable."""
    bundle_path = Path(path)
    tree = _Tree(bundle_path)
    try:
        prefix = _find_prefix(tree)
        names = set(tree.names)

        def load(name: str, required: bool = False) -> Any:
            full = prefix + name
            if full not in names:
                if required:
                    raise InputError(f"{bundle_path}: no {name} in the bundle")
                return None
            return _json(tree.read(full), f"{bundle_path}/{full}")

        nodes = load("nodes.json", required=True)
        stats = load("nodes_stats.json", required=True)
        root_name = next((n for n in ROOT_NAMES if prefix + n in names), None)
        layout = (
            "support-diagnostics"
            if root_name == "version.json" or "diagnostic_manifest.json" in {n[len(prefix) :] for n in names}
            else "advisor"
        )
        root = load(root_name) if root_name else None
        cat_nodes = next((load(n) for n in CAT_NODES_NAMES if prefix + n in names), None)
        if cat_nodes is None and prefix + CAT_NODES_TEXT in names:
            cat_nodes = parse_cat_text(tree.read(prefix + CAT_NODES_TEXT).decode(errors="replace"))
        health = load("cluster_health.json")
        manifest = load("manifest.json")
        responses = ClusterResponses(
            root=root if isinstance(root, dict) else None,
            nodes=nodes,
            nodes_stats=stats,
            cluster_health=health if isinstance(health, dict) else None,
            cat_nodes=cat_nodes if isinstance(cat_nodes, list) else None,
        )
        bundle = Bundle(bundle_path, responses, manifest=manifest if isinstance(manifest, dict) else None)
        bundle.layout = layout
        _collect_gc_logs(tree, prefix, bundle)
        return bundle
    finally:
        tree.close()


def _find_prefix(tree: _Tree) -> str:
    """'' when nodes.json is at the top, 'folder/' when it is one folder deep."""
    candidates = sorted(
        name[: -len("nodes.json")]
        for name in tree.names
        if PurePosixPath(name).name == "nodes.json"
        and name.count("/") <= 1
        and not name.startswith("__MACOSX")
    )
    if not candidates:
        raise InputError(
            f"{tree.path} is not a bundle: no nodes.json (node info) at the top or one folder deep; "
            "expected nodes.json and nodes_stats.json (from `advise capture` or Elastic support-diagnostics)"
        )
    return candidates[0]  # '' sorts first: the top level wins


def _json(data: bytes, where: str) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise InputError(f"{where} is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{where} is not valid JSON (line {err.lineno}: {err.msg})") from None


def parse_cat_text(text: str) -> list[dict[str, str]]:
    """``_cat/nodes?v`` text table → rows (columns split on whitespace, header from the first line)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = lines[0].split()
    return [dict(zip(header, line.split(), strict=False)) for line in lines[1:]]


def _collect_gc_logs(tree: _Tree, prefix: str, bundle: Bundle) -> None:
    gc_prefix = prefix + GC_FOLDER + "/"
    members: dict[str, list[str]] = {}
    for name in tree.names:
        if name.startswith(gc_prefix):
            parts = name[len(gc_prefix) :].split("/")
            if (
                len(parts) == 2
                and parts[0] not in ("", ".", "..")
                and parts[1]
                and not parts[1].startswith(".")
            ):
                members.setdefault(parts[0], []).append(name)
    if not members:
        return
    if tree.zip is None:
        bundle.gc_logs = {node: sorted(tree.path / n for n in files) for node, files in members.items()}
        return
    bundle._tmp = tempfile.TemporaryDirectory(prefix="advise-bundle-")
    root = Path(bundle._tmp.name)
    for node, files in members.items():
        target_dir = root / node
        target_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in files:
            target = target_dir / PurePosixPath(name).name
            with tree.zip.open(name) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            paths.append(target)
        bundle.gc_logs[node] = sorted(paths)
