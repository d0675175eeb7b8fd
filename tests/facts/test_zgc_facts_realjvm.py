"""ZGC facts the lint rules rest on, checked on real JVMs with -XX:+PrintFlagsFinal."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.facts.jdk_flags import generational_zgc

pytestmark = pytest.mark.realjvm


def final_flags(java: Path, *options: str) -> dict[str, str]:
    proc = subprocess.run(
        [str(java), "-Xmx64m", *options, "-XX:+PrintFlagsFinal", "-version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s*\S+\s+(\w+)\s+:?=\s+(\S+)", proc.stdout, re.M)}


@pytest.mark.parametrize(("jdk", "extra"), [(17, ()), (21, ()), (21, ("-XX:+ZGenerational",)), (25, ())])
def test_zgc_never_uses_compressed_oops(
    jdk: int, extra: tuple[str, ...], java: Callable[[int], Path]
) -> None:
    """Verify that ZGC runs with UseCompressedOops=false even when it is asked for explicitly."""
    flags = final_flags(java(jdk), "-XX:+UseZGC", *extra, "-XX:+UseCompressedOops")
    assert flags["UseCompressedOops"] == "false"


@pytest.mark.parametrize(
    ("jdk", "extra", "aliased"),
    [(17, (), False), (21, (), False), (21, ("-XX:+ZGenerational",), True), (25, (), True)],
)
def test_zcollection_interval_alias(
    jdk: int, extra: tuple[str, ...], aliased: bool, java: Callable[[int], Path]
) -> None:
    """Verify ZCollectionInterval becomes ZCollectionIntervalMajor exactly when ZGC is generational."""
    flags = final_flags(java(jdk), "-XX:+UseZGC", *extra, "-XX:ZCollectionInterval=5")
    assert generational_zgc(jdk, True if extra else None) is aliased
    assert (flags.get("ZCollectionIntervalMajor", "").startswith("5.0")) is aliased
