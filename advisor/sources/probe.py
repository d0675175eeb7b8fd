"""Measure a real ``java`` binary: its version, its declared flags, and the largest ``-Xmx`` that still
gets compressed oops and zero-based compressed oops.

Only address space is reserved by ``java -Xmx32g -version``, so probing 30+ GiB heaps works on a small
machine. Mode detection: JDK 17+ ``-Xlog:gc+init`` prints ``Compressed Oops: Enabled (Zero based)`` /
``Disabled``; JDK 9-16 ``-Xlog:gc+heap+coops`` prints ``Compressed Oops mode: Zero based, …``; JDK 8
needs ``-XX:+UnlockDiagnosticVMOptions -XX:+PrintCompressedOopsMode`` (``zero based Compressed Oops``).
``-XX:+PrintFlagsFinal`` (``UseCompressedOops``) decides on/off for every version.

Search: k-ary bisection with k JVMs in parallel per round (each run ~0.1 s), 1 MiB resolution; the
result is cached per java binary (path, size, mtime, version) under the advisor cache directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from advisor.errors import InputError, SourceError
from advisor.facts.nodes import ProbeResult
from advisor.facts.versions import jdk_major

PROBE_TIMEOUT_S = 20
PARALLEL = 6
"""JVMs started at once per search round (the machine may have only 2 cores; each run is ~0.1-0.3 s)."""
SEARCH_RANGE_MB = (16 * 1024, 32 * 1024)
"""-Xmx range searched: 32 GiB can never be encoded in 32-bit oops with 8-byte alignment (2^32 x 8)."""
GUESSES_MB = {2: (30 * 1024,), 1: (32 * 1024 - 32, 32 * 1024 - 512)}
"""Round-0 guesses: zero-based ends at 32 GiB - HeapBaseMinAddress (2 GiB); compressed oops end at 32 GiB
minus heap alignment (measured 32736 and 32256 on JDK 11/17/25 and 21). Only exact when confirmed."""
ZERO_BASED, COMPRESSED, NO_COOPS = 2, 1, 0
CACHE_FORMAT = 3

_VERSION = re.compile(r'version "(?P<v>[^"]+)"')
_MODE_17 = re.compile(r"Compressed Oops: (?P<state>Enabled|Disabled)(?: \((?P<mode>[^)]+)\))?")
_MODE_9 = re.compile(r"Compressed Oops mode: (?P<mode>[^,\n]+)")
_MODE_8 = re.compile(
    r"(?P<mode>32-bit|zero based|Compressed Oops with base|Non-zero disjoint base|Non-zero based)", re.I
)
_USE_COOPS = re.compile(r"\bUseCompressedOops\s+:?=\s+(?P<v>true|false)")
_FLAG_LINE = re.compile(r"^\s*\S+\s+(?P<name>\w+)\s+:?=.*?\{(?P<kinds>[^}]*)\}")


@dataclass(frozen=True)
class CoopsMode:
    enabled: bool
    mode: str | None  # "32-bit", "Zero based", "Non-zero disjoint base", "Non-zero based"

    @property
    def zero_based(self) -> bool:
        return self.enabled and (self.mode or "").lower().replace("-", " ") in ("32 bit", "zero based")


def _run(java: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [java, *args], capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False
        )
    except FileNotFoundError:
        raise InputError(f"{java}: no such file") from None
    except PermissionError:
        raise InputError(f"{java}: not executable") from None
    except OSError as err:
        raise InputError(f"{java}: cannot run it ({err.strerror or err})") from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"{java} did not answer within {PROBE_TIMEOUT_S} s") from None


def java_version(java: str) -> tuple[str, int]:
    """("17.0.15", 17) from ``java -version``; InputError when the file is not a java launcher."""
    path = Path(java)
    if not path.exists():
        raise InputError(f"{java}: no such file")
    if path.is_dir():
        raise InputError(f"{java}: is a directory, not a java binary")
    proc = _run(java, ["-version"])
    m = _VERSION.search(proc.stderr + proc.stdout)
    major = jdk_major(m.group("v")) if m else None
    if not m or major is None:
        raise InputError(f"{java}: not a java binary ('-version' did not print a Java version)")
    return m.group("v"), major


def coops_mode(java: str, xmx_mb: int, major: int) -> CoopsMode:
    """Compressed-oops mode this JVM picks for ``-Xmx<xmx_mb>m`` (default collector)."""
    args = [f"-Xmx{xmx_mb}m", "-XX:+PrintFlagsFinal"]
    if major >= 9:
        args += ["-Xlog:gc+init=info", "-Xlog:gc+heap+coops=info"]
    else:
        args += ["-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintCompressedOopsMode"]
    proc = _run(java, [*args, "-version"])
    out = proc.stdout + proc.stderr
    flag = _USE_COOPS.search(out)
    if proc.returncode != 0 or not flag:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise SourceError(f"{java} -Xmx{xmx_mb}m failed: {last}")
    enabled = flag.group("v") == "true"
    mode = None
    for pattern in (_MODE_17, _MODE_9, _MODE_8):
        m = pattern.search(out)
        if m and m.groupdict().get("mode"):
            mode = m.group("mode").strip()
            break
    return CoopsMode(enabled, mode if enabled else None)


def largest_true(pred: Callable[[int], bool], lo: int, hi: int, parallel: int = PARALLEL) -> int | None:
    """Largest x in [lo, hi] with pred(x) true, for a predicate true up to some point then false."""
    edges = find_edges(lambda x: 1 if pred(x) else 0, (1,), lo, hi, {}, parallel)
    return edges[1]


def find_edges(
    rank: Callable[[int], int],
    levels: tuple[int, ...],
    lo: int,
    hi: int,
    guesses: dict[int, tuple[int, ...]],
    parallel: int = PARALLEL,
) -> dict[int, int | None]:
    """For a rank that never increases with x, the largest x in [lo, hi] with rank(x) ≥ level, per level.

    Round 0 tries ``guesses`` (level → candidate edges; each candidate g is checked with g and g+1: if
    rank(g) ≥ level > rank(g+1) the edge is exact). Then a k-ary search: each round spreads ``parallel``
    points over the still-open intervals and every result narrows every level's interval.
    """
    known: dict[int, int] = {}
    lows = {lvl: lo - 1 for lvl in levels}  # largest x known with rank ≥ lvl (lo-1 = none yet)
    highs = {lvl: hi + 1 for lvl in levels}  # smallest x known with rank < lvl

    def learn(points: list[int], pool: ThreadPoolExecutor) -> None:
        todo = sorted({p for p in points if lo <= p <= hi and p not in known})
        for point, r in zip(todo, pool.map(rank, todo), strict=True):
            known[point] = r
            for lvl in levels:
                if r >= lvl:
                    lows[lvl] = max(lows[lvl], point)
                else:
                    highs[lvl] = min(highs[lvl], point)

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        first = [lo, hi] + [p for lvl in levels for g in guesses.get(lvl, ()) for p in (g, g + 1)]
        learn(first, pool)
        while True:
            open_levels = [lvl for lvl in levels if highs[lvl] - lows[lvl] > 1 and lows[lvl] >= lo]
            if not open_levels:
                break
            share = max(1, parallel // len(open_levels))
            points = []
            for lvl in open_levels:
                a, b = lows[lvl], highs[lvl]
                step = max(1, (b - a) // (share + 1))
                points += [min(b - 1, a + step * i) for i in range(1, share + 1)]
            learn(points, pool)
    return {lvl: (lows[lvl] if lows[lvl] >= lo else None) for lvl in levels}


def _cache_file(java: str, version: str, cache_dir: Path) -> Path:
    st = Path(java).resolve().stat()
    key = f"{CACHE_FORMAT}|{Path(java).resolve()}|{st.st_size}|{int(st.st_mtime)}|{version}"
    return cache_dir / "probe" / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".json")


def probe(java: str, cache_dir: Path | None = None, use_cache: bool = True) -> ProbeResult:
    """Measure the compressed-oops cut-offs of this java (cached)."""
    version, major = java_version(java)
    cache = None
    if cache_dir is not None:
        cache = _cache_file(java, version, cache_dir)
        if use_cache and cache.is_file():
            try:
                return ProbeResult(**json.loads(cache.read_text()))
            except (ValueError, TypeError):
                pass  # unreadable cache entry: measure again

    def rank(mb: int) -> int:
        mode = coops_mode(java, mb, major)
        return ZERO_BASED if mode.zero_based else COMPRESSED if mode.enabled else NO_COOPS

    edges = find_edges(rank, (ZERO_BASED, COMPRESSED), *SEARCH_RANGE_MB, GUESSES_MB)
    compressed, zero = edges[COMPRESSED], edges[ZERO_BASED]
    result = ProbeResult(
        java=str(java),
        jdk_version=version,
        jdk_major=major,
        max_compressed_oops_heap_mb=compressed,
        max_zero_based_heap_mb=zero,
    )
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(result)))
        tmp.replace(cache)
    return result


def declared_flags(java: str) -> dict[str, str]:
    """name → product/experimental/diagnostic/manageable, as this JVM's PrintFlagsFinal lists them."""
    proc = _run(
        java,
        [
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:+UnlockExperimentalVMOptions",
            "-XX:+PrintFlagsFinal",
            "-version",
        ],
    )
    flags: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        m = _FLAG_LINE.match(line)
        if not m:
            continue
        kinds = m.group("kinds").split()
        kind = next((k for k in ("experimental", "diagnostic", "manageable") if k in kinds), "product")
        flags[m.group("name")] = kind
    if not flags:
        raise SourceError(f"{java}: -XX:+PrintFlagsFinal printed no flags")
    return flags
