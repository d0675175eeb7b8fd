"""Run the real ``advise`` entry point: the sample bundle, live loopback clusters, capture, options
files, exit codes, bad input (one line, non-zero) and credentials that never leak."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.design_contract import NODE_KEYS
from tests.sources.conftest import node_names, pick_folder
from tests.sources.loopback import Behaviour, serve

REPO = Path(__file__).resolve().parents[2]
ADVISE = Path(sys.executable).parent / "advise"
SAMPLE = REPO / "samples" / "bundle-shop"
OS2 = pick_folder("opensearch-2.")
ES717 = pick_folder("elasticsearch-7.17")
SECRET = "Flash-Sale-S3cret!"


def advise(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ES_") and "PROXY" not in k.upper()}
    full_env.update(env or {})
    return subprocess.run(
        [str(ADVISE), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("advise"), result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def sample_json() -> dict:  # type: ignore[type-arg]
    result = advise("--bundle", str(SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sample_bundle_shows_the_whole_output() -> None:
    result = advise("--bundle", "samples/bundle-shop")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in (
        "shop-data-1",
        "shop-data-2",
        "shop-master-1",
        "Findings (most severe first)",
        "evidence:",
        "source:",
        "(log)",
    ):
        assert text in out
    assert "Recommended jvm.options.d" in out and "3 node(s):" in out


def test_sample_json_document(sample_json: dict) -> None:  # type: ignore[type-arg]
    assert sample_json["schema_version"] == 1 and sample_json["cluster"]["name"] == "shop-search"
    nodes = {n["name"]: n for n in sample_json["nodes"]}
    assert set(nodes) == {"shop-data-1", "shop-data-2", "shop-master-1"}
    for node in nodes.values():
        for key in NODE_KEYS:
            assert key in node
    assert nodes["shop-data-1"]["collectors"] == ["ParNew", "ConcurrentMarkSweep"]
    assert (
        nodes["shop-data-1"]["gc_log"]["collector"] == "CMS"
        and nodes["shop-data-1"]["gc_log"]["pauses"]["count"] > 0
    )
    assert nodes["shop-master-1"]["gc_log"]["collector"] == "G1" and nodes["shop-data-2"]["gc_log"] is None
    assert nodes["shop-data-2"]["compressed_oops"] is False and nodes["shop-master-1"]["roles"] == ["master"]
    for node in nodes.values():
        assert all(f["node"] == node["name"] for f in node["findings"])


def test_fail_on_exit_codes(sample_json: dict) -> None:  # type: ignore[type-arg]
    summary = sample_json["summary"]
    warning = advise("--bundle", str(SAMPLE), "--json", "--fail-on", "warning")
    assert warning.returncode == (1 if summary["critical"] + summary["warning"] else 0)
    critical = advise("--bundle", str(SAMPLE), "--json", "--fail-on", "critical")
    assert critical.returncode == (1 if summary["critical"] else 0)
    assert json.loads(warning.stdout)["summary"] == summary


def test_write_options_diff_refuse_force_backup(tmp_path: Path) -> None:
    target = tmp_path / "jvm.options.d"
    first = advise("--bundle", str(SAMPLE), "--write-options", str(target), "--node", "shop-data-2")
    assert first.returncode == 0, first.stderr
    assert "running options → recommended" in first.stdout and "+++" in first.stdout
    assert "-Xmx40g" in first.stdout  # the running heap shows in the diff
    written = sorted(p.name for p in target.iterdir())
    assert "heap.options" in written
    heap = (target / "heap.options").read_text()
    assert "-Xmx40g" not in heap and heap.startswith("# heap.options: written by es-jvm-advisor")
    same = advise("--bundle", str(SAMPLE), "--write-options", str(target), "--node", "shop-data-2")
    assert same.returncode == 0 and "(files already up to date)" in same.stdout
    (target / "heap.options").write_text("-Xms8g\n-Xmx8g\n")
    refused = advise("--bundle", str(SAMPLE), "--write-options", str(target), "--node", "shop-data-2")
    one_line_error(refused, 2, "--force")
    assert (target / "heap.options").read_text() == "-Xms8g\n-Xmx8g\n"
    forced = advise(
        "--bundle", str(SAMPLE), "--write-options", str(target), "--node", "shop-data-2", "--force"
    )
    assert forced.returncode == 0 and "backup:" in forced.stdout
    backups = [p for p in target.iterdir() if p.name.startswith("heap.options.") and p.name.endswith(".bak")]
    assert len(backups) == 1 and backups[0].read_text() == "-Xms8g\n-Xmx8g\n"
    assert (target / "heap.options").read_text() == heap


def test_write_options_for_every_node_goes_to_sub_folders(tmp_path: Path) -> None:
    result = advise("--bundle", str(SAMPLE), "--json", "--write-options", str(tmp_path))
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)  # the diff went to stderr, stdout stays JSON
    assert {p.name for p in tmp_path.iterdir()} <= {"shop-data-1", "shop-data-2", "shop-master-1"}


def test_html_report(tmp_path: Path) -> None:
    page = tmp_path / "shop.html"
    result = advise("--bundle", str(SAMPLE), "--html", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text()
    assert "shop-data-2" in html and "<style>" in html and "Findings" in html
    gc_table = html[html.index("<h2>GC logs</h2>") : html.index("<h2>Findings")]
    assert "<td>shop-data-1</td><td>CMS</td>" in gc_table and "<td>shop-master-1</td><td>G1</td>" in gc_table
    assert "shop-data-2" not in gc_table  # no GC log shipped for it


@pytest.mark.parametrize(
    "args, code, needle",
    [
        ([], 2, "exactly one of"),
        (["http://127.0.0.1:1", "--bundle", "x"], 2, "exactly one of"),
        (["--bundle", "no/such/bundle"], 2, "does not exist"),
        (["--bundle", "README.md"], 2, "neither a directory nor a zip"),
        (["--bundle", "tests"], 2, "no nodes.json"),
        (
            ["--bundle", "samples/bundle-shop", "--write-options", "/tmp/x", "--node", "nope"],
            2,
            "no node named 'nope'",
        ),
        (["--bundle", "samples/bundle-shop", "--gc-log", "README.md"], 2, "say which: --gc-log NODE="),
        (["--bundle", "samples/bundle-shop", "--gc-log", "shop-data-1=/no/such/gc.log"], 2, "does not exist"),
        (["--bundle", "samples/bundle-shop", "--force"], 2, "--write-options"),
        (["--bundle", "samples/bundle-shop", "--fail-on", "sometimes"], 2, "invalid choice"),
        (["http://127.0.0.1:9200", "--ca-cert", "ca.pem"], 2, "https://"),
        (["ftp://127.0.0.1"], 2, "scheme"),
        (["--cloud-id", "broken"], 2, "Cloud id"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(args: list[str], code: int, needle: str) -> None:
    one_line_error(advise(*args), code, needle)


def test_unreachable_cluster_is_one_line() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    one_line_error(advise(f"http://127.0.0.1:{port}"), 3, "connection refused")


@pytest.mark.parametrize("drop_root", [False, True], ids=["opensearch", "no-GET-root"])
def test_live_and_capture_round_trip(tmp_path: Path, drop_root: bool) -> None:
    """Verify live → capture → bundle gives the same document (also when GET / answers 405, as ES 8+/9
    test distributions do: then the version comes from node info and a note says so)."""
    folder = tmp_path / "cluster"
    shutil.copytree(OS2, folder)
    if drop_root:
        (folder / "root.json").unlink()
    bundle = tmp_path / "capture.zip"
    with serve(folder) as server:
        live = advise(server.url, "--json")
        captured = advise("capture", server.url, "-o", str(bundle))
        gc_log = f"{node_names(OS2)[0]}={SAMPLE / 'gc' / 'shop-master-1' / 'gc.log'}"
        with_gc = advise("capture", server.url, "-o", str(tmp_path / "gc.zip"), "--gc-log", gc_log)
        again = advise("capture", server.url, "-o", str(bundle))
    assert live.returncode == 0, live.stderr
    assert captured.returncode == 0 and "wrote" in captured.stderr, captured.stderr
    one_line_error(again, 2, "already exists", "--force")
    assert server.methods == {"GET"}
    offline = advise("--bundle", str(bundle), "--json")
    assert offline.returncode == 0, offline.stderr
    live_doc, offline_doc = json.loads(live.stdout), json.loads(offline.stdout)
    assert (
        live_doc["cluster"] == offline_doc["cluster"] and live_doc["cluster"]["distribution"] == "opensearch"
    )
    assert live_doc["nodes"] == offline_doc["nodes"]
    assert with_gc.returncode == 0, with_gc.stderr
    gc_doc = json.loads(advise("--bundle", str(tmp_path / "gc.zip"), "--json").stdout)
    gc_logs = {n["name"]: n["gc_log"] for n in gc_doc["nodes"]}
    assert gc_logs[node_names(OS2)[0]]["collector"] == "G1"


def test_credentials_never_leak_anywhere(tmp_path: Path) -> None:
    """Verify that a password (and its base64 header) shows up in no output, file, report or bundle,
    even when the server echoes every request header back into its answers."""
    header = "Basic " + base64.b64encode(f"elastic:{SECRET}".encode()).decode()
    token = header.split()[1]
    env = {"ES_USERNAME": "elastic", "ES_PASSWORD": SECRET}
    page, options, bundle = tmp_path / "r.html", tmp_path / "opts", tmp_path / "b.zip"
    with serve(ES717, Behaviour(auth_header=header, mode="echo")) as server:
        results = [
            advise(server.url, "--json", "--html", str(page), "--write-options", str(options), env=env),
            advise(server.url, env=env),
            advise("capture", server.url, "-o", str(bundle), env=env),
            advise(server.url, env={"ES_USERNAME": "elastic", "ES_PASSWORD": SECRET + "-wrong"}),
            advise(server.url.replace("://", f"://elastic:{SECRET}@"), "--json"),
        ]
    assert [r.returncode for r in results] == [0, 0, 0, 3, 0], [r.stderr for r in results]
    assert "basic auth (from ES_USERNAME/ES_PASSWORD) was rejected" in results[3].stderr
    texts = [r.stdout + r.stderr for r in results]
    texts += [page.read_text()] + [p.read_text() for p in options.rglob("*") if p.is_file()]
    with zipfile.ZipFile(bundle) as zf:
        texts += [zf.read(name).decode() for name in zf.namelist()]
    assert any("[redacted]" in t for t in texts)  # the echo really happened
    for text in texts:
        assert SECRET not in text and token not in text


@pytest.mark.realjvm
def test_local_host_facts_and_java_probe_attach_to_the_chosen_node(java) -> None:  # type: ignore[no-untyped-def]
    result = advise(
        "--bundle", str(SAMPLE), "--json", "--local", "--java", str(java(17)), "--node", "shop-data-2"
    )
    assert result.returncode == 0, result.stderr
    nodes = {n["name"]: n for n in json.loads(result.stdout)["nodes"]}
    host = nodes["shop-data-2"]["host_facts"]
    assert host["ram_bytes"] > 0 and host["java"]["jdk_major"] == 17
    assert 30000 < host["java"]["max_zero_based_heap_mb"] <= host["java"]["max_compressed_oops_heap_mb"]
    assert nodes["shop-data-1"]["host_facts"] is None
    one_line_error(advise("--bundle", str(SAMPLE), "--local"), 2, "needs --node NAME")
