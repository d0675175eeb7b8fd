"""The seeded order generator: deterministic, realistic, clustered at sale events, streaming."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

from loadtests.dataset.orders import SALE_EVENTS, DatasetSpec, OrderGenerator

ORDER_NUMBER = re.compile(r"^[A-Z]{3}\d{2}-\d{8}$")


def test_same_seed_same_orders_other_seed_other_orders() -> None:
    a, b = OrderGenerator(DatasetSpec(5000, seed=7)), OrderGenerator(DatasetSpec(5000, seed=7))
    c = OrderGenerator(DatasetSpec(5000, seed=8))
    assert [a.order(i) for i in (0, 17, 4999)] == [b.order(i) for i in (0, 17, 4999)]
    assert [a.order(i)["customer"] for i in range(20)] != [c.order(i)["customer"] for i in range(20)]


def test_cheap_fields_match_the_full_document() -> None:
    """The load generator types values computed without building the document: they must be the indexed ones."""
    gen = OrderGenerator(DatasetSpec(2000, seed=3))
    for i in (0, 1, 999, 1999):
        doc = gen.order(i)
        assert doc["order_number"] == gen.lookup_value("order_number", i)
        assert doc["customer"]["email"] == gen.lookup_value("email", i)
        assert doc["shipping"]["postcode"] == gen.lookup_value("postcode", i)
        assert doc["shipping"]["zone"] == gen.shipping_zone(i)
        assert ORDER_NUMBER.match(doc["order_number"])


def test_order_numbers_and_times_grow_together() -> None:
    gen = OrderGenerator(DatasetSpec(10_000))
    times = [gen.placed_at(i) for i in range(0, 10_000, 250)]
    assert times == sorted(times)
    sequences = [int(gen.order_number(i)[-8:]) for i in range(0, 10_000, 250)]
    assert sequences == sorted(sequences)


def test_black_friday_is_much_busier_than_an_ordinary_day() -> None:
    gen = OrderGenerator(DatasetSpec(200_000))
    days = [
        datetime.fromtimestamp(gen.placed_at(i), UTC).timetuple().tm_yday - 1 for i in range(0, 200_000, 10)
    ]
    black_friday = next(day for name, day, _h, _x in SALE_EVENTS if name == "black-friday")
    ordinary = days.count(black_friday - 10)
    assert days.count(black_friday) > 4 * ordinary > 0


def test_hot_orders_are_mostly_recent() -> None:
    n = 100_000
    gen = OrderGenerator(DatasetSpec(n))
    rng = random.Random(1)
    picks = [gen.hot_order(rng) for _ in range(5000)]
    assert all(0 <= p < n for p in picks)
    recent = sum(p >= n * 0.9 for p in picks)
    assert recent > 0.6 * len(picks)  # 10% newest orders get most lookups


def test_status_history_is_ordered_and_ends_in_the_status() -> None:
    gen = OrderGenerator(DatasetSpec(3000))
    for i in range(0, 3000, 97):
        doc = gen.order(i)
        stamps = [h["at"] for h in doc["status_history"]]
        assert stamps == sorted(stamps)
        assert doc["status"] == doc["status_history"][-1]["status"]
        assert doc["totals"]["total"] >= doc["totals"]["subtotal"] > 0


def test_streaming_yields_ids_in_order_without_building_a_list() -> None:
    gen = OrderGenerator(DatasetSpec(50))
    stream = gen.orders(10, 13)
    assert not isinstance(stream, list)
    assert [doc_id for doc_id, _ in stream] == [gen.order_number(i) for i in (10, 11, 12)]
