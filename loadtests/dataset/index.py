"""The orders index: settings, mappings and the queries each as-you-type lookup mode sends.

Why edge n-grams are the default (``--lookup edge_ngram``)
-----------------------------------------------------------
What shoppers type into the order-tracking box are *identifiers* — an order number copied from the
confirmation mail (``BER25-00412345``), their e-mail address, a postcode — and every keystroke is a prefix
of the *whole* value, not of a word in it. The lookup must also filter and sort (newest orders first).

- ``edge_ngram`` (default): each value is indexed once more as its lowercased prefixes (keyword tokenizer,
  ``lowercase``, ``edge_ngram`` filter 1..24); the query is analysed as one lowercased token, so each
  keystroke is ONE term lookup whose cost does not grow with the number of matching terms. Filters and
  sorting work as on any field, results are real documents, deleted/updated orders disappear at the next
  refresh, and it behaves the same on Elasticsearch 6.8 → 9.x and OpenSearch 1 → 3. The price is index
  size (≤ 24 extra terms per value), paid at index time, not per query.
- ``search_as_you_type`` (ES ≥ 7.2, OpenSearch): built for *multi-word text* (shingles + an edge-ngram
  ``_index_prefix`` subfield) queried with ``multi_match``/``bool_prefix``. For single-token identifiers the
  shingles are dead weight; with the keyword-style analyzer used here it reduces to index prefixes.
- ``completion``: an FST suggester — the fastest per keystroke, but it returns suggestions rather than
  filtered, sorted hits, only supports context filters, keeps deleted documents until merged away, and
  its FST is per segment (heap/off-heap memory per field). Good for a pure "did you mean" box.
- ``prefix``: a ``prefix`` query on the ``keyword`` field: no index cost, but each query enumerates every
  term with that prefix (millions after one or two keystrokes), allocating per term: exactly the
  garbage-heavy, tail-latency-hurting query a flash sale should not run. Kept to measure that.

References: Elasticsearch reference, "Edge n-gram token filter", "Search-as-you-type field type",
"Completion suggester", "Prefix query" (the ``index_prefixes`` note), and "Removal of mapping types"
(``include_type_name`` in 6.8/7.x).

Nodes without the ``analysis-common``/``mapper-extras`` modules (see ``loadtests.dataset.modules``) get the
``prefix`` mode and ``double`` money fields: ``analysis`` holds only what the chosen mode uses, because a
node refuses a whole index whose settings name a filter it does not know.

Versions: Elasticsearch 6.8 (the index is created with ``include_type_name=false``; bulk actions carry
``_type: _doc``), 7.x, 8.x, 9.x and OpenSearch 1.x to 3.x; ``search_as_you_type`` needs ES ≥ 7.2 or OpenSearch.
"""

from __future__ import annotations

from typing import Any

LOOKUP_MODES = ("edge_ngram", "search_as_you_type", "completion", "prefix")
DEFAULT_LOOKUP = "edge_ngram"
DEFAULT_INDEX = "orders"

LOOKUP_FIELDS = {"order_number": "order_number", "email": "customer.email", "postcode": "shipping.postcode"}
"""Lookup kind → field path of the value the shopper types."""

SUBFIELD = {"edge_ngram": "prefix", "search_as_you_type": "sayt", "completion": "suggest", "prefix": None}
"""Lookup mode → the multi-field of each lookup field that serves it (None: the keyword field itself)."""

RESULT_SOURCE = ["order_number", "placed_at", "status", "customer.name", "shipping.city", "totals.total"]
"""What the autocomplete list shows: a handful of fields, not the whole order."""

RESULTS = 8
"""Suggestions shown per keystroke."""

MAX_PREFIX = 24
"""Longest indexed prefix; longer typed text is truncated to it at search time (else it would match nothing,
see "Limitations of the max_gram parameter" in the edge n-gram reference)."""

ANALYSIS: dict[str, dict[str, Any]] = {
    "filter": {
        "id_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": MAX_PREFIX},
        "id_truncate": {"type": "truncate", "length": MAX_PREFIX},
    },
    "analyzer": {
        "id_prefix": {"type": "custom", "tokenizer": "keyword", "filter": ["lowercase", "id_edge"]},
        "id_prefix_search": {
            "type": "custom",
            "tokenizer": "keyword",
            "filter": ["lowercase", "id_truncate"],
        },
        "id_exact": {"type": "custom", "tokenizer": "keyword", "filter": ["lowercase"]},
    },
}


ANALYZERS_USED = {
    "edge_ngram": ("id_prefix", "id_prefix_search"),
    "search_as_you_type": ("id_exact",),
    "completion": ("id_exact",),
    "prefix": (),
}
"""Lookup mode → the custom analyzers its mapping refers to."""

MONEY_TYPE = "scaled_float"
"""Money fields: ``scaled_float`` (cents as a long), or ``double`` on a node without ``mapper-extras``."""


def analysis(mode: str) -> dict[str, Any]:
    """The ``analysis`` settings ``mode`` needs: only the analyzers it uses and the filters they name."""
    analyzers = {name: ANALYSIS["analyzer"][name] for name in ANALYZERS_USED[mode]}
    filters = {f for a in analyzers.values() for f in a["filter"] if f in ANALYSIS["filter"]}
    out: dict[str, Any] = {}
    if filters:
        out["filter"] = {name: ANALYSIS["filter"][name] for name in sorted(filters)}
    if analyzers:
        out["analyzer"] = analyzers
    return out


def _lookup_subfield(mode: str) -> dict[str, Any]:
    if mode == "edge_ngram":
        return {"prefix": {"type": "text", "analyzer": "id_prefix", "search_analyzer": "id_prefix_search"}}
    if mode == "search_as_you_type":
        return {"sayt": {"type": "search_as_you_type", "analyzer": "id_exact", "max_shingle_size": 2}}
    if mode == "completion":
        return {"suggest": {"type": "completion", "analyzer": "id_exact"}}
    return {}


def _keyword(mode: str, lookup: bool) -> dict[str, Any]:
    field: dict[str, Any] = {"type": "keyword"}
    if lookup and (sub := _lookup_subfield(mode)):
        field["fields"] = sub
    return field


def mappings(mode: str, meta: dict[str, Any], money_type: str = MONEY_TYPE) -> dict[str, Any]:
    """Typeless mappings for lookup ``mode``; ``meta`` (dataset spec) goes into ``_meta``."""
    if mode not in LOOKUP_MODES:
        raise ValueError(f"unknown lookup mode {mode!r}")
    money: dict[str, Any] = {"type": "scaled_float", "scaling_factor": 100}
    if money_type != "scaled_float":
        money = {"type": money_type}
    return {
        "_meta": meta,
        "dynamic": "strict",
        "properties": {
            "order_number": _keyword(mode, True),
            "placed_at": {"type": "date"},
            "status": {"type": "keyword"},
            "status_history": {
                "properties": {"status": {"type": "keyword"}, "at": {"type": "date"}},
            },
            "customer": {
                "properties": {
                    "id": {"type": "long"},
                    "name": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
                    "email": _keyword(mode, True),
                }
            },
            "items": {
                "properties": {
                    "sku": {"type": "keyword"},
                    "quantity": {"type": "integer"},
                    "unit_price": money,
                }
            },
            "totals": {
                "properties": {
                    "subtotal": money,
                    "shipping": money,
                    "total": money,
                    "currency": {"type": "keyword"},
                }
            },
            "shipping": {
                "properties": {
                    "zone": {"type": "keyword"},
                    "country": {"type": "keyword"},
                    "city": {"type": "keyword"},
                    "postcode": _keyword(mode, True),
                }
            },
        },
    }


def index_body(
    mode: str, meta: dict[str, Any], shards: int, replicas: int, money_type: str = MONEY_TYPE
) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "index": {"number_of_shards": shards, "number_of_replicas": replicas, "refresh_interval": "1s"}
    }
    if needed := analysis(mode):
        settings["analysis"] = needed
    return {"settings": settings, "mappings": mappings(mode, meta, money_type)}


def autocomplete_query(mode: str, kind: str, typed: str) -> dict[str, Any]:
    """The search body one keystroke sends: ``typed`` is what is in the box so far."""
    field = LOOKUP_FIELDS[kind]
    if mode == "completion":
        return {
            "_source": RESULT_SOURCE,
            "suggest": {
                "lookup": {
                    "prefix": typed.lower(),
                    "completion": {"field": f"{field}.suggest", "size": RESULTS, "skip_duplicates": True},
                }
            },
        }
    if mode == "edge_ngram":
        query: dict[str, Any] = {"match": {f"{field}.prefix": {"query": typed}}}
    elif mode == "search_as_you_type":
        query = {
            "multi_match": {
                "query": typed,
                "type": "bool_prefix",
                "fields": [f"{field}.sayt", f"{field}.sayt._2gram"],
            }
        }
    else:  # prefix on the raw keyword: order numbers and postcodes are stored upper-case, e-mails lower-case
        query = {"prefix": {field: {"value": typed.lower() if kind == "email" else typed.upper()}}}
    return {
        "size": RESULTS,
        "_source": RESULT_SOURCE,
        "query": query,
        "sort": [{"placed_at": {"order": "desc"}}],
    }


def zone_query(zone: str, since_iso: str) -> dict[str, Any]:
    """Shipping-zone lookup: the newest orders of one zone since a date (a dispatcher's view)."""
    return {
        "size": RESULTS,
        "_source": RESULT_SOURCE,
        "query": {
            "bool": {
                "filter": [{"term": {"shipping.zone": zone}}, {"range": {"placed_at": {"gte": since_iso}}}]
            }
        },
        "sort": [{"placed_at": {"order": "desc"}}],
    }
