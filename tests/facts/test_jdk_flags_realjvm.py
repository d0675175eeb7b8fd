"""Verify every lifecycle claim of the flag table against real JDK 11/17/21/25 (`java -XX:<flag> -version`)."""

from __future__ import annotations

import functools
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from advisor.facts.jdk_flags import FLAGS, MEASURED_JDKS, JvmFlag, Outcome
from advisor.jdks import find_java

pytestmark = pytest.mark.realjvm

SAMPLE_VALUE = {"x": "64m", "value": "1"}
SPECIAL_VALUE = {
    "Xmx": "-Xmx64m",
    "Xms": "-Xms64m",
    "Xmn": "-Xmn16m",
    "Xss": "-Xss1m",
    "Xloggc": "-Xloggc:/dev/null",
    "HeapDumpPath": "-XX:HeapDumpPath=/tmp",
    "ErrorFile": "-XX:ErrorFile=/tmp/hs_err_%p.log",
    "LargePageSizeInBytes": "-XX:LargePageSizeInBytes=2m",
    "G1HeapRegionSize": "-XX:G1HeapRegionSize=4m",
    "MaxDirectMemorySize": "-XX:MaxDirectMemorySize=64m",
    "SoftMaxHeapSize": "-XX:SoftMaxHeapSize=32m",
    "MinHeapSize": "-XX:MinHeapSize=8m",
    "InitialHeapSize": "-XX:InitialHeapSize=64m",
    "MaxHeapSize": "-XX:MaxHeapSize=64m",
    "NewSize": "-XX:NewSize=8m",
    "MaxNewSize": "-XX:MaxNewSize=16m",
    "ObjectAlignmentInBytes": "-XX:ObjectAlignmentInBytes=8",
    "MaxRAMPercentage": "-XX:MaxRAMPercentage=25",
    "InitialRAMPercentage": "-XX:InitialRAMPercentage=1",
    "MaxRAMFraction": "-XX:MaxRAMFraction=4",
    "ActiveProcessorCount": "-XX:ActiveProcessorCount=1",
    "ZCollectionInterval": "-XX:ZCollectionInterval=5",
    "G1PeriodicGCInterval": "-XX:G1PeriodicGCInterval=0",
    "NumberOfGCLogFiles": "-XX:NumberOfGCLogFiles=32",
    "GCLogFileSize": "-XX:GCLogFileSize=64m",
}


def option_for(flag: JvmFlag) -> str:
    if flag.name in SPECIAL_VALUE:
        return SPECIAL_VALUE[flag.name]
    if flag.kind == "bool":
        return f"-XX:+{flag.name}"
    return f"-XX:{flag.name}={SAMPLE_VALUE[flag.kind]}"


def observed(java: Path, option: str) -> tuple[Outcome, str]:
    heap = [] if option.startswith(("-Xmx", "-XX:MaxHeapSize", "-XX:InitialHeapSize")) else ["-Xmx64m"]
    proc = subprocess.run(
        [str(java), *heap, option, "-version"], capture_output=True, text=True, timeout=60, check=False
    )
    out = proc.stdout + proc.stderr
    if "Unrecognized VM option" in out or "Unrecognized option" in out:
        return Outcome.UNRECOGNIZED, out
    if "must be enabled via -XX:+Unlock" in out:
        return Outcome.NEEDS_UNLOCK, out
    if "Ignoring option" in out:
        return Outcome.IGNORED, out
    if "deprecated" in out:
        return Outcome.DEPRECATION_WARNING, out
    if proc.returncode == 0:
        return Outcome.STARTS, out
    return Outcome.UNRECOGNIZED, out  # other start failure (reported in the assertion text)


CASES = [(flag, jdk) for flag in FLAGS for jdk in MEASURED_JDKS]


@functools.cache
def all_observations() -> dict[tuple[str, int], tuple[Outcome, str]]:
    """Run every (flag, JDK) once per session, in parallel threads (each JVM start is ~0.1-0.5 s).
    Shared with tests/lint (same session → same cache)."""
    javas = {}
    for jdk in MEASURED_JDKS:
        path = find_java(jdk, install=True)
        if path is None:
            pytest.fail(f"JDK {jdk} is not available (scripts/test.sh installs it)")
        javas[jdk] = path
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {(f.name, jdk): pool.submit(observed, javas[jdk], option_for(f)) for f, jdk in CASES}
        return {key: fut.result() for key, fut in futures.items()}


@pytest.fixture(scope="module")
def observations() -> dict[tuple[str, int], tuple[Outcome, str]]:
    return all_observations()


@pytest.mark.parametrize(("flag", "jdk"), CASES, ids=[f"{f.name}-jdk{j}" for f, j in CASES])
def test_table_predicts_what_the_jvm_does(flag: JvmFlag, jdk: int, observations: dict) -> None:
    """Verify that the table's state for (flag, JDK) is what the real JVM does with it."""
    expected = flag.outcome(jdk)
    got, out = observations[(flag.name, jdk)]
    if expected is Outcome.EITHER:
        assert got in (Outcome.STARTS, Outcome.UNRECOGNIZED), out
        return
    assert got is expected, (
        f"{option_for(flag)} on JDK {jdk}: table says {expected.value}, JVM did {got.value}:\n{out}"
    )
    message = flag.hotspot_message(jdk, option_for(flag).removeprefix("-XX:").lstrip("+-"))
    if expected in (Outcome.IGNORED, Outcome.NEEDS_UNLOCK) and message:
        assert message.removeprefix("Error: ") in out
    if expected is Outcome.DEPRECATION_WARNING and message and flag.kind != "x":
        assert message in out
