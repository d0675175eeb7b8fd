"""Load shapes: how many shoppers are on the site over time, as Locust ``LoadTestShape`` ticks.

Every profile is a function of the fraction ``f`` of the measured duration to a fraction of the peak
user count, so ``--duration`` and ``--users`` scale it (a laptop run and a distributed run are the same
shape). Before it, ``warmup_s`` seconds at the profile's opening level warm the target (JIT, caches) and
the users; those requests are recorded as phase ``warmup``. ``tick()`` returns ``(users, spawn_rate)``, or
``None`` when the run is over (Locust then stops the users).

Each user keeps its own pace (``rate_per_user``), so the intended total rate follows the user count:
``intended_rate = users * rate_per_user``. Ticks are logged (``ShapeLog``) into ``shape.parquet``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from locust import LoadTestShape

from loadtests.control import control_of
from loadtests.profiles import DEFAULT_PROFILE, MAX_SPAWN_RATE, PROFILES, STOP_GRACE_S, Profile
from loadtests.traffic import natural_interval


@dataclass
class ShapeLog:
    """The shape as it ran: (t, phase, users, intended_rate) rows, one per tick."""

    rows: list[tuple[float, str, int, float]]

    def add(self, t: float, phase: str, users: int, intended_rate: float) -> None:
        self.rows.append((t, phase, users, intended_rate))


class ProfileShape(LoadTestShape):
    """Warm-up at the opening level, then the profile; ``configure()`` before the runner starts it.

    In plain Locust the options come from the command line (``--profile``, ``-u`` = peak users,
    ``--duration``, ``--warmup``) on the first tick.
    """

    use_common_options = True

    def __init__(self) -> None:
        super().__init__()
        self.profile: Profile | None = None
        self.duration_s = 0.0
        self.warmup_s = 0.0
        self.peak_users = 1
        self.rate_per_user: float | None = None
        self.log = ShapeLog([])
        self.epoch_start = time.time()

    def configure(
        self, profile: str, duration_s: float, peak_users: int, warmup_s: float, rate_per_user: float | None
    ) -> ProfileShape:
        self.profile = PROFILES[profile]
        self.duration_s = float(duration_s)
        self.peak_users = max(1, int(peak_users))
        self.warmup_s = max(0.0, float(warmup_s))
        self.rate_per_user = rate_per_user
        return self

    def reset_time(self) -> None:
        super().reset_time()
        self.epoch_start = time.time()

    @property
    def measured_from(self) -> float:
        """Epoch seconds where the measured phase starts."""
        return self.epoch_start + self.warmup_s

    def users_at(self, run_time: float) -> int | None:
        """Target users ``run_time`` seconds after start; None once warm-up + duration are over."""
        assert self.profile is not None
        if run_time >= self.warmup_s + self.duration_s:
            return None
        f = max(0.0, run_time - self.warmup_s) / self.duration_s
        return max(1, round(self.peak_users * self.profile.level(f)))

    def tick(self) -> tuple[int, float] | None:
        if self.profile is None:
            self._configure_from_options()
        assert self.profile is not None
        run_time = self.get_run_time()
        control = control_of(self.runner.environment) if self.runner is not None else None
        end_at = self.epoch_start + self.warmup_s + self.duration_s
        if control is not None:
            control.end_at = end_at
        recorder = getattr(self.runner.environment, "loadtest_recorder", None) if self.runner else None
        if recorder is not None:
            recorder.measured_from = self.measured_from
        users = self.users_at(run_time)
        if users is None:  # schedule over: let in-flight requests finish (bounded), then stop
            if control is None or control.drained(time.time()) or time.time() > end_at + STOP_GRACE_S:
                return None
            users = self.users_at(self.warmup_s + self.duration_s * 0.999) or 1
        running = self.runner.user_count if self.runner is not None else users
        phase = "warmup" if run_time < self.warmup_s else "measured"
        rate = running * self.rate_per_user if self.rate_per_user else float("nan")
        self.log.add(time.time(), phase, running, rate)
        spawn_rate = min(MAX_SPAWN_RATE, max(1.0, self.peak_users / self.profile.drop_seconds))
        return users, spawn_rate

    def _configure_from_options(self) -> None:
        opts = self.runner.environment.parsed_options if self.runner is not None else None
        profile = getattr(opts, "lt_profile", None) or DEFAULT_PROFILE
        users = int(getattr(opts, "num_users", None) or 10)
        duration = getattr(opts, "lt_duration", None) or PROFILES[profile].default_duration_s
        rate = getattr(opts, "lt_rate", None)
        per_user = rate / users if rate else 1.0 / natural_interval()
        self.configure(profile, duration, users, getattr(opts, "lt_warmup", 0) or 0, per_user)
