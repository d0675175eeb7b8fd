"""A calibrated stand-in for an Elasticsearch node: known latency, known stop-the-world stalls, known errors.

It answers the endpoints the load test uses (``GET /``, ``/_search``, ``/<index>/_search``,
``/<index>/_doc/<id>``, ``/_nodes``, ``/_nodes/jvm``, ``/_nodes/stats/jvm``, ``/<index>/_mapping``, index
create/delete/refresh/forcemerge/count and a minimal ``_bulk``) with Elasticsearch-shaped JSON, on
127.0.0.1 only, one thread per connection (HTTP/1.1 keep-alive).

What makes it *calibrated*:
- each query/fetch takes a service time drawn from a known distribution (``fixed:MS``,
  ``lognormal:MEDIAN_MS:SIGMA``, ``uniform:LOW_MS:HIGH_MS``), seeded;
- stalls: at known offsets after the server started, the whole server stops for a known time, like a GC
  pause: a request arriving during a stall starts its work when the stall ends; a request whose work
  overlaps a stall is delayed by the overlap. ``/_nodes/stats/jvm`` reports every finished stall as one
  ``old`` collection (count, total ms) and answers late during a stall like everything else;
- errors: exactly every ``1/error_rate``-th query/fetch answers ``error_status`` (429 or 5xx).

``start_epoch`` (in ``GET /`` under ``calibration``) lets a test turn stall offsets into epoch times.
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from advisor.errors import InputError
from loadtests.dataset.orders import DatasetSpec, OrderGenerator


@dataclass(frozen=True)
class LatencyDist:
    """A service-time distribution in milliseconds."""

    kind: str
    a: float = 0.0
    b: float = 0.0

    def sample(self, rng: random.Random) -> float:
        if self.kind == "fixed":
            return self.a
        if self.kind == "uniform":
            return rng.uniform(self.a, self.b)
        return self.a * math.exp(self.b * rng.gauss(0.0, 1.0))

    def quantile(self, q: float) -> float:
        """The exact q-quantile (0<q<1) in ms, for tests and benchmarks."""
        from statistics import NormalDist

        if self.kind == "fixed":
            return self.a
        if self.kind == "uniform":
            return self.a + q * (self.b - self.a)
        return self.a * math.exp(self.b * NormalDist().inv_cdf(q))

    @classmethod
    def parse(cls, text: str) -> LatencyDist:
        parts = text.split(":")
        try:
            numbers = [float(p) for p in parts[1:]]
        except ValueError:
            numbers = []
        shapes = {"fixed": 1, "lognormal": 2, "uniform": 2}
        if parts[0] not in shapes or len(numbers) != shapes[parts[0]] or any(n < 0 for n in numbers):
            raise InputError(
                f"latency distribution {text!r}: use fixed:MS, lognormal:MEDIAN_MS:SIGMA or uniform:LOW_MS:HIGH_MS"
            )
        return cls(parts[0], *numbers)


@dataclass(frozen=True)
class Stall:
    at_s: float
    """Seconds after server start."""
    ms: float


@dataclass
class Calibration:
    latency: LatencyDist = field(default_factory=lambda: LatencyDist("fixed", 0.0))
    stalls: tuple[Stall, ...] = ()
    error_rate: float = 0.0
    error_status: int = 429
    seed: int = 1
    distribution: str = "elasticsearch"
    version: str = "9.1.0"


def parse_stalls(
    at: str | None, stall_ms: float, every_s: float | None = None, until_s: float = 3600
) -> tuple[Stall, ...]:
    """``--stall-at 5,12.5 --stall-ms 800`` (and/or ``--stall-every 10``) → stalls sorted by time."""
    times: list[float] = []
    if at:
        try:
            times = [float(x) for x in at.split(",") if x.strip()]
        except ValueError:
            raise InputError(
                f"--stall-at {at!r}: use seconds after start, comma-separated (e.g. 5,12.5)"
            ) from None
    if every_s:
        times += [every_s * k for k in range(1, int(until_s / every_s) + 1)]
    if times and stall_ms <= 0:
        raise InputError("--stall-ms must be > 0 when stalls are asked for")
    return tuple(Stall(t, stall_ms) for t in sorted(set(times)))


class CalibratedState:
    """Clock, stalls, RNG, counters and stored indices shared by the handler threads."""

    def __init__(self, calibration: Calibration) -> None:
        self.cal = calibration
        self.start_epoch = time.time()
        self.rng = random.Random(calibration.seed)
        self.lock = threading.Lock()
        self.served = 0
        self.errors = 0
        self.indices: dict[str, dict[str, Any]] = {}
        self.windows = [
            (self.start_epoch + s.at_s, self.start_epoch + s.at_s + s.ms / 1000.0) for s in calibration.stalls
        ]
        orders = OrderGenerator(DatasetSpec(orders=1000, seed=calibration.seed))
        docs = [orders.order(i) for i in range(990, 1000)]
        hits = [
            {"_index": "orders", "_id": d["order_number"], "_score": None, "_source": d} for d in docs[:8]
        ]
        self.search_body = json.dumps(
            {
                "took": 1,
                "timed_out": False,
                "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                "hits": {"total": {"value": 8, "relation": "eq"}, "max_score": None, "hits": hits},
            }
        ).encode()
        self.doc_source = docs[-1]

    def finish_time(self, arrival: float, work_s: float) -> float:
        """When work of ``work_s`` seconds arriving at ``arrival`` completes, stalls included."""
        t, remaining = arrival, work_s
        for s, e in self.windows:
            if e <= t:
                continue
            if t + remaining <= s:
                break
            if t < s:
                remaining -= s - t
            t = e
        return t + remaining

    def next_request(self) -> tuple[float, bool]:
        """(service time in s, answer with an error?) for the next query/fetch; deterministic."""
        with self.lock:
            self.served += 1
            work = self.cal.latency.sample(self.rng) / 1000.0
            rate = self.cal.error_rate
            error = rate > 0 and math.floor(self.served * rate) != math.floor((self.served - 1) * rate)
            self.errors += error
        return work, error

    def gc_totals(self, now: float) -> tuple[int, int]:
        done = [(e - s) for s, e in self.windows if e <= now]
        return len(done), round(sum(done) * 1000)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = (
        True  # headers and body are two writes: without TCP_NODELAY, +40 ms (delayed ACK)
    )
    server: CalibratedServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self, status: int, body: bytes | dict[str, Any], content_type: str = "application/json"
    ) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if self.server.state.cal.distribution == "elasticsearch":
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _handle(self) -> None:
        arrival = time.time()
        state = self.server.state
        body = self._read_body()
        path = unquote(urlsplit(self.path).path).rstrip("/") or "/"
        parts = [p for p in path.split("/") if p]
        is_query = (parts[-1:] == ["_search"]) or (len(parts) == 3 and parts[1] == "_doc")
        if is_query:
            work, error = state.next_request()
        else:
            work, error = 0.0, False
        done = state.finish_time(arrival, work)
        delay = done - time.time()
        if delay > 0:
            time.sleep(delay)
        if error:
            status = state.cal.error_status
            kind = "es_rejected_execution_exception" if status == 429 else "calibrated_failure"
            self._send(status, {"error": {"type": kind, "reason": "injected"}, "status": status})
            return
        status, answer = route(state, self.command, parts, body)
        self._send(status, answer)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


def _node_info(state: CalibratedState) -> dict[str, Any]:
    return {
        "name": "calibrated-0",
        "version": state.cal.version,
        "jvm": {
            "version": "21.0.5",
            "vm_name": "OpenJDK 64-Bit Server VM",
            "gc_collectors": ["G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"],
            "input_arguments": ["-Xms256m", "-Xmx256m", "-XX:+UseG1GC"],
            "mem": {"heap_max_in_bytes": 256 * 1024 * 1024},
        },
    }


def route(state: CalibratedState, method: str, parts: list[str], body: bytes) -> tuple[int, Any]:
    """Status and JSON (dict or pre-encoded bytes) for a request; no timing here."""
    now = time.time()
    if not parts:
        return 200, {
            "name": "calibrated-0",
            "cluster_name": "calibrated",
            "version": {"number": state.cal.version, "distribution": state.cal.distribution}
            if state.cal.distribution != "elasticsearch"
            else {"number": state.cal.version, "build_flavor": "default"},
            "tagline": "The OpenSearch Project: https://opensearch.org/"
            if state.cal.distribution == "opensearch"
            else "You Know, for Search",
            "calibration": {"start_epoch": state.start_epoch, "stalls": [[s, e] for s, e in state.windows]},
        }
    if parts[0] == "_nodes":
        if parts[1:3] == ["stats", "jvm"] or parts[1:2] == ["stats"]:
            count, total_ms = state.gc_totals(now)
            young = int((now - state.start_epoch) / 2)  # one 2 ms young collection every 2 s
            heap = 256 * 1024 * 1024
            used = int(heap * (0.3 + 0.4 * (((now - state.start_epoch) % 2) / 2)))
            collectors = {
                "young": {"collection_count": young, "collection_time_in_millis": 2 * young},
                "old": {"collection_count": count, "collection_time_in_millis": total_ms},
            }
            mem = {"heap_used_in_bytes": used, "heap_max_in_bytes": heap}
            jvm = {"mem": mem, "gc": {"collectors": collectors}}
            return 200, {"nodes": {"cal0": {"name": "calibrated-0", "jvm": jvm}}}
        return 200, {
            "_nodes": {"total": 1, "successful": 1, "failed": 0},
            "nodes": {"cal0": _node_info(state)},
        }
    if parts[-1] == "_search":
        return 200, state.search_body
    if parts[0] == "_bulk" or parts[-1] == "_bulk":
        return 200, _bulk(state, parts, body)
    index = parts[0]
    if len(parts) == 3 and parts[1] == "_doc":
        source = {**state.doc_source, "order_number": parts[2]}
        return 200, {"_index": index, "_id": parts[2], "_version": 1, "found": True, "_source": source}
    stored = state.indices.get(index)
    if len(parts) == 1:
        if method == "PUT":
            if stored is not None:
                return 400, {
                    "error": {"type": "resource_already_exists_exception", "reason": index},
                    "status": 400,
                }
            spec = json.loads(body or b"{}")
            state.indices[index] = {"mappings": spec.get("mappings", {}), "count": 0}
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": index}
        if method == "DELETE" and stored is not None:
            del state.indices[index]
            return 200, {"acknowledged": True}
        if stored is not None:
            return 200, {index: {"mappings": stored["mappings"]}}
    elif stored is not None:
        action = parts[1]
        if action == "_mapping":
            return 200, {index: {"mappings": stored["mappings"]}}
        if action == "_count":
            return 200, {"count": stored["count"]}
        if action in ("_refresh", "_forcemerge", "_settings"):
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}, "acknowledged": True}
    return 404, {
        "error": {"type": "index_not_found_exception", "reason": f"no such index [{index}]"},
        "status": 404,
    }


def _bulk(state: CalibratedState, parts: list[str], body: bytes) -> dict[str, Any]:
    lines = [line for line in body.split(b"\n") if line.strip()]
    items = []
    i = 0
    while i < len(lines):
        action = json.loads(lines[i])
        ((op, meta),) = action.items()
        index = meta.get("_index", parts[0] if parts[0] != "_bulk" else "")
        i += 1 if op == "delete" else 2
        target = state.indices.setdefault(index, {"mappings": {}, "count": 0})
        target["count"] += 1
        items.append({op: {"_index": index, "_id": meta.get("_id"), "result": "created", "status": 201}})
    return {"took": 1, "errors": False, "items": items}


class CalibratedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, port: int, calibration: Calibration) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = CalibratedState(calibration)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def serve_in_thread(calibration: Calibration, port: int = 0) -> tuple[CalibratedServer, threading.Thread]:
    """Start a server on a background thread (for benchmarks and tests in-process); ``shutdown()`` stops it."""
    server = CalibratedServer(port, calibration)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    return server, thread
