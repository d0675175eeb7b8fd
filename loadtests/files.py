"""The files a run writes into its output directory: names, columns, units. THE contract with the report.

``loadtest run --out DIR`` writes, per run (all targets in one directory):

``samples.parquet``  one row per request, written while the run goes (row groups of ``SAMPLE_ROW_GROUP``
    rows, memory bounded). Columns (``SAMPLE_SCHEMA``):
    ``target`` (str, the label of ``--target LABEL=URL``), ``name`` (str, request name such as
    ``autocomplete:order_number``), ``phase`` (``"warmup"`` | ``"measured"``), ``intended_start`` (float,
    epoch seconds: when the user's schedule said this request should start), ``start`` (float, epoch s:
    when it was really sent), ``end`` (float, epoch s: response read or failure), ``status`` (int HTTP
    status, 0 = no response), ``bytes`` (int, response body length), ``error`` (str or null:
    ``"<kind>: <detail>"`` with kind in ``ERROR_KINDS``).
    latency = ``end - intended_start`` (what the shopper waited); service time = ``end - start``.
    A plain-Locust run with ``--processes``/workers writes one ``samples-<worker>.parquet`` per process;
    ``sample_files(DIR)`` lists whichever exist.
``gc.parquet``  node stats polls, about one per second per target (``GC_SCHEMA``): ``target``, ``node``
    (node name), ``t`` (epoch s when the answer arrived), ``collector`` (key as the node reports it, e.g.
    ``young``/``old``, or a raw collector name), ``collection_count``, ``collection_time_ms`` (cumulative
    since node start), ``heap_used_bytes``, ``heap_max_bytes``.
``shape.parquet``  the load shape as it ran, one row per second per target (``SHAPE_SCHEMA``): ``target``,
    ``phase``, ``t`` (epoch s), ``users`` (running users), ``intended_rate`` (requests/s the running users'
    schedules ask for).
``run.json``  what ran (see ``loadtests.run_info``): ``tool_version``, ``profile``, ``parameters``
    (duration_s, warmup_s, users, rate, max_requests, dataset {orders, seed, index, lookup}), ``targets``:
    {LABEL: {``url`` (never with credentials), ``version``, ``distribution``, ``nodes`` [{``name``,
    ``jvm_version``, ``collectors``, ``input_arguments``, ``heap_max_bytes``}], ``phases`` {``warmup``:
    {``start``, ``end``}, ``measured``: {``start``, ``end``}}, ``requests_sent``, ``requests_recorded``,
    ``recorder_failures``, ``stopped_by``}}.
``summary.json``  computed from the files above by ``loadtests.summary.summarize_run`` (DESIGN.md keys).
``report.html``  rendered by ``loadtests.report`` when that package is present.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

SAMPLES = "samples.parquet"
"""One row per request (``SAMPLE_SCHEMA``)."""

SAMPLES_PART_GLOB = "samples-*.parquet"
"""Per-process sample files of a distributed plain-Locust run."""

GC = "gc.parquet"
"""Node stats polls (``GC_SCHEMA``)."""

SHAPE = "shape.parquet"
"""The load shape as it ran (``SHAPE_SCHEMA``)."""

RUN = "run.json"
"""What ran: parameters, targets, nodes, phase times."""

SUMMARY = "summary.json"
"""The numbers: DESIGN.md's summary keys."""

REPORT = "report.html"
"""The rendered report (written by ``loadtests.report``)."""

SAMPLE_ROW_GROUP = 16384
"""Rows buffered before a row group is written (bounds the recorder's memory)."""

PHASES = ("warmup", "measured")

ERROR_KINDS = ("http_429", "http_4xx", "http_5xx", "timeout", "connection", "cancelled", "other")
"""Error kinds in the ``error`` column (text before the first colon)."""

SAMPLE_SCHEMA = pa.schema(
    [
        ("target", pa.string()),
        ("name", pa.string()),
        ("phase", pa.string()),
        ("intended_start", pa.float64()),
        ("start", pa.float64()),
        ("end", pa.float64()),
        ("status", pa.int32()),
        ("bytes", pa.int64()),
        ("error", pa.string()),
    ]
)

GC_SCHEMA = pa.schema(
    [
        ("target", pa.string()),
        ("node", pa.string()),
        ("t", pa.float64()),
        ("collector", pa.string()),
        ("collection_count", pa.int64()),
        ("collection_time_ms", pa.int64()),
        ("heap_used_bytes", pa.int64()),
        ("heap_max_bytes", pa.int64()),
    ]
)

SHAPE_SCHEMA = pa.schema(
    [
        ("target", pa.string()),
        ("phase", pa.string()),
        ("t", pa.float64()),
        ("users", pa.int32()),
        ("intended_rate", pa.float64()),
    ]
)


def sample_files(run_dir: Path) -> list[Path]:
    """The sample file(s) of a run: ``samples.parquet``, else the per-process parts, sorted."""
    single = run_dir / SAMPLES
    if single.exists():
        return [single]
    return sorted(run_dir.glob(SAMPLES_PART_GLOB))


def read_samples(run_dir: Path, columns: list[str] | None = None) -> pa.Table:
    """All samples of a run as one Arrow table (empty table with the schema if there are none)."""
    import pyarrow.parquet as pq

    files = sample_files(run_dir)
    if not files:
        return SAMPLE_SCHEMA.empty_table().select(columns or SAMPLE_SCHEMA.names)
    return pa.concat_tables([pq.read_table(f, columns=columns) for f in files])


def write_rows(path: Path, schema: pa.Schema, rows: Sequence[tuple[Any, ...]]) -> None:
    """Write rows (tuples in schema order) as one Parquet file (used for the small gc/shape files)."""
    import pyarrow.parquet as pq

    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [[] for _ in schema.names]
    arrays = [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)]
    pq.write_table(pa.table(arrays, schema=schema), str(path))
