"""What the orders index needs from the node, and what ``loadtest seed`` does on a node that lacks it.

Elasticsearch and OpenSearch ship part of their analysis and field types as *modules*, not in the server
core. Production distributions always contain them; the minimal ``integ-test-zip`` distributions on Maven
Central (the lab's nodes) do not (their ``modules/`` folder holds only transport/security modules):

- ``analysis-common``: the ``edge_ngram`` and ``truncate`` token filters and the ``keyword`` tokenizer
  (``CommonAnalysisPlugin``). The pre-built ``lowercase`` filter is core ("filters available in
  lucene-core", ``AnalysisModule.setupPreConfiguredTokenFilters``), but a custom analyzer needs a tokenizer.
- ``mapper-extras``: the ``scaled_float`` and ``search_as_you_type`` field types (``MapperExtrasPlugin``).

The node says what it has: ``GET _nodes/plugins`` lists ``modules[].name`` and ``plugins[].name`` per node
(Elasticsearch 6.8 → 9.x, OpenSearch 1 → 3). A module counts when every node has it. If the lookup mode
needs a missing module, the index falls back to ``prefix`` (``prefix`` queries on the plain ``keyword``
fields: core on every version); money fields become ``double`` without ``mapper-extras``. The mode used is
written into the index ``_meta`` so ``loadtest run`` queries the fields that exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.errors import InputError, SourceError
from loadtests.targets import Http

ANALYSIS_COMMON = "analysis-common"
MAPPER_EXTRAS = "mapper-extras"

LOOKUP_NEEDS: dict[str, tuple[str, ...]] = {
    "edge_ngram": (ANALYSIS_COMMON,),  # keyword tokenizer, edge_ngram + truncate filters
    "search_as_you_type": (MAPPER_EXTRAS, ANALYSIS_COMMON),  # the field type; keyword tokenizer
    "completion": (ANALYSIS_COMMON,),  # completion is core, its keyword-tokenizer analyzer is not
    "prefix": (),  # keyword fields and prefix queries: server core
}
"""Lookup mode → modules its mapping needs."""

FALLBACK_ORDER = ("edge_ngram", "prefix")
"""Fallbacks, best first: the first whose modules the node has is used."""

MONEY_TYPES = (("scaled_float", MAPPER_EXTRAS), ("double", None))
"""Type of the money fields, best first, with the module each needs (None: core)."""


def installed_modules(nodes_plugins: Any) -> frozenset[str] | None:
    """Modules and plugins present on every node of a ``_nodes/plugins`` answer; None when the answer
    does not list modules (then nothing is known and nothing is assumed missing)."""
    nodes = (nodes_plugins or {}).get("nodes") if isinstance(nodes_plugins, dict) else None
    if not isinstance(nodes, dict) or not nodes:
        return None
    common: frozenset[str] | None = None
    for node in nodes.values():
        if not isinstance(node, dict) or not isinstance(node.get("modules"), list):
            return None
        names = frozenset(
            str(entry.get("name"))
            for entry in [*node["modules"], *(node.get("plugins") or [])]
            if isinstance(entry, dict) and entry.get("name")
        )
        common = names if common is None else common & names
    return common


def read_modules(http: Http) -> frozenset[str] | None:
    """``GET _nodes/plugins`` (read-only); None when the node does not say (e.g. no permission)."""
    try:
        return installed_modules(http.get("/_nodes/plugins"))
    except SourceError:
        return None


@dataclass(frozen=True)
class IndexPlan:
    """The lookup mode and money type the index is created with, and why."""

    requested: str
    lookup: str
    money_type: str
    missing: tuple[str, ...]
    """Modules the requested mapping needed that the node lacks."""
    explicit: bool
    """The lookup mode was asked for on the command line (not the default)."""

    @property
    def fell_back(self) -> bool:
        return self.lookup != self.requested

    def line(self) -> str | None:
        """One line saying what was requested, what is used and why; None when nothing changed."""
        if not self.missing:
            return None
        lacks = f"the node lacks the {', '.join(self.missing)} module{'s' if len(self.missing) > 1 else ''}"
        asked = f"--lookup {self.requested}" + ("" if self.explicit else " (default)")
        parts = []
        if self.fell_back:
            parts.append(f"{asked} requested, {self.lookup} used")
        else:
            parts.append(f"{asked} used")
        if self.money_type != MONEY_TYPES[0][0]:
            parts.append(f"money fields as {self.money_type} instead of {MONEY_TYPES[0][0]}")
        return f"{'; '.join(parts)}: {lacks}"


def plan_index(requested: str, modules: frozenset[str] | None, explicit: bool, strict: bool) -> IndexPlan:
    """Choose lookup mode and money type for a node with ``modules`` (None: unknown, assume all present).

    ``strict``: an explicit ``--lookup`` the node cannot serve is an error instead of a fallback."""

    def lacking(needs: tuple[str | None, ...]) -> tuple[str, ...]:
        if modules is None:
            return ()
        return tuple(m for m in needs if m is not None and m not in modules)

    lookup = requested
    if lacking(LOOKUP_NEEDS[requested]):
        lookup = next(mode for mode in FALLBACK_ORDER if not lacking(LOOKUP_NEEDS[mode]))
    money_type = next(name for name, module in MONEY_TYPES if not lacking((module,)))
    missing = tuple(sorted(set(lacking(LOOKUP_NEEDS[requested])) | set(lacking((MONEY_TYPES[0][1],)))))
    plan = IndexPlan(requested, lookup, money_type, missing, explicit)
    if plan.fell_back and strict:
        raise InputError(
            f"--lookup {requested} cannot work on this node: it lacks the {', '.join(lacking(LOOKUP_NEEDS[requested]))} "
            f"module (drop --strict-lookup to fall back to {lookup})"
        )
    return plan
