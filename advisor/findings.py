"""The finding: the one record every rule returns and every output reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is (DESIGN.md).

    critical: the JVM will not start, or silently runs something other than what was asked for.
    warning:  works, but wrong for this node or based on a false belief.
    info:     worth knowing; nothing to change necessarily.
    """

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"critical": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One conclusion of one rule, with the evidence it rests on and the source that backs it.

    ``id`` is stable (e.g. ``heap.above-coops-cutoff``); ``evidence`` names the metric, log line or
    flag that triggered it; ``source`` cites JDK or Elastic documentation / code.
    ``file``/``line``/``flag`` are set by lint rules (``flag`` is the option name without ``-XX:``,
    sign or value, e.g. ``UseConcMarkSweepGC`` or ``Xmx``).
    """

    id: str
    severity: Severity
    message: str
    evidence: str
    source: str
    recommendation: str = ""
    node: str | None = None
    file: str | None = None
    line: int | None = None
    flag: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def most_severe_first(findings: list[Finding]) -> list[Finding]:
    """Sort findings critical → warning → info, stable within a severity."""
    return sorted(findings, key=lambda f: f.severity.rank)
