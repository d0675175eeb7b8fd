"""Against a real Elasticsearch/OpenSearch when ``ES_URL`` is set (e.g. a lab node): seed, run, check.

Skipped otherwise. Writes only the index ``loadtest-orders-test`` (re-created each time).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import loadtest_run, run_cli

ES_URL = os.environ.get("ES_URL")
pytestmark = pytest.mark.skipif(not ES_URL, reason="ES_URL is not set (no real cluster to test against)")
INDEX = "loadtest-orders-test"


@pytest.mark.slow
@pytest.mark.parametrize("lookup", ["edge_ngram", "prefix"])
def test_seed_and_a_short_run_against_the_real_cluster(tmp_path: Path, lookup: str) -> None:
    assert ES_URL
    seeded = run_cli(
        "seed", "--url", ES_URL, "--orders", "5000", "--index", INDEX, "--lookup", lookup, "--replace",
        "--allow-remote", "--json", timeout=300,
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    assert '"failed": 0' in seeded.stdout and '"count": 5000' in seeded.stdout
    args = ("--profile", "constant", "--users", "4", "--rate", "40", "--duration", "5", "--warmup", "2")
    summary, run = loadtest_run(
        ES_URL, tmp_path / "run", *args, "--index", INDEX, "--allow-remote", timeout=120
    )
    target = summary["targets"]["cal"]
    assert run["targets"]["cal"]["dataset"]["lookup"] == lookup
    assert target["requests_sent"] == target["requests_recorded"]
    assert target["errors"] == 0, target["errors_by_kind"]
    assert run["targets"]["cal"]["nodes"] and target["gc"]
