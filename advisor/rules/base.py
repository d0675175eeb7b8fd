"""What lint-style rules look at: the options one JVM receives, where each came from, and the context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from advisor.facts.compressed_oops import OopsCutoff, cutoff
from advisor.facts.nodes import NodeFacts
from advisor.facts.options import JvmArgs, ParsedOption, parse_option
from advisor.findings import Finding, Severity
from advisor.options_file import BadLine, FileOption


@dataclass(frozen=True)
class Located:
    """One option with where it was written (file/line are None for a live node's input arguments)."""

    parsed: ParsedOption
    file: str | None = None
    line: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class OptionsInput:
    """The effective options for one JDK feature release, in order, plus context for the checks."""

    jdk: int
    options: tuple[Located, ...]
    bad_lines: tuple[BadLine, ...] = ()
    oops: OopsCutoff = field(default_factory=lambda: cutoff(None))
    declared: dict[str, str] | None = None  # flags of the real java binary (--java), if probed
    node: str | None = None
    cpus: float | None = None  # container CPU quota or available processors, if known

    @property
    def args(self) -> JvmArgs:
        return JvmArgs.of([o.parsed.raw for o in self.options])

    def last(self, name: str) -> Located | None:
        for located in reversed(self.options):
            if located.parsed.name == name:
                return located
        return None

    @classmethod
    def from_file_options(cls, options: list[FileOption], jdk: int, **kw: object) -> OptionsInput:
        located = tuple(Located(parse_option(o.option), o.file, o.line, o.comment) for o in options)
        return cls(jdk=jdk, options=located, **kw)  # type: ignore[arg-type]

    @classmethod
    def from_arguments(cls, arguments: tuple[str, ...] | list[str], jdk: int, **kw: object) -> OptionsInput:
        located = tuple(Located(parse_option(a)) for a in arguments if a.startswith("-"))
        return cls(jdk=jdk, options=located, **kw)  # type: ignore[arg-type]


def at(
    located: Located | None,
    inp: OptionsInput,
    rule_id: str,
    severity: Severity,
    message: str,
    source: str,
    recommendation: str = "",
    flag: str | None = None,
) -> Finding:
    """A finding anchored on an option (evidence = the option as written, and where)."""
    if located is None:
        evidence = "options as given"
        return Finding(rule_id, severity, message, evidence, source, recommendation, node=inp.node, flag=flag)
    where = f" ({located.file}:{located.line})" if located.file else " (node input arguments)"
    return Finding(
        rule_id,
        severity,
        message,
        f"{located.parsed.raw.strip()}{where}",
        source,
        recommendation,
        node=inp.node,
        file=located.file,
        line=located.line,
        flag=flag or located.parsed.name,
    )


OptionsCheck = Callable[[OptionsInput], list[Finding]]


def node_finding(
    node: NodeFacts,
    rule_id: str,
    severity: Severity,
    message: str,
    evidence: str,
    source: str,
    recommendation: str = "",
    flag: str | None = None,
) -> Finding:
    """A finding about a node (evidence = the metric, setting or log numbers it rests on)."""
    return Finding(rule_id, severity, message, evidence, source, recommendation, node=node.name, flag=flag)
