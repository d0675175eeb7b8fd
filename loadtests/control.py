"""Run bounds shared by every user of one Locust environment: a request budget and a stop flag.

Every run stops by itself: the shape ends at its duration, and ``RunControl`` refuses new requests once
``max_requests`` were sent or ``stop()`` was called. ``sent`` is counted before a request goes out, so
``sent == recorded`` (checked in the summary) proves no request vanished between the two.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

DEFAULT_MAX_REQUESTS = 5_000_000
"""Budget when nobody gives one (plain Locust): a bound, not a target."""


class RunControl:
    def __init__(
        self, max_requests: int = DEFAULT_MAX_REQUESTS, on_exhausted: Callable[[], Any] | None = None
    ):
        self.max_requests = max_requests
        self.end_at = float("inf")
        """Epoch seconds: requests intended at or after this are not sent (the schedule is over)."""
        self.sent = 0
        """Requests handed to the HTTP client (counted before sending)."""
        self.in_flight = 0
        """Requests sent and not yet answered."""
        self.not_sent = 0
        """Requests intended inside the window that were never sent because the window closed while their
        user was still behind schedule (a stall at the end): a shortfall, counted into the intended rate."""
        self.stopping = False
        self.stopped_by: str | None = None
        """Why the run stopped early: ``max_requests`` or a caller's reason; None if the shape ended it."""
        self._on_exhausted = on_exhausted

    def admit(self, intended_start: float) -> bool:
        """May the request intended at ``intended_start`` be sent? Counts it if so (call ``done()`` after)."""
        if self.stopping or intended_start >= self.end_at or time.time() >= self.end_at:
            # the schedule is over: a backlog of late requests is not sent (count_not_sent records the shortfall)
            return False
        if self.sent >= self.max_requests:
            self.stop("max_requests")
            return False
        self.sent += 1
        self.in_flight += 1
        return True

    def count_not_sent(self, intended_start: float, schedule: Any) -> None:
        """A refused request and the rest of its user's backlog that was due before ``end_at``.

        Not counted after ``stop()`` (a request budget is the user's choice, not a shortfall)."""
        if self.stopping or intended_start >= self.end_at or self.end_at == float("inf"):
            return
        self.not_sent += 1 + schedule.skip_until(self.end_at)

    def done(self) -> None:
        self.in_flight -= 1

    def drained(self, now: float) -> bool:
        """The schedule is over (or the run stopped) and nothing is in flight."""
        return (self.stopping or now >= self.end_at) and self.in_flight == 0

    def stop(self, reason: str) -> None:
        if not self.stopping:
            self.stopping = True
            self.stopped_by = reason
            if self._on_exhausted is not None:
                self._on_exhausted()


_ATTRIBUTE = "loadtest_control"


def control_of(environment: Any) -> RunControl:
    """The environment's RunControl (created with the default budget on first use)."""
    ctl = getattr(environment, _ATTRIBUTE, None)
    if ctl is None:
        ctl = RunControl()
        setattr(environment, _ATTRIBUTE, ctl)
    return ctl


def install_control(environment: Any, ctl: RunControl) -> RunControl:
    setattr(environment, _ATTRIBUTE, ctl)
    return ctl
