"""``loadtest run``: the same profile and dataset against each target in turn, Locust in-process.

Per target: describe it (version, nodes, JVM flags: ``run.json``), read the dataset spec the seeder left in
the index ``_meta`` (a target that already answers queries needs no seeding; without ``_meta`` the
command-line dataset spec is used), start node-stats polling, then one Locust ``LocalRunner`` runs the
warm-up and the measured phase of the shape. Every run is bounded three ways: the shape ends, the request
budget (``--max-requests``) stops the users, and a hard deadline quits the runner whatever happens.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from loadtests import files
from loadtests.dataset.index import DEFAULT_LOOKUP, LOOKUP_MODES
from loadtests.dataset.orders import DatasetSpec
from loadtests.targets import Http, Target, describe, index_meta
from loadtests.traffic import TrafficConfig

STOP_TIMEOUT_S = 15.0
"""Grace for in-flight requests when a phase ends (a request still unanswered after it is ``cancelled``)."""

DEADLINE_SLACK_S = 10.0
"""The hard deadline is warm-up + duration + stop grace + this."""


@dataclass
class RunSpec:
    """What to run; identical for every target."""

    profile: str
    duration_s: float
    users: int
    rate: float
    """Peak total intended rate, requests/s (at peak users)."""
    warmup_s: float
    max_requests: int
    dataset: DatasetSpec
    index: str = "orders"
    lookup: str | None = None
    """Lookup mode; None = what the index ``_meta`` says, else edge_ngram."""
    stop_timeout_s: float = STOP_TIMEOUT_S

    @property
    def rate_per_user(self) -> float:
        return self.rate / self.users


def default_max_requests(rate: float, seconds: float) -> int:
    """A generous bound: 1.5 times what the schedule can ask for at peak, plus 1000."""
    return math.ceil(rate * seconds * 1.5) + 1000


@dataclass
class TargetOutcome:
    info: dict[str, Any]
    phases: dict[str, dict[str, float]] = field(default_factory=dict)
    requests_sent: int = 0
    requests_recorded: int = 0
    requests_not_sent: int = 0
    """Due inside the measured window, never sent: the window closed while their users were behind."""
    stopped_by: str | None = None
    generator: dict[str, Any] = field(default_factory=dict)
    """CPU the load generator process used during the measured phase (near 1.0 = saturated)."""


def _options(spec: RunSpec, config: TrafficConfig) -> argparse.Namespace:
    return argparse.Namespace(
        headless=False,
        num_users=spec.users,
        tags=None,
        exclude_tags=None,
        enable_rebalancing=False,
        lt_profile=spec.profile,
        lt_rate=spec.rate,
        lt_orders=config.dataset.orders,
        lt_seed=config.dataset.seed,
        lt_index=config.index,
        lt_lookup=config.lookup,
    )


def _traffic(spec: RunSpec, meta: dict[str, Any]) -> TrafficConfig:
    dataset = spec.dataset
    if isinstance(meta.get("orders"), int) and isinstance(meta.get("seed"), int):
        dataset = DatasetSpec(orders=meta["orders"], seed=meta["seed"])
    seeded = meta.get("lookup") if meta.get("lookup") in LOOKUP_MODES else None
    if seeded and spec.lookup and spec.lookup != seeded:
        # the index only has the fields of the mode it was seeded with: other queries would measure errors
        print(
            f"warning: --lookup {spec.lookup} asked, but index '{spec.index}' was seeded for {seeded}; "
            f"querying it as {seeded}",
            file=sys.stderr,
        )
    lookup = seeded or spec.lookup or DEFAULT_LOOKUP
    return TrafficConfig(
        dataset=dataset,
        index=spec.index,
        lookup=lookup,
        rate_per_user=spec.rate_per_user,
        timing="constant" if spec.profile == "constant" else "human",
    )


def run_target(
    spec: RunSpec,
    target: Target,
    recorder: Any,
    shape_rows: list[tuple[Any, ...]],
    gc_rows: list[tuple[Any, ...]],
    progress: Any = None,
) -> TargetOutcome:
    """Warm-up + measured phase against one target; samples go to ``recorder``."""
    import gevent
    from locust.env import Environment
    from locust.runners import STATE_STOPPED

    from loadtests.control import RunControl, install_control
    from loadtests.gcpoll import GcPoller
    from loadtests.shapes import ProfileShape
    from loadtests.users import OrderLookupShopper, set_traffic_config

    http = Http(target)
    outcome = TargetOutcome(info=describe(http))
    config = _traffic(spec, index_meta(http, spec.index))
    outcome.info["dataset"] = {**asdict(config.dataset), "index": config.index, "lookup": config.lookup}

    OrderLookupShopper.reset_numbering()  # user k gets the same seeded sessions on every target: same traffic
    user_class: type[OrderLookupShopper] = OrderLookupShopper
    if target.headers:
        user_class = type(
            "OrderLookupShopper", (OrderLookupShopper,), {"default_headers": dict(target.headers)}
        )
    shape = ProfileShape().configure(
        spec.profile, spec.duration_s, spec.users, spec.warmup_s, spec.rate_per_user
    )
    env = Environment(
        user_classes=[user_class],
        shape_class=shape,
        host=target.url,
        stop_timeout=spec.stop_timeout_s,
        parsed_options=_options(spec, config),
    )
    set_traffic_config(env, config)
    runner = env.create_local_runner()
    control = install_control(
        env, RunControl(spec.max_requests, on_exhausted=lambda: gevent.spawn(runner.stop))
    )
    recorder.target = target.label
    recorder.attach(env.events)
    poller = GcPoller(target).start()
    recorded_before = recorder.recorded
    try:
        runner.start_shape()
        recorder.measured_from = shape.measured_from
        start = shape.epoch_start
        control.end_at = shape.measured_from + spec.duration_s
        deadline = control.end_at + spec.stop_timeout_s + DEADLINE_SLACK_S
        total = spec.warmup_s + spec.duration_s
        cpu_mark: tuple[float, int] | None = None
        while runner.state != STATE_STOPPED:
            gevent.sleep(0.1)
            now = time.time()
            if cpu_mark is None and now >= shape.measured_from:
                cpu_mark = (time.process_time(), control.sent)
            if progress is not None:
                progress(min(total, now - start), total, recorder.recorded - recorded_before)
            if control.drained(now):
                break
            if now > deadline:
                control.stop("deadline")
                break
        end = min(time.time(), control.end_at)
        if cpu_mark is not None:
            cpu_s = time.process_time() - cpu_mark[0]
            outcome.generator = {
                "cpu_s": round(cpu_s, 3),
                "requests": control.sent - cpu_mark[1],
                "cpu_fraction": round(cpu_s / max(1e-9, time.time() - shape.measured_from), 3),
            }
        runner.stop()
    finally:
        poller.stop()
        recorder.detach(env.events)
        if runner.state != STATE_STOPPED:
            runner.quit()
    outcome.phases = {
        "warmup": {"start": start, "end": shape.measured_from},
        "measured": {"start": shape.measured_from, "end": end},
    }
    outcome.requests_sent = control.sent
    outcome.requests_recorded = recorder.recorded - recorded_before
    outcome.requests_not_sent = control.not_sent
    outcome.stopped_by = control.stopped_by
    shape_rows.extend((target.label, phase, t, users, rate) for t, phase, users, rate in shape.log.rows)
    gc_rows.extend(poller.rows)
    outcome.info["gc_poll_failures"] = poller.failures
    return outcome


def run_all(
    spec: RunSpec, targets: list[Target], out_dir: Path, progress_factory: Any = None
) -> dict[str, Any]:
    """Run every target, write samples/gc/shape/run.json; returns the run.json document."""
    from loadtests import __version__
    from loadtests.recorder import SampleRecorder

    out_dir.mkdir(parents=True, exist_ok=True)
    recorder = SampleRecorder(out_dir / files.SAMPLES)
    shape_rows: list[tuple[Any, ...]] = []
    gc_rows: list[tuple[Any, ...]] = []
    run_info: dict[str, Any] = {
        "tool_version": __version__,
        "profile": spec.profile,
        "parameters": {
            "duration_s": spec.duration_s,
            "warmup_s": spec.warmup_s,
            "users": spec.users,
            "rate": spec.rate,
            "max_requests": spec.max_requests,
            "dataset": {**asdict(spec.dataset), "index": spec.index, "lookup": spec.lookup or "auto"},
        },
        "targets": {},
        "started_at": time.time(),
    }
    try:
        for target in targets:
            progress = progress_factory(target) if progress_factory else None
            outcome = run_target(spec, target, recorder, shape_rows, gc_rows, progress)
            run_info["targets"][target.label] = {
                **outcome.info,
                "phases": outcome.phases,
                "requests_sent": outcome.requests_sent,
                "requests_recorded": outcome.requests_recorded,
                "requests_not_sent": outcome.requests_not_sent,
                "stopped_by": outcome.stopped_by,
                "generator": outcome.generator,
            }
    finally:
        recorder.close()
        run_info["recorder_failures"] = recorder.failures
        run_info["recorder_last_failure"] = recorder.last_failure
        run_info["finished_at"] = time.time()
        files.write_rows(out_dir / files.SHAPE, files.SHAPE_SCHEMA, shape_rows)
        files.write_rows(out_dir / files.GC, files.GC_SCHEMA, gc_rows)
        (out_dir / files.RUN).write_text(json.dumps(run_info, indent=2, default=str) + "\n")
    return run_info
