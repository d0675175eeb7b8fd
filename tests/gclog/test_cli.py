"""``advise gc``: text and JSON output, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.commands.gc import notes
from advisor.gclog.aggregate import summarize

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "gclogs"
DESIGN_KEYS = {
    "collector",
    "jdk_version",
    "format",
    "pauses",
    "safepoints",
    "allocation_rate_mb_s",
    "live_set_mb",
    "bad_events",
    "unparsed_lines",
    "warnings",
}


def test_json_has_the_design_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gc", str(FIXTURES / "jdk21-zgcgen-es-stress" / "gc.log.gz"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= DESIGN_KEYS
    assert set(doc["pauses"]) == {"count", "total_ms", "max_ms", "p50_ms", "p99_ms", "p999_ms"}
    assert {"count", "total_ms", "max_ms", "max_time_to_safepoint_ms"} <= set(doc["safepoints"])
    assert set(doc["bad_events"]) == {
        "full_gc",
        "concurrent_mode_failure",
        "evacuation_failure",
        "allocation_stall",
        "degenerated",
    }
    assert doc["collector"] == "ZGC-generational" and doc["format"] == "unified"
    assert doc["bad_events"]["allocation_stall"] > 0
    assert "pause_events" not in doc


def test_json_events_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gc", str(FIXTURES / "jdk17-g1-es" / "gc.log"), "--json", "--events"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["pause_events"]) == doc["pauses"]["count"]
    assert doc["clock"] == "epoch" and doc["pause_events"][0]["at"] > 1.7e9


def test_text_output_shows_pauses_safepoints_and_bad_events(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted((FIXTURES / "jdk17-g1-es-stress").glob("gc.log*"))]
    assert main(["gc", *files]) == 0
    out = capsys.readouterr().out
    for text in ("G1", "all pauses", "time to safepoint", "evacuation failures", "GC overhead", "live set"):
        assert text in out


def test_nothing_usable_is_one_line_and_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "access.log"
    other.write_text("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] GET / HTTP/1.0 200\n")
    assert main(["gc", str(other), str(tmp_path)]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a JVM GC log" in err and "is a directory" in err


def test_partial_input_warns_on_stderr_and_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "gc.log.1"
    empty.write_bytes(b"")
    assert main(["gc", str(FIXTURES / "jdk17-serial-es" / "gc.log"), str(empty), "--json"]) == 0
    captured = capsys.readouterr()
    assert "warning" in captured.err and "empty file" in captured.err
    assert json.loads(captured.out)["collector"] == "Serial"


CORPUS_TTSP = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "gclogs" / "garbagecat" / "dataset278.txt"
)


@pytest.mark.skipif(not CORPUS_TTSP.exists(), reason="corpus absent")
def test_long_ttsp_with_short_pauses_is_called_a_different_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A real generational-ZGC log whose "Cleanup" safepoints took 11.7 s to reach, with 0.2 ms GC pauses."""
    assert main(["gc", str(CORPUS_TTSP)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "different problem from GC work" in out
    summary = summarize([CORPUS_TTSP])
    assert summary.safepoints is not None and summary.safepoints.max_time_to_safepoint_ms > 11_000
    assert not any("different problem" in n for n in notes(summarize([FIXTURES / "jdk17-zgc-es" / "gc.log"])))
