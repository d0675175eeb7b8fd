"""`advise probe`: bisection logic (pure) and real JDK 11/17/21/25 measurements."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.errors import InputError
from advisor.sources.probe import coops_mode, find_edges, java_version, largest_true, probe


@pytest.mark.parametrize(
    ("edge", "lo", "hi"), [(30000, 16000, 34000), (16000, 16000, 34000), (33999, 16000, 34000), (1, 0, 2)]
)
def test_largest_true_finds_the_edge(edge: int, lo: int, hi: int) -> None:
    """Verify the k-ary bisection returns the exact last true point."""
    calls: list[int] = []

    def pred(x: int) -> bool:
        calls.append(x)
        return x <= edge

    assert largest_true(pred, lo, hi) == edge
    assert len(calls) < 60


def test_largest_true_none_when_lo_false() -> None:
    assert largest_true(lambda x: False, 10, 20) is None


@pytest.mark.parametrize(
    ("zero", "comp", "guesses", "max_calls"),
    [
        (30720, 32736, {2: (30720,), 1: (32736,)}, 6),  # both guesses confirmed in round 0
        (30720, 32256, {2: (30720,), 1: (32736,)}, 40),  # one guess wrong: searched
        (27000, 31999, {}, 60),  # no guesses
        (16384, 16384, {}, 60),
    ],
)
def test_find_edges_two_levels(zero: int, comp: int, guesses: dict, max_calls: int) -> None:
    """Verify both edges of a 2/1/0 rank (zero-based / compressed / off) are exact, with few JVM runs."""
    calls: list[int] = []

    def rank(x: int) -> int:
        calls.append(x)
        return 2 if x <= zero else 1 if x <= comp else 0

    assert find_edges(rank, (2, 1), 16384, 32768, guesses) == {2: zero, 1: comp}
    assert len(calls) <= max_calls


@pytest.mark.realjvm
@pytest.mark.parametrize("jdk", [11, 17, 21, 25])
def test_probe_real_jdk(jdk: int, java: Callable[[int], Path], tmp_path: Path) -> None:
    """Verify on a real JVM: compressed oops at the reported -Xmx and not 1 MiB above; zero-based likewise;
    the second call is served from the cache."""
    j = str(java(jdk))
    result = probe(j, tmp_path)
    assert result.jdk_major == jdk
    comp, zero = result.max_compressed_oops_heap_mb, result.max_zero_based_heap_mb
    assert comp is not None and zero is not None and 28 * 1024 < zero <= comp < 32 * 1024
    assert coops_mode(j, comp, jdk).enabled and not coops_mode(j, comp + 1, jdk).enabled
    assert coops_mode(j, zero, jdk).zero_based and not coops_mode(j, zero + 1, jdk).zero_based
    t0 = time.monotonic()
    assert probe(j, tmp_path) == result
    assert time.monotonic() - t0 < 2.0


@pytest.mark.realjvm
def test_probe_cli_json(
    java: Callable[[int], Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ES_JVM_ADVISOR_CACHE", str(tmp_path))
    assert main(["probe", "--java", str(java(17)), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"jdk_version", "max_compressed_oops_heap_mb", "max_zero_based_heap_mb"} <= set(doc)
    assert doc["jdk_version"].startswith("17")


@pytest.mark.parametrize("what", ["missing", "text-file", "directory", "not-java-script"])
def test_not_a_java_is_one_clear_line(what: str, tmp_path: Path) -> None:
    """Verify an unknown path or a non-java gives one line on stderr and a non-zero exit."""
    paths = {
        "missing": tmp_path / "nope",
        "text-file": tmp_path / "notes.txt",
        "directory": tmp_path,
        "not-java-script": tmp_path / "fake-java",
    }
    (tmp_path / "notes.txt").write_text("hello")
    script = tmp_path / "fake-java"
    script.write_text("#!/bin/sh\necho hello\n")
    script.chmod(0o755)
    with pytest.raises(InputError):
        java_version(str(paths[what]))
    proc = subprocess.run(
        [
            str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "advise"),
            "probe",
            "--java",
            str(paths[what]),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (
        proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    )
