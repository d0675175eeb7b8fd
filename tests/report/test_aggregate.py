"""The numbers of the report, against independent computations (numpy/pandas) and a known model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loadtests.report.aggregate import (
    PERCENTILES,
    aggregate_run,
    grouped_quantiles,
    quantiles_sorted,
    spectrum_quantiles,
)
from loadtests.report.rundir import load_run
from tests.report.synthetic import TargetModel, write_run


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 12345])
def test_quantiles_are_nearest_rank_like_numpy_inverted_cdf(n: int) -> None:
    values = np.sort(np.random.default_rng(n).lognormal(1.0, 1.2, n))
    qs = np.array([0.0, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0])
    assert np.array_equal(quantiles_sorted(values, qs), np.quantile(values, qs, method="inverted_cdf"))
    assert set(quantiles_sorted(values, qs)) <= set(values)  # every number is one a request really had


def test_grouped_quantiles_match_per_group_numpy() -> None:
    rng = np.random.default_rng(3)
    groups = rng.integers(0, 40, 20_000)
    values = rng.exponential(10.0, 20_000)
    keys, counts, out = grouped_quantiles(groups, values, (0.5, 0.99))
    expected = pd.DataFrame({"g": groups, "v": values}).groupby("g")["v"]
    assert list(keys) == list(expected.size().index)
    assert list(counts) == list(expected.size())
    for j, q in enumerate((0.5, 0.99)):
        by_group = expected.apply(lambda v, q=q: np.quantile(v.to_numpy(), q, method="inverted_cdf"))
        assert np.array_equal(out[:, j], by_group.to_numpy())


def test_spectrum_stops_where_samples_resolve_it() -> None:
    assert spectrum_quantiles(100)[-1] == pytest.approx(0.99)
    assert spectrum_quantiles(10**7)[-1] == pytest.approx(0.9999)
    assert spectrum_quantiles(10**7)[0] == 0.0


def test_numbers_equal_an_independent_summary(model_run: tuple[Path, dict]) -> None:
    run_dir, summary = model_run
    agg = aggregate_run(load_run(run_dir))
    assert [t.label for t in agg.targets] == ["g1", "zgc"]
    assert agg.notes == []  # summary.json and the samples agree
    for target in agg.targets:
        expected = summary["targets"][target.label]
        assert target.computed["requests"] == expected["requests"]
        assert target.computed["errors"] == expected["errors"]
        assert target.computed["duration_s"] == pytest.approx(expected["duration_s"])
        for key in PERCENTILES:
            assert target.computed["latency_ms"][key] == pytest.approx(expected["latency_ms"][key], rel=1e-9)
            assert target.computed["service_time_ms"][key] == pytest.approx(
                expected["service_time_ms"][key], rel=1e-9
            )


def test_the_stall_shows_in_latency_not_in_service_time(model_run: tuple[Path, dict]) -> None:
    g1 = aggregate_run(load_run(model_run[0])).targets[0]
    series = g1.per_second.set_index("second")
    assert series.loc[10, "lat_p99"] > 700  # shoppers who typed during the 800 ms stall waited for it
    assert series.loc[10, "svc_p99"] < 700  # closed-loop service time hides most of it
    assert series.drop(index=10)["lat_p99"].max() < 100
    assert series["intended"].sum() == g1.computed["requests"]
    assert series["users"].eq(20).all()


def test_gc_pauses_from_node_stats_counters(model_run: tuple[Path, dict]) -> None:
    g1 = aggregate_run(load_run(model_run[0])).targets[0]
    assert g1.gc.source == "node stats"
    assert g1.gc.pause_max_ms == 800.0
    # 30 polls of the young counter (+2 collections, +6 ms each) overlap the window, plus one old collection
    old = g1.pauses[g1.pauses["kind"] == "old"]
    assert len(old) == 1 and old["duration_ms"].iloc[0] == 800.0
    assert 9.0 <= old["t"].iloc[0] <= 10.0
    assert g1.gc.per_collector["old"] == {"collection_count": 1.0, "collection_time_ms": 800.0}
    assert g1.gc.overhead_pct == pytest.approx(100 * g1.gc.gc_time_ms / 30_000)


def test_concurrent_cycles_are_not_pauses_and_counter_resets_are_skipped(tmp_path: Path) -> None:
    write_run(tmp_path, [TargetModel("zgc", stall_at_s=5.0)], measured_s=10.0, rate=20.0)
    gc = pd.read_parquet(tmp_path / "gc.parquet").reset_index(drop=True)
    gc["collector"] = gc["collector"].map({"young": "ZGC Pauses", "old": "ZGC Cycles"})
    pauses = gc.index[gc["collector"] == "ZGC Pauses"]
    after = pauses[pauses >= pauses[5]]  # a node restart mid-run: its counters start again from zero
    for column in ("collection_count", "collection_time_ms"):
        gc.loc[after, column] -= gc.loc[pauses[5], column]
    gc.to_parquet(tmp_path / "gc.parquet", index=False)
    target = aggregate_run(load_run(tmp_path)).targets[0]
    assert set(target.pauses["kind"]) == {"ZGC Pauses"}
    assert target.gc.per_collector["ZGC Cycles"]["collection_time_ms"] == 800.0
    assert target.gc.pause_max_ms == 6.0  # the 800 ms cycle was concurrent, and no negative delta counts
    assert target.gc.gc_time_ms > target.gc.pause_total_ms


def test_without_run_json_and_summary_the_window_comes_from_the_samples(tmp_path: Path) -> None:
    write_run(tmp_path, [TargetModel("g1")], measured_s=10.0, rate=20.0, write_summary=False)
    (tmp_path / "run.json").unlink()
    agg = aggregate_run(load_run(tmp_path))
    start, end = agg.targets[0].window
    assert end - start == pytest.approx(10.0, abs=3 / 20.0)  # first to last intended start
    assert any("summary.json is missing" in n for n in agg.notes)
    assert any("run.json is missing" in n for n in agg.notes)


def test_a_summary_that_disagrees_with_the_samples_is_reported(tmp_path: Path) -> None:
    summary = write_run(tmp_path, [TargetModel("g1")], measured_s=10.0, rate=20.0)
    summary["targets"]["g1"]["latency_ms"]["p99"] = 1.0
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    agg = aggregate_run(load_run(tmp_path))
    assert agg.targets[0].headline["latency_ms"]["p99"] == 1.0  # the run's record is shown ...
    assert any("differs from the samples in latency_ms.p99" in n for n in agg.notes)  # ... and doubted


def test_lost_and_early_samples_are_stated(tmp_path: Path) -> None:
    write_run(tmp_path, [TargetModel("g1")], measured_s=10.0, rate=20.0)
    run = json.loads((tmp_path / "run.json").read_text())
    run["recorder_failures"] = 3
    run["targets"]["g1"].update(requests_sent=300, requests_recorded=260)
    (tmp_path / "run.json").write_text(json.dumps(run))
    samples = pd.read_parquet(tmp_path / "samples.parquet")
    measured = samples.index[samples["phase"] == "measured"][:4]
    samples.loc[measured, "start"] -= 0.05  # sent 50 ms before the schedule said
    samples.to_parquet(tmp_path / "samples.parquet", index=False)
    notes = aggregate_run(load_run(tmp_path)).notes
    assert any("failed to write 3 sample(s)" in n for n in notes)
    assert any("g1: 40 of 300 sent requests were not recorded" in n for n in notes)
    assert any("g1: 4 measured request(s) were sent before their intended start" in n for n in notes)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.floats(0, 1e4, allow_nan=False)), min_size=1, max_size=300),
    st.sampled_from([0.0, 0.5, 0.9, 0.99, 0.999, 1.0]),
)
def test_grouped_quantiles_is_nearest_rank_per_group(rows: list[tuple[int, float]], q: float) -> None:
    groups = np.array([g for g, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows])
    keys, counts, out = grouped_quantiles(groups, values, (q,))
    for key, count, got in zip(keys, counts, out[:, 0], strict=True):
        mine = np.sort(values[groups == key])
        assert count == len(mine)
        assert got == np.quantile(mine, q, method="inverted_cdf")
