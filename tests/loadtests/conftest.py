"""Fixtures for the load-test suite: a calibrated target on 127.0.0.1 and the ``loadtest`` CLI in a subprocess.

Locust monkey-patches the whole process with gevent when imported, so nothing here imports it: runs go
through the CLI in a child process (which is also how people use it), the target runs on threads here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from loadtests.calibrated_target import CalibratedServer, Calibration, serve_in_thread

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def calibrated() -> Iterator[Callable[..., CalibratedServer]]:
    """``calibrated(Calibration(...))`` → a running server; every one is shut down at teardown."""
    servers: list[CalibratedServer] = []

    def start(calibration: Calibration | None = None) -> CalibratedServer:
        server, _thread = serve_in_thread(calibration or Calibration())
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def run_cli(*args: str, timeout: float = 90.0) -> subprocess.CompletedProcess[str]:
    """``loadtest ARGS`` in a child process (killed on timeout: the test fails, nothing is left running)."""
    return subprocess.run(
        [sys.executable, "-m", "loadtests.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


def loadtest_run(
    url: str, out: Path, *extra: str, timeout: float = 90.0
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run ``loadtest run --json`` against ``url``; returns (summary.json, run.json), asserting success."""
    proc = run_cli("run", "--target", f"cal={url}", "--out", str(out), "--json", *extra, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = json.loads(proc.stdout)
    assert summary == json.loads((out / "summary.json").read_text())
    return summary, json.loads((out / "run.json").read_text())
