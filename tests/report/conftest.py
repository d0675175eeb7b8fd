"""Fixtures for the report tests: run directories in the exact file contract of ``loadtests.files``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.synthetic import TargetModel, write_run

STALLING = TargetModel("g1", median_ms=5.0, stall_at_s=10.0, stall_ms=800.0)
STEADY = TargetModel("zgc", median_ms=5.0, stall_at_s=10.0, stall_ms=20.0, error_every=50)


@pytest.fixture(scope="session")
def model_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A run of a target with an 800 ms GC stall at 10 s and one with a 20 ms pause and 2 % errors."""
    run_dir = tmp_path_factory.mktemp("model-run")
    summary = write_run(run_dir, [STALLING, STEADY])
    return run_dir, summary


@pytest.fixture()
def fresh_run(tmp_path: Path) -> Path:
    """A small run directory a test may damage."""
    write_run(tmp_path / "run", [STALLING], measured_s=12.0, rate=50.0)
    return tmp_path / "run"
