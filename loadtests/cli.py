"""``loadtest``: entry point. Wiring only; each subcommand lives in ``loadtests.commands``."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.cli_support import dispatch

SUBCOMMANDS = {
    "seed": ("loadtests.commands.seed", "create the orders index and bulk-load a deterministic dataset"),
    "run": (
        "loadtests.commands.run",
        "run a traffic profile against one or more targets, record every request",
    ),
    "report": ("loadtests.commands.report", "render DIR/report.html from a recorded run"),
    "lab": ("loadtests.commands.lab", "start/stop real Elasticsearch/OpenSearch nodes on 127.0.0.1"),
    "target": (
        "loadtests.commands.target",
        "serve a calibrated fake Elasticsearch with known latency and stalls",
    ),
}

DESCRIPTION = "Flash-sale order-lookup load tests against Elasticsearch targets."


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("loadtest", argv, SUBCOMMANDS, default=None, description=DESCRIPTION)


if __name__ == "__main__":
    raise SystemExit(main())
