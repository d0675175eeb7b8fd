"""Bulk loading of the orders dataset: parallel, retrying 429s, streaming (memory does not grow with N).

Two transports, one behaviour (chunks of ``chunk_size`` actions, ``workers`` processes each owning a
contiguous slice of the order numbers and generating its documents itself, per-document and whole-request 429 retried with exponential
backoff up to ``max_retries`` times, anything else counted as failed):

- Elasticsearch 8.x/9.x: the official client's ``elasticsearch.helpers.streaming_bulk`` (its
  ``max_retries``/``retry_on_status=429`` does the retrying). The 9.x client sends
  ``compatible-with=9`` media types, which an 8.x server rejects, so for an 8.x server the client is
  given the ``compatible-with=8`` Accept/Content-Type headers (the client only rewrites plain
  ``application/json``; REST API compatibility is the server's documented mechanism).
- Elasticsearch 6.8/7.x and OpenSearch: the official client refuses them (it checks the
  ``X-Elastic-Product`` header and sends media types those servers do not know: ``UnsupportedProductError``),
  so a thin ``urllib3`` path posts the same NDJSON to ``/_bulk`` with the same retry rules. On 6.8 each
  action carries ``"_type": "_doc"``.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from advisor.errors import SourceError
from loadtests.dataset.orders import OrderGenerator
from loadtests.targets import Http

BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 30.0


@dataclass(frozen=True)
class Server:
    """What the seeder needs to know about the cluster."""

    distribution: str
    version: str
    major: int

    @property
    def official_client(self) -> bool:
        return self.distribution == "elasticsearch" and self.major >= 8

    @property
    def typed_bulk(self) -> bool:
        return self.distribution == "elasticsearch" and self.major < 7


def server_of(root: dict[str, Any]) -> Server:
    version = (root or {}).get("version") or {}
    number = str(version.get("number") or "0")
    distribution = str(version.get("distribution") or "elasticsearch")
    try:
        major = int(number.split(".")[0])
    except ValueError:
        major = 0
    return Server(distribution=distribution, version=number, major=major)


@dataclass
class BulkStats:
    indexed: int = 0
    failed: int = 0
    retries: int = 0
    first_error: str | None = None

    def add(self, other: BulkStats) -> None:
        self.indexed += other.indexed
        self.failed += other.failed
        self.retries += other.retries
        self.first_error = self.first_error or other.first_error


def slices(total: int, parts: int) -> list[tuple[int, int]]:
    """Split ``0..total`` into ``parts`` contiguous ranges (no empty ones)."""
    parts = max(1, min(parts, total))
    step, extra = divmod(total, parts)
    out, start = [], 0
    for k in range(parts):
        stop = start + step + (1 if k < extra else 0)
        out.append((start, stop))
        start = stop
    return out


def _actions(
    generator: OrderGenerator, index: str, start: int, stop: int, typed: bool
) -> Iterator[dict[str, Any]]:
    for doc_id, doc in generator.orders(start, stop):
        action = {"_index": index, "_id": doc_id, "_source": doc}
        if typed:
            action["_type"] = "_doc"
        yield action


class ThinBulk:
    """``POST /_bulk`` over urllib3 with the streaming_bulk retry rules (for servers the client refuses)."""

    def __init__(self, http: Http, max_retries: int) -> None:
        self.http = http
        self.max_retries = max_retries

    def send(self, actions: list[dict[str, Any]], on_progress: Callable[[int], None]) -> BulkStats:
        stats = BulkStats()
        pending = actions
        for attempt in range(self.max_retries + 1):
            if attempt:
                stats.retries += 1
                time.sleep(min(BACKOFF_MAX_S, BACKOFF_START_S * 2 ** (attempt - 1)))
            lines = []
            for a in pending:
                meta = {k: a[k] for k in ("_index", "_id", "_type") if k in a}
                lines.append(json.dumps({"index": meta}, separators=(",", ":")))
                lines.append(json.dumps(a["_source"], separators=(",", ":")))
            body = ("\n".join(lines) + "\n").encode()
            try:
                answer = self.http.request("POST", "/_bulk", body, content_type="application/x-ndjson")
            except SourceError as err:
                if "HTTP 429" in str(err) and attempt < self.max_retries:
                    continue
                raise
            retry = []
            for action, item in zip(pending, answer.get("items", []), strict=False):
                result = next(iter(item.values()))
                status = int(result.get("status", 500))
                if status < 300:
                    stats.indexed += 1
                elif status == 429 and attempt < self.max_retries:
                    retry.append(action)
                else:
                    stats.failed += 1
                    stats.first_error = stats.first_error or json.dumps(result.get("error"))[:300]
            on_progress(len(pending) - len(retry))
            if not retry:
                break
            pending = retry
        return stats


def official_client(url: str, headers: dict[str, str], server: Server) -> Any:
    from elasticsearch import Elasticsearch

    compat = {}
    if server.major == 8:
        compat = {
            "accept": "application/vnd.elasticsearch+json; compatible-with=8",
            "content-type": "application/vnd.elasticsearch+json; compatible-with=8",
        }
    return Elasticsearch(url, headers={**compat, **headers}, request_timeout=120, verify_certs=False)


@dataclass(frozen=True)
class BulkJob:
    """One bulk load: where, what, how (one per worker process)."""

    http: Http
    server: Server
    generator: OrderGenerator
    index: str
    chunk_size: int
    max_retries: int
    progress: Callable[[int], None]


def load(
    http: Http,
    server: Server,
    generator: OrderGenerator,
    index: str,
    workers: int = 4,
    chunk_size: int = 1000,
    max_retries: int = 8,
    on_progress: Callable[[int], None] = lambda n: None,
) -> BulkStats:
    """Index every order of ``generator`` into ``index`` with ``workers`` processes (generating documents is
    CPU work, so processes, not threads); returns counts (failed documents are counted, not raised)."""
    ctx = multiprocessing.get_context("spawn")
    counter = ctx.Value("q", 0)
    ranges = slices(generator.spec.orders, workers)
    jobs = [(http.target, server, generator.spec, index, a, b, chunk_size, max_retries) for a, b in ranges]
    total = BulkStats()
    reported = 0
    with ProcessPoolExecutor(len(jobs), mp_context=ctx, initializer=_init_child, initargs=(counter,)) as pool:
        futures = [pool.submit(_load_slice, job) for job in jobs]
        while True:
            done = all(f.done() for f in futures)
            value = int(counter.value)
            if value > reported:
                on_progress(value - reported)
                reported = value
            if done:
                break
            time.sleep(0.2)
    for future in futures:
        err = future.exception()
        if err is not None:
            if isinstance(err, SourceError):
                raise err
            raise SourceError(f"bulk load failed: {type(err).__name__}: {err}")
        total.add(future.result())
    return total


_CHILD_COUNTER: Any = None


def _init_child(counter: Any) -> None:
    global _CHILD_COUNTER
    _CHILD_COUNTER = counter


def _child_progress(n: int) -> None:
    with _CHILD_COUNTER.get_lock():
        _CHILD_COUNTER.value += n


def _load_slice(job: tuple[Any, ...]) -> BulkStats:
    """One worker process: orders ``start..stop-1`` over its own connection."""
    target, server, spec, index, start, stop, chunk_size, max_retries = job
    bulk_job = BulkJob(
        Http(target, timeout_s=120.0),
        server,
        OrderGenerator(spec),
        index,
        chunk_size,
        max_retries,
        _child_progress,
    )
    return (_official if server.official_client else _thin)(bulk_job, start, stop)


def _thin(job: BulkJob, start: int, stop: int) -> BulkStats:
    bulk = ThinBulk(job.http, job.max_retries)
    stats = BulkStats()
    chunk: list[dict[str, Any]] = []
    for action in _actions(job.generator, job.index, start, stop, job.server.typed_bulk):
        chunk.append(action)
        if len(chunk) >= job.chunk_size:
            stats.add(bulk.send(chunk, job.progress))
            chunk = []
    if chunk:
        stats.add(bulk.send(chunk, job.progress))
    return stats


def _official(job: BulkJob, start: int, stop: int) -> BulkStats:
    from elasticsearch import ApiError, TransportError, helpers

    client = official_client(job.http.target.url, job.http.target.headers, job.server)
    stats = BulkStats()
    try:
        for ok, item in helpers.streaming_bulk(
            client,
            _actions(job.generator, job.index, start, stop, False),
            chunk_size=job.chunk_size,
            max_retries=job.max_retries,
            initial_backoff=BACKOFF_START_S,
            max_backoff=BACKOFF_MAX_S,
            raise_on_error=False,
            yield_ok=True,
        ):
            if ok:
                stats.indexed += 1
            else:
                stats.failed += 1
                stats.first_error = stats.first_error or json.dumps(item, default=str)[:300]
            job.progress(1)
    except (ApiError, TransportError) as err:
        raise SourceError(f"{job.http.target.label}: bulk request failed: {err}") from None
    finally:
        client.close()
    return stats
