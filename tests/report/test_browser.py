"""The report as a person sees it: a real recorded run, opened in headless Chromium with the network off.

The run: ``loadtest run`` (a real subprocess, as an SRE types it) against two calibrated local targets
(``loadtests.calibrated_target``): "g1" stops the world for 500 ms every 4 s, "zgc" for 10 ms and
answers 1 % of queries with 429. The page must load every image offline, show the numbers of
summary.json, and blame g1's slow seconds on its pauses.

``REPORT_SCREENSHOT_OUT=docs/report-screenshot.png`` also saves the full-page screenshot there (README).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loadtests.calibrated_target import Calibration, LatencyDist, parse_stalls, serve_in_thread
from loadtests.report.aggregate import aggregate_run
from loadtests.report.render import TABLE_ROWS, format_value, render
from loadtests.report.rundir import load_run

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
RUN_SECONDS = 6
RUN_TIMEOUT_S = 120
SUMMARY_METRICS = ("requests", "errors", "duration_s", "intended_rate", "achieved_rate")


@pytest.fixture(scope="module")
def recorded_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A real `loadtest run --profile constant` against two calibrated targets on 127.0.0.1."""
    slow = Calibration(
        latency=LatencyDist("lognormal", 5.0, 0.5), stalls=parse_stalls(None, 500.0, 4.0, 120.0)
    )
    calm = Calibration(
        latency=LatencyDist("lognormal", 5.0, 0.5),
        stalls=parse_stalls(None, 10.0, 4.0, 120.0),
        error_rate=0.01,
    )
    servers = [serve_in_thread(slow)[0], serve_in_thread(calm)[0]]
    out = tmp_path_factory.mktemp("recorded") / "run"
    loadtest = Path(sys.executable).with_name("loadtest")
    try:
        done = subprocess.run(
            [str(loadtest), "run", "--profile", "constant", "--target", f"g1={servers[0].url}",
             "--target", f"zgc={servers[1].url}", "--out", str(out), "--duration", str(RUN_SECONDS),
             "--warmup", "1", "--users", "10", "--rate", "100"],
            capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False,
        )  # fmt: skip
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    yield out


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Debian's chromium and chromium-driver are needed (scripts/test.sh installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.add_argument("--window-size=1300,1000")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_report_of_a_real_run_numbers_agree_with_summary_json(recorded_run: Path) -> None:
    assert (recorded_run / "report.html").is_file()  # `loadtest run` rendered it already
    agg = aggregate_run(load_run(recorded_run))
    assert [t.label for t in agg.targets] == ["g1", "zgc"]
    assert not [n for n in agg.notes if "differs from the samples" in n]  # independent recomputation agrees
    g1, zgc = agg.targets
    assert g1.gc.pause_max_ms >= 500  # the calibrated stall, seen through the node-stats counters
    assert zgc.gc.pause_max_ms < 100
    assert g1.computed["latency_ms"]["max"] >= 450


@pytest.mark.browser
def test_the_report_reads_well_in_chromium_offline(recorded_run: Path, chromium: Any, tmp_path: Path) -> None:
    report = render(recorded_run, tmp_path / "report.html")
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # nothing to fetch
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", html)

    chromium.execute_cdp_cmd("Network.enable", {})
    chromium.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    chromium.get_log("performance")  # drop what the browser did before the report (its new-tab page)
    chromium.get(report.as_uri())
    assert chromium.execute_script("return document.readyState") == "complete"
    images = chromium.execute_script(
        "return Array.from(document.images).map(i => [i.id, i.complete, i.naturalWidth, i.naturalHeight])"
    )
    assert [i[0] for i in images] == ["chart-timeline", "chart-spectrum", "chart-throughput"]
    assert all(complete and width > 300 and height > 100 for _id, complete, width, height in images), images
    requested = [
        json.loads(entry["message"])["message"]["params"]["request"]["url"]
        for entry in chromium.get_log("performance")
        if '"Network.requestWillBeSent"' in entry["message"]
    ]
    assert report.as_uri() in requested
    assert not [url for url in requested if re.match(r"(https?|wss?|ftp):", url)], requested

    summary = json.loads((recorded_run / "summary.json").read_text())
    units = {metric: unit for _group, rows in TABLE_ROWS for metric, _label, unit, _better in rows}
    cells = chromium.execute_script(
        "return Array.from(document.querySelectorAll('#summary-table td[data-metric]'))"
        ".map(td => [td.dataset.target, td.dataset.metric, td.dataset.value, td.innerText.trim()])"
    )
    checked = 0
    for target, metric, value, text in cells:
        expected = summary["targets"][target]
        for part in metric.split("."):
            expected = expected.get(part) if isinstance(expected, dict) else None
        if expected is None or not (
            metric in SUMMARY_METRICS or metric.startswith(("latency_ms.", "service_time_ms."))
        ):
            continue
        assert float(value) == float(expected), (target, metric)
        assert text.rstrip(" ★") == format_value(float(expected), units[metric]), (target, metric, text)
        checked += 1
    assert checked >= 2 * (3 + 10)  # requests, errors, duration and 2 x 5 percentiles per target at least

    verdict = chromium.find_element("id", "verdict").text
    assert "g1: p99 latency" in verdict and "misses the 200 ms goal" in verdict
    assert "g1: GC pauses line up with" in verdict
    assert re.search(r"zgc: \d+ of \d+ requests failed \(1\.\d\d %\)", verdict)

    metrics = chromium.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    shot = chromium.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True,
         "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}},
    )  # fmt: skip
    png = tmp_path / "report.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 50_000
    if os.environ.get("REPORT_SCREENSHOT_OUT"):
        shutil.copy(png, os.environ["REPORT_SCREENSHOT_OUT"])
