"""The flag table itself: states per JDK 8..25 for the claims the brief and FACTS.md make."""

from __future__ import annotations

import pytest

from advisor.facts.jdk_flags import ALL_JDKS, BY_NAME, FLAGS, FlagState, Known, generational_zgc, is_declared

S = FlagState


@pytest.mark.parametrize(
    ("flag", "jdk", "state"),
    [
        ("UseConcMarkSweepGC", 8, S.PRODUCT),
        ("UseConcMarkSweepGC", 9, S.DEPRECATED),
        ("UseConcMarkSweepGC", 13, S.DEPRECATED),
        ("UseConcMarkSweepGC", 14, S.OBSOLETE),
        ("UseConcMarkSweepGC", 15, S.EXPIRED),
        ("CMSInitiatingOccupancyFraction", 13, S.PRODUCT),
        ("CMSInitiatingOccupancyFraction", 14, S.OBSOLETE),
        ("UseParNewGC", 9, S.DEPRECATED),
        ("UseParNewGC", 10, S.EXPIRED),
        ("UseParallelOldGC", 15, S.OBSOLETE),
        ("UseParallelOldGC", 16, S.EXPIRED),
        ("UseZGC", 10, S.ABSENT),
        ("UseZGC", 14, S.EXPERIMENTAL),
        ("UseZGC", 15, S.PRODUCT),
        ("ZGenerational", 20, S.ABSENT),
        ("ZGenerational", 22, S.PRODUCT),
        ("ZGenerational", 23, S.DEPRECATED),
        ("ZGenerational", 24, S.OBSOLETE),
        ("ZUncommit", 12, S.ABSENT),
        ("UseShenandoahGC", 13, S.EXPERIMENTAL),
        ("UseShenandoahGC", 15, S.PRODUCT),
        ("PrintGCDateStamps", 8, S.PRODUCT),
        ("PrintGCDateStamps", 9, S.EXPIRED),
        ("GCLogFileSize", 9, S.EXPIRED),
        ("PrintGCDetails", 9, S.DEPRECATED),
        ("UseCompactObjectHeaders", 24, S.EXPERIMENTAL),
        ("UseCompactObjectHeaders", 25, S.PRODUCT),
        ("UseCompressedClassPointers", 25, S.DEPRECATED),
    ],
)
def test_state(flag: str, jdk: int, state: FlagState) -> None:
    assert BY_NAME[flag].state(jdk) is state


@pytest.mark.parametrize("flag", FLAGS, ids=[f.name for f in FLAGS])
def test_every_flag_has_source_and_sane_order(flag) -> None:
    """Verify each entry cites a source and its lifecycle versions are ordered (dep < obs < exp)."""
    assert flag.source
    marks = [v for v in (flag.deprecated, flag.obsolete, flag.expired) if v is not None]
    assert marks == sorted(marks) and len(set(marks)) == len(marks)
    assert all(flag.state(j) for j in ALL_JDKS)


def test_messages() -> None:
    f = BY_NAME["UseConcMarkSweepGC"]
    assert (
        f.hotspot_message(11)
        == "Option UseConcMarkSweepGC was deprecated in version 9.0 and will likely be removed in a future release."
    )
    assert f.hotspot_message(14) == "Ignoring option UseConcMarkSweepGC; support was removed in 14.0"
    assert f.hotspot_message(15) == "Unrecognized VM option 'UseConcMarkSweepGC'"
    assert (
        BY_NAME["NumberOfGCLogFiles"].hotspot_message(11, "NumberOfGCLogFiles=32")
        == "Unrecognized VM option 'NumberOfGCLogFiles=32'"
    )


@pytest.mark.parametrize(
    ("jdk", "zgen", "gen"),
    [
        (17, None, False),
        (21, None, False),
        (21, True, True),
        (23, None, True),
        (23, False, False),
        (24, False, True),
    ],
)
def test_generational_zgc(jdk: int, zgen: bool | None, gen: bool) -> None:
    assert generational_zgc(jdk, zgen) is gen


@pytest.mark.parametrize(
    ("name", "jdk", "known"),
    [
        ("UseG1GC", 17, Known.YES),
        ("UseG1Gc", 17, Known.NO),
        ("G1ConcRefinementThreads", 19, Known.PROBABLY),
        ("NoSuchFlag", 14, Known.NO),
    ],
)
def test_declared_names(name: str, jdk: int, known: Known) -> None:
    assert is_declared(name, jdk) is known
