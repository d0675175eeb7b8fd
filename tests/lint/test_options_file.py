"""jvm.options parsing exactly like ES's JvmOptionsParser (JvmOptionsParserTests style rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.options_file import effective_options, expand_paths, parse_file, parse_lines
from advisor.rules.lint import lint_files


@pytest.mark.parametrize(
    ("line", "jdk", "applies"),
    [
        ("-XX:+UseG1GC", 8, True),
        ("8:-XX:+PrintGCDetails", 8, True),
        ("8:-XX:+PrintGCDetails", 9, False),
        ("9-:-Xlog:gc*", 8, False),
        ("9-:-Xlog:gc*", 25, True),
        ("11-13:-XX:+UseConcMarkSweepGC", 11, True),
        ("11-13:-XX:+UseConcMarkSweepGC", 13, True),
        ("11-13:-XX:+UseConcMarkSweepGC", 14, False),
        ("17-17:-Xss1m", 17, True),
    ],
)
def test_version_prefix(line: str, jdk: int, applies: bool) -> None:
    """Verify that a version prefix selects the JDKs ES applies the line to."""
    parsed = parse_lines([line], "f")
    assert not parsed.bad_lines
    assert bool(effective_options([parsed], jdk)) is applies


@pytest.mark.parametrize(
    "line",
    [" -Xmx1g", "\t-Xmx1g", "   # indented comment", "13-11:-Xmx1g", "Xmx1g", "9:", "99999999999:-Xmx1g"],
)
def test_lines_es_refuses(line: str) -> None:
    """Verify that lines ES reports as 'improperly formatted JVM option' are bad lines (critical in lint)."""
    parsed = parse_lines(["-Xms1g", line], "f")
    assert [b.line for b in parsed.bad_lines] == [2]


def test_comments_blanks_and_inline_hash() -> None:
    """Verify column-0 comments and blanks are skipped, inline '#' stays part of the option, line numbers kept."""
    parsed = parse_lines(["# c", "", "   ", "-Xmx1g # not a comment", "# why", "-XX:+AlwaysPreTouch"], "f")
    assert [(o.line, o.option) for o in parsed.options] == [
        (4, "-Xmx1g # not a comment"),
        (6, "-XX:+AlwaysPreTouch"),
    ]
    assert parsed.options[1].comment == "why"


def test_bad_line_is_critical(tmp_path: Path) -> None:
    """Verify that a line ES refuses becomes a critical lint finding with file and line."""
    f = tmp_path / "jvm.options"
    f.write_text("-Xms1g\n -Xmx1g\n")
    (finding,) = [x for x in lint_files([f], 17) if x.id == "options.bad-line"]
    assert (finding.severity.value, finding.line, finding.file) == ("critical", 2, str(f))


def test_config_dir_order(tmp_path: Path) -> None:
    """Verify ES's file order: jvm.options, then jvm.options.d/*.options sorted; other files ignored."""
    (tmp_path / "jvm.options").write_text("-Xms1g\n")
    d = tmp_path / "jvm.options.d"
    d.mkdir()
    (d / "b.options").write_text("-Xmx2g\n")
    (d / "a.options").write_text("-Xmx1g\n")
    (d / "notes.txt").write_text("-Xmx9g\n")
    assert [p.name for p in expand_paths([tmp_path])] == ["jvm.options", "a.options", "b.options"]
    ids = {f.id for f in lint_files([tmp_path], 17)}
    assert "flag.overridden" in ids and "heap.xms-not-xmx" in ids


@pytest.mark.parametrize("bad", ["missing.options", "dir-without-options"])
def test_unusable_paths_are_one_line_errors(bad: str, tmp_path: Path) -> None:
    """Verify that unusable inputs raise InputError (one clear line), never a traceback."""
    (tmp_path / "dir-without-options").mkdir()
    with pytest.raises(InputError):
        lint_files([tmp_path / bad], 17)


def test_binary_file_is_input_error(tmp_path: Path) -> None:
    f = tmp_path / "x.options"
    f.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="UTF-8"):
        parse_file(f)
