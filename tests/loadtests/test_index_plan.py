"""The index plan for the node's modules: fallback to core-only mappings, and the line that says so."""

from __future__ import annotations

import json

import pytest

from advisor.errors import InputError
from loadtests.dataset.index import LOOKUP_MODES, index_body
from loadtests.dataset.modules import installed_modules, plan_index

FULL = frozenset({"analysis-common", "mapper-extras", "transport-netty4"})
MINIMAL = frozenset({"transport-netty4", "x-pack-core", "x-pack-security"})
"""The modules of the Maven ``integ-test-zip`` Elasticsearch 7.17.29 (its ``modules/`` folder)."""


def _nodes_plugins(*module_sets: frozenset[str]) -> dict[str, object]:
    return {
        "nodes": {
            f"n{k}": {"name": f"n{k}", "modules": [{"name": m} for m in sorted(mods)], "plugins": []}
            for k, mods in enumerate(module_sets)
        }
    }


def test_a_module_counts_only_when_every_node_has_it() -> None:
    assert installed_modules(_nodes_plugins(FULL, FULL)) == FULL
    assert installed_modules(_nodes_plugins(FULL, MINIMAL)) == FULL & MINIMAL
    plugin = {"nodes": {"a": {"modules": [], "plugins": [{"name": "analysis-icu"}]}}}
    assert installed_modules(plugin) == {"analysis-icu"}


def test_an_answer_without_module_lists_means_unknown_not_missing() -> None:
    assert installed_modules({"nodes": {"a": {"name": "a", "jvm": {}}}}) is None
    assert installed_modules({}) is None
    assert plan_index("edge_ngram", None, explicit=False, strict=False).lookup == "edge_ngram"


def test_full_node_keeps_every_mode_and_scaled_float() -> None:
    for mode in LOOKUP_MODES:
        plan = plan_index(mode, FULL, explicit=True, strict=True)
        assert (plan.lookup, plan.money_type, plan.missing, plan.line()) == (mode, "scaled_float", (), None)


@pytest.mark.parametrize("mode", ["edge_ngram", "search_as_you_type", "completion"])
def test_minimal_node_falls_back_to_prefix_and_double_and_says_why(mode: str) -> None:
    plan = plan_index(mode, MINIMAL, explicit=False, strict=False)
    assert (plan.lookup, plan.money_type) == ("prefix", "double")
    line = plan.line()
    assert line is not None and "\n" not in line
    assert f"--lookup {mode} (default) requested, prefix used" in line
    assert "analysis-common" in line and "mapper-extras" in line and "double" in line


def test_without_mapper_extras_search_as_you_type_falls_back_to_edge_ngram() -> None:
    plan = plan_index("search_as_you_type", frozenset({"analysis-common"}), explicit=True, strict=False)
    assert (plan.lookup, plan.money_type, plan.missing) == ("edge_ngram", "double", ("mapper-extras",))


def test_strict_lookup_refuses_the_fallback_in_one_line() -> None:
    with pytest.raises(
        InputError, match=r"^--lookup edge_ngram cannot work on this node: it lacks the analysis-common"
    ):
        plan_index("edge_ngram", MINIMAL, explicit=True, strict=True)
    assert plan_index("prefix", MINIMAL, explicit=True, strict=True).lookup == "prefix"


def test_prefix_mode_on_core_only_names_no_module_type() -> None:
    """What the minimal node refused ("Unknown filter type [edge_ngram]", "No handler for type
    [scaled_float]") appears nowhere in the fallback index body."""
    body = json.dumps(index_body("prefix", {"lookup": "prefix"}, 1, 0, "double"))
    for refused in ("edge_ngram", "truncate", "scaled_float", "search_as_you_type", "analyzer"):
        assert refused not in body
    assert json.loads(body)["mappings"]["_meta"] == {"lookup": "prefix"}


def test_each_mode_ships_only_the_analysis_it_uses() -> None:
    settings = index_body("edge_ngram", {}, 1, 0)["settings"]
    assert set(settings["analysis"]["analyzer"]) == {"id_prefix", "id_prefix_search"}
    assert set(settings["analysis"]["filter"]) == {"id_edge", "id_truncate"}
    assert "filter" not in index_body("completion", {}, 1, 0)["settings"]["analysis"]
