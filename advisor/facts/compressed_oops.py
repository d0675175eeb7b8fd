"""Compressed-oops cut-offs when no ``java`` can be probed: a documented, conservative table.

The encodable heap is 2^32 x ObjectAlignmentInBytes (32 GiB with the default 8-byte alignment) minus
the null page and heap alignment (arguments.cpp ``max_heap_for_compressed_oops``), so the exact largest
``-Xmx`` differs between builds — by hundreds of MiB within one feature release. ``advise probe``
measures it; this table is only the fallback.

Measured here with ``advise probe`` (default collector G1, Linux x64, 2026-11):

=======================  ==========================  ========================
build                    max compressed-oops -Xmx    max zero-based -Xmx
=======================  ==========================  ========================
Temurin 11.0.13+8        32736m                      30720m
Debian 17.0.15+6         32736m                      30720m
Temurin 21.0.8+9         32256m                      30720m
Temurin 25.0.3+9         32736m                      30720m
JDK 8 (FACTS.md §2)      32766m on, 32767m off       —
=======================  ==========================  ========================

ES documentation (heap size, 5.x-7.x): "about 26 GB is safe on most systems" for zero-based mode, "up
to 30 GB on some"; Elasticsearch's automatic heap caps at 31 GiB (MachineDependentHeap) for any
collector. The fallback below uses 31 GiB (below every measured compressed cut-off) and 30 GiB for
zero-based (measured on all four builds), and says so in findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.facts.nodes import ProbeResult

MEASURED: dict[str, tuple[int, int]] = {
    "11.0.13": (32736, 30720),
    "17.0.15": (32736, 30720),
    "21.0.8": (32256, 30720),
    "25.0.3": (32736, 30720),
}
"""Build → (max compressed-oops -Xmx MiB, max zero-based -Xmx MiB), measured with ``advise probe``."""

FALLBACK_COMPRESSED_MB = 31 * 1024
FALLBACK_ZERO_BASED_MB = 30 * 1024
ES_DOCS_SAFE_ZERO_BASED_MB = 26 * 1024
SOURCE_TABLE = (
    "HotSpot arguments.cpp max_heap_for_compressed_oops; measured with `advise probe` on JDK 11.0.13/17.0.15/"
    "21.0.8/25.0.3 (compressed up to 32256-32736m, zero-based up to 30720m); ES docs heap size (26-30 GB)"
)


@dataclass(frozen=True)
class OopsCutoff:
    max_compressed_mb: int
    max_zero_based_mb: int
    measured: bool  # from a probe of the node's own java, not the table
    source: str


def cutoff(
    jdk_version: str | None, probe: ProbeResult | None = None, override_mb: int | None = None
) -> OopsCutoff:
    """The cut-offs to apply: a user override, then a probe of the same major, then the table."""
    if override_mb is not None:
        zero = min(override_mb, FALLBACK_ZERO_BASED_MB)
        return OopsCutoff(override_mb, zero, True, "given on the command line (--heap-oops-cutoff-mb)")
    if probe is not None and probe.max_compressed_oops_heap_mb:
        return OopsCutoff(
            probe.max_compressed_oops_heap_mb,
            probe.max_zero_based_heap_mb or min(probe.max_compressed_oops_heap_mb, FALLBACK_ZERO_BASED_MB),
            True,
            f"measured by `advise probe` on {probe.java} ({probe.jdk_version})",
        )
    if jdk_version and jdk_version in MEASURED:
        comp, zero = MEASURED[jdk_version]
        return OopsCutoff(comp, zero, True, f"measured on the same build ({jdk_version}); " + SOURCE_TABLE)
    return OopsCutoff(FALLBACK_COMPRESSED_MB, FALLBACK_ZERO_BASED_MB, False, SOURCE_TABLE)
