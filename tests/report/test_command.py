"""`loadtest report DIR`: bad input is one line and a non-zero exit; nothing is overwritten silently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from loadtests.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def overwrite(path: Path, text: str) -> Path:
    path.write_text(text)
    return path.parent


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: d / "nowhere", r"nowhere: no such directory"),
        (lambda d: d / "run.json", r"run.json: not a directory"),
        (lambda d: (d / "samples.parquet").unlink() or d, r"no samples.parquet here: not a recorded run"),
        (
            lambda d: overwrite(d / "samples.parquet", "PAR1 not really"),
            r"samples.parquet: not a readable Parquet",
        ),
        (
            lambda d: overwrite(d / "gc.parquet", "t,collector\n1,young\n"),
            r"gc.parquet: not a readable Parquet",
        ),
        (lambda d: overwrite(d / "summary.json", "{oops"), r"summary.json: not readable JSON"),
        (
            lambda d: (
                pd.read_parquet(d / "samples.parquet")
                .drop(columns=["intended_start"])
                .to_parquet(d / "samples.parquet")
                or d
            ),
            r"missing column\(s\) intended_start",
        ),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(
    fresh_run: Path, capsys: pytest.CaptureFixture[str], damage, expected: str
) -> None:
    target = damage(fresh_run)
    code, out, err = run_cli(capsys, str(target))
    assert code == 2
    assert out == ""
    assert re.search(expected, one_error_line(err))
    assert not (fresh_run / "report.html").exists()


def test_an_unwritable_destination_is_one_line(fresh_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = fresh_run / "not-a-dir"
    blocker.write_text("a file where a directory should be")
    code, _out, err = run_cli(capsys, str(fresh_run), "--out", str(blocker / "report.html"))
    assert code == 2 and "cannot write the report to" in one_error_line(err)


def test_goal_must_be_positive(fresh_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(capsys, str(fresh_run), "--goal-p99-ms", "0")
    assert code == 2 and "--goal-p99-ms must be a positive" in one_error_line(err)


def test_rerender_keeps_a_backup_and_an_explicit_file_needs_force(
    fresh_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, str(fresh_run))[0] == 0
    report = fresh_run / "report.html"
    report.write_text("the first report, annotated by hand")
    assert run_cli(capsys, str(fresh_run))[0] == 0
    assert (fresh_run / "report.html.bak").read_text() == "the first report, annotated by hand"
    assert report.read_text().startswith("<!DOCTYPE html>")

    kept = tmp_path / "incident-review.html"
    kept.write_text("keep me")
    code, _out, err = run_cli(capsys, str(fresh_run), "--out", str(kept))
    assert code == 2 and "exists: pass --force" in one_error_line(err)
    assert kept.read_text() == "keep me"
    code, out, _err = run_cli(capsys, str(fresh_run), "--out", str(kept), "--force")
    assert code == 0 and f"report written to {kept}" in out
    assert (tmp_path / "incident-review.html.bak").read_text() == "keep me"
    assert "<img" in kept.read_text()


def test_json_output_has_the_table_and_verdict(fresh_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, str(fresh_run), "--json", "--goal-p99-ms", "100")
    assert code == 0
    document = json.loads(out)
    assert document["goal_p99_ms"] == 100
    metrics = document["targets"]["g1"]["metrics"]
    summary = json.loads((fresh_run / "summary.json").read_text())["targets"]["g1"]
    assert metrics["latency_ms.p99"] == summary["latency_ms"]["p99"]
    assert metrics["requests"] == summary["requests"]
    assert any("misses the 100 ms goal" in v["text"] for v in document["verdict"])


def test_no_credentials_and_nothing_to_fetch(fresh_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = json.loads((fresh_run / "run.json").read_text())
    run["targets"]["g1"]["url"] = "http://elastic:hunter2@127.0.0.1:9200"
    run["targets"]["g1"]["nodes"][0]["input_arguments"].append("-Djavax.net.ssl.keyStorePassword=hunter2")
    run["parameters"]["api_key"] = "hunter2"
    (fresh_run / "run.json").write_text(json.dumps(run))
    assert run_cli(capsys, str(fresh_run))[0] == 0
    html = (fresh_run / "report.html").read_text()
    assert "hunter2" not in html
    assert "http://127.0.0.1:9200" in html and "keyStorePassword=&lt;redacted&gt;" in html
    # every image is inline; nothing the page loads points at a network
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert html.count('src="data:image/png;base64,') == html.count("<img") == 3


def test_the_command_default_goal_is_the_verdict_default() -> None:
    from loadtests.commands import report
    from loadtests.report import verdict

    assert report.DEFAULT_GOAL_P99_MS == verdict.DEFAULT_GOAL_P99_MS


def test_loadtest_run_finds_render_on_the_package(fresh_run: Path) -> None:
    """`loadtest run` calls ``loadtests.report.render(out)`` (loadtests/commands/_runview.py)."""
    import importlib

    importlib.import_module("loadtests.report.render")  # importing the submodule must not shadow it
    package = importlib.import_module("loadtests.report")
    assert callable(package.render)
    assert package.render(fresh_run) == fresh_run / "report.html"
