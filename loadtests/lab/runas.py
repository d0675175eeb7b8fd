"""Running nodes as a non-root user, and making files they need reachable for that user.

Elasticsearch and OpenSearch refuse to start as root ("can not run elasticsearch as root",
ES:Bootstrap ``initializeNatives``). When the lab runs as root it creates a system user
(``useradd --system``), gives it the node's own folders, and starts the node with that uid/gid and no
supplementary groups. Files under a folder that user cannot enter (``/root/.cache``) are hard-linked
(or copied) into the lab root first; nothing is ever chowned that is shared with the cache.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import SourceError

LAB_USER = "esjvmlab"


@dataclass(frozen=True)
class RunAs:
    uid: int
    gid: int
    name: str


def lab_root() -> Path:
    """Where node folders live: ``$ES_JVM_ADVISOR_LAB`` or ``/tmp/es-jvm-advisor-lab-<uid>`` (enterable by all)."""
    default = Path(tempfile.gettempdir()) / f"es-jvm-advisor-lab-{os.geteuid()}"
    root = Path(os.environ.get("ES_JVM_ADVISOR_LAB") or default)
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        root.chmod(0o755)
    return root


def run_as() -> RunAs | None:
    """The user nodes run as: None (this user) unless we are root, then the lab user (created if missing)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(LAB_USER)
    except KeyError:
        useradd = shutil.which("useradd")
        if useradd is None:
            raise SourceError(f"running as root and cannot create user {LAB_USER!r}: no useradd") from None
        cmd = [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", LAB_USER]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 9):  # 9: already exists (raced)
            raise SourceError(f"useradd {LAB_USER} failed: {proc.stderr.strip()}") from None
        entry = pwd.getpwnam(LAB_USER)
    return RunAs(entry.pw_uid, entry.pw_gid, LAB_USER)


def give(user: RunAs | None, *paths: Path) -> None:
    """Make ``paths`` (and everything under them) owned by ``user``; only for the node's own folders."""
    if user is None:
        return
    for top in paths:
        os.chown(top, user.uid, user.gid)
        for dirpath, dirnames, filenames in os.walk(top):
            for name in dirnames + filenames:
                os.chown(os.path.join(dirpath, name), user.uid, user.gid, follow_symlinks=False)


def enterable_by_all(path: Path) -> bool:
    """Whether every folder above ``path`` lets other users through (o+x)."""
    return all(parent.stat().st_mode & 0o001 for parent in path.resolve().parents)


def link_tree(src: Path, dst: Path, ignore: tuple[str, ...] = ()) -> None:
    """Hard-link ``src`` into ``dst`` (copy where linking is impossible); top-level ``ignore`` names skipped."""

    def link(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    def skip(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n in ignore] if Path(folder) == src else []

    shutil.copytree(src, dst, copy_function=link, ignore=skip, symlinks=True)


def reachable_java_home(java_home: Path, user: RunAs | None) -> Path:
    """A path to ``java_home`` the node's user can read: itself, or a linked copy in the lab root."""
    if user is None or enterable_by_all(java_home):
        return java_home
    digest = hashlib.sha1(str(java_home.resolve()).encode()).hexdigest()[:10]
    linked = lab_root() / "jdks" / f"{java_home.name}-{digest}"
    if not (linked / "bin" / "java").exists():
        partial = linked.with_name(linked.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        link_tree(java_home, partial)
        partial.rename(linked)
    return linked
