"""Fuzz: random bytes and mutated real lines never crash the reader or the parsers."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import NothingUsableError
from advisor.gclog.aggregate import summarize
from advisor.gclog.parsers.jdk8 import Jdk8Parser
from advisor.gclog.parsers.unified import UnifiedParser
from tests.gclog.invariants import read_lines

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "gclogs"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "gclogs" / "garbagecat"


def _real_lines() -> list[str]:
    lines: list[str] = []
    for name in ("jdk17-g1-es", "jdk11-cms-es-stress", "jdk21-zgcgen-es-stress", "jdk17-shenandoah-es"):
        lines += read_lines(sorted((FIXTURES / name).glob("gc.log*"))[0])[:400]
    for name in ("dataset2.txt", "dataset10.txt", "dataset100.txt", "dataset120.txt", "dataset146.txt"):
        if (CORPUS / name).exists():
            lines += (CORPUS / name).read_text(errors="replace").splitlines()
    return lines


REAL_LINES = _real_lines()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated_line(draw: st.DrawFn) -> str:
    line = draw(st.sampled_from(REAL_LINES))
    if not line:
        return line
    for _ in range(draw(st.integers(0, 4))):
        pos = draw(st.integers(0, len(line)))
        action = draw(st.sampled_from(["cut", "insert", "delete", "digit"]))
        if action == "cut":
            line = line[:pos]
        elif action == "insert":
            line = (
                line[:pos]
                + draw(st.sampled_from(["[", "]", "(", ")", "ms", " secs]", "->", ",", "GC(", "\x00", "é"]))
                + line[pos:]
            )
        elif action == "delete":
            line = line[:pos] + line[pos + 3 :]
        else:
            line = line[:pos] + draw(st.sampled_from(["9" * 30, "-1", "nan", "0,5"])) + line[pos:]
    return line


@FUZZ
@given(st.lists(mutated_line(), min_size=1, max_size=30))
def test_parsers_survive_mutated_real_lines(lines: list[str]) -> None:
    unified = UnifiedParser("CMS")
    jdk8 = Jdk8Parser()
    for line in lines:
        list(unified.parse_line(line))
        list(jdk8.feed(line))
    list(jdk8.finish())


@FUZZ
@given(st.binary(max_size=4000))
def test_reader_survives_random_bytes(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "gc.log"
    path.write_bytes(data)
    with contextlib.suppress(NothingUsableError):
        summarize([path])


@FUZZ
@given(st.lists(mutated_line(), min_size=1, max_size=60), st.booleans())
def test_summarize_survives_mutated_files(tmp_path_factory, lines: list[str], gzipped: bool) -> None:  # type: ignore[no-untyped-def]
    import gzip

    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    path = tmp_path_factory.mktemp("fuzz") / "gc.log"
    path.write_bytes(gzip.compress(data)[: max(10, len(data) // 2)] if gzipped else data)
    try:
        summary = summarize([path])
    except NothingUsableError:
        return
    assert summary.pauses.count >= 0 and summary.unparsed_lines >= 0
