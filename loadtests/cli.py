"""``loadtest``: entry point. Wiring only; each subcommand lives in ``loadtests.commands``."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.cli_support import dispatch

SUBCOMMANDS = {
    "seed": "loadtests.commands.seed",
    "run": "loadtests.commands.run",
    "report": "loadtests.commands.report",
    "lab": "loadtests.commands.lab",
    "target": "loadtests.commands.target",
}

DESCRIPTION = "Flash-sale order-lookup load tests against Elasticsearch targets."


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("loadtest", argv, SUBCOMMANDS, default=None, description=DESCRIPTION)


if __name__ == "__main__":
    raise SystemExit(main())
