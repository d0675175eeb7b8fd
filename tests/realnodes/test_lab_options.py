"""The lab's collector options: read from the real distributions' jvm.options, accepted by real JVMs."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.errors import InputError
from loadtests.lab import collectors as gcs
from loadtests.lab.distributions import Distribution, DistributionUnavailable, parse, unpack
from loadtests.lab.node import NodeSpec, choose_jdk, jvm_option_lines
from tests.realnodes.conftest import ES7, ES9, OS1, OS3


def _home(dist: str, version: str) -> Path:
    try:
        return unpack(Distribution(dist, version))
    except DistributionUnavailable as err:
        pytest.skip(f"{dist}-{version} cannot be fetched from Maven Central: {err}")


def test_version_prefixes_follow_the_es_parser() -> None:
    lines = [
        "# comment",
        "",
        "8-13:-XX:+UseConcMarkSweepGC",
        "14-:-XX:+UseG1GC",
        "9-:-Xlog:gc*",
        "11:-Dx=1",
        "-Xss1m",
    ]
    assert gcs.options_for_jdk(lines, 11) == ["-XX:+UseConcMarkSweepGC", "-Xlog:gc*", "-Dx=1", "-Xss1m"]
    assert gcs.options_for_jdk(lines, 17) == ["-XX:+UseG1GC", "-Xlog:gc*", "-Xss1m"]


@pytest.mark.parametrize(
    ("dist", "version", "jdk", "expected"),
    [
        ("elasticsearch", ES7, 11, ["UseConcMarkSweepGC"]),  # 8-13:
        ("elasticsearch", ES7, 17, ["UseG1GC"]),  # 14-:
        ("elasticsearch", ES9, 25, ["UseG1GC"]),
        ("opensearch", OS1, 11, ["UseG1GC"]),  # 8-10: CMS, 11-: G1
        ("opensearch", OS3, 25, ["UseG1GC"]),
    ],
)
def test_reads_the_collector_each_distribution_selects(
    dist: str, version: str, jdk: int, expected: list[str]
) -> None:
    jvm_options = _home(dist, version) / "config" / "jvm.options"
    assert gcs.distribution_collector_flags(jvm_options, jdk) == expected


def test_switches_off_only_what_the_distribution_switched_on() -> None:
    assert gcs.gc_option_lines(gcs.COLLECTORS["cms"], 11, ["UseConcMarkSweepGC"]) == [
        "-XX:+UseConcMarkSweepGC"
    ]
    assert gcs.gc_option_lines(gcs.COLLECTORS["zgc"], 17, ["UseG1GC"]) == [
        "-XX:-UseG1GC",
        "11-14:-XX:+UnlockExperimentalVMOptions",
        "-XX:+UseZGC",
    ]
    assert gcs.gc_option_lines(gcs.COLLECTORS["g1"], 11, ["UseConcMarkSweepGC"]) == [
        "-XX:-UseConcMarkSweepGC",
        "-XX:+UseG1GC",
    ]
    with pytest.raises(InputError, match=r"cms needs JDK 8\.\.13, not 17"):
        gcs.gc_option_lines(gcs.COLLECTORS["cms"], 17, ["UseG1GC"])


def test_jdk_choice() -> None:
    es7 = Distribution("elasticsearch", ES7)
    assert choose_jdk(NodeSpec(es7, "cms"))[0] == 11
    assert choose_jdk(NodeSpec(es7, "g1"))[0] == 17
    assert choose_jdk(NodeSpec(Distribution("opensearch", OS1), "cms"))[0] == 11
    with pytest.raises(InputError, match=r"opensearch-3.4.0 cannot run Concurrent Mark Sweep .*JDK 25, 21"):
        choose_jdk(NodeSpec(Distribution("opensearch", OS3), "cms"))
    with pytest.raises(InputError, match="asked for JDK 17"):
        choose_jdk(NodeSpec(es7, "zgc-gen", jdk=17))


def test_bad_names_are_one_line_errors() -> None:
    with pytest.raises(InputError, match="unknown collector shenandoh"):
        gcs.parse_choice("g1,shenandoh")
    with pytest.raises(InputError, match="write it as DIST-VERSION"):
        parse("solr-9.0.0")
    assert parse("opensearch:3.4.0") == Distribution("opensearch", OS3)


def test_runs_collector_reads_real_gc_collector_names() -> None:
    assert gcs.describe_running(["ParNew", "ConcurrentMarkSweep"]) == "CMS"
    assert gcs.describe_running(["G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"]) == "G1"
    assert gcs.describe_running(["ZGC Cycles", "ZGC Pauses"]) == "ZGC"
    gen = ["ZGC Minor Cycles", "ZGC Minor Pauses", "ZGC Major Cycles", "ZGC Major Pauses"]
    assert gcs.describe_running(gen) == "ZGC-generational"
    assert not gcs.runs_collector(gcs.COLLECTORS["cms"], ["G1 Young Generation", "G1 Old Generation"])


@pytest.mark.realjvm
@pytest.mark.parametrize(
    ("dist", "version", "gc", "jdk"),
    [
        ("elasticsearch", ES7, "cms", 11),
        ("elasticsearch", ES7, "g1", 11),
        ("elasticsearch", ES7, "zgc", 17),
        ("elasticsearch", ES7, "zgc", 11),
        ("elasticsearch", ES9, "zgc-gen", 21),
        ("elasticsearch", ES9, "zgc-gen", 25),
        ("opensearch", OS1, "cms", 11),
    ],
)
def test_real_jvm_accepts_distribution_plus_lab_options(
    dist: str, version: str, gc: str, jdk: int, java: Callable[[int], Path]
) -> None:
    """The distribution's collector line followed by the lab's lines start the JVM with that collector."""
    home = _home(dist, version)
    dist_lines = [
        f"-XX:+{flag}" for flag in gcs.distribution_collector_flags(home / "config" / "jvm.options", jdk)
    ]
    lab_lines = [ln for ln in jvm_option_lines(NodeSpec(Distribution(dist, version), gc), jdk, home)]
    lab_options = gcs.options_for_jdk(lab_lines, jdk)
    proc = subprocess.run(
        [str(java(jdk)), *dist_lines, *lab_options, "-Xlog:gc*:stdout", "-version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    expected = {
        "cms": "Concurrent Mark Sweep",
        "g1": "G1",
        "zgc": "Z Garbage Collector",
        "zgc-gen": "Z Garbage Collector",
    }
    assert expected[gc] in proc.stdout
    if gc == "zgc-gen":
        assert "single-generation" not in proc.stdout
