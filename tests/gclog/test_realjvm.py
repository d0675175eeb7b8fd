"""Regenerate GC logs live with real JVMs (short runs) and check the same invariants as the fixtures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from advisor.gclog.aggregate import summarize
from tests.gclog.invariants import raw_counts

pytestmark = [pytest.mark.realjvm, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def load_fixture_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_gc_fixtures", REPO / "scripts" / "make_gc_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_gc_fixtures"] = module
    spec.loader.exec_module(module)
    return module


FIXTURE_SCRIPT = load_fixture_script()
Run = FIXTURE_SCRIPT.Run

LIVE_RUNS = [
    Run(17, "g1", "es", seconds=0.5),
    Run(
        11, "cms", "es", heap="48m", live_mb=20, stress=True, seconds=0.8, selection="gc*,gc=debug,safepoint"
    ),
    Run(21, "zgcgen", "es", heap="48m", live_mb=24, stress=True, seconds=0.3),
    Run(25, "parallel", "esold", seconds=0.8, rotate="filecount=4,filesize=40k", gzip_member="gc.log.0"),
]


@pytest.fixture(scope="module")
def classes(tmp_path_factory: pytest.TempPathFactory, javac: Path) -> Path:
    return FIXTURE_SCRIPT.compile_workload(tmp_path_factory.mktemp("classes"))


@pytest.mark.parametrize("run", LIVE_RUNS, ids=lambda r: r.name)
def test_live_log_matches_raw_signals(run, classes: Path, java, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    java(run.jdk)  # installs the JDK if missing, fails clearly if impossible
    out = FIXTURE_SCRIPT.run_one(run, classes, tmp_path / run.name, timeout=120)
    files = sorted(p for p in out.iterdir() if p.name.startswith("gc.log"))
    summary = summarize(files)
    raw = raw_counts(files)
    assert summary.unparsed_lines == 0, summary.warnings
    assert summary.pauses.count == len(raw.pauses) > 0
    assert summary.safepoints is not None and summary.safepoints.count == len(raw.safepoints)
    assert raw.unmatched_pauses == []
    assert summary.pauses.total_ms <= summary.safepoints.total_ms + 0.01
    assert summary.bad_events.full_gc == raw.full
    assert summary.bad_events.allocation_stall == raw.stalls
    if raw.mode_failures:
        assert summary.bad_events.concurrent_mode_failure == raw.mode_failures
    if run.rotate:
        assert len(files) > 1 and any(f.suffix == ".gz" for f in files)
