"""``advise gc`` on the GC logs real nodes wrote (CMS, G1, ZGC, generational ZGC), pause by pause.

The expected numbers come from an independent reading of the same files: every unified-logging line
tagged ``gc`` or ``gc,phases`` whose message is ``GC(n) [y:|Y:|o:|O: ]Pause …<duration>ms`` is one
stop-the-world pause (a CMS young/initial-mark/remark pause, a G1 young/remark/cleanup pause, a ZGC
"Pause Mark Start"...). ``gc,start`` lines (no duration), ``gc,stats`` tables and safepoint lines are
not pauses.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from loadtests.lab.node import LabNode
from tests.realnodes.conftest import NODES, run_cli

pytestmark = [pytest.mark.realnode, pytest.mark.slow]

PAUSE_LINE = re.compile(r"\[(?:gc|gc,phases)\s*\] GC\(\d+\) (?:[yYoO]: )?Pause\b.*?(?P<ms>\d+(?:\.\d+)?)ms$")
EXPECTED_COLLECTOR = {"cms": "CMS", "g1": "G1", "zgc": "ZGC", "zgc-gen": "ZGC-generational"}


def snapshot_gc_logs(node: LabNode, into: Path) -> list[Path]:
    """Copy the node's (still growing) GC log set, each file cut after its last complete line."""
    copies = []
    for log in node.gc_logs():
        data = log.read_bytes()
        copy = into / log.name
        copy.write_bytes(data[: data.rfind(b"\n") + 1])
        copies.append(copy)
    return copies


def independent_pauses(files: list[Path]) -> list[float]:
    durations = []
    for path in files:
        for line in path.read_text(errors="replace").splitlines():
            m = PAUSE_LINE.search(line)
            if m:
                durations.append(float(m["ms"]))
    return durations


@pytest.mark.parametrize("lab_node", list(NODES), indirect=True)
def test_advise_gc_counts_every_pause_the_node_logged(lab_node: LabNode, tmp_path: Path) -> None:
    files = snapshot_gc_logs(lab_node, tmp_path)
    durations = independent_pauses(files)
    assert durations, f"the node logged no pauses yet: {[f.name for f in files]}"
    proc = run_cli("advisor.cli", "gc", *map(str, files), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["collector"] == EXPECTED_COLLECTOR[lab_node.spec.gc]
    assert doc["format"] == "unified"
    pauses = doc["pauses"]
    assert pauses["count"] == len(durations)
    assert pauses["max_ms"] == pytest.approx(max(durations), abs=0.001)
    assert pauses["total_ms"] == pytest.approx(sum(durations), abs=0.01)
    assert doc["unparsed_lines"] == 0
    if lab_node.jdk >= 17:
        assert doc["jdk_version"] is not None and str(doc["jdk_version"]).startswith(str(lab_node.jdk))
    shutil.rmtree(tmp_path, ignore_errors=True)
