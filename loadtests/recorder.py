"""Record every request as one row of ``samples.parquet``: a Locust ``request`` event listener.

Like Locust's own ``csv_request_logger`` this is just one more listener on ``events.request``; unlike
Locust's stats it keeps the raw timestamps (no rounding of response times to two significant digits), so
percentiles are exact. Rows are buffered ``SAMPLE_ROW_GROUP`` at a time and each full buffer is converted
and written by a real OS thread (``gevent``'s thread pool) so the writing never blocks the users' event loop.

``EventHook.fire`` logs and swallows listener exceptions; this listener catches its own and counts them
(``failures``), and the count goes into ``run.json`` and ``summary.json`` so a lost sample is never silent.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from loadtests.files import SAMPLE_ROW_GROUP, SAMPLE_SCHEMA


class ColumnarWriter:
    """Append rows (tuples in schema order); full buffers go to a Parquet row group off the event loop."""

    def __init__(self, path: Path, schema: pa.Schema, row_group: int = SAMPLE_ROW_GROUP) -> None:
        import gevent.threadpool

        self.path = path
        self.schema = schema
        self.row_group = row_group
        self.rows_written = 0
        self._rows: list[tuple[Any, ...]] = []
        # snappy: ~1 µs per row to compress here, zstd ~7 µs (that was 10% of the generator's CPU)
        self._writer = pq.ParquetWriter(str(path), schema, compression="snappy")
        self._pool = gevent.threadpool.ThreadPool(1)  # one real thread: row groups stay in order
        self._lock = threading.Lock()
        self._closed = False

    def append(self, row: tuple[Any, ...]) -> None:
        self._rows.append(row)
        if len(self._rows) >= self.row_group:
            rows, self._rows = self._rows, []
            self._pool.spawn(self._write, rows)

    def _write(self, rows: list[tuple[Any, ...]]) -> None:
        columns: list[Sequence[Any]] = (
            list(zip(*rows, strict=True)) if rows else [[] for _ in self.schema.names]
        )
        table = pa.table(
            [pa.array(col, type=field.type) for col, field in zip(columns, self.schema, strict=True)],
            schema=self.schema,
        )
        with self._lock:
            self._writer.write_table(table)
            self.rows_written += len(rows)

    def close(self) -> None:
        """Write what is buffered, wait for the writer thread, close the file. Idempotent."""
        if self._closed:
            return
        self._closed = True
        rows, self._rows = self._rows, []
        if rows:
            self._pool.spawn(self._write, rows)
        self._pool.join()
        self._pool.kill()
        with self._lock:
            self._writer.close()


def classify_error(status: int, exception: BaseException | None) -> str | None:
    """``"<kind>: <detail>"`` for a failed request (kinds: ``files.ERROR_KINDS``), None for a success."""
    if exception is None and 0 < status < 400:
        return None
    detail = " ".join(str(exception or f"HTTP {status}").split())[:160]
    if status == 429:
        kind = "http_429"
    elif 500 <= status < 600:
        kind = "http_5xx"
    elif 400 <= status < 500:
        kind = "http_4xx"
    elif isinstance(exception, TimeoutError | socket.timeout) or "timed out" in detail.lower():
        kind = "timeout"
    elif type(exception).__name__ in ("GreenletExit", "RequestCancelled"):
        kind = "cancelled"
    elif isinstance(exception, ConnectionError | OSError) or "connection" in detail.lower():
        kind = "connection"
    else:
        kind = "other"
    return f"{kind}: {detail}"


class SampleRecorder:
    """The ``request`` listener writing ``samples.parquet``.

    ``target`` labels the rows; ``measured_from`` (epoch s) splits phases: a request whose *intended*
    start is at or after it belongs to the measured phase, earlier ones to the warm-up.
    """

    def __init__(self, path: Path, target: str = "", measured_from: float = 0.0) -> None:
        self.writer = ColumnarWriter(path, SAMPLE_SCHEMA)
        self.target = target
        """Label written into the ``target`` column."""
        self.measured_from = measured_from
        """Epoch seconds where the measured phase starts (by intended start)."""
        self.recorded = 0
        """Rows recorded (all targets)."""
        self.failures = 0
        """Listener invocations that raised: samples lost. Reported, never silent."""
        self.last_failure: str | None = None

    def attach(self, events: Any) -> None:
        events.request.add_listener(self.on_request)

    def detach(self, events: Any) -> None:
        events.request.remove_listener(self.on_request)

    def on_request(
        self,
        name: str = "",
        response_time: float = 0.0,
        response_length: int = 0,
        response: Any = None,
        context: dict[str, Any] | None = None,
        exception: BaseException | None = None,
        start_time: float | None = None,
        **_kwargs: Any,
    ) -> None:
        try:  # the hot path: one call per request, kept cheap
            start = float(start_time) if start_time is not None else 0.0
            end = start + float(response_time) / 1000.0
            intended = float(context["intended_start"]) if context and "intended_start" in context else start
            status = int(getattr(response, "status_code", 0) or 0)
            error = None if exception is None and 0 < status < 400 else classify_error(status, exception)
            phase = "measured" if intended >= self.measured_from else "warmup"
            size = int(response_length or 0)
            self.writer.append((self.target, name, phase, intended, start, end, status, size, error))
            self.recorded += 1
        except Exception as err:  # counted: Locust would swallow it and the sample would vanish
            self.failures += 1
            self.last_failure = f"{type(err).__name__}: {err}"

    def close(self) -> None:
        self.writer.close()
