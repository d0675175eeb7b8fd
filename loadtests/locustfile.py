"""Plain-Locust entry point: ``locust -f loadtests/locustfile.py --host http://127.0.0.1:9200``.

Works with the web UI, ``--headless``, ``--processes N`` and ``--master``/``--worker``. Locust's own
``-u`` is the PEAK user count of the load shape; the options below add what ``loadtest run`` has
(``--load-profile``, ``--load-duration``, ``--load-rate``, …). With ``--record-dir DIR`` every request is
recorded like ``loadtest run`` does (``DIR/samples.parquet``; one ``samples-<worker>.parquet`` per worker
process in distributed runs, whose phases are not split: use ``--warmup 0``), node stats are polled into
``DIR/gc.parquet`` and the shape into ``shape.parquet`` (local runner and master), ``run.json`` is written
at the end and, for a local run, ``summary.json`` (distributed: ``loadtests.summary.write_summary(DIR)``
once the workers have exited). Without ``--stop-timeout`` users get 10 s to finish their request.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from locust import events
from locust.runners import LocalRunner, MasterRunner, WorkerRunner

from loadtests import files
from loadtests.control import DEFAULT_MAX_REQUESTS, RunControl, install_control
from loadtests.dataset.index import DEFAULT_INDEX, LOOKUP_MODES
from loadtests.profiles import DEFAULT_PROFILE, PROFILES
from loadtests.shapes import ProfileShape
from loadtests.users import OrderLookupShopper

__all__ = ["OrderLookupShopper", "ProfileShape"]

DEFAULT_STOP_TIMEOUT_S = 10.0
"""Locust's ``--stop-timeout`` when none is given: users finish their request before they stop."""


@events.init_command_line_parser.add_listener
def _add_options(parser: Any) -> None:
    group = parser.add_argument_group("es-jvm-advisor load test")
    group.add_argument("--load-profile", dest="lt_profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE)
    group.add_argument(
        "--load-duration", dest="lt_duration", type=float, default=None, help="measured seconds"
    )
    group.add_argument("--load-rate", dest="lt_rate", type=float, default=None, help="peak total req/s")
    group.add_argument("--warmup", dest="lt_warmup", type=float, default=0.0, help="warm-up seconds")
    group.add_argument("--orders", dest="lt_orders", type=int, default=100_000, help="dataset size")
    group.add_argument("--dataset-seed", dest="lt_seed", type=int, default=42)
    group.add_argument("--index", dest="lt_index", default=DEFAULT_INDEX)
    group.add_argument("--lookup", dest="lt_lookup", choices=LOOKUP_MODES, default="edge_ngram")
    group.add_argument("--max-requests", dest="lt_max_requests", type=int, default=DEFAULT_MAX_REQUESTS)
    group.add_argument("--record-dir", dest="lt_record_dir", default="", help="record samples here")
    group.add_argument("--target-label", dest="lt_label", default="locust")


class _PlainRun:
    """Recording and polling for a plain-Locust process (created at ``init``)."""

    def __init__(self, environment: Any) -> None:
        from loadtests.gcpoll import GcPoller
        from loadtests.recorder import SampleRecorder
        from loadtests.targets import parse_url

        opts = environment.parsed_options
        self.environment = environment
        self.dir = Path(opts.lt_record_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        runner = environment.runner
        self.recorder: SampleRecorder | None = None
        if not isinstance(runner, MasterRunner):
            name = files.SAMPLES if isinstance(runner, LocalRunner) else f"samples-{runner.client_id}.parquet"
            self.recorder = SampleRecorder(self.dir / name, target=opts.lt_label)
            self.recorder.attach(environment.events)
            environment.loadtest_recorder = self.recorder
        self.poller = None
        if not isinstance(runner, WorkerRunner) and environment.host:
            target = parse_url(environment.host, opts.lt_label, allow_remote=True)  # the user chose the host
            self.poller = GcPoller(target)
        self.started = time.time()

    def start(self) -> None:
        if self.poller is not None and self.poller._loop is None:
            self.poller.start()

    def finish(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
        if isinstance(self.environment.runner, WorkerRunner):
            return
        if self.poller is not None:
            self.poller.stop()
            files.write_rows(self.dir / files.GC, files.GC_SCHEMA, self.poller.rows)
        shape = self.environment.shape_class
        label = self.environment.parsed_options.lt_label
        if isinstance(shape, ProfileShape):
            rows = [(label, phase, t, users, rate) for t, phase, users, rate in shape.log.rows]
            files.write_rows(self.dir / files.SHAPE, files.SHAPE_SCHEMA, rows)
        self._write_run(shape, label)
        if isinstance(self.environment.runner, LocalRunner):
            from loadtests.summary import write_summary

            write_summary(self.dir)

    def _write_run(self, shape: Any, label: str) -> None:
        control = getattr(self.environment, "loadtest_control", None)
        measured_from = shape.measured_from if isinstance(shape, ProfileShape) else self.started
        measured_end = min(time.time(), control.end_at) if control else time.time()
        run = {
            "profile": shape.profile.name if isinstance(shape, ProfileShape) and shape.profile else None,
            "parameters": {
                k[3:]: v for k, v in vars(self.environment.parsed_options).items() if k.startswith("lt_")
            },
            "targets": {
                label: {
                    "url": self.poller.target.url if self.poller else None,
                    "phases": {
                        "warmup": {"start": self.started, "end": measured_from},
                        "measured": {"start": measured_from, "end": measured_end},
                    },
                    "requests_sent": control.sent if control else None,
                    "requests_recorded": self.recorder.recorded if self.recorder else None,
                    "stopped_by": control.stopped_by if control else None,
                }
            },
            "recorder_failures": self.recorder.failures if self.recorder else None,
        }
        (self.dir / files.RUN).write_text(json.dumps(run, indent=2, default=str) + "\n")


@events.init.add_listener
def _on_init(environment: Any, **_kwargs: Any) -> None:
    opts = environment.parsed_options
    if opts is None:
        return
    install_control(environment, RunControl(int(getattr(opts, "lt_max_requests", DEFAULT_MAX_REQUESTS))))
    if not environment.stop_timeout:  # let in-flight requests finish when users stop (else: "cancelled")
        environment.stop_timeout = DEFAULT_STOP_TIMEOUT_S
    if getattr(opts, "lt_record_dir", ""):
        environment.loadtest_plain_run = _PlainRun(environment)


@events.test_start.add_listener
def _on_test_start(environment: Any, **_kwargs: Any) -> None:
    plain = getattr(environment, "loadtest_plain_run", None)
    if plain is not None:
        plain.start()


@events.quitting.add_listener
def _on_quitting(environment: Any, **_kwargs: Any) -> None:
    plain = getattr(environment, "loadtest_plain_run", None)
    if plain is not None:
        plain.finish()
