"""``advise``: entry point. Wiring only; each subcommand lives in ``advisor.commands``."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.cli_support import dispatch

SUBCOMMANDS = {
    "cluster": "advisor.commands.advise",  # the default: `advise URL` / `advise --bundle PATH`
    "gc": "advisor.commands.gc",
    "lint": "advisor.commands.lint",
    "probe": "advisor.commands.probe",
    "capture": "advisor.commands.capture",
}

DESCRIPTION = "Explained JVM configuration for Elasticsearch / OpenSearch nodes."


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("advise", argv, SUBCOMMANDS, default="cluster", description=DESCRIPTION)


if __name__ == "__main__":
    raise SystemExit(main())
