"""Render recommended options as ``jvm.options.d`` files, diff them, and write them safely.

File grammar (ES: ``JvmOptionsParser``, 7.7+): one option per line, optionally prefixed by a JDK range
``8:``, ``17-:``, ``11-13:``; a ``#`` in column 0 starts a comment line; no leading spaces, no inline
comments (an inline ``#`` would be passed to the JVM). ES reads ``config/jvm.options.d/*.options`` in
lexicographic order after ``jvm.options`` — later options win.

Writing: the diff is shown first; an existing file that would change is only replaced with ``force``,
after a timestamped backup ``NAME.options.<UTC stamp>.bak`` (not ``*.options``, so ES ignores it);
each file is written to a temporary file in the same folder and moved into place with ``os.replace``.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from advisor import __version__ as TOOL_VERSION
from advisor.errors import InputError
from advisor.facts.nodes import NodeFacts
from advisor.outputs.advice import OptionLineLike

_RANGE = re.compile(r"^(?P<lo>\d+)(?:(?P<dash>-)(?P<hi>\d+)?)?$")
COLLECTOR_FLAGS = frozenset(
    {
        "UseSerialGC",
        "UseParallelGC",
        "UseParallelOldGC",
        "UseConcMarkSweepGC",
        "UseG1GC",
        "UseZGC",
        "UseShenandoahGC",
        "UseEpsilonGC",
    }
)
GC_TUNING_PREFIXES = (
    "CMS",
    "UseCMS",
    "G1",
    "Z",
    "Shenandoah",
    "InitiatingHeapOccupancyPercent",
    "ParallelGCThreads",
    "ConcGCThreads",
)


def parse_range(jdk_range: str | None) -> tuple[int, int | None] | None:
    """'17-' → (17, None); '11-13' → (11, 13); '8' → (8, 8); None → None (every JDK)."""
    if not jdk_range:
        return None
    m = _RANGE.match(jdk_range.strip())
    if not m:
        raise ValueError(f"bad JDK range {jdk_range!r} (expected N, N- or N-M)")
    lo = int(m.group("lo"))
    if not m.group("dash"):
        return lo, lo
    hi = int(m.group("hi")) if m.group("hi") else None
    if hi is not None and hi < lo:
        raise ValueError(f"bad JDK range {jdk_range!r}: upper bound below lower bound")
    return lo, hi


def applies_to(jdk_range: str | None, jdk_major: int | None) -> bool:
    bounds = parse_range(jdk_range)
    if bounds is None or jdk_major is None:
        return True
    lo, hi = bounds
    return jdk_major >= lo and (hi is None or jdk_major <= hi)


def option_text(line: OptionLineLike) -> str:
    """The line ES reads: ``17-:-XX:+UseG1GC`` or ``-Xmx16g``."""
    parse_range(line.jdk_range)  # validates
    option = line.option.strip()
    if not option.startswith("-") or "#" in option or any(c.isspace() for c in option):
        raise ValueError(f"not a single JVM option: {line.option!r}")
    return f"{line.jdk_range}:{option}" if line.jdk_range else option


def render_file(
    name: str, lines: Sequence[OptionLineLike], node: NodeFacts, notes: Sequence[str] = ()
) -> str:
    """One ``.options`` file: a header, then for each option its reason as ``#`` lines above it."""
    out = [
        f"# {name}: written by es-jvm-advisor {TOOL_VERSION} for node {node.name}",
        f"# ({node.distribution} {node.version or '?'}, JDK {node.jvm_version or '?'}).",
        "# Lines may start with a JDK range (8:, 17-:, 11-13:) so they only apply to those JDKs.",
    ]
    out += [f"# {line.strip()}" for note in notes for line in note.splitlines() if line.strip()]
    for line in lines:
        out.append("")
        for comment in (line.comment or "").splitlines() or [""]:
            if comment.strip():
                out.append(f"# {comment.strip()}")
        out.append(option_text(line))
    return "\n".join(out) + "\n"


def render_files(
    files: Mapping[str, Sequence[OptionLineLike]],
    node: NodeFacts,
    notes: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """File name (``heap.options``…) → text, in file-name order; empty files are left out."""
    check_heap_pair(files)
    rendered = {}
    for name in sorted(files):
        if not name.endswith(".options") or "/" in name or name.startswith("."):
            raise ValueError(f"not a jvm.options.d file name: {name!r}")
        if files[name]:
            rendered[name] = render_file(name, files[name], node, (notes or {}).get(name, ()))
    return rendered


def check_heap_pair(files: Mapping[str, Sequence[OptionLineLike]]) -> None:
    """Never write -Xms ≠ -Xmx, nor one without the other: ES's heap-size bootstrap check refuses it and
    a lone -Xmx turns ES's automatic heap sizing off (ES:BootstrapChecks, ES:MachineDependentHeap)."""
    sizes = {
        kind: [
            line.option[4:]
            for lines in files.values()
            for line in lines
            if line.option.startswith(f"-X{kind}")
        ]
        for kind in ("ms", "mx")
    }
    if sizes["ms"] != sizes["mx"]:
        raise ValueError(
            f"refusing to write -Xms {sizes['ms']} with -Xmx {sizes['mx']}: they must be set together and equal"
        )


def flag_name(option: str) -> str:
    """'-Xmx16g' → 'Xmx'; '-XX:+UseG1GC' → 'UseG1GC'; '-XX:G1ReservePercent=25' → 'G1ReservePercent';
    '-Xlog:gc*:file=…' → 'Xlog:gc'; '-Dfoo=bar' → 'D:foo'."""
    text = option.split(":", 1)[1] if re.match(r"^\d+(-\d*)?:-", option) else option
    if text.startswith("-XX:"):
        return re.split(r"[=]", text[4:].lstrip("+-"), maxsplit=1)[0]
    if text.startswith("-D"):
        return "D:" + text[2:].split("=", 1)[0]
    if text.startswith("-Xlog"):
        return (
            "Xlog:" + re.split(r"[:*,+=]", text[6:], maxsplit=1)[0] if text.startswith("-Xlog:") else "Xlog"
        )
    m = re.match(r"^-X(ms|mx|ss|mn)", text)
    if m:
        return "X" + m.group(1)
    return text.lstrip("-").split("=", 1)[0]


def effective_options(files: Mapping[str, Sequence[OptionLineLike]], jdk_major: int | None) -> list[str]:
    """Options that would reach this node's JVM, in ES's reading order (file name order)."""
    return [
        line.option for name in sorted(files) for line in files[name] if applies_to(line.jdk_range, jdk_major)
    ]


def _relevant_current(input_arguments: Iterable[str], recommended: Sequence[str]) -> list[str]:
    """The running options the recommendation touches; for a flag given twice, the last one (it wins)."""
    names = {flag_name(o) for o in recommended}
    touches_gc = any(flag_name(o) in COLLECTOR_FLAGS for o in recommended)
    effective: dict[str, str] = {}
    for arg in input_arguments:
        if not arg.startswith("-X"):
            continue
        name = flag_name(arg)
        if name in names or (touches_gc and (name in COLLECTOR_FLAGS or name.startswith(GC_TUNING_PREFIXES))):
            effective[name] = arg
    return list(effective.values())


def arguments_diff(node: NodeFacts, files: Mapping[str, Sequence[OptionLineLike]]) -> str:
    """Unified diff: the node's running options (those the recommendation touches) → recommended."""
    recommended = effective_options(files, node.jdk_major)
    current = _relevant_current(node.input_arguments, recommended)
    key = flag_name
    diff = difflib.unified_diff(
        sorted(current, key=key),
        sorted(recommended, key=key),
        fromfile=f"running: {node.name} input_arguments",
        tofile=f"recommended: jvm.options.d (JDK {node.jdk_major or '?'})",
        lineterm="",
    )
    return "\n".join(diff)


@dataclass
class FileChange:
    name: str
    path: Path
    old: str | None  # None: the file does not exist yet
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def diff(self) -> str:
        old_lines = (self.old or "").splitlines(keepends=True)
        new_lines = self.new.splitlines(keepends=True)
        label = str(self.path)
        return "".join(
            difflib.unified_diff(
                old_lines, new_lines, fromfile=label if self.old is not None else "/dev/null", tofile=label
            )
        )


@dataclass
class WritePlan:
    directory: Path
    changes: list[FileChange]
    other_files: list[str] = field(default_factory=list)  # *.options already there that we do not write

    @property
    def conflicts(self) -> list[FileChange]:
        return [c for c in self.changes if c.old is not None and c.changed]

    def diff(self) -> str:
        return "".join(c.diff() for c in self.changes if c.changed)


def plan_write(directory: Path, rendered: Mapping[str, str]) -> WritePlan:
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} exists and is not a directory")
    changes = []
    for name, text in rendered.items():
        path = directory / name
        old = None
        if path.exists():
            try:
                old = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise InputError(f"cannot read existing {path}: {err}") from None
        changes.append(FileChange(name, path, old, text))
    others = (
        sorted(p.name for p in directory.glob("*.options") if p.name not in rendered)
        if directory.is_dir()
        else []
    )
    return WritePlan(directory, changes, others)


@dataclass
class WriteResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


def execute_plan(plan: WritePlan, force: bool, now: datetime | None = None) -> WriteResult:
    """Write every changed file; refuse (before writing anything) if an existing file would change."""
    if plan.conflicts and not force:
        names = ", ".join(str(c.path) for c in plan.conflicts)
        raise InputError(
            f"{names} already exist(s) with other content; re-run with --force to replace (a backup is kept)"
        )
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    result = WriteResult()
    try:
        plan.directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create {plan.directory}: {err.strerror}") from None
    for change in plan.changes:
        if not change.changed:
            result.unchanged.append(change.path)
            continue
        if change.old is not None:
            backup = change.path.with_name(f"{change.name}.{stamp}.bak")
            atomic_write(backup, change.old)
            result.backups.append(backup)
        atomic_write(change.path, change.new)
        result.written.append(change.path)
    return result


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, fsync, then ``os.replace`` (all or nothing)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise InputError(f"cannot write in {path.parent}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
