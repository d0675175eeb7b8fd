"""Bad input: one clear warning per unusable file, a non-zero exit only when nothing usable was read."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from advisor.errors import NothingUsableError
from advisor.gclog import reader
from advisor.gclog.aggregate import summarize

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "gclogs"
G1_LOG = FIXTURES / "jdk17-g1-es" / "gc.log"
CORPUS_JDK8 = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "gclogs" / "garbagecat" / "dataset2.txt"
)


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    return Path(shutil.copy(G1_LOG, tmp_path / "gc.log"))


def test_directory_is_rejected_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(NothingUsableError, match="is a directory"):
        summarize([tmp_path])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 40, "binary data"),
        (b"2024-01-01 12:00:00 INFO Starting nginx\n" * 50, "not a JVM GC log"),
    ],
    ids=["empty", "binary", "other-program"],
)
def test_unusable_file_alone_fails_with_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "gc.log"
    path.write_bytes(content)
    with pytest.raises(NothingUsableError, match=reason):
        summarize([path])


def test_unusable_files_beside_a_good_one_become_warnings(tmp_path: Path, good: Path) -> None:
    empty = tmp_path / "gc.log.0"
    empty.write_bytes(b"")
    missing = tmp_path / "gc.log.9"
    summary = summarize([good, empty, missing, tmp_path])
    assert summary.pauses.count == summarize([good]).pauses.count
    assert len(summary.warnings) == 3
    assert any("empty file" in w for w in summary.warnings)
    assert any("no such file" in w for w in summary.warnings)
    assert any("is a directory" in w for w in summary.warnings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_unreadable_file(tmp_path: Path, good: Path) -> None:
    locked = tmp_path / "gc.log.1"
    shutil.copy(good, locked)
    locked.chmod(0)
    summary = summarize([good, locked])
    assert any("permission denied" in w for w in summary.warnings)


def test_read_error_becomes_a_warning(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError while opening (EACCES, EIO on a dying disk) is one warning for that file."""
    broken = tmp_path / "gc.log.5"
    shutil.copy(good, broken)
    real_open = Path.open

    def failing_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == broken:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    summary = summarize([good, broken])
    assert summary.pauses.count > 0
    assert any("gc.log.5: cannot read: Permission denied" in w for w in summary.warnings)


def test_gzip_member_reads_like_plain(tmp_path: Path, good: Path) -> None:
    packed = tmp_path / "gc.log.0.gz"
    packed.write_bytes(gzip.compress(good.read_bytes()))
    assert summarize([packed]).pauses == summarize([good]).pauses


def test_corrupt_gzip_gives_partial_result_and_warning(tmp_path: Path, good: Path) -> None:
    data = gzip.compress(good.read_bytes())
    cut = tmp_path / "gc.log.2.gz"
    cut.write_bytes(data[: len(data) // 2])
    summary = summarize([cut])
    assert 0 < summary.pauses.count < summarize([good]).pauses.count
    assert any("truncated gzip" in w for w in summary.warnings)
    garbage = tmp_path / "gc.log.3.gz"
    garbage.write_bytes(b"\x1f\x8b" + os.urandom(200))
    with pytest.raises(NothingUsableError, match="gzip"):
        summarize([garbage])


def test_truncated_last_line_is_a_warning_not_an_unparsed_line(tmp_path: Path, good: Path) -> None:
    text = good.read_bytes()
    last_pause = text.rindex(b"Pause Young")
    cut = tmp_path / "cut.log"
    cut.write_bytes(text[: last_pause + 30])  # ends in the middle of a pause line
    summary = summarize([cut])
    assert summary.unparsed_lines == 0
    assert any("truncated" in w for w in summary.warnings)


@pytest.mark.skipif(not CORPUS_JDK8.exists(), reason="corpus absent")
def test_mixed_formats_in_one_set_warns(good: Path) -> None:
    summary = summarize([good, CORPUS_JDK8])
    assert summary.format == "jdk8+unified"
    assert any("mixed log formats" in w for w in summary.warnings)


def test_rotation_order_comes_from_content_not_names(tmp_path: Path) -> None:
    """Rename the members of a real rotated set so names lie about their age: order still follows time."""
    source = sorted((FIXTURES / "jdk17-g1-es-rotated").glob("gc.log*"))
    renamed = []
    for index, path in enumerate(reversed(source)):
        target = tmp_path / f"gc.log.{index}{'.gz' if path.suffix == '.gz' else ''}"
        shutil.copy(path, target)
        renamed.append(target)
    summary = summarize(renamed)
    firsts = [summarize([Path(f)]).pause_events for f in summary.files]
    assert len(summary.files) == len(source)
    starts = []
    for name in summary.files:
        one = summarize([name], keep_events=True)
        starts.append(one.pause_events[0].at if one.pause_events else float("inf"))
    assert starts == sorted(starts)
    assert firsts is not None


def test_candidate_lines_finds_every_keyword_line_once() -> None:
    chunk = b"a Pause b\nnothing\nPause and Safepoint\n\nlast Concurrent"
    assert reader.candidate_lines(chunk, (b"Pause", b"Safepoint", b"Concurrent")) == [
        b"a Pause b",
        b"Pause and Safepoint",
        b"last Concurrent",
    ]


def test_chunks_cut_only_at_line_ends(good: Path) -> None:
    log = reader.check_path(good)
    chunks = list(reader.iter_chunks(log, chunk_bytes=1000))
    assert b"".join(chunks) == good.read_bytes()
    assert all(c.endswith(b"\n") for c in chunks[:-1])


@pytest.mark.skipif(not CORPUS_JDK8.exists(), reason="corpus absent")
def test_jdk8_log_cut_inside_an_event_warns(tmp_path: Path) -> None:
    text = (CORPUS_JDK8.parent / "dataset10.txt").read_text()  # one CMS full GC spread over two lines
    cut = tmp_path / "gc.log"
    cut.write_text(text[: text.index("(concurrent mode failure)")])
    summary = summarize([cut])
    assert summary.unparsed_lines == 0
    assert any("cut short" in w for w in summary.warnings)


def test_concatenated_gzip_members_and_bounded_blocks(tmp_path: Path, good: Path) -> None:
    """``cat a.gz b.gz`` is a valid gzip; each decompressed block stays within the block size."""
    data = good.read_bytes()
    half = data.index(b"\n", len(data) // 2) + 1
    joined = tmp_path / "gc.log.7.gz"
    joined.write_bytes(gzip.compress(data[:half]) + gzip.compress(data[half:]))
    log = reader.check_path(joined)
    blocks = list(reader._raw_blocks(log, 4096))
    assert b"".join(blocks) == data and max(len(b) for b in blocks) <= 4096
    assert summarize([joined]).pauses == summarize([good]).pauses


def test_progress_reports_bytes_until_done(good: Path) -> None:
    calls: list[tuple[int, int]] = []
    summarize([good, good], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] == 2 * good.stat().st_size
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_parallel_set_equals_sequential(monkeypatch: pytest.MonkeyPatch) -> None:
    """Members analysed in worker processes merge to exactly the sequential result."""
    from advisor.gclog import aggregate

    files = sorted((FIXTURES / "jdk25-parallel-esold-rotated").glob("gc.log*"))
    sequential = summarize(files, keep_events=True)
    monkeypatch.setattr(aggregate, "PARALLEL_MIN_BYTES", 0)
    parallel = summarize(files, keep_events=True)
    assert parallel == sequential
