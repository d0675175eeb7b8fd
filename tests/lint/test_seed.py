"""`advise lint` on the seed ZGC file: every mistake caught, with the right severity, for each JDK 11..25;
and what we call critical really stops (or silently changes) a real JVM 11/17/21/25."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.options_file import effective_options, parse_file
from advisor.rules.lint import lint_files

SEED = Path("/work/shared/seed-zgc.options")
if not SEED.exists():  # the copy in the repo's test data, if the shared folder is gone
    SEED = Path(__file__).parent / "seed-zgc.options"

C, W, INFO = "critical", "warning", "info"


def expected(jdk: int) -> dict[tuple[str, str], str]:
    """(flag, rule id) → severity the seed must produce on this JDK (one row per mistake)."""
    rows = {
        ("Xmx", "heap.zgc-no-compressed-oops"): W,  # -Xmx31g "for compressed oops" with ZGC
        ("UseG1GC", "collector.pointless-disable"): INFO,  # -XX:-UseG1GC next to +UseZGC
        ("ZCollectionInterval", "gc.forced-zgc-interval"): W,
        ("ZAllocationSpikeTolerance", "gc.zgc-spike-tolerance"): W,
        ("AlwaysPreTouch", "memory.pretouch-big-heap"): W,  # 31 GiB pre-touched at start
        ("UseLargePages", "memory.large-pages-not-swap-control"): W,  # false belief + needs a pool
    }
    if jdk <= 13:
        rows[("UseConcMarkSweepGC", "flag.deprecated")] = W
        rows[("UseConcMarkSweepGC", "collector.pointless-disable")] = INFO
    elif jdk == 14:
        rows[("UseConcMarkSweepGC", "flag.obsolete")] = W
    else:
        rows[("UseConcMarkSweepGC", "flag.unrecognized")] = C
    if jdk <= 14:
        rows[("UseZGC", "flag.needs-unlock")] = C
    return rows


@pytest.mark.parametrize("jdk", range(11, 26))
def test_seed_mistakes_per_jdk(jdk: int) -> None:
    """Verify that each JDK 11..25 gets exactly the seed's mistakes, at the DESIGN.md severities."""
    got = {(f.flag, f.id): f.severity.value for f in lint_files([SEED], jdk)}
    assert got == expected(jdk)


@pytest.mark.parametrize("jdk", [11, 14, 17, 21, 23, 25])
def test_seed_zgc_interval_alias_on_generational(jdk: int) -> None:
    """Verify that the ZCollectionInterval finding names the ZCollectionIntervalMajor alias only on generational ZGC."""
    (finding,) = [f for f in lint_files([SEED], jdk) if f.flag == "ZCollectionInterval"]
    assert ("ZCollectionIntervalMajor" in finding.message) == (jdk >= 23)


def test_seed_json_cli(capsys: pytest.CaptureFixture[str]) -> None:
    """Verify the --json document keys (DESIGN.md) and the --fail-on exit code."""
    rc = main(["lint", str(SEED), "--jdk", "17", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert {"id", "severity", "file", "line", "flag", "message", "source"} <= set(doc[0])
    assert doc[0]["severity"] == "critical" and doc[0]["flag"] == "UseConcMarkSweepGC" and doc[0]["line"] == 8
    assert main(["lint", str(SEED), "--jdk", "17", "--json", "--fail-on", "critical"]) == 1
    capsys.readouterr()


@pytest.mark.realjvm
@pytest.mark.parametrize("jdk", [11, 17, 21, 25])
def test_seed_criticals_really_stop_the_jvm(jdk: int, java: Callable[[int], Path]) -> None:
    """Verify against a real JVM: the seed's options (heap shrunk) fail to start exactly when lint says critical,
    and each critical option alone is what HotSpot rejects."""
    options = [o.option for o in effective_options([parse_file(SEED)], jdk)]
    small = [re.sub(r"^-Xm([sx])31g$", r"-Xm\g<1>64m", o) for o in options if o != "-XX:+AlwaysPreTouch"]
    proc = subprocess.run(
        [str(java(jdk)), *small, "-version"], capture_output=True, text=True, timeout=60, check=False
    )
    criticals = [f for f in lint_files([SEED], jdk) if f.severity.value == C]
    assert (proc.returncode != 0) == bool(criticals), proc.stderr
    out = proc.stdout + proc.stderr
    for f in criticals:
        if f.id == "flag.needs-unlock":
            assert f"VM option '{f.flag}' is experimental" in out
        elif f.id == "flag.unrecognized":
            assert f"Unrecognized VM option '{f.flag}'" in out


@pytest.mark.realjvm
@pytest.mark.parametrize(
    ("jdk", "options", "rule", "jvm_says"),
    [
        (
            17,
            ["-XX:+UseG1GC", "-XX:+UseParallelGC"],
            "collector.multiple",
            "Multiple garbage collectors selected",
        ),
        (21, ["-XX:-UseG1GC"], "collector.none-selected", "Garbage collector not selected"),
        (25, ["-Xms128m", "-Xmx64m"], "heap.xms-above-xmx", "Initial heap size set to a larger value"),
        (11, ["-XX:+PrintGCDateStamps"], "flag.unrecognized", "Unrecognized VM option 'PrintGCDateStamps'"),
        (17, ["-XX:+UseG1Gc"], "flag.unknown", "Unrecognized VM option 'UseG1Gc'"),
        (25, ["-XX:MaxRAMFraction=2"], "flag.unrecognized", "Unrecognized VM option 'MaxRAMFraction=2'"),
        (21, ["-XX:G1NewSizePercent=10"], "flag.needs-unlock", "is experimental"),
        (
            25,
            ["-XX:-ZGenerational", "-XX:+UseZGC"],
            "collector.zgc-non-generational-gone",
            "Ignoring option ZGenerational",
        ),
        (17, ["-Xms31gb", "-Xmx31gb"], "flag.bad-size", "Invalid initial heap size: -Xms31gb"),
        (11, ["-Xss1.5m"], "flag.bad-size", "Invalid thread stack size: -Xss1.5m"),
    ],
)
def test_critical_rules_match_real_jvm(
    jdk: int, options: list[str], rule: str, jvm_says: str, java: Callable[[int], Path], tmp_path: Path
) -> None:
    """Verify that each critical lint rule corresponds to what the real JVM does."""
    file = tmp_path / "x.options"
    file.write_text("\n".join(options) + "\n")
    findings = {f.id: f for f in lint_files([file], jdk)}
    assert findings[rule].severity.value == C
    heap = [] if any(o.startswith("-Xm") for o in options) else ["-Xmx64m"]
    proc = subprocess.run(
        [str(java(jdk)), *heap, *options, "-version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert jvm_says in proc.stdout + proc.stderr


ES_7X = Path(__file__).parent / "es-7x-jvm.options"


@pytest.mark.realjvm
@pytest.mark.parametrize(
    ("override", "multiple"),
    [("-XX:-UseG1GC\n-XX:+UseZGC\n", False), ("-XX:+UseZGC\n", True), ("-XX:+UseG1GC\n", False)],
)
def test_collector_switch_on_top_of_es_defaults(
    override: str, multiple: bool, tmp_path: Path, java: Callable[[int], Path]
) -> None:
    """Verify on JDK 17 that a jvm.options.d file switching ES's 14-:-XX:+UseG1GC to ZGC needs -XX:-UseG1GC first
    (then it is not 'pointless'), exactly as HotSpot decides."""
    config = tmp_path / "config"
    (config / "jvm.options.d").mkdir(parents=True)
    (config / "jvm.options").write_text(ES_7X.read_text())
    (config / "jvm.options.d" / "gc.options").write_text(override)
    ids = {f.id for f in lint_files([config], 17)}
    assert ("collector.multiple" in ids) is multiple
    assert "collector.pointless-disable" not in ids
    options = [
        o.option
        for o in effective_options(
            [parse_file(config / "jvm.options"), parse_file(config / "jvm.options.d" / "gc.options")], 17
        )
    ]
    runnable = [
        o
        for o in options
        if not o.startswith(("-Djava.io.tmpdir", "-Xlog", "-XX:HeapDumpPath", "-XX:ErrorFile"))
    ]
    proc = subprocess.run(
        [str(java(17)), "-Xmx64m", *runnable, "-version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (proc.returncode != 0) is multiple, proc.stderr
