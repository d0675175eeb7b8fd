"""``loadtest target``: run the calibrated test target (127.0.0.1 only) until interrupted or --max-seconds."""

from __future__ import annotations

import argparse

HELP = "serve a calibrated fake Elasticsearch on 127.0.0.1 (known latency, stalls, errors)"


def port(text: str) -> int:
    """A TCP port number 0..65535 (argparse turns the ValueError into one line and exit 2)."""
    port = int(text)
    if not 0 <= port <= 65535:
        raise ValueError(text)
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=port, default=9299, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument(
        "--latency-dist",
        default="lognormal:5:0.5",
        help="fixed:MS | lognormal:MEDIAN_MS:SIGMA | uniform:LOW_MS:HIGH_MS",
    )
    parser.add_argument(
        "--stall-at", default=None, help="stall start times, seconds after start, comma-separated"
    )
    parser.add_argument("--stall-every", type=float, default=None, help="also stall every S seconds")
    parser.add_argument("--stall-ms", type=float, default=0.0, help="length of each stall in ms")
    parser.add_argument(
        "--error-rate", type=float, default=0.0, help="fraction of queries answered with an error"
    )
    parser.add_argument("--error-status", type=int, default=429, help="HTTP status of injected errors")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--distribution", choices=("elasticsearch", "opensearch"), default="elasticsearch")
    parser.add_argument(
        "--es-version", default=None, help="version to report (default 9.1.0 / OpenSearch 2.19.0)"
    )
    parser.add_argument("--max-seconds", type=float, default=3600.0, help="stop by itself after this long")


def run(args: argparse.Namespace) -> int:
    import sys
    import time

    from advisor.errors import InputError
    from loadtests.calibrated_target import Calibration, LatencyDist, parse_stalls, serve_in_thread

    if not 0.0 <= args.error_rate <= 1.0:
        raise InputError("--error-rate must be between 0 and 1")
    if not 400 <= args.error_status <= 599:
        raise InputError("--error-status must be an HTTP error status (400-599)")
    calibration = Calibration(
        latency=LatencyDist.parse(args.latency_dist),
        stalls=parse_stalls(args.stall_at, args.stall_ms, args.stall_every, args.max_seconds),
        error_rate=args.error_rate,
        error_status=args.error_status,
        seed=args.seed,
        distribution=args.distribution,
        version=args.es_version or ("2.19.0" if args.distribution == "opensearch" else "9.1.0"),
    )
    try:
        server, thread = serve_in_thread(calibration, args.port)
    except OSError as err:
        raise InputError(f"cannot listen on 127.0.0.1:{args.port}: {err.strerror or err}") from None
    print(f"calibrated target listening on {server.url}", flush=True)
    deadline = time.time() + args.max_seconds
    try:
        while thread.is_alive() and time.time() < deadline:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    print(f"served {server.state.served} queries ({server.state.errors} injected errors)", file=sys.stderr)
    return 0
