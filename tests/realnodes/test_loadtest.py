"""``loadtest seed`` + a short flash-sale ``loadtest run`` against real CMS, G1 and ZGC nodes.

Same Elasticsearch version, heap and dataset on each; one node at a time. The run's numbers must add
up: every request sent was recorded, errors are counted (and classified), the node's GC counters were
polled through the run under the node's real collector names, and the report was rendered.

The Maven test distributions lack the ``analysis-common`` and ``mapper-extras`` modules, so a seed
whose mapping needs ``edge_ngram``/``scaled_float`` is refused by the node. Then the run still goes
against the unseeded node (every lookup must come back as a counted 4xx error) and the test ends as
xfail naming the node's refusal; once ``loadtest seed`` works on these nodes, the test runs in full.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from loadtests.lab.node import LabNode
from tests.realnodes.conftest import GC_NODES, run_cli

pytestmark = [pytest.mark.realnode, pytest.mark.slow]

ORDERS = 2000
DURATION_S = 15
MINIMAL_DISTRIBUTION_GAPS = ("Unknown filter type [edge_ngram]", "No handler for type [scaled_float]")
"""What the test distributions lack (no analysis-common / mapper-extras modules), as the node says it."""


def loadtest(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("loadtests.cli", *args, timeout=240)


@pytest.mark.parametrize("lab_node", GC_NODES, indirect=True)
def test_seed_then_flash_sale_run_adds_up(lab_node: LabNode, tmp_path: Path) -> None:
    seeded = loadtest("seed", "--url", lab_node.url, "--orders", str(ORDERS), "--replace", "--json")
    missing_modules = seeded.returncode != 0 and any(
        gap in seeded.stderr for gap in MINIMAL_DISTRIBUTION_GAPS
    )
    if not missing_modules:
        assert seeded.returncode == 0, seeded.stderr
        assert lab_node.get("/orders/_count")["count"] == ORDERS

    label = lab_node.spec.gc
    out = tmp_path / "run"
    ran = loadtest(
        "run",
        "--profile",
        "flash-sale",
        "--target",
        f"{label}={lab_node.url}",
        "--duration",
        str(DURATION_S),
        "--users",
        "8",
        "--out",
        str(out),
        "--json",
    )
    assert ran.returncode == 0, ran.stderr
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text())
    target = summary["targets"][label]
    assert summary["profile"] == "flash-sale"
    assert target["requests"] > 0
    assert target["requests_sent"] == target["requests_recorded"]
    assert target["errors"] == sum(target["errors_by_kind"].values())
    if missing_modules:  # no index: every lookup is refused, and every refusal is counted
        assert target["errors"] == target["requests"] and set(target["errors_by_kind"]) == {"http_4xx"}
    assert target["duration_s"] == pytest.approx(DURATION_S, rel=0.2)
    assert target["intended_rate"] and target["achieved_rate"]

    (node_stats,) = lab_node.get("/_nodes/stats/jvm")["nodes"].values()
    collectors = set(node_stats["jvm"]["gc"]["collectors"])
    assert set(target["gc"]) == collectors
    polls = pd.read_parquet(out / "gc.parquet")
    polls_per_collector = polls.groupby("collector")["t"].nunique().to_dict()
    assert set(polls_per_collector) == collectors
    assert min(polls_per_collector.values()) >= DURATION_S // 2, polls_per_collector

    assert label in (out / "report.html").read_text()
    if missing_modules:
        pytest.xfail(
            f"loadtest seed needs modules the Maven test distribution lacks: {seeded.stderr.strip()}"
        )
