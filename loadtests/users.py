"""The Locust user: a shopper (or dispatcher) following an open, paced schedule of order lookups.

Each task run is ONE request, so Locust can stop a user between requests (graceful ``stop_timeout``) and
never has to kill one mid-request. ``wait_time`` returns the time left until the next *intended* start
from ``traffic.Schedule`` — zero when the user is behind schedule (after a stall it catches up at once,
which is what the shoppers who kept typing would have done). The intended start travels with the
request in Locust's request ``context`` to ``loadtests.recorder``.

Configuration (dataset, index, lookup mode, pace) comes from ``traffic_config(environment)``, built from
the parsed command-line options (plain Locust: the options ``loadtests/locustfile.py`` adds;
``loadtest run``: a namespace with the same names).
"""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

import gevent
from gevent import GreenletExit
from locust import FastHttpUser, task
from locust.exception import StopUser

from loadtests.control import control_of
from loadtests.dataset.orders import DatasetSpec, OrderGenerator, mix
from loadtests.traffic import JSON_HEADERS, Schedule, SessionPlanner, TrafficConfig, natural_interval

GOLDEN = 0.6180339887498949
"""User k starts at phase frac(k * GOLDEN) of its interval: low-discrepancy, whatever the user count."""

REQUEST_TIMEOUT_S = 10.0
"""A request without a complete answer after this long is recorded as a ``timeout`` error."""

_CONFIG_ATTRIBUTE = "loadtest_traffic"


class RequestCancelled(Exception):
    """The run stopped while this request was in flight (recorded as a ``cancelled`` error)."""


def traffic_config(environment: Any) -> tuple[TrafficConfig, OrderGenerator]:
    """The environment's traffic config and generator, built once from ``environment.parsed_options``."""
    cached = getattr(environment, _CONFIG_ATTRIBUTE, None)
    if cached is None:
        opts = environment.parsed_options
        users = max(1, int(getattr(opts, "num_users", None) or 1))
        rate = getattr(opts, "lt_rate", None)
        config = TrafficConfig(
            dataset=DatasetSpec(
                orders=int(getattr(opts, "lt_orders", 100_000)), seed=int(getattr(opts, "lt_seed", 42))
            ),
            index=getattr(opts, "lt_index", "orders"),
            lookup=getattr(opts, "lt_lookup", "edge_ngram"),
            rate_per_user=(float(rate) / users) if rate else 1.0 / natural_interval(),
            timing="constant" if getattr(opts, "lt_profile", "") == "constant" else "human",
        )
        cached = (config, OrderGenerator(config.dataset))
        setattr(environment, _CONFIG_ATTRIBUTE, cached)
    return cached


def set_traffic_config(environment: Any, config: TrafficConfig) -> None:
    setattr(environment, _CONFIG_ATTRIBUTE, (config, OrderGenerator(config.dataset)))


class OrderLookupShopper(FastHttpUser):
    """Types order numbers / e-mails / postcodes, picks a result, fetches the order; zone and status lookups."""

    network_timeout = REQUEST_TIMEOUT_S
    connection_timeout = REQUEST_TIMEOUT_S
    _numbers = itertools.count()

    @classmethod
    def reset_numbering(cls) -> None:
        """Start user numbers (and so each user's RNG seed and phase) at 0 again, e.g. for the next target."""
        OrderLookupShopper._numbers = itertools.count()

    def on_start(self) -> None:
        config, generator = traffic_config(self.environment)
        number = next(OrderLookupShopper._numbers)
        rng = random.Random(mix(config.dataset.seed, number, 77))
        self.schedule = Schedule(SessionPlanner(config, generator, rng), time.time(), (number * GOLDEN) % 1.0)
        self.control = control_of(self.environment)

    def wait_time(self) -> float:  # type: ignore[override]
        return max(0.0, self.schedule.next_start - time.time())

    def _wait_until(self, intended: float) -> None:
        """Never send before the intended start. Locust runs a user's first task right after ``on_start``
        without asking ``wait_time``, so without this a newly spawned user's first request would go out
        early (up to one interval) and record a latency that is too small, even negative."""
        delay = min(intended, self.control.end_at) - time.time()
        if delay > 0:
            gevent.sleep(delay)

    @task
    def next_request(self) -> None:
        intended, step = self.schedule.pop()
        self._wait_until(intended)
        if not self.control.admit(intended):
            self.control.count_not_sent(intended, self.schedule)
            raise StopUser()
        context = {"intended_start": intended}
        sent_at = time.time()
        try:
            self.client.request(
                step.method,
                step.path,
                name=step.name,
                data=step.body,  # type: ignore[arg-type]  # geventhttpclient sends bytes as they are
                headers=JSON_HEADERS if step.body else None,
                context=context,
            )
        except GreenletExit:
            self.environment.events.request.fire(
                request_type=step.method,
                name=step.name,
                response_time=(time.time() - sent_at) * 1000.0,
                response_length=0,
                response=None,
                context=context,
                exception=RequestCancelled("run stopped while the request was in flight"),
                start_time=sent_at,
            )
            raise
        finally:
            self.control.done()
