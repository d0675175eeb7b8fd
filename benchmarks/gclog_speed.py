"""GC log reading speed and memory (a benchmark, not a test): ``.venv/bin/python benchmarks/gclog_speed.py``.

1. Runs a real JDK 17 G1 JVM (tests/java/GcWorkload.java) with Elasticsearch's verbose logging
   (``-Xlog:gc*,gc+age=trace,safepoint:...:utctime,level,pid,tags``), or takes ``--log FILE``.
2. Grows it to the target sizes by concatenating the real content, each copy shifted by whole days
   (the date in the ``utctime`` decoration is rewritten), so timestamps stay increasing.
3. Reports single-core MB/s and peak RSS (``resource.getrusage`` of a child process) for two sizes
   (memory must stay flat), ``grep -c Pause`` time on the same file, and a rotated set (the big file
   cut into members) parsed on all cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SIZES_MB = (50, 200)
ROTATED_MEMBERS = 8


def generate_base(out: Path, seconds: float) -> Path:
    sys.path.insert(0, str(REPO / "scripts"))
    from make_gc_fixtures import Run, compile_workload, run_one

    classes = compile_workload(out / "classes")
    run = Run(17, "g1", "es", heap="256m", seconds=seconds, live_mb=64)
    return run_one(run, classes, out / "base", timeout=seconds + 60) / "gc.log"


def grow(base: Path, target: Path, size_mb: int) -> Path:
    """Concatenate real content, shifting the date by one day per copy, until ``size_mb``."""
    content = base.read_bytes()
    first = re.search(rb"\[(\d{4}-\d\d-\d\d)T", content)
    if first is None:
        raise SystemExit(f"{base}: no utctime decoration to shift")
    day = date.fromisoformat(first.group(1).decode())
    written = 0
    copy = 0
    with target.open("wb") as out:
        while written < size_mb * 1024 * 1024:
            shifted = (day + timedelta(days=copy)).isoformat().encode()
            chunk = content.replace(b"[" + first.group(1) + b"T", b"[" + shifted + b"T")
            out.write(chunk)
            written += len(chunk)
            copy += 1
    return target


def measure(paths: list[Path], repeat: int = 1) -> dict[str, float]:
    """Summarise in a fresh child process ``repeat`` times; the run with the least CPU time (the one
    other load on a shared machine disturbed least), with its wall time and peak RSS."""
    runs = []
    for _ in range(repeat):
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, *map(str, paths)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        runs.append(json.loads(proc.stdout))
    result: dict[str, float] = min(runs, key=lambda run: run["cpu_seconds"])
    result["runs"] = len(runs)
    size = sum(p.stat().st_size for p in paths) / 1024 / 1024
    result["size_mb"] = round(size, 1)
    result["mb_per_s_wall"] = round(size / result["seconds"], 1)
    result["mb_per_s_cpu"] = round(size / result["cpu_seconds"], 1)
    return result


CHILD = """
import json, resource, sys, time
from advisor.gclog.aggregate import summarize
wall, cpu = time.perf_counter(), time.process_time()
summary = summarize(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": round(time.perf_counter() - wall, 3),
    "cpu_seconds": round(time.process_time() - cpu + children.ru_utime + children.ru_stime, 3),
    "peak_rss_mb": round(max(usage.ru_maxrss, children.ru_maxrss) / 1024, 1),
    "pauses": summary.pauses.count,
    "unparsed": summary.unparsed_lines,
}))
"""
"""Runs in a fresh interpreter so peak RSS is the parser's alone (workers' RSS included for sets)."""


CALIBRATION_LOOP = 10_000_000
TYPICAL_CORE_LOOP_S = 0.35
"""CPU seconds for ``CALIBRATION_LOOP`` additions in CPython 3.11 on a typical 2020s desktop core."""


def calibration_s() -> float:
    """CPU seconds this machine needs for ``CALIBRATION_LOOP`` Python additions (process time, so load
    from other processes counts only through cache/SMT sharing): scales the MB/s to other machines."""
    start = time.process_time()
    total = 0
    for value in range(CALIBRATION_LOOP):
        total += value
    return round(time.process_time() - start, 3)


def grep_seconds(path: Path) -> float:
    """Wall time of ``grep -c Pause`` on the same file (the floor any reader is compared with)."""
    start = time.perf_counter()
    subprocess.run(["grep", "-c", "Pause", str(path)], capture_output=True, check=False)
    return time.perf_counter() - start


def split(path: Path, members: int, out_dir: Path) -> list[Path]:
    """Cut ``path`` at line ends into a rotated set (``gc.log.0`` oldest ... ``gc.log`` newest)."""
    part = path.stat().st_size // members + 1
    files = []
    with path.open("rb") as src:
        for index in range(members):
            name = out_dir / ("gc.log" if index == members - 1 else f"gc.log.{index}")
            name.write_bytes(src.read(part) + src.readline())
            files.append(name)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description="GC log parsing speed")
    parser.add_argument("--log", type=Path, help="use this ES-style G1 log instead of running a JVM")
    parser.add_argument("--seconds", type=float, default=8.0, help="JVM run time when generating")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES_MB), help="file sizes in MB")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement (the least CPU time is kept)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gclog-bench-") as tmp:
        work = Path(tmp)
        base = args.log or generate_base(work, args.seconds)
        print(f"base log: {base} ({base.stat().st_size / 1024 / 1024:.1f} MB)")
        loop_s = calibration_s()
        print(
            f"calibration: {CALIBRATION_LOOP:,} additions took {loop_s} s CPU (typical core ~{TYPICAL_CORE_LOOP_S} s)"
        )
        biggest = None
        for size in args.sizes:
            big = grow(base, work / f"big-{size}.log", size)
            result = measure([big], args.repeat)
            grep_s = grep_seconds(big)
            result["grep_c_pause_s"] = round(grep_s, 3)
            result["ratio_to_grep"] = round(result["seconds"] / grep_s, 1)
            result["load_avg"] = round(os.getloadavg()[0], 1)
            result["mb_per_s_cpu_scaled_to_typical_core"] = round(
                result["mb_per_s_cpu"] * loop_s / TYPICAL_CORE_LOOP_S, 1
            )
            print(f"single core: {json.dumps(result)}")
            biggest = big
        assert biggest is not None
        rotated_dir = work / "rotated"
        rotated_dir.mkdir()
        members = split(biggest, ROTATED_MEMBERS, rotated_dir)
        result = measure(members, args.repeat)
        result["cores"] = os.cpu_count() or 1
        print(f"rotated set ({ROTATED_MEMBERS} members, all cores): {json.dumps(result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
