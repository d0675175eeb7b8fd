"""Regenerate the real GC log fixtures in ``tests/data/gclogs/`` by running ``tests/java/GcWorkload.java``.

Each fixture is one directory ``<jdk>-<collector>-<decor>/`` holding what the JVM wrote (``gc.log`` and,
for rotated sets, ``gc.log.0`` ...) and ``manifest.json`` (command line, ``java -version``). Every run
uses Elasticsearch's logging selection ``gc*,gc+age=trace,safepoint`` (ES ``jvm.options``) with the
decoration set the fixture names. Usage::

    .venv/bin/python scripts/make_gc_fixtures.py [--only NAME_SUBSTRING] [--out DIR]

The same ``RUNS`` table drives the live ``realjvm`` test (tests/gclog/test_realjvm.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from advisor.jdks import find_java, find_javac  # noqa: E402

WORKLOAD = REPO / "tests" / "java" / "GcWorkload.java"
FIXTURES = REPO / "tests" / "data" / "gclogs"

ES_SELECTION = "gc*,gc+age=trace,safepoint"
"""What Elasticsearch's default jvm.options logs (``-Xlog:gc*,gc+age=trace,safepoint:file=...``)."""

DECORATIONS = {
    "es": "utctime,level,pid,tags",  # ES 8.7+ default
    "esold": "utctime,pid,tags",  # ES 7.x / 8.0-8.6 default
    "uptime": "uptime,level,tags",
    "uptimemillis": "uptimemillis,tags",
    "time": "time,level,tags",
    "none": "none",
}

COLLECTOR_FLAGS = {
    "g1": ["-XX:+UseG1GC"],
    "cms": ["-XX:+UseConcMarkSweepGC"],
    "parallel": ["-XX:+UseParallelGC"],
    "serial": ["-XX:+UseSerialGC"],
    "shenandoah": ["-XX:+UseShenandoahGC"],
    "zgc": ["-XX:+UseZGC"],
    "zgcexp": ["-XX:+UnlockExperimentalVMOptions", "-XX:+UseZGC"],
    "zgcgen": ["-XX:+UseZGC", "-XX:+ZGenerational"],
}


NO_PACING = ("-XX:+UnlockExperimentalVMOptions", "-XX:+UnlockDiagnosticVMOptions", "-XX:-ShenandoahPacing")


@dataclass(frozen=True)
class Run:
    """One JVM run: JDK, collector, decoration, heap and workload arguments."""

    jdk: int
    collector: str
    decor: str = "es"
    heap: str = "96m"
    seconds: float = 0.6
    live_mb: int = 16
    stress: bool = False
    rotate: str | None = None  # e.g. "filecount=8,filesize=64k"
    gzip_member: str | None = None  # a rotated member to gzip afterwards (as an archive job would)
    compress: bool = False  # gzip gc.log itself (keeps the big stress fixtures small in the repo)
    extra: tuple[str, ...] = field(default_factory=tuple)
    selection: str = ES_SELECTION

    @property
    def name(self) -> str:
        suffix = "-gcdebug" if self.selection != ES_SELECTION else ""
        suffix += "-stress" if self.stress else ""
        suffix += "-rotated" if self.rotate else ""
        return f"jdk{self.jdk}-{self.collector}-{self.decor}{suffix}"

    def java_args(self, log: Path) -> list[str]:
        output = f"file={log}:{DECORATIONS[self.decor]}"
        output += f":{self.rotate}" if self.rotate else ":filecount=0"
        args = [f"-Xmx{self.heap}", f"-Xms{self.heap}", *COLLECTOR_FLAGS[self.collector], *self.extra]
        args.append(f"-Xlog:{self.selection}:{output}")
        workload = [str(self.seconds), str(self.live_mb)] + (["stress"] if self.stress else [])
        return [*args, "-cp", "{classes}", "GcWorkload", *workload]


RUNS: tuple[Run, ...] = (
    Run(11, "g1", "esold", seconds=0.2),
    Run(11, "cms", "esold", seconds=0.35),
    Run(11, "cms", "es", heap="48m", live_mb=20, stress=True, seconds=1.0),
    # CMS logs "Concurrent mode failure" only at debug level: this run shows it, so the inference the
    # info-level parser makes (a full GC while a concurrent cycle runs) can be checked against the JVM.
    Run(
        11, "cms", "es", heap="48m", live_mb=20, stress=True, seconds=1.0, selection="gc*,gc=debug,safepoint"
    ),
    Run(11, "zgcexp", "esold", heap="128m", seconds=0.15),
    Run(11, "parallel", "uptime"),
    Run(11, "serial", "uptimemillis"),
    Run(17, "g1", "es", seconds=0.6),
    Run(17, "g1", "uptime"),
    Run(17, "g1", "uptimemillis"),
    Run(17, "g1", "time", seconds=0.45),
    Run(17, "g1", "none"),
    Run(17, "g1", "es", heap="48m", live_mb=24, stress=True, seconds=0.22, compress=True),
    Run(17, "g1", "es", seconds=1.5, rotate="filecount=5,filesize=32k", gzip_member="gc.log.1"),
    Run(17, "zgc", "es", heap="128m"),
    Run(17, "shenandoah", "es", heap="256m", seconds=0.3),
    # Shenandoah's pacer slows allocating threads instead of failing; without it the cycle degenerates.
    Run(
        17,
        "shenandoah",
        "es",
        heap="40m",
        live_mb=24,
        stress=True,
        seconds=0.1,
        extra=NO_PACING,
        compress=True,
    ),
    Run(17, "parallel", "es"),
    Run(17, "serial", "es"),
    Run(21, "g1", "es"),
    Run(21, "zgc", "es", heap="128m"),
    Run(21, "zgcgen", "es", heap="256m", seconds=0.2),
    Run(21, "zgcgen", "es", heap="48m", live_mb=24, stress=True, seconds=0.09, compress=True),
    Run(25, "g1", "es", seconds=0.4),
    Run(25, "zgc", "es", heap="256m", seconds=0.2),
    Run(25, "parallel", "esold", seconds=1.0, rotate="filecount=4,filesize=40k", gzip_member="gc.log.0"),
)


def compile_workload(dest: Path) -> Path:
    javac = find_javac()
    if javac is None:
        raise SystemExit("no javac found (Debian's openjdk-17-jdk provides one)")
    subprocess.run([str(javac), "--release", "11", "-d", str(dest), str(WORKLOAD)], check=True)
    return dest


def java_version(java: Path) -> str:
    proc = subprocess.run([str(java), "-version"], capture_output=True, text=True, check=False)
    return proc.stderr.strip()


def run_one(run: Run, classes: Path, out_dir: Path, timeout: float = 60.0) -> Path:
    """Run the workload under ``run`` and leave its log file(s) plus manifest.json in ``out_dir``."""
    java = find_java(run.jdk, install=True)
    if java is None:
        raise RuntimeError(f"JDK {run.jdk} not available")
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    log = out_dir / "gc.log"
    args = [a.replace("{classes}", str(classes)) for a in run.java_args(log)]
    proc = subprocess.run([str(java), *args], capture_output=True, text=True, timeout=timeout, check=False)
    if not log.exists():
        raise RuntimeError(
            f"{run.name}: no log written (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
        )
    member_name = "gc.log" if run.compress else run.gzip_member
    if member_name and (out_dir / member_name).exists():
        member = out_dir / member_name
        with member.open("rb") as src, gzip.open(str(member) + ".gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
        member.unlink()
    shown = [a.replace(str(out_dir) + "/", "").replace(str(classes), "CLASSES") for a in args]
    manifest = {
        "name": run.name,
        "jdk": run.jdk,
        "java_version": java_version(java),
        "command": ["java", *shown],
        "exit_code": proc.returncode,
        "stress": run.stress,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return out_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only runs whose name contains this")
    parser.add_argument("--out", type=Path, default=FIXTURES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        classes = compile_workload(Path(tmp))
        for run in RUNS:
            if args.only not in run.name:
                continue
            try:
                out = run_one(run, classes, args.out / run.name)
            except (RuntimeError, subprocess.TimeoutExpired) as err:
                print(f"SKIP {run.name}: {err}", file=sys.stderr)
                continue
            size = sum(p.stat().st_size for p in out.iterdir())
            print(f"{run.name}: {size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
