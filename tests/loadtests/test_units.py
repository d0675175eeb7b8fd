"""Pure parts of the load tests: index definitions, profiles, schedule, recorder, summary, targets."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from advisor.errors import InputError
from loadtests import files
from loadtests.calibrated_target import CalibratedState, Calibration, LatencyDist, Stall, parse_stalls
from loadtests.dataset.bulk import server_of, slices
from loadtests.dataset.index import autocomplete_query, index_body
from loadtests.dataset.orders import DatasetSpec, OrderGenerator
from loadtests.dataset.seeder import check_lookup
from loadtests.profiles import PROFILES
from loadtests.recorder import SampleRecorder, classify_error
from loadtests.summary import gc_deltas, percentiles_ms, summarize_run
from loadtests.targets import is_loopback, parse_target
from loadtests.traffic import Schedule, SessionPlanner, TrafficConfig, natural_interval


# -- index ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mode", "field_type"),
    [("edge_ngram", "text"), ("search_as_you_type", "search_as_you_type"), ("completion", "completion")],
)
def test_each_lookup_mode_maps_the_three_lookup_fields(mode: str, field_type: str) -> None:
    props = index_body(mode, {"orders": 1}, 1, 0)["mappings"]["properties"]
    for field in (props["order_number"], props["customer"]["properties"]["email"],
                  props["shipping"]["properties"]["postcode"]):  # fmt: skip
        (sub,) = field["fields"].values()
        assert sub["type"] == field_type


def test_prefix_mode_adds_no_subfield_and_queries_the_keyword() -> None:
    props = index_body("prefix", {}, 1, 0)["mappings"]["properties"]
    assert "fields" not in props["order_number"]
    assert autocomplete_query("prefix", "order_number", "ber25")["query"] == {
        "prefix": {"order_number": {"value": "BER25"}}
    }


def test_edge_ngram_query_is_one_match_on_the_prefix_subfield() -> None:
    body = autocomplete_query("edge_ngram", "email", "anna.j")
    assert body["query"] == {"match": {"customer.email.prefix": {"query": "anna.j"}}}
    assert body["sort"] == [{"placed_at": {"order": "desc"}}]


def test_completion_query_is_a_suggest_request() -> None:
    body = autocomplete_query("completion", "postcode", "10")
    assert body["suggest"]["lookup"]["completion"]["field"] == "shipping.postcode.suggest"


def test_search_as_you_type_needs_7_2() -> None:
    with pytest.raises(InputError, match=r"7\.2"):
        check_lookup(server_of({"version": {"number": "6.8.23"}}), "search_as_you_type")
    check_lookup(server_of({"version": {"number": "7.17.25"}}), "search_as_you_type")
    check_lookup(
        server_of({"version": {"number": "1.3.0", "distribution": "opensearch"}}), "search_as_you_type"
    )


@pytest.mark.parametrize(
    ("root", "official", "typed"),
    [
        ({"version": {"number": "9.1.0"}}, True, False),
        ({"version": {"number": "8.15.0"}}, True, False),
        ({"version": {"number": "7.17.25"}}, False, False),
        ({"version": {"number": "6.8.23"}}, False, True),
        ({"version": {"number": "2.19.0", "distribution": "opensearch"}}, False, False),
    ],
)
def test_bulk_transport_per_server(root: dict[str, object], official: bool, typed: bool) -> None:
    server = server_of(root)
    assert (server.official_client, server.typed_bulk) == (official, typed)


def test_slices_cover_everything_once() -> None:
    assert slices(10, 3) == [(0, 4), (4, 7), (7, 10)]
    assert slices(2, 8) == [(0, 1), (1, 2)]


# -- profiles ------------------------------------------------------------------------------------
def test_flash_sale_is_quiet_then_drops_then_decays() -> None:
    level = PROFILES["flash-sale"].level
    assert level(0.1) == pytest.approx(0.1)
    assert level(0.31) == 1.0 and level(0.6) == 1.0
    assert 0.2 < level(0.9) < level(0.7) < 1.0


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_stays_within_peak(name: str) -> None:
    levels = [PROFILES[name].level(f / 100) for f in range(100)]
    assert all(0.0 <= x <= 1.0 for x in levels)
    assert max(levels) > 0.5


# -- schedule ------------------------------------------------------------------------------------
def _planner(config: TrafficConfig, seed: int = 5) -> SessionPlanner:
    return SessionPlanner(config, OrderGenerator(config.dataset), random.Random(seed))


def test_constant_timing_is_an_exact_open_schedule() -> None:
    config = TrafficConfig(dataset=DatasetSpec(1000), rate_per_user=20.0, timing="constant")
    schedule = Schedule(_planner(config), first_start=100.0, phase=0.5)
    starts = [schedule.pop()[0] for _ in range(50)]
    assert starts[0] == pytest.approx(100.025)
    assert np.allclose(np.diff(starts), 0.05)


def test_human_timing_is_scaled_to_the_asked_rate() -> None:
    config = TrafficConfig(dataset=DatasetSpec(1000), rate_per_user=4.0)
    schedule = Schedule(_planner(config), first_start=0.0, phase=0.0)
    starts = [schedule.pop()[0] for _ in range(6000)]
    assert 6000 / (starts[-1] - starts[0]) == pytest.approx(4.0, rel=0.08)
    assert natural_interval() > 0.3  # people type and think: well below 4 req/s unscaled


def test_typed_prefixes_belong_to_real_orders_and_grow_one_key_at_a_time() -> None:
    config = TrafficConfig(dataset=DatasetSpec(5000, seed=9), lookup="edge_ngram")
    planner = _planner(config, seed=11)
    numbers = {planner.orders.order_number(i) for i in range(5000)}
    seen = 0
    for _ in range(200):
        steps = planner.session()
        typed = [json.loads(s.body)["query"]["match"] for s in steps if s.name == "autocomplete:order_number"]
        texts = [next(iter(m.values()))["query"] for m in typed]
        if texts:
            seen += 1
            assert [len(t) for t in texts] == list(range(1, len(texts) + 1))
            assert any(n.startswith(texts[-1]) for n in numbers)
            assert steps[-1].name == "fetch_order" and steps[-1].path.startswith("/orders/_doc/")
    assert seen > 50


# -- recorder ------------------------------------------------------------------------------------
class _Resp:
    def __init__(self, status: int) -> None:
        self.status_code = status


@pytest.mark.parametrize(
    ("status", "exc", "kind"),
    [
        (200, None, None),
        (429, Exception("429"), "http_429"),
        (503, Exception("x"), "http_5xx"),
        (404, Exception("x"), "http_4xx"),
        (0, TimeoutError("timed out"), "timeout"),
        (0, ConnectionResetError(104, "Connection reset by peer"), "connection"),
        (0, ValueError("odd"), "other"),
    ],
)
def test_error_kinds(status: int, exc: BaseException | None, kind: str | None) -> None:
    got = classify_error(status, exc)
    assert (got.split(":")[0] if got else None) == kind


def test_recorder_writes_every_request_with_raw_times(tmp_path: Path) -> None:
    path = tmp_path / "samples.parquet"
    rec = SampleRecorder(path, target="t1", measured_from=1000.0)
    rec.writer.row_group = 3  # several row groups
    for k in range(10):
        rec.on_request(
            name=f"n{k % 2}", response_time=12.5, response_length=100 + k, response=_Resp(200 if k != 4 else 429),
            context={"intended_start": 999.5 + k * 0.1}, exception=Exception("429") if k == 4 else None,
            start_time=999.6 + k * 0.1,
        )  # fmt: skip
    rec.on_request(name="broken", response_time="not a number", start_time=1.0)  # type: ignore[arg-type]
    rec.close()
    table = pq.read_table(path)
    assert table.schema == files.SAMPLE_SCHEMA
    assert pq.ParquetFile(path).metadata.num_row_groups == 4
    df = table.to_pandas()
    assert len(df) == rec.recorded == 10 and rec.failures == 1
    assert df["end"].iloc[0] - df["start"].iloc[0] == pytest.approx(0.0125)
    assert list(df["phase"]) == ["warmup"] * 5 + ["measured"] * 5
    assert df["error"].notna().sum() == 1 and df.loc[4, "status"] == 429


# -- summary -------------------------------------------------------------------------------------
def test_percentiles_are_nearest_rank_of_the_raw_values() -> None:
    values = np.arange(1, 1001) / 1000.0  # 1..1000 ms
    got = percentiles_ms(values)
    assert got == {"p50": 500.0, "p90": 900.0, "p95": 950.0, "p99": 990.0, "p99_9": 999.0, "max": 1000.0}
    assert percentiles_ms(np.array([]))["p99"] is None


def test_gc_deltas_count_only_the_measured_phase() -> None:
    gc = pd.DataFrame(
        {
            "target": "a",
            "node": "n",
            "collector": "old",
            "t": [0.0, 1.0, 2.0, 3.0, 4.0],
            "collection_count": [5, 6, 8, 8, 9],
            "collection_time_ms": [50, 60, 900, 900, 1000],
            "heap_used_bytes": 0,
            "heap_max_bytes": 0,
        }
    )
    assert gc_deltas(gc, 1.0, 3.0) == {
        "old": {"collection_count": 2, "collection_time_ms": 840, "max_time_in_one_poll_ms": 840}
    }


def test_summary_keeps_errors_in_percentiles_and_counts_them(tmp_path: Path) -> None:
    rows = []
    for k in range(100):
        error = "http_5xx: HTTP 503" if k < 10 else None
        service = 1.0 if k < 10 else 0.010  # the 10 failures were the slow ones
        rows.append(
            ("a", "q", "measured", 100.0 + k, 100.0 + k, 100.0 + k + service, 503 if error else 200, 5, error)
        )
    rows.append(("a", "q", "warmup", 90.0, 90.0, 95.0, 200, 5, None))
    files.write_rows(tmp_path / files.SAMPLES, files.SAMPLE_SCHEMA, rows)
    run = {"profile": "constant", "targets": {"a": {"phases": {"measured": {"start": 100.0, "end": 200.0}}}}}
    (tmp_path / files.RUN).write_text(json.dumps(run))
    summary = summarize_run(tmp_path)["targets"]["a"]
    assert summary["requests"] == 100 and summary["errors"] == 10
    assert summary["errors_by_kind"] == {"http_5xx": 10}
    assert summary["latency_ms"]["p95"] == 1000.0  # failures are in the percentiles
    assert summary["latency_ms_ok"]["max"] == 10.0
    assert summary["achieved_rate"] == 1.0


# -- calibrated target maths ---------------------------------------------------------------------
def test_stall_delays_work_that_overlaps_it() -> None:
    state = CalibratedState(Calibration(stalls=(Stall(10.0, 500.0),)))
    t0 = state.start_epoch
    assert state.finish_time(t0 + 1.0, 0.1) == pytest.approx(t0 + 1.1)  # before: untouched
    assert state.finish_time(t0 + 10.2, 0.1) == pytest.approx(t0 + 10.6)  # arrives in the stall
    assert state.finish_time(t0 + 9.95, 0.1) == pytest.approx(t0 + 10.55)  # stall hits mid-request


def test_injected_errors_are_an_exact_fraction() -> None:
    state = CalibratedState(Calibration(error_rate=0.05))
    assert sum(state.next_request()[1] for _ in range(1000)) == 50


def test_latency_distribution_parsing_and_quantiles() -> None:
    dist = LatencyDist.parse("lognormal:20:0.5")
    assert dist.quantile(0.5) == pytest.approx(20.0)
    assert dist.quantile(0.99) == pytest.approx(20.0 * np.exp(0.5 * 2.3263), rel=1e-3)
    rng = random.Random(1)
    assert np.median([dist.sample(rng) for _ in range(4000)]) == pytest.approx(20.0, rel=0.05)
    for bad in ("lognormal:20", "gauss:1:2", "fixed:-1", "fixed:x"):
        with pytest.raises(InputError):
            LatencyDist.parse(bad)
    assert [s.at_s for s in parse_stalls("5,1.5", 100, every_s=4, until_s=9)] == [1.5, 4.0, 5.0, 8.0]


# -- targets -------------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.4.5", "localhost", "[::1]"])
def test_loopback_targets_need_no_flag(host: str) -> None:
    assert parse_target(f"a=http://{host}:9200", allow_remote=False).url == f"http://{host}:9200"


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:9200", "https://es.prod.example.com", "http://0.0.0.0:9200"]
)
def test_remote_targets_need_allow_remote(url: str) -> None:
    with pytest.raises(InputError, match="--allow-remote"):
        parse_target(f"prod={url}", allow_remote=False)
    assert parse_target(f"prod={url}", allow_remote=True).label == "prod"


def test_credentials_leave_the_url_and_become_a_header() -> None:
    target = parse_target("g1=http://elastic:s3cret@127.0.0.1:9200/", allow_remote=False)
    assert target.url == "http://127.0.0.1:9200"
    assert "s3cret" not in repr(target) and target.headers["Authorization"].startswith("Basic ")
    assert is_loopback("::1") and not is_loopback("example.com")


# -- reading what a node says --------------------------------------------------------------------
class _FakeHttp:
    def __init__(self, answer: object) -> None:
        self.answer = answer

    def get(self, path: str) -> object:
        return self.answer


@pytest.mark.parametrize(
    "answer",
    [
        {"orders": {"mappings": {"_meta": {"orders": 10, "seed": 3}, "properties": {}}}},  # 7.x and later
        {
            "orders": {"mappings": {"_doc": {"_meta": {"orders": 10, "seed": 3}, "properties": {}}}}
        },  # 6.x typed
    ],
)
def test_index_meta_is_found_typed_or_typeless(answer: dict[str, object]) -> None:
    from loadtests.targets import index_meta

    assert index_meta(_FakeHttp(answer), "orders") == {"orders": 10, "seed": 3}  # type: ignore[arg-type]


def test_gc_rows_keep_the_collector_keys_as_the_node_reports_them() -> None:
    from loadtests.gcpoll import gc_rows

    stats = {"nodes": {"n1": {"name": "es-zgc", "jvm": {
        "mem": {"heap_used_in_bytes": 10, "heap_max_in_bytes": 100},
        "gc": {"collectors": {"ZGC Pauses": {"collection_count": 7, "collection_time_in_millis": 3},
                              "ZGC Cycles": {"collection_count": 2, "collection_time_in_millis": 900}}},
    }}}}  # fmt: skip
    rows = gc_rows("zgc", stats, 5.0)
    assert rows == [
        ("zgc", "es-zgc", 5.0, "ZGC Cycles", 2, 900, 10, 100),
        ("zgc", "es-zgc", 5.0, "ZGC Pauses", 7, 3, 10, 100),
    ]


def test_requests_due_when_the_window_closes_are_counted_as_not_sent() -> None:
    """Verify that a user still behind schedule when the window closes counts every request that was due
    inside the window (a shortfall in the intended rate), and that a stopped run counts none."""
    from loadtests.control import RunControl

    config = TrafficConfig(dataset=DatasetSpec(1000), rate_per_user=20.0, timing="constant")
    control = RunControl()
    control.end_at = 100.975
    schedule = Schedule(_planner(config), first_start=100.0, phase=0.0)
    first, _ = schedule.pop()  # 100.00: refused (the window closed while the user was stuck)
    control.count_not_sent(first, schedule)
    assert control.not_sent == 20  # 100.00, 100.05, ... 100.95: all due before 100.975
    stopped = RunControl()
    stopped.end_at = 100.975
    stopped.stop("max_requests")
    stopped.count_not_sent(100.0, Schedule(_planner(config), first_start=100.0, phase=0.0))
    assert stopped.not_sent == 0


def test_the_index_seeded_lookup_mode_wins_over_an_explicit_one(capsys: pytest.CaptureFixture[str]) -> None:
    """Verify that `run --lookup X` against an index seeded for Y queries it as Y, with a warning."""
    from loadtests.runner import RunSpec, _traffic

    spec = RunSpec("constant", 10, 5, 50.0, 1, 1000, DatasetSpec(1000), lookup="edge_ngram")
    config = _traffic(spec, {"lookup": "prefix", "orders": 2000, "seed": 7})
    assert config.lookup == "prefix" and config.dataset == DatasetSpec(orders=2000, seed=7)
    assert "seeded for prefix" in capsys.readouterr().err
    assert _traffic(spec, {}).lookup == "edge_ngram"


@pytest.mark.parametrize("timing", ["constant", "human"])
def test_skipping_a_backlog_counts_what_walking_it_would(timing: str) -> None:
    """Verify that ``Schedule.skip_until`` (arithmetic for constant pacing) drops exactly the steps that
    popping one by one would, and leaves the schedule at the same next start."""
    config = TrafficConfig(dataset=DatasetSpec(1000), rate_per_user=37.0, timing=timing)
    walked = Schedule(_planner(config), first_start=50.0, phase=0.3)
    skipped = Schedule(_planner(config), first_start=50.0, phase=0.3)
    count = 0
    while walked.next_start < 53.21:
        walked.pop()
        count += 1
    assert skipped.skip_until(53.21) == count > 0
    assert skipped.next_start == pytest.approx(walked.next_start)
