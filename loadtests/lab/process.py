"""Stopping a node's processes by PID: its whole process group, and only if it is still that node.

A node is started in its own session (``start_new_session``), so its process group holds the launcher
and, for Elasticsearch 8+, the server JVM the launcher forks. SIGTERM lets Elasticsearch shut down
cleanly; what is left after the timeout gets SIGKILL. A PID is only signalled while its command line
still names the node's home, so a PID the kernel reused is never touched.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

STOP_TIMEOUT_S = 30.0


def process_is_node(pid: int, home: Path) -> bool:
    """Whether ``pid`` is alive and still one of this node's processes (not a reused PID)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return str(home).encode() in cmdline


def stop_process_group(pid: int, home: Path, proc: subprocess.Popen[bytes] | None = None) -> None:
    """SIGTERM the node's process group, wait, then SIGKILL what is left. Only touches this node's group."""
    try:
        pgid = os.getpgid(pid)
    except ProcessLookupError:
        _reap(proc)
        return
    if pgid != pid or not (process_is_node(pid, home) or proc is not None):
        return  # not the process we started any more
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        while time.monotonic() < deadline and _group_alive(pgid):
            if proc is not None:
                proc.poll()
            time.sleep(0.2)
        if not _group_alive(pgid):
            break
        deadline = time.monotonic() + 10
    _reap(proc)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # zombies still count for killpg; look for a live member
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def _reap(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
