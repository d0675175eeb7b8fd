"""Print and record which collector each target really runs (``GET _nodes/jvm``), so a fallback is caught.

``python -m loadtests.lab.collectors_check es-cms=cms@http://127.0.0.1:9201 es-g1=g1@http://...
[--out FILE]``: for each ``NAME=GC@URL`` one line (name, JDK, ``gc_collectors``, verdict), the same as
JSON in ``FILE``; exit 1 if any target does not run the collector it is meant to (e.g. a CMS target
that silently runs G1 because its JDK has no CMS), 3 if a target cannot be read. The docker-compose
``collectors-check`` service runs it once the nodes are healthy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from loadtests.lab.collectors import COLLECTORS, runs_collector
from loadtests.lab.jvm_report import JvmReport, http_get_json


def parse_target(text: str) -> tuple[str, str, str]:
    name, _, rest = text.partition("=")
    gc, _, url = rest.partition("@")
    if not name or gc not in COLLECTORS or not url.startswith(("http://", "https://")):
        raise SystemExit(
            f"collectors_check: cannot read {text!r}: write NAME=GC@URL, GC one of {', '.join(COLLECTORS)}"
        )
    return name, gc, url.rstrip("/")


def read_jvm(url: str, timeout_s: float) -> JvmReport:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return JvmReport.from_nodes(http_get_json(url + "/_nodes/jvm", timeout=10))
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                raise
            time.sleep(2)


def check(targets: list[str], timeout_s: float) -> tuple[list[dict[str, Any]], int]:
    rows: list[dict[str, Any]] = []
    worst = 0
    for text in targets:
        name, gc, url = parse_target(text)
        row: dict[str, Any] = {"name": name, "url": url, "expected": gc}
        try:
            jvm = read_jvm(url, timeout_s)
        except (OSError, ValueError) as err:
            row.update(ok=False, error=f"cannot read {url}/_nodes/jvm: {err}")
            print(f"{name}: {row['error']}")
            worst = max(worst, 3)
            rows.append(row)
            continue
        ok = runs_collector(COLLECTORS[gc], jvm.gc_collectors)
        row.update(ok=ok, **asdict(jvm))
        verdict = "ok" if ok else f"MISMATCH: expected {COLLECTORS[gc].description}"
        print(
            f"{name}: JDK {jvm.jvm_version} ({jvm.vm_vendor}) runs {jvm.running} {jvm.gc_collectors} -> {verdict}"
        )
        worst = max(worst, 0 if ok else 1)
        rows.append(row)
    return rows, worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="collectors_check", description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", metavar="NAME=GC@URL")
    parser.add_argument("--out", type=Path, help="also write the result as JSON here")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for each target")
    args = parser.parse_args(argv)
    rows, code = check(args.targets, args.timeout)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rows, indent=2) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
