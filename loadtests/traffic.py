"""What a shopper sends and when: session plans (pure, seeded) and the schedule that paces them.

A *session* is what one person does in the order-tracking box: type an order number (or their e-mail, or a
postcode) one keystroke at a time — each keystroke one search — then pick a result and fetch the order;
or a dispatcher's shipping-zone lookup; or a tracking link that fetches one order's status directly.
Values come from the same seeded ``OrderGenerator`` as the index, skewed to what is hot in a sale
(``OrderGenerator.hot_order``), so prefixes hit real documents.

Timing is an *open* schedule: each request has an intended start = the previous request's intended start
plus a delay (human inter-key delay, reading time, think time; or a fixed interval under ``constant``
timing). It never depends on when the previous response came back, so when the server stalls the
schedule keeps running and the late requests carry the stall in their latency (coordinated omission,
as in wrk2 / Rally's target-throughput mode).
"""

from __future__ import annotations

import functools
import json
import math
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import quote

from loadtests.dataset.index import DEFAULT_INDEX, DEFAULT_LOOKUP, autocomplete_query, zone_query
from loadtests.dataset.orders import DATASET_DAYS, DATASET_START, SHIPPING_ZONES, DatasetSpec, OrderGenerator

SESSION_WEIGHTS: dict[str, float] = {
    "order_number": 45,  # type the order number from the confirmation mail
    "email": 25,  # type the e-mail address
    "postcode": 8,  # type the postcode
    "zone": 10,  # dispatcher: newest orders of a shipping zone
    "status": 12,  # tracking link: fetch one order's status
}
"""How often each kind of session starts (relative weights)."""

KEY_DELAY_S = (0.18, 0.35)
"""Inter-keystroke delay: lognormal (median seconds, sigma). Typing speed of a person, ~5 keys/s."""

PICK_DELAY_S = (1.2, 0.5)
"""Reading the suggestions before clicking one: lognormal (median seconds, sigma)."""

THINK_DELAY_S = (4.0, 0.6)
"""Between two sessions of the same user: lognormal (median seconds, sigma)."""

TYPED_CHARS = {"order_number": (5, 14), "email": (4, 16), "postcode": (2, 7)}
"""How many characters a shopper types before picking a result: uniform (min, max), capped at the value."""

JSON_HEADERS = {"Content-Type": "application/json"}


class Step(NamedTuple):
    """One request of a session: ``delay`` seconds after the previous request's intended start.

    A NamedTuple, not a dataclass: one is built per request, on the generator's hot path."""

    name: str
    method: str
    path: str
    body: bytes | None
    delay: float


@dataclass(frozen=True)
class TrafficConfig:
    """Everything the traffic model needs; identical in every process of a distributed run."""

    dataset: DatasetSpec = field(default_factory=lambda: DatasetSpec(orders=100_000))
    index: str = DEFAULT_INDEX
    lookup: str = DEFAULT_LOOKUP
    rate_per_user: float | None = None
    """Intended requests/s of one user; None = the human model's natural pace."""
    timing: str = "human"
    """``human`` (random human delays, scaled to ``rate_per_user``) or ``constant`` (fixed interval)."""


class SessionPlanner:
    """Builds sessions (lists of ``Step``) for one user from its own seeded RNG."""

    def __init__(
        self, config: TrafficConfig, generator: OrderGenerator, rng: random.Random, scale: float | None = None
    ) -> None:
        self.config = config
        self.orders = generator
        self.rng = rng
        self.kinds = list(SESSION_WEIGHTS)
        self.weights = list(SESSION_WEIGHTS.values())
        self.delay_scale = delay_scale(config) if scale is None else scale
        self.zone_since = datetime.fromtimestamp(
            DATASET_START.timestamp() + (DATASET_DAYS - 7) * 86400, UTC
        ).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _human(self, median_sigma: tuple[float, float]) -> float:
        median, sigma = median_sigma
        return self.rng.lognormvariate(math.log(median), sigma)

    def session(self) -> list[Step]:
        """The requests of the next session, delays in the human model's units (unscaled)."""
        kind = self.rng.choices(self.kinds, self.weights)[0]
        i = self.orders.hot_order(self.rng)
        search, index = f"/{self.config.index}/_search", self.config.index
        steps: list[Step] = []
        if kind in TYPED_CHARS:
            value = self.orders.lookup_value(kind, i)
            low, high = TYPED_CHARS[kind]
            typed = min(len(value), self.rng.randint(low, high))
            name = f"autocomplete:{kind}"
            for n in range(1, typed + 1):
                delay = self._human(THINK_DELAY_S) if n == 1 else self._human(KEY_DELAY_S)
                steps.append(
                    Step(name, "POST", search, _autocomplete_body(self.config.lookup, kind, value[:n]), delay)
                )
            number = value if kind == "order_number" else self.orders.order_number(i)
            steps.append(_fetch("fetch_order", index, number, self._human(PICK_DELAY_S)))
        elif kind == "zone":
            zone = SHIPPING_ZONES[self.rng.randrange(len(SHIPPING_ZONES))]
            body = _json(zone_query(zone, self.zone_since))
            steps.append(Step("zone_lookup", "POST", search, body, self._human(THINK_DELAY_S)))
        else:
            steps.append(
                _fetch("order_status", index, self.orders.order_number(i), self._human(THINK_DELAY_S))
            )
        return steps


def _json(body: dict[str, object]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


@functools.lru_cache(maxsize=65536)
def _autocomplete_body(lookup: str, kind: str, typed: str) -> bytes:
    """Serialised search body of one keystroke; cached: hot prefixes repeat (and keep the hot path cheap)."""
    return _json(autocomplete_query(lookup, kind, typed))


def _fetch(name: str, index: str, order_number: str, delay: float) -> Step:
    return Step(name, "GET", f"/{index}/_doc/{quote(order_number, safe='')}", None, delay)


NATURAL_SAMPLE_SESSIONS = 2000


@functools.cache
def natural_interval() -> float:
    """Mean seconds between two requests of one user under the unscaled human model (seeded estimate)."""
    probe = SessionPlanner(
        TrafficConfig(), OrderGenerator(DatasetSpec(orders=1000, seed=1)), random.Random(12345), 1.0
    )
    total, count = 0.0, 0
    for _ in range(NATURAL_SAMPLE_SESSIONS):
        for step in probe.session():
            total += step.delay
            count += 1
    return total / count


def delay_scale(config: TrafficConfig) -> float:
    """Factor applied to human delays so one user's mean rate is ``rate_per_user``."""
    if config.rate_per_user is None or config.timing == "constant":
        return 1.0
    return (1.0 / config.rate_per_user) / natural_interval()


class Schedule:
    """The intended start times of one user: an open schedule, independent of response times."""

    def __init__(self, planner: SessionPlanner, first_start: float, phase: float) -> None:
        self.planner = planner
        self.steps: deque[Step] = deque()
        cfg = planner.config
        self.interval = 1.0 / cfg.rate_per_user if cfg.timing == "constant" and cfg.rate_per_user else None
        self.scale = planner.delay_scale
        # spread users over one interval so arrivals interleave instead of arriving in lockstep
        first = self._peek()
        self.next_start = first_start + (
            self.interval * phase if self.interval else first.delay * self.scale * phase
        )

    def _peek(self) -> Step:
        if not self.steps:
            self.steps.extend(self.planner.session())
        return self.steps[0]

    def pop(self) -> tuple[float, Step]:
        """The next step and its intended start; advances the schedule to the step after it."""
        step = self.steps.popleft() if self.steps else (self._peek(), self.steps.popleft())[1]
        intended = self.next_start
        following = self._peek()
        self.next_start = intended + (self.interval if self.interval else following.delay * self.scale)
        return intended, step

    def skip_until(self, t: float) -> int:
        """Drop every step intended before ``t``; returns how many. Constant pacing is counted, not
        walked, so a generator far behind a huge target rate does not spend its CPU here."""
        if self.next_start >= t:
            return 0
        if self.interval:
            skipped = math.ceil((t - self.next_start) / self.interval)
            self.next_start += skipped * self.interval
            self.steps.clear()
            return skipped
        skipped = 0
        while self.next_start < t:
            self.pop()
            skipped += 1
        return skipped
