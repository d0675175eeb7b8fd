"""Read jvm.options / jvm.options.d files exactly as Elasticsearch's JvmOptionsParser does, keeping
file and line numbers, and resolve the options that apply to one JDK feature release.

Grammar (ES:JvmOptionsParser.parse, es#51882/#52100):

    # comment              '#' in column 0 only
    -Xmx4g                 every JDK
    17:-XX:+UseG1GC        JDK 17 only
    17-:-XX:+UseG1GC       JDK 17 and later
    11-13:-XX:+UseCMS…     JDK 11 to 13 (upper < lower is an error)
    blank / whitespace     skipped

Anything else — leading spaces, a missing dash, ``13-11:``, a number too big for a Java int — is an
"improperly formatted JVM option": ES refuses to start and lists every bad line of the file.
An inline ``#`` is *not* a comment: it becomes part of the option the JVM receives.
Files: ``jvm.options`` first, then ``jvm.options.d/*.options`` sorted by path; later options win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError

PATTERN = re.compile(r"^((?P<start>\d+)(?P<range>-)?(?P<end>\d+)?:)?(?P<option>-.*)$", re.DOTALL)
JAVA_INT_MAX = 2**31 - 1


@dataclass(frozen=True)
class FileOption:
    """One option line of a file, as written, with its version range."""

    file: str
    line: int
    text: str  # the whole line as written
    option: str  # the option without the version prefix
    lower: int | None = None  # None: applies to every JDK
    upper: int | None = None  # None with lower set: open-ended ("17-:")
    comment: str = ""  # the '#' lines right above it (what the author believed)

    def applies_to(self, jdk: int) -> bool:
        if self.lower is None:
            return True
        upper = self.upper if self.upper is not None else JAVA_INT_MAX
        return self.lower <= jdk <= upper

    @property
    def prefix(self) -> str:
        if self.lower is None:
            return ""
        if self.upper is None:
            return f"{self.lower}-:"
        if self.upper == self.lower:
            return f"{self.lower}:"
        return f"{self.lower}-{self.upper}:"


@dataclass(frozen=True)
class BadLine:
    """A line ES would refuse ("encountered improperly formatted JVM option")."""

    file: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ParsedFile:
    path: str
    options: tuple[FileOption, ...]
    bad_lines: tuple[BadLine, ...]


def _reason(line: str) -> str:
    if line[:1].isspace():
        return "leading whitespace (only '#' in column 0 is a comment; ES does not strip lines)"
    if line.lstrip().startswith("#"):
        return "comment not in column 0"
    return "not an option: lines must be '-opt', 'N:-opt', 'N-:-opt' or 'N-M:-opt'"


def parse_lines(lines: list[str], file: str) -> ParsedFile:
    """Parse the lines of one options file (ES:JvmOptionsParser.parse, line by line)."""
    options: list[FileOption] = []
    bad: list[BadLine] = []
    comment: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if line.startswith("#"):
            comment.append(line.lstrip("#").strip())
            continue
        if not line.strip():
            comment = []
            continue
        above, comment = " ".join(comment), []
        match = PATTERN.match(line)
        if not match:
            bad.append(BadLine(file, number, line, _reason(line)))
            continue
        start, end = match.group("start"), match.group("end")
        if start is None:
            options.append(FileOption(file, number, line, line, comment=above))
            continue
        lower = int(start)
        if lower > JAVA_INT_MAX:
            bad.append(BadLine(file, number, line, f"version {start} is not a Java int"))
            continue
        if match.group("range") is None:
            upper: int | None = lower
        elif end is None:
            upper = None
        else:
            upper = int(end)
            if upper > JAVA_INT_MAX:
                bad.append(BadLine(file, number, line, f"version {end} is not a Java int"))
                continue
            if upper < lower:
                bad.append(
                    BadLine(file, number, line, f"range {lower}-{upper}: upper bound below lower bound")
                )
                continue
        options.append(FileOption(file, number, line, match.group("option"), lower, upper, above))
    return ParsedFile(file, tuple(options), tuple(bad))


def parse_file(path: str | Path) -> ParsedFile:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory (give the jvm.options.d files, or use expand_paths)") from None
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text (ES reads jvm.options as UTF-8)") from None
    return parse_lines(text.splitlines(), str(p))


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files in ES order: a directory given is read like a config dir (``jvm.options`` then
    ``jvm.options.d/*.options`` sorted) or like ``jvm.options.d`` itself (``*.options`` sorted)."""
    result: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if (p / "jvm.options").is_file() or (p / "jvm.options.d").is_dir():
                if (p / "jvm.options").is_file():
                    result.append(p / "jvm.options")
                if (p / "jvm.options.d").is_dir():
                    result.extend(sorted((p / "jvm.options.d").glob("*.options")))
            else:
                found = sorted(p.glob("*.options"))
                if not found:
                    raise InputError(f"{p}: directory holds no jvm.options or *.options files")
                result.extend(found)
        elif not p.exists():
            raise InputError(f"{p}: no such file or directory")
        else:
            result.append(p)
    return result


def effective_options(files: list[ParsedFile], jdk: int) -> list[FileOption]:
    """The option lines the JVM receives on JDK ``jdk``, in order (later wins in HotSpot)."""
    return [opt for parsed in files for opt in parsed.options if opt.applies_to(jdk)]
