"""Every file of the public garbagecat corpus (../shared/corpus/gclogs/garbagecat/, real JDK 6-17 logs)
is either understood with no unparsed line, or rejected with the specific reason listed here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.errors import NothingUsableError
from advisor.gclog.aggregate import summarize

REPO = Path(__file__).resolve().parent.parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "gclogs" / "garbagecat"

NOT_A_GC_LOG = "not a JVM GC log"
NO_EVENTS = "no GC events found"

REJECTED: dict[str, tuple[str, str]] = {
    "dataset88.txt": (NOT_A_GC_LOG, "one line: 'GC log file created' banner of a log shipper"),
    "dataset114.txt": (NOT_A_GC_LOG, "JBoss bootstrap console output"),
    "dataset198.txt": (NOT_A_GC_LOG, "Shenandoah 'GC STATISTICS' exit table without any decoration"),
    "dataset234.txt": (NOT_A_GC_LOG, "application log with a thread dump"),
    "dataset150.txt": (NO_EVENTS, "only the '[gc] Using Parallel' banner"),
    "dataset152.txt": (NO_EVENTS, "only the '[gc] Using G1' banner"),
    "dataset192.txt": (NO_EVENTS, "JDK 8 header (VM version, memory, command line) and nothing else"),
    "dataset196.txt": (NO_EVENTS, "Shenandoah exit statistics table only (decorated)"),
    "dataset238.txt": (NO_EVENTS, "JDK 17 Parallel gc,init header only"),
    "dataset240.txt": (NO_EVENTS, "Shenandoah heuristics/init lines only"),
    "dataset244.txt": (NO_EVENTS, "a Metaspace allocation-failure message, no collection"),
    "dataset258.txt": (NO_EVENTS, "Shenandoah exit statistics table only"),
    "dataset274.txt": (NO_EVENTS, "ZGC exit statistics table only"),
    "dataset284.txt": (NO_EVENTS, "Shenandoah exit statistics table only"),
    "dataset288.txt": (NO_EVENTS, "Metaspace usage report after an allocation failure"),
    "dataset294.txt": (NO_EVENTS, "a single '[arguments] jvm_args' line"),
}
"""file → (what the tool's one-line reason says, why: what the file really holds)."""

# Independent pause signal: events that start a line after their date/uptime stamps (JDK 8), or
# unified ``GC(N) Pause ... N.NNNms`` lines. CMSScavengeBeforeRemark nests a young pause inside
# the remark on its own line; both are counted by the tool and by this regex.
JDK8_PAUSE_START = re.compile(r"^(?:\S+: )*\d+[.,]\d+: \[(?:Full GC|GC)(?! concurrent-)", re.M)
UNIFIED_PAUSE = re.compile(r"GC\(\d+\) (?:[yYO]: )?Pause .*?\d+[.,]\d+ms\s*$", re.M)

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.txt"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0))


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_file_understood_or_rejected(path: Path) -> None:
    if path.name in REJECTED:
        reason, _why = REJECTED[path.name]
        with pytest.raises(NothingUsableError, match=re.escape(reason)):
            summarize([path])
        return
    summary = summarize([path])
    assert summary.unparsed_lines == 0, summary.warnings
    text = path.read_text(errors="replace")
    pattern = JDK8_PAUSE_START if summary.format == "jdk8" else UNIFIED_PAUSE
    assert summary.pauses.count == len(pattern.findall(text))


def test_corpus_table_names_real_files() -> None:
    names = {p.name for p in corpus_files()}
    assert set(REJECTED) <= names
    assert len(names) - len(REJECTED) >= 100


def test_corpus_bad_events_on_known_files() -> None:
    """Spot checks on files whose first line says what happened (read by eye)."""
    cmf = summarize([CORPUS / "dataset10.txt"])  # [Full GC ... (concurrent mode failure) ...]
    assert cmf.bad_events.concurrent_mode_failure == 1 and cmf.bad_events.full_gc == 1
    failover = summarize(
        [CORPUS / "dataset12.txt"]
    )  # [GC [ParNew (promotion failed) ...][CMS ... (concurrent mode failure) ...]
    assert failover.pauses_by_kind["Full"].max_ms == pytest.approx(79622.2068)
    assert failover.bad_events.full_gc == 1 and failover.bad_events.concurrent_mode_failure == 1
    tospace = summarize([CORPUS / "dataset100.txt"])  # [GC pause ... (young) (to-space exhausted), 3.17 secs]
    assert tospace.bad_events.evacuation_failure == 1
    assert tospace.pauses.max_ms == pytest.approx(3171.3585)
    stopped = summarize([CORPUS / "dataset104.txt"])  # PrintGCApplicationStoppedTime with date stamps
    assert stopped.safepoints is not None and stopped.safepoints.count > 0
