"""Verify bundle reading (dir, zip, support-diagnostics, GC logs, bad bundles) and capture round trips."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.sources.bundle import parse_cat_text, read_bundle
from advisor.sources.capture import manifest_for, write_bundle
from advisor.sources.live import REQUESTS, fetch_cluster
from advisor.sources.node_facts import build_cluster
from advisor.sources.transport import ReadOnlyTransport, parse_url
from tests.sources.conftest import DATA, node_names, pick_folder
from tests.sources.loopback import serve

ES717 = pick_folder("elasticsearch-7.17")
OS2 = pick_folder("opensearch-2.")
ES717_NODE = node_names(ES717)[0]
GC_LOG = DATA / "gclogs" / "jdk17-g1-es" / "gc.log"


def zip_folder(src: Path, out: Path, inner: str = "") -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(src.rglob("*")):
            if path.is_file():
                zf.write(path, inner + path.relative_to(src).as_posix())
    return out


def test_directory_bundle() -> None:
    with read_bundle(ES717) as bundle:
        cluster = build_cluster(bundle.responses)
        assert bundle.layout == "advisor" and not bundle.gc_logs
    assert (cluster.version or "").startswith("7.17.") and len(cluster.nodes) == len(node_names(ES717))


@pytest.mark.parametrize("inner", ["", "shop-20261123T101010Z/"])
def test_zip_bundle_top_level_or_one_folder_deep(tmp_path: Path, inner: str) -> None:
    bundle_zip = zip_folder(OS2, tmp_path / "b.zip", inner)
    with read_bundle(bundle_zip) as bundle:
        cluster = build_cluster(bundle.responses)
    assert cluster.distribution == "opensearch" and cluster.status == "green"


def test_support_diagnostics_archive(tmp_path: Path) -> None:
    """Verify the file names of Elastic's support-diagnostics (elastic-rest.yml) are understood."""
    src = tmp_path / "api-diagnostics-20261123-101010"
    (src / "cat").mkdir(parents=True)
    shutil.copy(ES717 / "root.json", src / "version.json")
    nodes = json.loads((ES717 / "nodes.json").read_text())
    for entry in nodes["nodes"].values():  # ?human adds readable twins next to *_in_bytes
        entry["jvm"]["mem"]["heap_max"] = "256mb"
    (src / "nodes.json").write_text(json.dumps(nodes))
    shutil.copy(ES717 / "nodes_stats.json", src / "nodes_stats.json")
    shutil.copy(ES717 / "cluster_health.json", src / "cluster_health.json")
    (src / "diagnostic_manifest.json").write_text("{}")
    (src / "cat" / "cat_nodes.txt").write_text(
        f"n             nodeId i         v       r    m d hp\n{ES717_NODE} 7Ytq   10.0.0.21 7.17.25 di   - 1 55\n"
    )
    archive = zip_folder(tmp_path, tmp_path.parent / "api-diagnostics.zip")
    with read_bundle(archive) as bundle:
        cluster = build_cluster(bundle.responses)
        assert bundle.layout == "support-diagnostics"
        assert bundle.responses.cat_nodes == [
            {
                "n": ES717_NODE,
                "nodeId": "7Ytq",
                "i": "10.0.0.21",
                "v": "7.17.25",
                "r": "di",
                "m": "-",
                "d": "1",
                "hp": "55",
            }
        ]
    raw = {e["name"]: e["jvm"]["mem"]["heap_max_in_bytes"] for e in nodes["nodes"].values()}
    assert {n.name: n.heap_max_bytes for n in cluster.nodes} == raw


def test_bundle_without_root_json_guesses_from_node_info(tmp_path: Path) -> None:
    for name in ("nodes.json", "nodes_stats.json"):
        shutil.copy(OS2 / name, tmp_path / name)
    with read_bundle(tmp_path) as bundle:
        assert bundle.responses.root is None
        cluster = build_cluster(bundle.responses)
    assert (
        cluster.distribution == "opensearch"
        and cluster.version is not None
        and OS2.name.startswith(f"opensearch-{cluster.version}")
    )
    assert cluster.notes == ("no answer to GET /: distribution and version taken from node info",)


def test_gc_logs_in_a_zip_are_extracted_and_cleaned_up(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ES717, src)
    (src / "gc" / ES717_NODE).mkdir(parents=True)
    shutil.copy(GC_LOG, src / "gc" / ES717_NODE / "gc.log")
    (src / "gc" / ES717_NODE / "gc.log.0").write_bytes(b"")
    archive = zip_folder(src, tmp_path / "with-gc.zip", "shop/")
    with read_bundle(archive) as bundle:
        paths = bundle.gc_logs[ES717_NODE]
        assert [p.name for p in paths] == ["gc.log", "gc.log.0"]
        assert paths[0].read_bytes() == GC_LOG.read_bytes()
    assert not paths[0].exists()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing", "does not exist"),
        (lambda d: (d / "x.txt").write_text("hi") and d / "x.txt", "neither a directory nor a zip"),
        (lambda d: d, "no nodes.json"),
        (lambda d: (d / "nodes.json").write_text("{oops") and d, "nodes.json is not valid JSON (line 1"),
        (lambda d: (d / "nodes.json").write_text("{}") and d, "no nodes_stats.json"),
    ],
    ids=["missing", "not-a-zip", "empty-dir", "bad-json", "no-stats"],
)
def test_bad_bundles_are_one_line(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        read_bundle(make(tmp_path))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_capture_then_bundle_gives_the_same_facts(tmp_path: Path) -> None:
    with serve(ES717) as server, ReadOnlyTransport(parse_url(server.url)[0]) as transport:
        responses = fetch_cluster(transport)
    live = build_cluster(responses)
    manifest = manifest_for(responses, server.url, REQUESTS, datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    out = write_bundle(tmp_path / "shop.zip", responses, manifest, {ES717_NODE: [GC_LOG]})
    with read_bundle(out) as bundle:
        assert build_cluster(bundle.responses) == live
        assert bundle.manifest is not None and bundle.manifest["captured_at"] == "2026-11-23T10:00:00Z"
        assert bundle.manifest["requests"]["nodes_stats.json"].startswith("GET /_nodes/stats/")
        assert list(bundle.gc_logs) == [ES717_NODE]
    folder = f"{live.name}-20261123T100000Z/"
    assert all(n.startswith(folder) for n in zipfile.ZipFile(out).namelist())


def test_capture_refuses_to_overwrite(tmp_path: Path) -> None:
    with read_bundle(ES717) as bundle:
        responses = bundle.responses
    manifest = manifest_for(responses, "http://x:9200", REQUESTS, datetime.now(UTC))
    out = write_bundle(tmp_path / "b.zip", responses, manifest)
    before = out.read_bytes()
    with pytest.raises(InputError, match="--force"):
        write_bundle(out, responses, manifest)
    assert out.read_bytes() == before
    write_bundle(out, responses, manifest, force=True)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_parse_cat_text_empty() -> None:
    assert parse_cat_text("") == []
