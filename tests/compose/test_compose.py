"""docker-compose.yml: valid for Debian's docker-compose, fair between targets, JVM options right per JDK.

No Docker engine runs here, so everything that can be checked without one is: the file validates
(``docker-compose config``), every Elasticsearch target gets the same heap/memory/CPUs/limits and GC
logs on a host folder, ports stay on 127.0.0.1, and the options each target's JVM gets (the
distribution's own ``jvm.options`` — from the same version's Maven test distribution — plus the
mounted ``jvm.options.d`` files) are clean for the JDK that target runs, by the advisor's own lint and
by that real JDK starting with the collector the target is named for.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.findings import Severity
from advisor.rules.lint import lint_files
from loadtests.lab import collectors as gcs
from loadtests.lab.distributions import Distribution, DistributionUnavailable, unpack

REPO = Path(__file__).resolve().parents[2]
OPTIONS_D = "/usr/share/elasticsearch/config/jvm.options.d/"
LOGS = "/usr/share/elasticsearch/logs"
ALL_PROFILES = ("--profile", "modern", "--profile", "locust")


@cache
def compose_config(*args: str) -> dict[str, Any]:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.fail("docker-compose is not installed (scripts/test.sh installs Debian's docker-compose)")
    proc = subprocess.run(
        [exe, "-f", str(REPO / "docker-compose.yml"), *args, "config"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    return dict(yaml.safe_load(proc.stdout))


def es_services() -> dict[str, dict[str, Any]]:
    services = compose_config(*ALL_PROFILES)["services"]
    return {name: svc for name, svc in services.items() if "es-jvm-advisor.gc" in (svc.get("labels") or {})}


def es_version(svc: dict[str, Any]) -> str:
    return str(svc["build"]["args"]["ES_VERSION"])


def volumes(svc: dict[str, Any]) -> dict[str, str]:
    """target → host source of the service's bind mounts (v1 prints ``src:target:mode`` strings)."""
    out = {}
    for vol in svc.get("volumes") or []:
        source, target = (vol["source"], vol["target"]) if isinstance(vol, dict) else vol.split(":")[:2]
        out[target] = source
    return out


def mounted_options(svc: dict[str, Any]) -> list[Path]:
    """Host files mounted into the service's jvm.options.d, in the order ES reads them (by target name)."""
    return [Path(src) for target, src in sorted(volumes(svc).items()) if target.startswith(OPTIONS_D)]


def ports(svc: dict[str, Any]) -> list[tuple[str, str]]:
    """(host ip, published port) of each port mapping."""
    out = []
    for port in svc.get("ports") or []:
        if isinstance(port, dict):
            out.append((str(port.get("host_ip")), str(port.get("published"))))
        else:
            ip, published = str(port).split(":")[:2]
            out.append((ip, published))
    return out


def distribution_jvm_options(version: str) -> Path:
    try:
        return unpack(Distribution("elasticsearch", version)) / "config" / "jvm.options"
    except DistributionUnavailable as err:
        pytest.skip(f"elasticsearch-{version} cannot be fetched from Maven Central: {err}")


def test_default_and_all_profiles_validate() -> None:
    services = compose_config(*ALL_PROFILES)["services"]
    by_profile = {name: tuple(svc.get("profiles") or ()) for name, svc in services.items()}
    default = {name for name, profiles in by_profile.items() if not profiles}
    assert default == {"lab-logs", "es-cms", "es-g1", "es-zgc", "collectors-check"}
    assert {n for n, p in by_profile.items() if p == ("modern",)} == {
        "es9-g1",
        "es9-zgc",
        "collectors-check-modern",
    }
    assert {n for n, p in by_profile.items() if p == ("locust",)} == {"locust-master", "locust-worker"}
    assert compose_config()["services"].keys() <= services.keys()


def test_targets_differ_only_in_collector_and_jdk() -> None:
    services = es_services()
    assert set(services) == {"es-cms", "es-g1", "es-zgc", "es9-g1", "es9-zgc"}
    assert {es_version(services[n]) for n in ("es-cms", "es-g1", "es-zgc")} == {"7.17.29"}
    same = [
        (
            svc["mem_limit"],
            svc["cpus"],
            svc["ulimits"]["memlock"],
            volumes(svc)[OPTIONS_D + "heap.options"],
            svc["environment"]["bootstrap.memory_lock"],
            svc["environment"]["xpack.security.enabled"],
        )
        for svc in services.values()
    ]
    assert all(s == same[0] for s in same), same
    assert same[0][2] == {"soft": -1, "hard": -1}
    assert same[0][3].endswith("docker/jvm.options.d/heap.options")
    for name, svc in services.items():
        gc = svc["labels"]["es-jvm-advisor.gc"]
        assert name.endswith(gc.split("-")[0]), (name, gc)
        assert "healthcheck" in svc and "_cluster/health" in " ".join(svc["healthcheck"]["test"])
        assert svc["environment"]["node.name"] == name


def test_ports_only_on_loopback_and_gc_logs_on_the_host() -> None:
    for name, svc in compose_config(*ALL_PROFILES)["services"].items():
        assert all(ip == "127.0.0.1" for ip, _ in ports(svc)), (name, svc.get("ports"))
    published = {name: ports(svc)[0][1] for name, svc in es_services().items()}
    assert (published["es-cms"], published["es-g1"], published["es-zgc"]) == ("9201", "9202", "9203")
    for name, svc in es_services().items():
        assert volumes(svc)[LOGS].endswith(f"reports/gc-lab/logs/{name}")


def test_cms_target_runs_a_jdk_that_has_cms() -> None:
    services = es_services()
    cms = services["es-cms"]
    assert int(cms["labels"]["es-jvm-advisor.jdk"]) <= 13
    assert cms["build"]["args"]["JDK"] == cms["labels"]["es-jvm-advisor.jdk"]
    dockerfile = (REPO / cms["build"]["context"] / "Dockerfile").read_text()
    assert "FROM eclipse-temurin:${JDK}-jdk AS jdk" in dockerfile
    assert "ENV ES_JAVA_HOME=" in dockerfile


@pytest.mark.parametrize("service", ["es-cms", "es-g1", "es-zgc", "es9-g1", "es9-zgc"])
def test_options_lint_clean_for_the_jdk_the_target_runs(service: str) -> None:
    svc = es_services()[service]
    jdk = int(svc["labels"]["es-jvm-advisor.jdk"])
    files = [distribution_jvm_options(es_version(svc)), *mounted_options(svc)]
    findings = lint_files(files, jdk)
    critical = [f"{f.id}: {f.message}" for f in findings if f.severity == Severity.CRITICAL]
    assert not critical, critical


def test_lint_would_catch_cms_options_on_a_jdk_without_cms() -> None:
    svc = es_services()["es-cms"]
    files = [distribution_jvm_options(es_version(svc)), *mounted_options(svc)]
    assert any(f.severity == Severity.CRITICAL for f in lint_files(files, 17))


@pytest.mark.realjvm
@pytest.mark.parametrize("service", ["es-cms", "es-g1", "es-zgc", "es9-g1", "es9-zgc"])
def test_real_jdk_starts_with_the_targets_collector(service: str, java: Callable[[int], Path]) -> None:
    """The JVM flags the target gets, minus ES's own system properties, start that JDK with that collector."""
    svc = es_services()[service]
    jdk = int(svc["labels"]["es-jvm-advisor.jdk"])
    lines: list[str] = []
    for path in [distribution_jvm_options(es_version(svc)), *mounted_options(svc)]:
        lines += path.read_text().splitlines()
    flags = [o for o in gcs.options_for_jdk(lines, jdk) if o.startswith("-XX:")]
    heap = [o for o in gcs.options_for_jdk(lines, jdk) if o.startswith(("-Xms", "-Xmx"))]
    proc = subprocess.run(
        [str(java(jdk)), *heap, *flags, "-Xlog:gc*:stdout", "-version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    gc = svc["labels"]["es-jvm-advisor.gc"]
    banner = {
        "cms": "Concurrent Mark Sweep",
        "g1": "Using G1",
        "zgc": "Z Garbage Collector",
        "zgc-gen": "Z Garbage Collector",
    }
    assert banner[gc] in proc.stdout
    assert ("single-generation" in proc.stdout) == (gc == "zgc" and jdk < 23)
