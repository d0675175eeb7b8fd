"""How long `loadtest report` takes for a million samples (goal: well under 10 s on one core).

Writes a synthetic run in the exact file contract of ``loadtests.files`` (three targets, open-loop
schedule, log-normal service times, one stop-the-world stall each; ``tests/report/synthetic.py``),
then renders it and prints the time of each stage.

    .venv/bin/python benchmarks/report_speed.py [--samples 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadtests.report.render import render
from tests.report.synthetic import TargetModel, write_run

TARGETS = (
    TargetModel("cms", median_ms=6.0, stall_ms=900.0),
    TargetModel("g1", median_ms=5.0, stall_ms=250.0),
    TargetModel("zgc", median_ms=5.5, stall_ms=2.0),
)
RATE = 2000.0  # req/s per target


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--samples", type=int, default=1_000_000, help="total samples over all targets")
    parser.add_argument("--keep", type=Path, default=None, help="write the run here instead of a temp dir")
    args = parser.parse_args()
    seconds_per_target = args.samples / len(TARGETS) / RATE
    warmup = min(10.0, seconds_per_target / 10)
    with tempfile.TemporaryDirectory(prefix="report-speed-") as tmp:
        run_dir = args.keep or Path(tmp)
        began = time.perf_counter()
        write_run(run_dir, list(TARGETS), rate=RATE, warmup_s=warmup, measured_s=seconds_per_target - warmup)
        print(f"generated {args.samples:,} samples in {time.perf_counter() - began:.1f} s")
        stages: list[tuple[str, float]] = []
        began = time.perf_counter()
        path = render(run_dir, on_step=lambda name: stages.append((name, time.perf_counter())))
        total = time.perf_counter() - began
        stages.append(("end", time.perf_counter()))
        for (name, start), (_next, stop) in itertools.pairwise(stages):
            print(f"  {name:<20} {stop - start:6.2f} s")
        print(f"rendered {path.name} ({path.stat().st_size / 1024:.0f} KiB) in {total:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
