"""``loadtest seed`` + a short flash-sale ``loadtest run`` against real CMS, G1 and ZGC nodes.

Same Elasticsearch version, heap and dataset on each; one node at a time. The Maven test distributions
lack the ``analysis-common`` and ``mapper-extras`` modules, so ``loadtest seed`` must see that in
``_nodes/plugins``, say so in one line, and fall back to the core-only ``prefix`` mapping (a
``--strict-lookup`` request for ``edge_ngram`` must fail instead). Then the run must query what was
indexed and its numbers must add up: every request sent was recorded, nothing failed (fetching an order
that does not exist would be a 404), the autocomplete searches came back with hits, the node's GC
counters were polled through the run under the node's real collector names, and the report was rendered.

With ``ES_URL`` set, the same seed and run also go against that cluster (index ``loadtest-orders-test``
only), with ``--strict-lookup``: a real cluster has the modules, so no fallback is allowed there.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from loadtests.dataset.index import autocomplete_query
from loadtests.dataset.modules import installed_modules, plan_index
from loadtests.lab.node import LabNode
from tests.realnodes.conftest import GC_NODES, run_cli

pytestmark = [pytest.mark.realnode, pytest.mark.slow]

ORDERS = 2000
DURATION_S = 15
ES_URL = os.environ.get("ES_URL")
ES_URL_INDEX = "loadtest-orders-test"


def loadtest(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("loadtests.cli", *args, timeout=240)


def search_bytes(url: str, index: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Size and JSON of one search answer (what the recorder counts as bytes)."""
    request = urllib.request.Request(
        f"{url}/{index}/_search",
        data=json.dumps(body, separators=(",", ":")).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        raw = answer.read()
    return len(raw), json.loads(raw)


def seed_and_run(url: str, label: str, out: Path, index: str, *seed_args: str) -> dict[str, Any]:
    """Seed ``ORDERS`` orders, run a short flash sale, check that the numbers add up; returns the target's
    summary with the seed result under ``seed``."""
    extra = ("--allow-remote",) if ES_URL and url == ES_URL else ()
    seeded = loadtest(
        "seed", "--url", url, "--orders", str(ORDERS), "--index", index, "--replace", "--workers", "2",
        "--json", *seed_args, *extra,
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    result = json.loads(seeded.stdout)
    assert (result["indexed"], result["failed"], result["count"]) == (ORDERS, 0, ORDERS)

    ran = loadtest(
        "run", "--profile", "flash-sale", "--target", f"{label}={url}", "--duration", str(DURATION_S),
        "--warmup", "2", "--users", "8", "--index", index, "--out", str(out), "--json", *extra,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text())
    run: dict[str, Any] = json.loads((out / "run.json").read_text())
    target = summary["targets"][label]
    assert summary["profile"] == "flash-sale"
    assert run["targets"][label]["dataset"]["lookup"] == result["lookup"]  # the run read the index _meta
    assert target["requests"] > 0
    assert target["requests_sent"] == target["requests_recorded"]
    assert target["errors"] == sum(target["errors_by_kind"].values()) == 0, target["errors_by_kind"]
    assert {"autocomplete:order_number", "fetch_order"} <= set(target["requests_by_name"])
    assert target["duration_s"] == pytest.approx(DURATION_S, rel=0.2)
    assert 0 < target["achieved_rate"] <= target["intended_rate"]

    # the typed prefixes hit seeded orders: every autocomplete answer is bigger than an empty one
    empty, answer = search_bytes(url, index, autocomplete_query(result["lookup"], "order_number", "ZZZ99-"))
    assert answer["hits"]["hits"] == []
    samples = pd.read_parquet(out / "samples.parquet")
    typed = samples[samples["name"].str.startswith("autocomplete:") & (samples["phase"] == "measured")]
    assert len(typed) > 0 and (typed["bytes"] > empty).all(), typed["bytes"].describe()
    return {**target, "seed": result, "seeded_stderr": seeded.stderr, "out": out}


@pytest.mark.parametrize("lab_node", GC_NODES, indirect=True)
def test_seed_then_flash_sale_run_adds_up(lab_node: LabNode, tmp_path: Path) -> None:
    modules = installed_modules(lab_node.get("/_nodes/plugins"))
    expected = plan_index("edge_ngram", modules, explicit=False, strict=False)
    strict = loadtest(
        "seed", "--url", lab_node.url, "--orders", "10", "--lookup", "edge_ngram", "--strict-lookup"
    )
    if expected.fell_back:  # the Maven test distribution: refused before anything is created
        assert strict.returncode != 0 and strict.stdout == ""
        assert strict.stderr.strip().count("\n") == 0 and "analysis-common" in strict.stderr, strict.stderr

    label = lab_node.spec.gc
    target = seed_and_run(lab_node.url, label, tmp_path / "run", "orders")
    seeded = target["seed"]
    assert (seeded["lookup"], seeded["money_type"]) == (expected.lookup, expected.money_type)
    mapping = lab_node.get("/orders/_mapping")["orders"]["mappings"]
    assert mapping["_meta"]["lookup"] == expected.lookup
    if expected.fell_back:
        note = f"note: {expected.line()}"
        assert note in target["seeded_stderr"] and "prefix used" in note, target["seeded_stderr"]

    (node_stats,) = lab_node.get("/_nodes/stats/jvm")["nodes"].values()
    collectors = set(node_stats["jvm"]["gc"]["collectors"])
    assert set(target["gc"]) == collectors
    polls = pd.read_parquet(target["out"] / "gc.parquet")
    polls_per_collector = polls.groupby("collector")["t"].nunique().to_dict()
    assert set(polls_per_collector) == collectors
    assert min(polls_per_collector.values()) >= DURATION_S // 2, polls_per_collector
    assert polls["collection_count"].max() > 0  # the node's real counters (it has collected since start)
    assert polls["heap_used_bytes"].nunique() > 1  # and the heap moved while the shoppers searched
    assert label in (target["out"] / "report.html").read_text()


@pytest.mark.skipif(not ES_URL, reason="ES_URL is not set (the lab nodes above are the real-cluster test)")
@pytest.mark.parametrize("lookup", ["edge_ngram", "prefix"])
def test_seed_and_run_against_es_url(tmp_path: Path, lookup: str) -> None:
    assert ES_URL
    target = seed_and_run(ES_URL, "es", tmp_path / "run", ES_URL_INDEX, "--lookup", lookup, "--strict-lookup")
    assert target["seed"]["lookup"] == lookup and target["gc"]
