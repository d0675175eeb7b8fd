"""The lab's record of detached nodes (``loadtest lab up`` → ``status`` → ``down``).

Each started node leaves ``node.json`` in its folder under the lab root. ``down`` stops a node only
if its PID still belongs to that node (its command line names the node's home), so a reused PID is
never signalled; then it deletes the node's data, temp files and linked distribution and keeps its
logs (GC logs are what ``advise gc`` and the report read).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loadtests.lab.jvm_report import http_get_json
from loadtests.lab.node import STATE_FILE, keep_only_logs
from loadtests.lab.process import process_is_node, stop_process_group
from loadtests.lab.runas import lab_root


@dataclass
class RecordedNode:
    state: dict[str, Any]
    path: Path

    @property
    def home(self) -> Path:
        return Path(self.state["node_dir"]) / "home"

    @property
    def alive(self) -> bool:
        return process_is_node(int(self.state["pid"]), self.home)

    def health(self) -> str:
        """The cluster's status colour, or why it could not be read."""
        try:
            return str(http_get_json(self.state["url"] + "/_cluster/health", timeout=5).get("status"))
        except OSError as err:
            return f"not answering ({getattr(err, 'reason', err)})"
        except ValueError:
            return "not answering (bad JSON)"


def recorded_nodes() -> list[RecordedNode]:
    nodes = []
    for path in sorted((lab_root() / "nodes").glob(f"*/{STATE_FILE}")):
        try:
            nodes.append(RecordedNode(json.loads(path.read_text()), path))
        except (OSError, ValueError):
            continue
    return nodes


def take_down(node: RecordedNode, purge: bool = False) -> None:
    """Stop the node (if it is still ours), keep only its logs (nothing with ``purge``), forget it."""
    if node.alive:
        stop_process_group(int(node.state["pid"]), node.home)
    node_dir = Path(node.state["node_dir"])
    if purge:
        shutil.rmtree(node_dir, ignore_errors=True)
        return
    node.path.unlink(missing_ok=True)
    keep_only_logs(node_dir)
