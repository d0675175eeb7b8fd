"""One real Elasticsearch/OpenSearch node on 127.0.0.1: prepare, start, wait, verify, stop.

Per node, under the lab root: ``home/`` (the unpacked distribution hard-linked, with a fresh ``config/``
and ``logs/``), ``data/``, ``tmp/`` and ``console.log``. The node runs the distribution's own launcher
with ``ES_PATH_CONF``/``OPENSEARCH_PATH_CONF`` on the fresh config, ``ES_TMPDIR``/``OPENSEARCH_TMPDIR``
on ``tmp/`` and ``ES_JAVA_HOME``/``OPENSEARCH_JAVA_HOME`` (and ``JAVA_HOME``) on the chosen JDK. The
distribution's own ``-Xlog:gc*…:file=logs/gc.log`` (7.x/OpenSearch: relative to the home the launcher
``cd``s to; 8.x+: ``file=gc.log`` relative to the logs folder the server runs in) therefore writes into
``home/logs`` — set as ``path.logs`` too, so every log of the node is in one known folder.

Settings (all documented node settings, nothing patched): single-node discovery, loopback only, a free
HTTP and transport port, ``cluster.routing.allocation.disk.threshold_enabled: false`` (a nearly full CI
disk would otherwise block shard allocation), security off where the distribution ships it
(``xpack.security.enabled: false``; OpenSearch ``plugins.security.disabled: true``), ML off where
shipped, the GeoIP downloader off where shipped (no network). Equal heaps (``-Xms`` = ``-Xmx``) and the
collector come from ``jvm.options.d/lab.options``.

After start the node's ``_nodes/jvm`` is read and the collector it *really* runs is compared with the
one asked for: a CMS target that silently fell back to G1 is stopped and reported as an error.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import InputError, SourceError
from advisor.jdks import find_java
from loadtests.lab import collectors as gcs
from loadtests.lab.distributions import Distribution, unpack
from loadtests.lab.jvm_report import JvmReport, http_get_json
from loadtests.lab.process import process_is_node, stop_process_group
from loadtests.lab.runas import RunAs, give, lab_root, link_tree, reachable_java_home, run_as

DEFAULT_HEAP = "256m"
START_TIMEOUT_S = 300.0
STATE_FILE = "node.json"
SHORT = {"elasticsearch": "es", "opensearch": "os"}


@dataclass(frozen=True)
class NodeSpec:
    """What to run: distribution, collector, heap, optionally a JDK and extra ``jvm.options.d`` lines."""

    dist: Distribution
    gc: str = "g1"
    heap: str = DEFAULT_HEAP
    jdk: int | None = None
    extra_options: tuple[str, ...] = ()
    name: str | None = None
    http_port: int | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[1-9]\d*[mMgG]", self.heap):
            raise InputError(f"heap {self.heap!r} is not like 256m or 1g")

    @property
    def collector(self) -> gcs.Collector:
        if self.gc not in gcs.COLLECTORS:
            raise InputError(f"unknown collector {self.gc!r}: use {', '.join(gcs.COLLECTORS)}")
        return gcs.COLLECTORS[self.gc]

    @property
    def node_name(self) -> str:
        return self.name or f"{SHORT[self.dist.dist]}-{self.dist.version}-{self.gc}"


def choose_jdk(spec: NodeSpec) -> tuple[int, Path]:
    """(feature version, java) for this node: the JDK asked for, else the best one both sides support.

    A JDK must have every module the distribution's launcher adds (``REQUIRED_MODULES``).
    """
    supported = spec.dist.supported_jdks()
    collector = spec.collector
    if spec.jdk is not None:
        candidates: tuple[int, ...] = (spec.jdk,)
    elif collector.key == "cms":
        candidates = tuple(sorted(supported))
    else:
        candidates = supported
    missing: list[str] = []
    for jdk in candidates:
        if not collector.supports(jdk):
            continue
        java = find_java(jdk, install=True)
        if java is None:
            missing.append(f"JDK {jdk} is not installed")
            continue
        lacking = [m for m in spec.dist.required_jdk_modules() if m not in jdk_modules(java)]
        if lacking:
            missing.append(f"{java} lacks module {', '.join(lacking)}")
            continue
        return jdk, java
    runs = ", ".join(str(j) for j in supported) or "none known here"
    lo, hi = collector.jdks
    why = f"; {'; '.join(missing)}" if missing else ""
    raise InputError(
        f"{spec.dist.label} cannot run {collector.description} here: it runs on JDK {runs}, "
        f"the collector needs JDK {lo}..{hi}" + (f", asked for JDK {spec.jdk}" if spec.jdk else "") + why
    )


def jdk_modules(java: Path) -> set[str]:
    """Modules of the runtime ``java`` belongs to (its ``release`` file's MODULES line)."""
    try:
        text = (java.parent.parent / "release").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("MODULES="):
            return set(line.split("=", 1)[1].strip().strip('"').split())
    return set()


@dataclass
class LabNode:
    """A started node. ``stop()`` ends it (its whole process group) and is safe to call twice."""

    spec: NodeSpec
    jdk: int
    java_home: str
    node_dir: Path
    http_port: int
    transport_port: int
    pid: int
    startup_s: float = 0.0
    jvm: JvmReport | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def home(self) -> Path:
        return self.node_dir / "home"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    def gc_logs(self) -> list[Path]:
        """The GC log files this node's JVMs wrote (current file and rotated ones)."""
        return sorted(p for p in self.logs_dir.glob("gc.log*") if p.is_file())

    def get(self, path: str, timeout: float = 30.0) -> Any:
        return http_get_json(self.url + path, timeout)

    def alive(self) -> bool:
        return process_is_node(self.pid, self.home)

    def stop(self) -> None:
        stop_process_group(self.pid, self.home, self._proc)
        _RUNNING.pop(self.pid, None)
        (self.node_dir / STATE_FILE).unlink(missing_ok=True)

    def state(self) -> dict[str, Any]:
        return {
            "name": self.spec.node_name,
            "dist": self.spec.dist.dist,
            "version": self.spec.dist.version,
            "gc": self.spec.gc,
            "heap": self.spec.heap,
            "jdk": self.jdk,
            "java_home": self.java_home,
            "url": self.url,
            "pid": self.pid,
            "node_dir": str(self.node_dir),
            "logs_dir": str(self.logs_dir),
            "startup_s": round(self.startup_s, 1),
            "jvm": asdict(self.jvm) if self.jvm else None,
        }


_RUNNING: dict[int, LabNode] = {}


@atexit.register
def _stop_everything_started_here() -> None:
    for node in list(_RUNNING.values()):
        node.stop()


def free_port(wanted: int = 0) -> int:
    """A free TCP port on 127.0.0.1: ``wanted`` if it is free (error if not), else any."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", wanted))
        except OSError as err:
            raise InputError(f"port {wanted} on 127.0.0.1 is in use ({err.strerror})") from None
        return int(sock.getsockname()[1])


def node_settings(spec: NodeSpec, node_dir: Path, http_port: int, transport_port: int) -> dict[str, Any]:
    dist = spec.dist
    settings: dict[str, Any] = {
        "cluster.name": f"lab-{spec.node_name}",
        "node.name": spec.node_name,
        "network.host": "127.0.0.1",
        "http.port": http_port,
        "transport.port": transport_port,
        "discovery.type": "single-node",
        "path.data": str(node_dir / "data"),
        "path.logs": str(node_dir / "home" / "logs"),
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "action.destructive_requires_name": True,
    }
    if dist.has_module("x-pack-security"):
        settings["xpack.security.enabled"] = False
    if dist.has_module("x-pack-ml"):
        settings["xpack.ml.enabled"] = False
    if dist.has_module("ingest-geoip"):
        settings["ingest.geoip.downloader.enabled"] = False
    if dist.has_module("opensearch-security"):
        settings["plugins.security.disabled"] = True
    return settings


def jvm_option_lines(spec: NodeSpec, jdk: int, dist_home: Path) -> list[str]:
    heap = spec.heap
    dist_flags = gcs.distribution_collector_flags(dist_home / "config" / "jvm.options", jdk)
    lines = [
        f"# written by loadtests.lab for {spec.node_name}: {spec.collector.description}, JDK {jdk}",
        f"-Xms{heap}",
        f"-Xmx{heap}",
        *gcs.gc_option_lines(spec.collector, jdk, dist_flags),
        *spec.extra_options,
    ]
    return lines


def prepare(spec: NodeSpec, jdk: int, user: RunAs | None) -> tuple[Path, int, int]:
    """Create the node folder (linked home, fresh config/logs/data/tmp); returns (dir, http, transport)."""
    dist_home = unpack(spec.dist)
    http_port, transport_port = free_port(spec.http_port or 0), free_port()
    node_dir = lab_root() / "nodes" / f"{spec.node_name}-{http_port}"
    shutil.rmtree(node_dir, ignore_errors=True)
    node_dir.mkdir(parents=True)
    home = node_dir / "home"
    link_tree(dist_home, home, ignore=("config", "logs", "data"))
    shutil.copytree(dist_home / "config", home / "config")
    for sub in (home / "logs", node_dir / "data", node_dir / "tmp", home / "config" / "jvm.options.d"):
        sub.mkdir(parents=True, exist_ok=True)
    settings = node_settings(spec, node_dir, http_port, transport_port)
    yml = "".join(f"{key}: {json.dumps(value)}\n" for key, value in settings.items())
    (home / "config" / spec.dist.flavour.config_file).write_text("# written by loadtests.lab\n" + yml)
    options = jvm_option_lines(spec, jdk, dist_home)
    (home / "config" / "jvm.options.d" / "lab.options").write_text("\n".join(options) + "\n")
    if user is not None:
        node_dir.chmod(0o755)
        give(user, home / "config", home / "logs", node_dir / "data", node_dir / "tmp")
    return node_dir, http_port, transport_port


def start_node(spec: NodeSpec, detach: bool = False, timeout_s: float = START_TIMEOUT_S) -> LabNode:
    """Start the node, wait until it answers and its cluster is yellow, check its collector.

    ``detach``: the node outlives this process (``loadtest lab up``); otherwise it is stopped at exit.
    """
    jdk, java = choose_jdk(spec)
    user = run_as()
    java_home = reachable_java_home(java.parent.parent, user)
    node_dir, http_port, transport_port = prepare(spec, jdk, user)
    flavour = spec.dist.flavour
    home = node_dir / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ES_", "OPENSEARCH_", "JAVA_"))}
    env.update(
        {
            flavour.java_home_env: str(java_home),
            "JAVA_HOME": str(java_home),
            flavour.conf_env: str(home / "config"),
            flavour.tmp_env: str(node_dir / "tmp"),
            "HOME": str(node_dir),
        }
    )
    started = time.monotonic()
    with open(node_dir / "console.log", "wb") as console:
        proc = subprocess.Popen(
            [str(home / flavour.start_script)],
            cwd=node_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=user.uid if user else None,
            group=user.gid if user else None,
            extra_groups=[] if user else None,
        )
    node = LabNode(spec, jdk, str(java_home), node_dir, http_port, transport_port, proc.pid, _proc=proc)
    if not detach:
        _RUNNING[proc.pid] = node
    try:
        _wait_until_answers(node, proc, started + timeout_s)
        node.startup_s = time.monotonic() - started
        node.jvm = JvmReport.from_nodes(node.get("/_nodes/jvm"))
        if not gcs.runs_collector(spec.collector, node.jvm.gc_collectors):
            raise SourceError(
                f"{spec.node_name} asked for {spec.collector.description} but runs {node.jvm.running} "
                f"(gc_collectors {node.jvm.gc_collectors}, JDK {node.jvm.jvm_version})"
            )
        node.get("/_cluster/health?wait_for_status=yellow&timeout=60s", timeout=70)
    except BaseException:
        node.stop()
        keep_only_logs(node_dir)
        raise
    (node_dir / STATE_FILE).write_text(json.dumps(node.state(), indent=2) + "\n")
    return node


def _wait_until_answers(node: LabNode, proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SourceError(
                f"{node.spec.node_name} exited with code {proc.returncode} before answering: "
                f"{console_tail(node.node_dir)}"
            )
        try:
            node.get("/_cluster/health", timeout=2)  # not "/": ES 8+ test zips lack the rest-root module
            return
        except (urllib.error.URLError, OSError, ValueError):
            time.sleep(0.5)
    raise SourceError(
        f"{node.spec.node_name} did not answer on {node.url} within {deadline - time.monotonic():.0f} s: "
        f"{console_tail(node.node_dir)}"
    )


def keep_only_logs(node_dir: Path) -> None:
    """Delete a stopped node's data, temp files and linked distribution; keep ``home/logs`` and console.log."""
    for sub in ("data", "tmp"):
        shutil.rmtree(node_dir / sub, ignore_errors=True)
    home = node_dir / "home"
    if home.is_dir():
        for entry in home.iterdir():
            if entry.name == "logs":
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def console_tail(node_dir: Path, lines: int = 3) -> str:
    """The last meaningful lines the node printed (for one-line error messages)."""
    try:
        text = (node_dir / "console.log").read_text(errors="replace")
    except OSError:
        return "(no console output)"
    useful = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("\tat ")]
    return " | ".join(useful[-lines:])[:600] or "(no console output)"
