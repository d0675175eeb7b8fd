"""``advise``: entry point. Wiring only; each subcommand lives in ``advisor.commands``."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.cli_support import dispatch

SUBCOMMANDS = {
    # the default: `advise URL` / `advise --bundle PATH`
    "cluster": (
        "advisor.commands.advise",
        "advise a live cluster (URL) or an offline --bundle (the default)",
    ),
    "gc": ("advisor.commands.gc", "summarise GC logs (rotated sets, .gz, JDK 8 and unified logging)"),
    "lint": ("advisor.commands.lint", "check jvm.options / jvm.options.d files against a JDK version"),
    "probe": ("advisor.commands.probe", "measure a java binary's compressed-oops heap limits"),
    "capture": ("advisor.commands.capture", "save a cluster's node info and stats as an offline bundle"),
}

DESCRIPTION = "Explained JVM configuration for Elasticsearch / OpenSearch nodes."


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("advise", argv, SUBCOMMANDS, default="cluster", description=DESCRIPTION)


if __name__ == "__main__":
    raise SystemExit(main())
