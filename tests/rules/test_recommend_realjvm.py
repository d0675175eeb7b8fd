"""End to end: recommend() → jvm.options.d files on top of Elasticsearch's own jvm.options → `advise lint`
finds nothing wrong → a real JVM 11/17/21/25 starts with exactly those options (heap shrunk to run here)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from advisor.facts.nodes import NodeFacts
from advisor.gclog.summary import BadEvents, DurationStats, GcSummary, SafepointStats
from advisor.options_file import effective_options, expand_paths, parse_file
from advisor.recommend import recommend
from advisor.rules.lint import lint_files

pytestmark = pytest.mark.realjvm

GB = 1024**3
ES_7X = Path(__file__).resolve().parents[1] / "lint" / "es-7x-jvm.options"
PAUSY = GcSummary(
    collector="G1",
    jdk_version=None,
    format="unified",
    pauses=DurationStats(500, 40000, 300, 20, 180, 300),
    safepoints=SafepointStats(500, 40000, 300, 1, 1),
    bad_events=BadEvents(),
    unparsed_lines=0,
    live_set_mb=3000.0,
    heap_max_mb=16384.0,
    wall_time_s=3600,
)


def node(jdk: str, **kw: object) -> NodeFacts:
    base = NodeFacts(
        id="n",
        name="n",
        version="7.17.25",
        roles=("data",),
        jvm_version=jdk,
        collectors=("G1 Young Generation", "G1 Old Generation"),
        heap_max_bytes=16 * GB,
        heap_init_bytes=16 * GB,
        ram_bytes=64 * GB,
        available_processors=16,
        mlockall=True,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


CASES = [
    (11, node("11.0.13", collectors=("ParNew", "ConcurrentMarkSweep")), "G1"),
    (17, node("17.0.15"), "G1"),
    (21, node("21.0.8", gc_summary=PAUSY), "ZGC"),
    (25, node("25.0.3", gc_summary=PAUSY, version="9.1.0"), "ZGC"),
]


@pytest.mark.parametrize(("jdk", "facts", "collector"), CASES, ids=[f"jdk{c[0]}-{c[2]}" for c in CASES])
def test_recommended_files_start_a_real_jvm(
    jdk: int, facts: NodeFacts, collector: str, tmp_path: Path, java: Callable[[int], Path]
) -> None:
    """Verify the recommendation lints clean on top of ES's jvm.options and a real JVM starts with it."""
    rec = recommend(facts)
    assert rec.collector == collector
    config = tmp_path / "config"
    (config / "jvm.options.d").mkdir(parents=True)
    (config / "jvm.options").write_text(ES_7X.read_text())
    for name, lines in rec.files.items():
        text = "".join(f"# {line.comment}\n{line.render()}\n" for line in lines)
        (config / "jvm.options.d" / name).write_text(text)
    findings = [f for f in lint_files([config], jdk) if f.severity.value != "info"]
    allowed = {("UseConcMarkSweepGC", "flag.deprecated")} if jdk <= 13 else set()
    assert {(f.flag, f.id) for f in findings} <= allowed, [f.message for f in findings]
    options = [o.option for o in effective_options([parse_file(p) for p in expand_paths([config])], jdk)]
    runnable = [
        re.sub(r"^-Xm([sx])\d+[gm]$", r"-Xm\g<1>64m", o) for o in options if not o.startswith(("-D", "-Xlog"))
    ]
    proc = subprocess.run(
        [str(java(jdk)), *runnable, "-Xlog:gc", "-version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    banner = {"G1": "Using G1", "ZGC": "Using The Z Garbage Collector"}[collector]
    assert banner in proc.stdout + proc.stderr
