"""Lint rules, one row per case: options file text → (flag, rule id, severity) expected for a JDK."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.rules.lint import lint_files

ROWS = [
    # (jdk, file text, expected (flag, id, severity) present)
    (17, "-Xms1g\n-Xmx2g\n", ("Xms", "heap.xms-not-xmx", "critical")),
    (17, "-Xmx4g\n", ("Xmx", "heap.only-one-bound", "warning")),
    (17, "-Xms40g\n-Xmx40g\n", ("Xmx", "heap.above-coops-cutoff", "warning")),
    (17, "-Xms31g\n-Xmx31g\n", ("Xmx", "heap.not-zero-based", "info")),
    (14, "-XX:+UseConcMarkSweepGC\n", ("UseConcMarkSweepGC", "collector.cms-ignored", "critical")),
    (
        14,
        "-XX:CMSInitiatingOccupancyFraction=75\n",
        ("CMSInitiatingOccupancyFraction", "flag.obsolete", "warning"),
    ),
    (
        15,
        "-XX:+UseCMSInitiatingOccupancyOnly\n",
        ("UseCMSInitiatingOccupancyOnly", "flag.unrecognized", "critical"),
    ),
    (11, "-XX:+PrintGCDateStamps\n", ("PrintGCDateStamps", "flag.unrecognized", "critical")),
    (9, "-XX:NumberOfGCLogFiles=32\n", ("NumberOfGCLogFiles", "flag.unrecognized", "critical")),
    (17, "-XX:+PrintGCDetails\n", ("PrintGCDetails", "flag.deprecated", "warning")),
    (8, "-Xlog:gc*\n", ("Xlog", "flag.unrecognized", "critical")),
    (17, "-XX:+UseG1GC\n-XX:+UseZGC\n", ("UseZGC", "collector.multiple", "critical")),
    (21, "-XX:-UseG1GC\n", ("UseG1GC", "collector.none-selected", "critical")),
    (17, "-XX:+UseG1Gc\n", ("UseG1Gc", "flag.unknown", "critical")),
    (16, "-XX:+UseG1Gc\n", ("UseG1Gc", "flag.unknown", "critical")),
    (17, "-XX:+IgnoreUnrecognizedVMOptions\n-XX:+UseG1Gc\n", ("UseG1Gc", "flag.unknown", "warning")),
    (17, "-XX:ParallelGCThreads=32\n", ("ParallelGCThreads", "gc.explicit-threads", "warning")),
    (17, "-XX:ConcGCThreads=8\n", ("ConcGCThreads", "gc.explicit-threads", "warning")),
    (17, "-XX:+DisableExplicitGC\n", ("DisableExplicitGC", "gc.disable-explicit-gc", "warning")),
    (17, "-Xmn2g\n", ("Xmn", "gc.g1-fixed-young", "warning")),
    (17, "-XX:+UseZGC\n-XX:+UseCompressedOops\n", ("UseCompressedOops", "heap.zgc-coops-ignored", "warning")),
    (13, "-XX:+UnlockExperimentalVMOptions\n-XX:+UseZGC\n", ("UseZGC", "flag.experimental", "warning")),
    (21, "-XX:+UseShenandoahGC\n", None),
    (12, "-XX:+UseShenandoahGC\n", ("UseShenandoahGC", "flag.needs-unlock", "critical")),
    (11, "-XX:+UseShenandoahGC\n", ("UseShenandoahGC", "flag.build-dependent", "info")),
    (18, "-XX:+UseBiasedLocking\n", ("UseBiasedLocking", "flag.obsolete", "warning")),
    (19, "-XX:+UseBiasedLocking\n", ("UseBiasedLocking", "flag.unrecognized", "critical")),
    (
        22,
        "-XX:+UseZGC\n-XX:+ZGenerational\n-XX:ZCollectionInterval=5\n",
        ("ZCollectionInterval", "gc.forced-zgc-interval", "warning"),
    ),
    (23, "-XX:+UseZGC\n-XX:-ZGenerational\n", ("ZGenerational", "flag.deprecated", "warning")),
    (
        24,
        "-XX:+UseZGC\n-XX:-ZGenerational\n",
        ("ZGenerational", "collector.zgc-non-generational-gone", "critical"),
    ),
    (24, "-XX:+UseCompactObjectHeaders\n", ("UseCompactObjectHeaders", "flag.needs-unlock", "critical")),
    (25, "-XX:+UseCompactObjectHeaders\n", None),
    (17, "-XX:+UseG1GC\n-XX:+UseCondCardMark\n", ("UseCondCardMark", "gc.cond-card-mark-unused", "info")),
    (17, "-Xms8g\n-Xmx8g\n-XX:+UseG1GC\n", None),
]


@pytest.mark.parametrize(
    ("jdk", "text", "want"), ROWS, ids=[f"jdk{r[0]}-{r[1].strip().splitlines()[-1]}" for r in ROWS]
)
def test_lint_row(jdk: int, text: str, want: tuple[str, str, str] | None, tmp_path: Path) -> None:
    """Verify that the file gives this finding (or no warning/critical at all when None)."""
    f = tmp_path / "x.options"
    f.write_text(text)
    got = {(x.flag, x.id, x.severity.value) for x in lint_files([f], jdk)}
    if want is None:
        assert not {g for g in got if g[2] != "info"}
    else:
        assert want in got


def test_heap_cutoff_override(tmp_path: Path) -> None:
    """Verify --heap-oops-cutoff-mb moves the compressed-oops warning."""
    f = tmp_path / "x.options"
    f.write_text("-Xms30g\n-Xmx30g\n")
    assert "heap.above-coops-cutoff" in {x.id for x in lint_files([f], 17, heap_oops_cutoff_mb=29000)}
    assert "heap.above-coops-cutoff" not in {x.id for x in lint_files([f], 17)}


ES_7X = Path(__file__).parent / "es-7x-jvm.options"


@pytest.mark.parametrize("jdk", range(9, 26))
def test_es_shipped_options_are_clean(jdk: int) -> None:
    """Verify Elasticsearch's own 7.x jvm.options gives no false alarms: only JDK 9-13's real CMS deprecation warning."""
    got = {(f.flag, f.id, f.severity.value) for f in lint_files([ES_7X], jdk) if f.severity.value != "info"}
    assert got == ({("UseConcMarkSweepGC", "flag.deprecated", "warning")} if jdk <= 13 else set())
