"""``advise lint``: check jvm.options / jvm.options.d files against one JDK feature release.

Reads the files (ES order, version prefixes resolved for ``jdk``) and runs the option rules of
``advisor.rules.flags``. The only I/O is reading the files (and, with ``java``, asking that binary
which flags it declares and where its compressed-oops cut-off is).
"""

from __future__ import annotations

from pathlib import Path

from advisor.facts.compressed_oops import cutoff
from advisor.facts.nodes import ProbeResult
from advisor.findings import Finding, most_severe_first
from advisor.options_file import effective_options, expand_paths, parse_file
from advisor.rules.base import OptionsInput
from advisor.rules.flags import check_options


def lint_files(
    paths: list[str | Path] | list[str] | list[Path],
    jdk: int,
    heap_oops_cutoff_mb: int | None = None,
    probe: ProbeResult | None = None,
    declared: dict[str, str] | None = None,
    cpus: float | None = None,
) -> list[Finding]:
    """Findings for the options these files give a JVM of feature release ``jdk``, most severe first."""
    files = [parse_file(p) for p in expand_paths(list(paths))]
    oops = cutoff(probe.jdk_version if probe else None, probe, heap_oops_cutoff_mb)
    inp = OptionsInput.from_file_options(
        effective_options(files, jdk),
        jdk,
        bad_lines=tuple(b for f in files for b in f.bad_lines),
        oops=oops,
        declared=declared,
        cpus=cpus,
    )
    return most_severe_first(check_options(inp))
