"""Rules: pure functions ``facts -> list[Finding]``, one module per concern.

Node rules take a ``NodeFacts`` (``advisor.facts.nodes``); option-file rules (``advise lint``) take an
``OptionsInput`` (``advisor.rules.base``). New rule: a function in its concern's module, listed in that
module's ``CHECKS``/``OPTION_CHECKS``, plus a parametrize row in ``tests/rules``.
"""

from __future__ import annotations

from collections.abc import Callable

from advisor.facts.nodes import NodeFacts
from advisor.findings import Finding
from advisor.rules import collector, flags, gclog, heap, memory

NodeRule = Callable[[NodeFacts], list[Finding]]

RULES: list[NodeRule] = [heap.check, collector.check, memory.check, gclog.check, flags.check]
"""Every node-level rule, in report order (findings are re-sorted by severity afterwards)."""

OPTION_RULES = flags.OPTION_CHECKS
"""Every option-file rule (``advise lint``)."""
