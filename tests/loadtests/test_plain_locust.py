"""Plain Locust (``locust -f loadtests/locustfile.py``) records like ``loadtest run`` does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loadtests.calibrated_target import Calibration, LatencyDist

from .conftest import REPO


@pytest.mark.slow
def test_headless_locust_with_the_locustfile_records_every_request(calibrated, tmp_path: Path) -> None:
    server = calibrated(Calibration(latency=LatencyDist("fixed", 1.0)))
    out = tmp_path / "plain"
    cmd = [
        sys.executable, "-m", "locust", "-f", "loadtests/locustfile.py", "--headless", "--only-summary",
        "-u", "5", "--host", server.url, "--load-profile", "constant", "--load-duration", "3",
        "--load-rate", "50", "--warmup", "1", "--record-dir", str(out),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    samples = pd.read_parquet(out / "samples.parquet")
    run = json.loads((out / "run.json").read_text())
    summary = json.loads((out / "summary.json").read_text())["targets"]["locust"]
    assert (
        run["targets"]["locust"]["requests_sent"]
        == run["targets"]["locust"]["requests_recorded"]
        == len(samples)
    )
    assert set(samples["phase"]) == {"warmup", "measured"}
    assert summary["requests"] == pytest.approx(150, rel=0.1) and summary["errors"] == 0
    assert summary["cancelled"] == 0
