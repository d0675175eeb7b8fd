"""Lint severities against real JDK 11/17/21/25: for every flag of the table, `advise lint` says critical
exactly when the real JVM refuses to start with that flag alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.errors import InputError
from advisor.facts.jdk_flags import Outcome
from advisor.rules.lint import lint_files
from tests.facts.test_jdk_flags_realjvm import CASES, all_observations, option_for

pytestmark = pytest.mark.realjvm

REFUSED = (Outcome.UNRECOGNIZED, Outcome.NEEDS_UNLOCK)


@pytest.mark.parametrize(("flag", "jdk"), CASES, ids=[f"{f.name}-jdk{j}" for f, j in CASES])
def test_critical_iff_the_jvm_refuses(flag, jdk: int, tmp_path: Path) -> None:
    """Verify lint's critical ⇔ the JVM does not start (the flag alone, as the verification run used it)."""
    file = tmp_path / "one.options"
    file.write_text(option_for(flag) + "\n")
    findings = [f for f in lint_files([file], jdk) if f.flag == flag.name]
    critical = any(f.severity.value == "critical" for f in findings)
    got, out = all_observations()[(flag.name, jdk)]
    assert critical == (got in REFUSED), (
        f"{option_for(flag)} on JDK {jdk}: JVM {got.value}; lint {findings}\n{out}"
    )


def test_lint_with_real_java_binary(java: Callable[[int], Path], tmp_path: Path) -> None:
    """Verify --java: unknown flags are judged by that binary's own PrintFlagsFinal, and a major mismatch is refused."""
    file = tmp_path / "x.options"
    file.write_text("-XX:+UseG1Gc\n-XX:+UseG1GC\n-Xms1g\n-Xmx1g\n")
    assert main(["lint", str(file), "--jdk", "17", "--java", str(java(17)), "--json"]) == 1
    with pytest.raises(SystemExit):
        main(["lint", str(file), "--jdk", "nine"])
    assert main(["lint", str(file), "--jdk", "21", "--java", str(java(17))]) == 2


def test_jdk_out_of_range(tmp_path: Path) -> None:
    file = tmp_path / "x.options"
    file.write_text("-Xmx1g\n")
    assert main(["lint", str(file), "--jdk", "7"]) == 2
    with pytest.raises(InputError):
        lint_files([tmp_path / "missing"], 17)
