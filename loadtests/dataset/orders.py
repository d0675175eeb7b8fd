"""Deterministic, seeded generator of realistic shop orders, addressable by index.

Order ``i`` of a dataset ``(orders=N, seed=S)`` is a pure function of ``(S, i)``: the seeder streams
``order(0) .. order(N-1)`` without holding them, and the load generator regenerates the few orders a
shopper looks up (``order_number(i)``, ``email(i)``…) so every typed prefix hits real documents.

Realism, in data:
- order numbers in a shop's format ``BER25-00412345`` (store code, two-digit year, sequence): the number
  a customer copies from the confirmation e-mail, typed one keystroke at a time;
- timestamps clustered around sale events (a diurnal curve plus sharp peaks on sale days, e.g. the
  Black Friday drop at 09:00): order ``i`` is placed at the inverse CDF of that density at ``i/N``, so
  numbers grow with time and the most recent orders are the largest indexes;
- repeat customers (``N/3`` of them, skewed), e-mails derived from names, per-country postcode formats,
  cities and shipping zones; a status history that depends on the order's age; totals in the country's
  currency.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

DATASET_START = datetime(2025, 1, 1, tzinfo=UTC)
"""First instant of the order history (UTC)."""

DATASET_DAYS = 365
"""Length of the order history in days; the dataset's "now" is its end."""

SALE_EVENTS: tuple[tuple[str, int, int, float], ...] = (
    # (name, day of year (0-based), hour of the drop (UTC), extra orders as a multiple of a normal day)
    ("spring-sale", 79, 9, 2.0),
    ("summer-sale", 180, 8, 3.0),
    ("singles-day", 314, 0, 2.5),
    ("black-friday", 331, 9, 6.0),
    ("cyber-monday", 334, 9, 4.0),
)
"""Sale events: at the drop the order rate jumps and decays over hours (see ``_hourly_density``)."""

FIRST_NAMES = (
    "anna", "lukas", "sofia", "noah", "emma", "liam", "mia", "jan", "lea", "finn", "olivia", "mateo",
    "ines", "piotr", "zofia", "lars", "ingrid", "giulia", "marco", "camille", "hugo", "chloe", "oliver",
    "amelia", "jakub", "maja", "elias", "clara", "david", "sara",
)  # fmt: skip
LAST_NAMES = (
    "jansen", "mueller", "schmidt", "garcia", "martin", "bernard", "kowalski", "nowak", "andersson",
    "johansson", "rossi", "russo", "smith", "jones", "taylor", "dubois", "lopez", "visser", "bakker",
    "fischer", "weber", "novak", "lindberg", "ferrari", "moreau", "wilson", "hansen", "nielsen",
)  # fmt: skip
MAIL_DOMAINS = (
    "gmail.com",
    "outlook.com",
    "web.de",
    "gmx.net",
    "yahoo.com",
    "icloud.com",
    "orange.fr",
    "wp.pl",
)

# (country, currency, shipping zone, postcode pattern (#: digit, @: letter), cities, store code)
COUNTRIES: tuple[tuple[str, str, str, str, tuple[str, ...], str], ...] = (
    ("NL", "EUR", "EU-WEST", "#### @@", ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"), "AMS"),
    ("DE", "EUR", "EU-CENTRAL", "#####", ("Berlin", "Hamburg", "Munich", "Cologne", "Leipzig"), "BER"),
    ("FR", "EUR", "EU-WEST", "#####", ("Paris", "Lyon", "Marseille", "Lille"), "PAR"),
    ("GB", "GBP", "UK", "@@# #@@", ("London", "Manchester", "Leeds", "Bristol"), "LON"),
    ("ES", "EUR", "EU-SOUTH", "#####", ("Madrid", "Barcelona", "Valencia", "Seville"), "MAD"),
    ("IT", "EUR", "EU-SOUTH", "#####", ("Milan", "Rome", "Turin", "Naples"), "MIL"),
    ("PL", "PLN", "EU-EAST", "##-###", ("Warsaw", "Krakow", "Gdansk", "Wroclaw"), "WAW"),
    ("SE", "SEK", "NORDICS", "### ##", ("Stockholm", "Gothenburg", "Malmo", "Uppsala"), "STO"),
)
COUNTRY_WEIGHTS = (12, 30, 16, 14, 10, 8, 6, 4)
SHIPPING_ZONES = tuple(sorted({c[2] for c in COUNTRIES}))

STATUS_STEPS = (("placed", 0.0), ("paid", 0.05), ("packed", 6.0), ("shipped", 26.0), ("delivered", 90.0))
"""Status history: (status, hours after the order was placed at which it is reached, typically)."""


def mix(seed: int, index: int, salt: int = 0) -> int:
    """splitmix64 of (seed, index, salt): a fast, well-spread 64-bit hash (no RNG object needed)."""
    z = (seed * 0x9E3779B97F4A7C15 + index * 0xBF58476D1CE4E5B9 + salt * 0x94D049BB133111EB) & (2**64 - 1)
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & (2**64 - 1)
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & (2**64 - 1)
    return z ^ (z >> 31)


def _hourly_density() -> np.ndarray:
    """Relative order rate per hour of the history: a diurnal curve plus decaying sale-event peaks."""
    hours = np.arange(DATASET_DAYS * 24, dtype=float)
    hour_of_day = hours % 24
    density = (
        0.35
        + np.exp(-(((hour_of_day - 20.0) / 4.0) ** 2))
        + 0.5 * np.exp(-(((hour_of_day - 12.5) / 2.5) ** 2))
    )
    daily = density[:24].sum()
    for _name, day, drop_hour, extra_days in SALE_EVENTS:
        start = day * 24 + drop_hour
        after = hours - start
        peak = np.where(after >= 0, np.exp(-np.clip(after, 0, None) / 3.0), 0.0)  # the drop, then ~3 h decay
        density += peak / peak.sum() * daily * extra_days
    return np.asarray(density / density.sum())


@dataclass(frozen=True)
class DatasetSpec:
    """Which dataset: its size and seed. Stored in the index's ``_meta`` so a run can find it again."""

    orders: int
    seed: int = 42


class OrderGenerator:
    """Order ``i`` of a dataset, regenerated on demand (O(1) per field, no state kept per order)."""

    def __init__(self, spec: DatasetSpec) -> None:
        if spec.orders < 1:
            raise ValueError("a dataset needs at least one order")
        self.spec = spec
        cdf = np.concatenate([[0.0], np.cumsum(_hourly_density())])
        self._cdf = cdf / cdf[-1]
        self._hour_edges = np.arange(len(cdf), dtype=float) * 3600.0
        self._cdf_list: list[float] = self._cdf.tolist()  # scalar lookups: bisect beats np.interp 10x
        self._start = DATASET_START.timestamp()
        self._year_change = self._first_order_of_year(DATASET_START.year + 1)
        self.customers = max(1, spec.orders // 3)

    # -- cheap fields (used by the load generator for every typed prefix) ---------------------------
    def placed_at(self, i: int) -> float:
        """Epoch seconds when order ``i`` was placed (monotonic in ``i``, clustered at sale events)."""
        q = (i + 0.5) / self.spec.orders
        cdf = self._cdf_list
        k = min(len(cdf) - 1, max(1, bisect.bisect_right(cdf, q)))
        low, high = cdf[k - 1], cdf[k]
        hour = (k - 1) + ((q - low) / (high - low) if high > low else 0.0)
        return self._start + hour * 3600.0

    def _first_order_of_year(self, year: int) -> int:
        """Smallest order index placed in ``year`` or later (orders are in time order)."""
        boundary = datetime(year, 1, 1, tzinfo=UTC).timestamp()
        low, high = 0, self.spec.orders
        while low < high:
            mid = (low + high) // 2
            if self.placed_at(mid) < boundary:
                low = mid + 1
            else:
                high = mid
        return low

    def country(self, i: int) -> tuple[str, str, str, str, tuple[str, ...], str]:
        pick = mix(self.spec.seed, self.customer_id(i), 1) % sum(COUNTRY_WEIGHTS)
        for row, weight in zip(COUNTRIES, COUNTRY_WEIGHTS, strict=True):
            if pick < weight:
                return row
            pick -= weight
        return COUNTRIES[-1]

    def order_number(self, i: int) -> str:
        """The shop's order number, e.g. ``BER25-00412345`` (store of the customer's country, year, sequence)."""
        return self._number(i, self.placed_at(i))

    def _number(self, i: int, placed: float) -> str:
        year = (DATASET_START.year + (i >= self._year_change)) % 100
        return f"{self.country(i)[5]}{year:02d}-{i + 1:08d}"

    def customer_id(self, i: int) -> int:
        """Repeat customers: a quarter of the customers place half of the orders."""
        h = mix(self.spec.seed, i, 2)
        if h % 2:
            return (h >> 1) % max(1, self.customers // 4)
        return (h >> 1) % self.customers

    def email(self, i: int) -> str:
        return self._customer(self.customer_id(i))[2]

    def postcode(self, i: int) -> str:
        pattern = self.country(i)[3]
        h = mix(self.spec.seed, self.customer_id(i), 3)
        out = []
        for ch in pattern:
            if ch == "#":
                out.append(str(h % 10))
                h //= 10
            elif ch == "@":
                out.append(chr(ord("A") + h % 26))
                h //= 26
            else:
                out.append(ch)
        return "".join(out)

    def lookup_value(self, kind: str, i: int) -> str:
        """The value a shopper types for lookup ``kind`` (order_number, email, postcode) of order ``i``."""
        if kind == "email":
            return self.email(i)
        if kind == "postcode":
            return self.postcode(i)
        return self.order_number(i)

    def shipping_zone(self, i: int) -> str:
        return self.country(i)[2]

    def _customer(self, cid: int) -> tuple[str, str, str]:
        h = mix(self.spec.seed, cid, 4)
        first = FIRST_NAMES[h % len(FIRST_NAMES)]
        last = LAST_NAMES[(h >> 8) % len(LAST_NAMES)]
        domain = MAIL_DOMAINS[(h >> 16) % len(MAIL_DOMAINS)]
        number = (h >> 24) % 1000
        return first, last, f"{first}.{last}{number}@{domain}"

    # -- the whole document (seeding, and the fetched order) ---------------------------------------
    def order(self, i: int) -> dict[str, Any]:
        """The full order document of order ``i``."""
        rng = random.Random(mix(self.spec.seed, i, 5))
        country, currency, zone, _pattern, cities, _store = self.country(i)
        first, last, email = self._customer(self.customer_id(i))
        placed = self.placed_at(i)
        lines = [
            (
                f"SKU-{rng.randrange(1, 40000):05d}",
                rng.choice((1, 1, 1, 2, 2, 3)),
                round(rng.lognormvariate(3.2, 0.8), 2),
            )
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 5)))
        ]
        items = [{"sku": sku, "quantity": qty, "unit_price": price} for sku, qty, price in lines]
        subtotal = round(sum(qty * price for _sku, qty, price in lines), 2)
        shipping = 0.0 if subtotal >= 50 else 4.95
        return {
            "order_number": self._number(i, placed),
            "placed_at": _iso(placed),
            "customer": {
                "id": self.customer_id(i),
                "name": f"{first.title()} {last.title()}",
                "email": email,
            },
            "items": items,
            "totals": {
                "subtotal": subtotal,
                "shipping": shipping,
                "total": round(subtotal + shipping, 2),
                "currency": currency,
            },
            "shipping": {
                "zone": zone,
                "country": country,
                "city": cities[mix(self.spec.seed, self.customer_id(i), 6) % len(cities)],
                "postcode": self.postcode(i),
            },
            "status": (history := self._status_history(rng, placed))[-1]["status"],
            "status_history": history,
        }

    def _status_history(self, rng: random.Random, placed: float) -> list[dict[str, str]]:
        now = DATASET_START.timestamp() + DATASET_DAYS * 86400
        history = []
        fate = rng.random()
        for status, hours in STATUS_STEPS:
            at = placed + hours * 3600 * rng.uniform(0.6, 1.6)
            if at > now:
                break
            history.append({"status": status, "at": _iso(at)})
            if status == "paid" and fate < 0.03:
                history.append({"status": "cancelled", "at": _iso(at + rng.uniform(600, 86400))})
                break
        if history[-1]["status"] == "delivered" and fate > 0.95:
            history.append({"status": "returned", "at": _iso(placed + 86400 * rng.uniform(8, 25))})
        return [h for h in history if h["at"] <= _iso(now)]

    def orders(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """Stream ``(document id, document)`` for orders ``start..stop-1`` (id = order number)."""
        for i in range(start, self.spec.orders if stop is None else stop):
            doc = self.order(i)
            yield doc["order_number"], doc

    # -- what is hot during a sale ------------------------------------------------------------------
    def hot_order(self, rng: random.Random) -> int:
        """An order index a shopper looks up: mostly recent orders (exponential recency, mean 2% of the
        history), sometimes one of the big sale events, rarely any order."""
        n = self.spec.orders
        roll = rng.random()
        if roll < 0.75:
            back = int(rng.expovariate(1.0 / max(1.0, n * 0.02)))
            return max(0, n - 1 - back)
        if roll < 0.95:
            return min(n - 1, int(n * self._sale_quantile(rng)))
        return rng.randrange(n)

    def _sale_quantile(self, rng: random.Random) -> float:
        _name, day, hour, _extra = rng.choice(SALE_EVENTS)
        offset = (day * 24 + hour + rng.expovariate(1 / 3.0)) * 3600.0
        return float(np.interp(offset, self._hour_edges, self._cdf))


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
