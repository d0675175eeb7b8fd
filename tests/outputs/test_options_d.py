"""Verify jvm.options.d rendering (ES grammar), the diffs, and safe writing (refuse, backup, atomic)."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.outputs import options_d
from advisor.outputs.advice import AdviceReport
from advisor.outputs.options_d import (
    applies_to,
    arguments_diff,
    execute_plan,
    flag_name,
    option_text,
    parse_range,
    plan_write,
    render_files,
)
from advisor.recommend import OptionLine
from tests.outputs.conftest import OPTIONS

# ES JvmOptionsParser's line pattern (distribution/tools/server-cli): [lower[-[upper]]:]option
ES_OPTION_LINE = re.compile(r"^(?:(?P<lower>\d+)(?P<range>-)?(?P<upper>\d+)?:)?(?P<option>-.*)$")
NOW = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, bounds",
    [(None, None), ("8", (8, 8)), ("17-", (17, None)), ("11-13", (11, 13)), ("21-22", (21, 22))],
)
def test_parse_range(text: str | None, bounds: tuple[int, int | None] | None) -> None:
    assert parse_range(text) == bounds


@pytest.mark.parametrize("bad", ["13-11", "x", "-17", "17+"])
def test_bad_ranges_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_range(bad)


@pytest.mark.parametrize(
    "jdk_range, major, applies",
    [("14-", 11, False), ("14-", 17, True), ("8-13", 11, True), ("8", 11, False), (None, 25, True)],
)
def test_applies_to(jdk_range: str | None, major: int, applies: bool) -> None:
    assert applies_to(jdk_range, major) is applies


def test_option_text_and_bad_options() -> None:
    assert option_text(OptionLine("-XX:+UseG1GC", "", "14-")) == "14-:-XX:+UseG1GC"
    assert option_text(OptionLine("-Xmx4g", "")) == "-Xmx4g"
    for bad in ("Xmx4g", "-Xmx4g # inline comment", "-Xms1g -Xmx1g"):
        with pytest.raises(ValueError):
            option_text(OptionLine(bad, ""))


def test_rendered_files_follow_the_es_grammar(report: AdviceReport) -> None:
    node = report.nodes[0].node
    files = render_files(OPTIONS, node, {"heap.options": ["sized from the live set"]})
    assert list(files) == ["gc.options", "heap.options"]  # empty memory.options left out, name order
    for text in files.values():
        for line in text.splitlines():
            assert not line or line.startswith("#") or ES_OPTION_LINE.match(line), line
    heap = files["heap.options"].splitlines()
    assert "# sized from the live set" in heap
    assert heap[heap.index("-Xmx30g") - 2 : heap.index("-Xmx30g")] == [
        "# below the zero-based compressed-oops cutoff",
        "# measured with advise probe",
    ]
    assert "14-:-XX:+UseG1GC" in files["gc.options"] and "8-13:-XX:+UseConcMarkSweepGC" in files["gc.options"]


@pytest.mark.parametrize(
    "heap",
    [["-Xms4g", "-Xmx8g"], ["-Xmx8g"], ["-Xms8g"]],
    ids=["unequal", "only-xmx", "only-xms"],
)
def test_never_renders_xms_different_from_xmx(report: AdviceReport, heap: list[str]) -> None:
    files = {"heap.options": [OptionLine(option, "") for option in heap]}
    with pytest.raises(ValueError, match="-Xms"):
        render_files(files, report.nodes[0].node)


@pytest.mark.parametrize(
    "option, name",
    [
        ("-Xmx16g", "Xmx"),
        ("-Xms16g", "Xms"),
        ("-XX:+UseG1GC", "UseG1GC"),
        ("-XX:-UseConcMarkSweepGC", "UseConcMarkSweepGC"),
        ("-XX:G1ReservePercent=25", "G1ReservePercent"),
        ("14-:-XX:+UseG1GC", "UseG1GC"),
        ("-Xlog:gc*,gc+age=trace,safepoint:file=gc.log", "Xlog:gc"),
        ("-Dfile.encoding=UTF-8", "D:file.encoding"),
        ("-Xss1m", "Xss"),
    ],
)
def test_flag_name(option: str, name: str) -> None:
    assert flag_name(option) == name


def test_arguments_diff_shows_what_changes_for_the_nodes_jdk(report: AdviceReport) -> None:
    node = report.nodes[0].node  # JDK 22, running -Xms16g -Xmx16g -XX:+UseG1GC
    diff = arguments_diff(node, OPTIONS).splitlines()
    assert "--- running: shop-data-1 input_arguments" in diff[0]
    assert {"-Xms16g", "-Xmx16g"} <= {
        line[1:] for line in diff if line.startswith("-") and not line.startswith("---")
    }
    added = {line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")}
    assert added == {"-Xms30g", "-Xmx30g"}  # UseG1GC unchanged; the 8-13 CMS line does not apply to JDK 22
    assert not any("AlwaysPreTouch" in line for line in diff)  # untouched options stay out of the diff


def test_arguments_diff_uses_the_option_that_wins(report: AdviceReport) -> None:
    """Verify that when a flag appears twice (jvm.options, then ES_JAVA_OPTS) the last one is shown."""
    from dataclasses import replace

    node = replace(
        report.nodes[0].node, input_arguments=("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-Xms256m", "-Xmx256m")
    )
    removed = [
        line
        for line in arguments_diff(node, OPTIONS).splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == ["--Xms256m", "--Xmx256m"]  # diff marker + the option


def test_write_new_files_then_nothing_to_do(tmp_path: Path) -> None:
    target = tmp_path / "jvm.options.d"
    plan = plan_write(target, {"heap.options": "-Xmx1g\n"})
    assert plan.diff().startswith("--- /dev/null")
    result = execute_plan(plan, force=False, now=NOW)
    assert result.written == [target / "heap.options"] and (target / "heap.options").read_text() == "-Xmx1g\n"
    again = execute_plan(plan_write(target, {"heap.options": "-Xmx1g\n"}), force=False, now=NOW)
    assert again.unchanged == [target / "heap.options"] and not again.written


def test_refuses_to_overwrite_without_force_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "heap.options").write_text("-Xmx2g\n")
    plan = plan_write(tmp_path, {"a-new.options": "-Xss1m\n", "heap.options": "-Xmx1g\n"})
    assert "-Xmx2g" in plan.diff() and "+-Xmx1g" in plan.diff()
    with pytest.raises(InputError, match="--force"):
        execute_plan(plan, force=False, now=NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heap.options"]
    assert (tmp_path / "heap.options").read_text() == "-Xmx2g\n"


def test_force_keeps_a_backup_es_will_not_read(tmp_path: Path) -> None:
    (tmp_path / "heap.options").write_text("-Xmx2g\n")
    (tmp_path / "custom.options").write_text("-XX:+PrintFlagsFinal\n")
    plan = plan_write(tmp_path, {"heap.options": "-Xmx1g\n"})
    assert plan.other_files == ["custom.options"]
    result = execute_plan(plan, force=True, now=NOW)
    backup = tmp_path / "heap.options.20261123T100000Z.bak"
    assert result.backups == [backup] and backup.read_text() == "-Xmx2g\n"
    assert not backup.name.endswith(".options")
    assert (tmp_path / "heap.options").read_text() == "-Xmx1g\n"


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "heap.options").write_text("-Xmx2g\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(options_d.os, "replace", broken_replace)
    with pytest.raises(OSError):
        options_d.atomic_write(tmp_path / "heap.options", "-Xmx1g\n")
    assert (tmp_path / "heap.options").read_text() == "-Xmx2g\n"
    assert sorted(os.listdir(tmp_path)) == ["heap.options"]  # no temporary file left behind


def test_target_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    with pytest.raises(InputError, match="not a directory"):
        plan_write(tmp_path / "f", {"heap.options": "-Xmx1g\n"})
