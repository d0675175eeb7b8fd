"""Version string helpers shared by sources and rules."""

from __future__ import annotations

import re

_JDK = re.compile(r"^(?:1\.(?P<legacy>\d+)|(?P<major>\d+))")


def jdk_major(version: str | None) -> int | None:
    """Feature release of a Java version string.

    >>> jdk_major("1.8.0_292"), jdk_major("17.0.15"), jdk_major("21"), jdk_major("25-ea"), jdk_major(None)
    (8, 17, 21, 25, None)
    """
    if not version:
        return None
    m = _JDK.match(version.strip())
    if not m:
        return None
    return int(m.group("legacy") or m.group("major"))


def version_tuple(version: str | None) -> tuple[int, ...]:
    """ "7.17.25" → (7, 17, 25); "8.11.0-SNAPSHOT" → (8, 11, 0); None/garbage → ()."""
    if not version:
        return ()
    parts = re.findall(r"\d+", version.split("-")[0])
    return tuple(int(p) for p in parts[:3])
