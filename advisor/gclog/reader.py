"""GC log file sets: paths → ordered, readable members; streaming bytes in bounded chunks.

- Many paths at once; a directory is rejected with one line (name the files inside it instead).
- gzip is recognised by its magic bytes (``gc.log.3.gz``); a corrupt or truncated gzip yields what could be
  decompressed plus a warning.
- Rotated sets (``gc.log``, ``gc.log.0`` ... ``gc.log.31``: HotSpot's ``filecount``/``filesize`` rotation
  keeps the live file as ``gc.log``) are ordered by the first timestamp inside each file, not by name.
- Memory stays flat: files are read in ``CHUNK_BYTES`` pieces cut at line ends; a line longer than
  ``MAX_LINE_BYTES`` is cut.
- Each unusable file (missing, unreadable, empty, binary, another program's log) gives one warning line;
  only when nothing usable is left does the caller raise ``NothingUsableError``.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHUNK_BYTES = 4 * 1024 * 1024
"""Bytes read per step; memory use is a small multiple of this, whatever the file size."""

MAX_LINE_BYTES = 64 * 1024
"""A "line" longer than this without a newline is cut (binary junk, a log without newlines)."""

HEAD_BYTES = 256 * 1024
"""Bytes of each file handed to format sniffing (and to the binary check)."""

GZIP_MAGIC = b"\x1f\x8b"


class UnreadableLog(Exception):
    """One file cannot be used at all; ``str()`` is the warning line (without the file name)."""


@dataclass
class LogFile:
    """One member of a set, as found on disk (before sniffing)."""

    path: Path
    gzipped: bool
    size: int
    warnings: list[str] = field(default_factory=list)
    truncated_tail: str = ""  # the last line when it has no newline (a write cut short)
    on_bytes: Callable[[int], None] | None = None  # progress: called with each block's (decompressed) size


def describe(path: Path) -> str:
    return str(path)


def check_path(path: Path) -> LogFile:
    """Stat and classify one path; raises UnreadableLog with the reason."""
    if not path.exists():
        raise UnreadableLog("no such file")
    if path.is_dir():
        raise UnreadableLog("is a directory (pass the log files inside it, e.g. DIR/gc.log*)")
    if not os.access(path, os.R_OK):
        raise UnreadableLog("permission denied")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(2)
    except OSError as err:
        raise UnreadableLog(f"cannot read: {err.strerror or err}") from err
    if size == 0:
        raise UnreadableLog("empty file")
    return LogFile(path, magic == GZIP_MAGIC, size)


def _raw_blocks(log: LogFile, block_bytes: int) -> Iterator[bytes]:
    """Decompressed (or plain) bytes in blocks. gzip goes through zlib directly so that a damaged or
    truncated member still yields everything before the damage (``gzip.GzipFile`` raises first)."""
    with log.path.open("rb") as handle:
        if not log.gzipped:
            while block := handle.read(block_bytes):
                if block[-1] != 10:  # end the block with its last line: no carry to copy in front of the next
                    block += handle.readline(MAX_LINE_BYTES)
                yield block
            return
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        total = 0
        compressed = b""
        while True:
            if not compressed:
                compressed = handle.read(max(1, block_bytes // 4))
                if not compressed:
                    break
            try:  # max_length keeps memory bounded even for a gzip bomb
                out = decompressor.decompress(compressed, block_bytes)
            except zlib.error as err:
                log.warnings.append(f"corrupt gzip after {total} bytes ({err}); using what was readable")
                return
            total += len(out)
            if out:
                yield out
            compressed = decompressor.unconsumed_tail
            if decompressor.eof:  # concatenated gzip members: go on with the next one
                compressed = decompressor.unused_data
                decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if not compressed:
                    compressed = handle.read(max(1, block_bytes // 4))
                    if not compressed:
                        return
        if not decompressor.eof:
            log.warnings.append(f"truncated gzip after {total} bytes; using what was readable")


def iter_chunks(log: LogFile, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Chunks of whole lines (each ends with ``\\n`` except maybe the last). A corrupt gzip stops the
    stream with a warning appended to ``log.warnings``; data before the damage is still yielded."""
    carry = b""
    for data in _raw_blocks(log, chunk_bytes):
        if log.on_bytes is not None:
            log.on_bytes(len(data))
        data = carry + data if carry else data
        cut = data.rfind(b"\n")
        if cut == len(data) - 1:  # the usual case: whole lines, passed on without a copy
            carry = b""
            yield data
            continue
        if cut == -1:
            if len(data) > MAX_LINE_BYTES:
                yield data[:MAX_LINE_BYTES] + b"\n"
                carry = b""
            else:
                carry = data
            continue
        carry = data[cut + 1 :]
        if len(carry) > MAX_LINE_BYTES:
            carry = carry[:MAX_LINE_BYTES]
        yield data[: cut + 1]
    if carry:
        log.truncated_tail = carry.decode("utf-8", "replace").rstrip("\r")
        yield carry


def read_head(log: LogFile, limit: int = HEAD_BYTES) -> bytes:
    """The first ``limit`` decompressed bytes (for sniffing); raises UnreadableLog when none can be read."""
    head = b""
    probe = LogFile(log.path, log.gzipped, log.size)
    try:
        for block in _raw_blocks(probe, limit):
            head += block
            if len(head) >= limit:
                break
    except OSError as err:
        raise UnreadableLog(f"cannot read: {err.strerror or err}") from err
    if not head and probe.warnings:
        raise UnreadableLog(probe.warnings[0])
    return head[:limit]


def looks_binary(head: bytes) -> bool:
    """NUL bytes or mostly non-text bytes in the head: not a text log."""
    sample = head[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    text_bytes = sum(1 for b in sample if b in (9, 10, 13) or 32 <= b < 127 or b >= 128)
    return text_bytes / len(sample) < 0.85


def decode_lines(head: bytes, max_lines: int) -> list[str]:
    lines = head.split(b"\n", max_lines)[:max_lines]
    return [line.decode("utf-8", "replace").rstrip("\r") for line in lines]


_ENDS_IN_S: dict[bytes, re.Pattern[bytes]] = {}


def _ends_in_s(keyword: bytes) -> re.Pattern[bytes]:
    """``keyword`` on a line that ends in ``s`` (before at most one ``\\r``); the match ends at the newline."""
    pattern = _ENDS_IN_S.get(keyword)
    if pattern is None:
        pattern = _ENDS_IN_S[keyword] = re.compile(rb"(?m)" + re.escape(keyword) + rb"[^\n]*s\r?$")
    return pattern


def candidate_spans(
    chunk: bytes, keywords: tuple[bytes, ...], duration_keywords: frozenset[bytes] = frozenset()
) -> dict[int, tuple[int, int]]:
    """``{line start: (line end, index of a keyword in it)}`` for the lines of ``chunk`` that contain
    any keyword (the hot path; the end is the newline's position).

    ``bytes.find`` runs in C over the whole chunk; Python only touches matching lines, so a verbose
    ``gc*,gc+age=trace`` log (where most lines are phase timings and age tables) is skimmed, not parsed.
    Only a line's first hit is judged (the search goes on at the line's end). A hit on one of
    ``duration_keywords`` counts only when its line ends in ``s`` (``ms``/``ns``/``s``, before at most
    one ``\\r``) or is a ``Concurrent Mark`` start line.
    """
    spans: dict[int, tuple[int, int]] = {}
    size = len(chunk)
    find = chunk.find
    rfind = chunk.rfind
    for index, keyword in enumerate(keywords):
        needs_duration = keyword in duration_keywords
        if needs_duration and not b"Concurrent Mark".startswith(keyword):
            # one C scan: which hit of the line matches does not matter when only the line end counts
            for match in _ends_in_s(keyword).finditer(chunk):
                spans[rfind(b"\n", 0, match.start()) + 1] = (match.end(), index)
            continue
        pos = find(keyword)
        while pos != -1:
            end = find(b"\n", pos)
            if end == -1:
                end = size
            last = chunk[end - 1]
            if (
                not needs_duration
                or last == 115
                or (last == 13 and chunk[end - 2] == 115)
                or chunk.startswith(b"Concurrent Mark", pos)
            ):
                spans[rfind(b"\n", 0, pos) + 1] = (end, index)
            pos = find(keyword, end)
    return spans


def candidate_lines(
    chunk: bytes, keywords: tuple[bytes, ...], duration_keywords: frozenset[bytes] = frozenset()
) -> list[bytes]:
    """The lines ``candidate_spans`` finds, in file order, without a trailing ``\\r``."""
    spans = candidate_spans(chunk, keywords, duration_keywords)
    return [chunk[start : spans[start][0]].rstrip(b"\r") for start in sorted(spans)]


def iter_text_lines(log: LogFile) -> Iterator[str]:
    """Every line of the file, decoded (the JDK 8 parser needs them all)."""
    for chunk in iter_chunks(log):
        for raw in chunk.split(b"\n"):
            if raw:
                yield raw.decode("utf-8", "replace").rstrip("\r")
