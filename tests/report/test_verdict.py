"""The verdict is computed from the numbers: goal, coordinated omission, errors, GC alignment."""

from __future__ import annotations

import json
from pathlib import Path

from loadtests.report.aggregate import aggregate_run
from loadtests.report.rundir import load_run
from loadtests.report.verdict import TIMES, ms, verdicts
from tests.report.synthetic import TargetModel, write_run


def texts(run_dir: Path, goal_ms: float) -> dict[str, list[tuple[str, str]]]:
    found = verdicts(aggregate_run(load_run(run_dir)).targets, goal_ms)
    out: dict[str, list[tuple[str, str]]] = {}
    for v in found:
        out.setdefault(v.text.split(":")[0], []).append((v.level, v.text))
    return out


def test_goal_met_and_missed_by_how_much(model_run: tuple[Path, dict]) -> None:
    run_dir, summary = model_run
    found = texts(run_dir, goal_ms=200)
    g1_p99 = summary["targets"]["g1"]["latency_ms"]["p99"]
    assert (
        "bad",
        f"g1: p99 latency {ms(g1_p99)} misses the 200 ms goal by {ms(g1_p99 - 200)} "
        f"({g1_p99 / 200:.1f}{TIMES} the goal).",
    ) in found["g1"]
    assert any(level == "ok" and "meets the 200 ms goal" in text for level, text in found["zgc"])
    assert any("Lowest p99 latency: zgc" in text for _level, text in found["Lowest p99 latency"])
    # a looser goal: both meet it
    loose = texts(run_dir, goal_ms=5000)
    assert any("meets the 5.00 s goal" in text for _level, text in loose["g1"])


def test_coordinated_omission_noted_only_where_latency_far_exceeds_service_time(
    model_run: tuple[Path, dict],
) -> None:
    found = texts(model_run[0], goal_ms=200)
    assert any("coordinated omission" in text for _level, text in found["g1"])
    assert not any("coordinated omission" in text for _level, text in found["zgc"])


def test_errors_are_stated(model_run: tuple[Path, dict]) -> None:
    found = texts(model_run[0], goal_ms=200)
    assert any(
        level == "bad" and "120 of 6000 requests failed (2.00 %)" in text for level, text in found["zgc"]
    )
    assert not any("failed" in text for _level, text in found["g1"])


def test_gc_pause_that_lines_up_with_the_slow_second(model_run: tuple[Path, dict]) -> None:
    found = texts(model_run[0], goal_ms=200)
    assert any(
        "GC pauses line up with 1 of 1 slow second(s) (at 10 s" in text for _level, text in found["g1"]
    )
    assert any("no slow seconds" in text for _level, text in found["zgc"])


def test_a_stall_without_a_gc_pause_nearby_is_not_blamed_on_gc(tmp_path: Path) -> None:
    write_run(
        tmp_path, [TargetModel("g1", stall_at_s=5.0, stall_ms=800.0, gc_pause_at_s=25.0)], measured_s=30.0
    )
    found = texts(tmp_path, goal_ms=200)
    assert any(
        level == "warn" and "1 slow second(s) (at 5 s), but only 0 line up with a GC pause" in text
        for level, text in found["g1"]
    )


def test_achieved_rate_below_intended_is_flagged(tmp_path: Path) -> None:
    summary = write_run(tmp_path, [TargetModel("g1")], measured_s=10.0, rate=20.0)
    summary["targets"]["g1"]["intended_rate"] = 40.0
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    found = texts(tmp_path, goal_ms=200)
    assert any("req/s of the intended 40.0 req/s (50 %)" in text for _level, text in found["g1"])


def test_ms_formatting() -> None:
    assert [ms(0.123), ms(12.34), ms(512.4), ms(1500)] == ["0.12 ms", "12.3 ms", "512 ms", "1.50 s"]
