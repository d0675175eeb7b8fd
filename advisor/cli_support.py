"""Shared CLI plumbing for ``advise`` and ``loadtest``: subcommand dispatch and clean failure.

A command module exposes ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``; the
subcommand table maps each name to ``(module, one-line help)`` so listing them imports nothing heavy.
Every AdvisorError becomes one line on stderr and its exit code; no traceback reaches the user
(set ``ADVISOR_DEBUG=1`` to see one for an unexpected error).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from advisor.errors import AdvisorError

INTERNAL_ERROR_EXIT = 70


def fail_line(prog: str, message: str) -> None:
    """Print one clean error line (newlines folded) to stderr."""
    one_line = " ".join(str(message).split())
    print(f"{prog}: error: {one_line}", file=sys.stderr)


def guarded(prog: str, func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return func(args)
    except AdvisorError as err:
        fail_line(prog, str(err))
        return err.exit_code
    except KeyboardInterrupt:
        fail_line(prog, "interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # the last line of defence: one line, never a traceback
        if os.environ.get("ADVISOR_DEBUG"):
            raise
        fail_line(prog, f"internal error: {type(err).__name__}: {err} (set ADVISOR_DEBUG=1 for details)")
        return INTERNAL_ERROR_EXIT


class _Parser(argparse.ArgumentParser):
    """argparse that says what is wrong in one line (exit 2), like the rest of the tool."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        fail_line(self.prog, f"{message} (see --help)")
        raise SystemExit(2)


def make_parser(prog: str, description: str) -> argparse.ArgumentParser:
    return _Parser(prog=prog, description=description, formatter_class=argparse.RawDescriptionHelpFormatter)


def dispatch(
    prog: str,
    argv: Sequence[str] | None,
    subcommands: dict[str, tuple[str, str]],
    default: str | None,
    description: str,
) -> int:
    """Run ``prog SUBCOMMAND ...``; without a known subcommand run ``default`` (if any) on all args."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in subcommands:
        name, args = args[0], args[1:]
    elif default is not None:
        name = default
    else:
        _print_overview(prog, subcommands, description)
        return 0 if args[:1] in (["-h"], ["--help"]) else 2
    module: ModuleType = importlib.import_module(subcommands[name][0])
    sub_prog = prog if name == default else f"{prog} {name}"
    epilog = None
    if name == default:
        epilog = "subcommands:\n" + "\n".join(
            f"  {prog} {key:<9} {help_line}" for key, (_, help_line) in subcommands.items() if key != default
        )
    parser = make_parser(sub_prog, module.HELP)
    parser.epilog = epilog
    module.add_arguments(parser)
    parsed = parser.parse_args(args)
    return guarded(prog, module.run, parsed)


def _print_overview(prog: str, subcommands: dict[str, tuple[str, str]], description: str) -> None:
    print(f"usage: {prog} SUBCOMMAND [options]\n\n{description}\n\nsubcommands:")
    for key, (_, help_line) in subcommands.items():
        print(f"  {key:<9} {help_line}")


def print_json(document: Any) -> None:
    """The one way JSON reaches stdout: stable key order, UTF-8, trailing newline."""
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
