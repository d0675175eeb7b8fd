"""Fixtures for source tests: response folders per version and a throwaway PKI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources.loopback import Pki, make_pki

DATA = Path(__file__).resolve().parent.parent / "data"


def response_folders() -> list[Path]:
    """Every version's answers: real recordings (tests/data/responses) and recorded-by-construction."""
    folders = []
    for root in (DATA / "responses", DATA / "recorded"):
        if root.is_dir():
            folders += sorted(p for p in root.iterdir() if (p / "nodes.json").exists())
    return folders


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))
