"""How fast and how precise is the load generator? Run by hand: ``.venv/bin/python benchmarks/loadgen.py``.

Against a trivial local target (an asyncio server answering every request at once with a canned
Elasticsearch-shaped search answer; it is much faster than the generators, so they are the bottleneck):

1. requests per CPU-second of the generator process in the measured phase (start-up excluded), closed
   loop (no waits), 1 process, same users, best of ``--repeat`` alternating runs:
   - ``loadtest run`` (paced users far behind schedule, so back-to-back; every request recorded),
   - the same without the sample recorder (isolates what recording costs: goal <= 10%),
   - plain Locust ``FastHttpUser`` posting the same search body (Locust's own stats only),
   - ``wrk`` (C, 1 thread) on the same endpoint (CPU from ``getrusage`` of the child);
2. the measurement floor: p99 of latency and service time ``loadtest run`` reports for the instant target
   at a constant 500 requests/s (goal <= 2 ms).

The machine's load average is printed: on a shared machine every number here moves with it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BODY = json.dumps(
    {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {"_index": "orders", "_id": "BER25-00000001", "_source": {"order_number": "BER25-00000001"}}
            ],
        },
    }
).encode()
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Elastic-Product: Elasticsearch\r\n"
    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY
)
ROOT = json.dumps({"name": "instant", "version": {"number": "9.1.0"}}).encode()
ROOT_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(ROOT)
ROOT_RESPONSE = ROOT_HEAD + ROOT

PLAIN_LOCUSTFILE = """
import json, os, time
from locust import FastHttpUser, constant, events, task
MARK = {}
@events.test_start.add_listener
def _start(environment, **kw):
    MARK.update(cpu=time.process_time(), n=environment.stats.total.num_requests)
@events.quitting.add_listener
def _stop(environment, **kw):
    done = {"cpu_s": time.process_time() - MARK["cpu"], "requests": environment.stats.total.num_requests - MARK["n"]}
    open(os.environ["PLAIN_RESULT"], "w").write(json.dumps(done))
from loadtests.dataset.index import autocomplete_query
BODY = json.dumps(autocomplete_query("edge_ngram", "order_number", "BER25-0"), separators=(",", ":")).encode()
class Plain(FastHttpUser):
    wait_time = constant(0)
    @task
    def search(self):
        self.client.request("POST", "/orders/_search", data=BODY, headers={"Content-Type": "application/json"})
"""


class Instant(asyncio.Protocol):
    """Answers each complete HTTP/1.1 request immediately (``GET /`` with a root document)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end].lower()
            match = re.search(rb"content-length:\s*(\d+)", head)
            total = head_end + 4 + (int(match.group(1)) if match else 0)
            if len(self.buffer) < total:
                return
            request_line = self.buffer[: self.buffer.find(b"\r\n")]
            self.buffer = self.buffer[total:]
            root = request_line.startswith(b"GET / ")
            self.transport.write(ROOT_RESPONSE if root else RESPONSE)  # type: ignore[attr-defined]


def serve(port: int, seconds: float) -> None:
    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Instant, "127.0.0.1", port)
        async with server:
            await asyncio.sleep(seconds)

    asyncio.run(main())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(cmd: list[str], timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a child; returns it and the CPU seconds (user+sys) it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return proc, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


HARNESS = """
import sys
import locust  # gevent patching first, as the CLI does
from loadtests import recorder
if sys.argv[1] == "off":  # the same harness without the sample recorder, to isolate what recording costs
    recorder.SampleRecorder.attach = recorder.SampleRecorder.detach = lambda self, events: None
from loadtests.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


def harness(url: str, users: int, rate: float, seconds: float, out: Path, record: bool = True) -> dict:
    """``loadtest run``; its summary plus the generator CPU of the measured phase (start-up excluded)."""
    cmd = [sys.executable, "-c", HARNESS, "on" if record else "off", "run", "--target", f"t={url}",
           "--out", str(out), "--json", "--profile", "constant", "--users", str(users), "--rate", str(rate),
           "--duration", str(seconds), "--warmup", "1", "--max-requests", "100000000"]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds * 4 + 60, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"loadtest run failed: {proc.stderr[-800:]}")
    return dict(json.loads(proc.stdout)["targets"]["t"])


def _per_cpu(run: dict) -> float:
    return float(run["requests"] / run["cpu_s"])


def plain_locust(url: str, users: int, seconds: float, workdir: Path) -> dict[str, float]:
    """Plain FastHttpUser; requests and CPU seconds from test start to stop (start-up excluded)."""
    locustfile = workdir / "plain_locustfile.py"
    locustfile.write_text(PLAIN_LOCUSTFILE)
    result = workdir / "plain.json"
    cmd = [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless", "-u", str(users), "-r", str(users),
           "-t", f"{int(seconds)}s", "--host", url, "--only-summary"]  # fmt: skip
    subprocess.run(
        cmd,
        capture_output=True,
        timeout=seconds * 4 + 60,
        cwd=REPO,
        env={**os.environ, "PLAIN_RESULT": str(result)},
    )
    return dict(json.loads(result.read_text()))


def wrk(url: str, users: int, seconds: float) -> tuple[float, float] | None:
    if shutil.which("wrk") is None:
        return None
    cmd = ["wrk", "-t1", f"-c{users}", f"-d{int(seconds)}s", f"{url}/orders/_search"]
    proc, cpu = timed(cmd, seconds + 30)
    match = re.search(r"Requests/sec:\s*([\d.]+)", proc.stdout)
    return (float(match.group(1)), cpu) if match else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--repeat", type=int, default=2, help="alternating runs of each generator (best kept)"
    )
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.serve, args.seconds)
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # the target outlives every run (3 per repeat + the floor run, each with up to ~30 s of start-up);
    # it is terminated in `finally` as soon as the benchmark ends
    total = (args.seconds + 30) * (3 * args.repeat + 2) + 60
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--seconds", str(total)])
    try:
        time.sleep(1.0)
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            runs: dict[str, list[dict]] = {"on": [], "off": [], "plain": []}
            for k in range(args.repeat):  # alternate, keep the best of each: the machine's noise only slows
                for record in (True, False):
                    run = harness(url, args.users, 1_000_000, args.seconds, work / f"max{k}{record}", record)
                    runs["on" if record else "off"].append(run["generator"])
                runs["plain"].append(plain_locust(url, args.users, args.seconds, work))
            best = {name: max(found, key=_per_cpu) for name, found in runs.items()}
            floor = harness(url, 50, 500, args.seconds, work / "floor")
        labels = {
            "on": "loadtest run, recording",
            "off": "loadtest run, no recorder",
            "plain": "plain Locust FastHttpUser",
        }
        for name, run in best.items():
            spread = ", ".join(f"{_per_cpu(r):.0f}" for r in runs[name])
            print(f"{labels[name]:<27} {_per_cpu(run):6.0f} req per CPU-s (runs: {spread})")
        rps_h, rps_off, rps_p = _per_cpu(best["on"]), _per_cpu(best["off"]), _per_cpu(best["plain"])
        print(
            f"  recording overhead (on vs off): {(rps_off / rps_h - 1) * 100:+.1f}% CPU per request (goal <= 10%)"
        )
        print(f"  whole harness vs plain Locust:  {(rps_p / rps_h - 1) * 100:+.1f}% CPU per request")
        result = wrk(url, args.users, args.seconds)
        if result is None:
            print("wrk: not installed (apt-get install wrk)")
        else:
            wrk_rps, wrk_cpu = result
            wrk_per_cpu = wrk_rps * args.seconds / wrk_cpu if wrk_cpu else float("nan")
            print(f"wrk (C, 1 thread):         {wrk_per_cpu:8.0f} req per CPU-s  ({wrk_rps:.0f} req/s)")
            print(
                f"  ratios: loadtest/wrk {rps_h / wrk_per_cpu:.3f}, plain Locust/wrk {rps_p / wrk_per_cpu:.3f}"
            )
        lat, svc = floor["latency_ms"], floor["service_time_ms"]
        print(
            f"measurement floor at {floor['achieved_rate']:.0f} req/s (instant target): latency p50 {lat['p50']} "
            f"p99 {lat['p99']} p99.9 {lat['p99_9']} ms; service p50 {svc['p50']} p99 {svc['p99']} ms (goal p99 <= 2 ms)"
        )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
