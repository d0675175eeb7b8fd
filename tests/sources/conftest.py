"""Fixtures for source tests: response folders per version and a throwaway PKI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sources.loopback import Pki, make_pki

DATA = Path(__file__).resolve().parent.parent / "data"


def response_folders() -> list[Path]:
    """Every version's answers: real recordings (tests/data/responses) and recorded-by-construction."""
    folders = []
    for root in (DATA / "responses", DATA / "recorded"):
        if root.is_dir():
            folders += sorted(
                p for p in root.iterdir() if (p / "nodes.json").exists() and (p / "nodes_stats.json").exists()
            )
    return folders


def pick_folder(prefix: str) -> Path:
    """The first response folder named ``prefix…``: real recordings (tests/data/responses) first."""
    for folder in response_folders():
        if folder.name.startswith(prefix):
            return folder
    raise LookupError(f"no response folder {prefix}* in tests/data/responses or tests/data/recorded")


def node_names(folder: Path) -> list[str]:
    nodes = json.loads((folder / "nodes.json").read_text())["nodes"]
    return sorted(entry["name"] for entry in nodes.values())


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))
