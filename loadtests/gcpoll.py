"""Poll a target's ``GET /_nodes/stats/jvm`` about once a second, off the users' hot path → ``gc.parquet``.

Per node and collector it keeps the cumulative ``collection_count`` and ``collection_time_in_millis``
exactly as the node reports them (``jvm.gc.collectors.<key>``: Elasticsearch's ``GcNames`` maps the
Serial/Parallel/CMS/G1 young and old beans to ``young``/``old`` and keeps every other bean's raw name, e.g.
``G1 Concurrent GC``, ``ZGC Pauses``/``ZGC Cycles``; only the ``*Pauses`` beans time stop-the-world work,
``*Cycles`` time whole concurrent cycles; see ``JvmStats``/``GcNames`` in the Elasticsearch source and
../shared/FACTS.md), plus heap used/max. Each poll is its own
greenlet with a timeout, so a node that stalls (a long GC pause) delays its own poll, not the cadence;
the answer's arrival time is ``t``. Rows are kept in a list (a few per second) and written at the end.
"""

from __future__ import annotations

import time
from typing import Any

import gevent
import gevent.pool

from advisor.errors import SourceError
from loadtests.targets import Http, Target

POLL_INTERVAL_S = 1.0
POLL_TIMEOUT_S = 5.0


def gc_rows(label: str, stats: dict[str, Any], t: float) -> list[tuple[Any, ...]]:
    """Rows (GC_SCHEMA order) from one ``_nodes/stats/jvm`` answer."""
    rows = []
    for node_id, node in sorted((stats.get("nodes") or {}).items()):
        jvm = node.get("jvm") or {}
        heap = jvm.get("mem") or {}
        for collector, numbers in sorted(((jvm.get("gc") or {}).get("collectors") or {}).items()):
            rows.append(
                (
                    label,
                    node.get("name", node_id),
                    t,
                    collector,
                    int(numbers.get("collection_count", 0)),
                    int(numbers.get("collection_time_in_millis", 0)),
                    int(heap.get("heap_used_in_bytes", 0)),
                    int(heap.get("heap_max_in_bytes", 0)),
                )
            )
    return rows


class GcPoller:
    """Background polling of one target's node stats; ``start()`` … ``stop()``; rows in ``rows``."""

    def __init__(self, target: Target, interval_s: float = POLL_INTERVAL_S) -> None:
        self.target = target
        self.interval_s = interval_s
        self.http = Http(target, timeout_s=POLL_TIMEOUT_S)
        self.rows: list[tuple[Any, ...]] = []
        self.failures = 0
        self._loop: gevent.Greenlet | None = None
        self._polls = gevent.pool.Group()

    def poll_once(self) -> None:
        try:
            stats = self.http.get("/_nodes/stats/jvm")
        except SourceError:
            self.failures += 1
            return
        self.rows.extend(gc_rows(self.target.label, stats, time.time()))

    def _run(self) -> None:
        next_at = time.time()
        while True:
            if len(self._polls) < 3:  # a stalled node gets at most 3 polls in flight
                self._polls.spawn(self.poll_once)
            next_at += self.interval_s
            gevent.sleep(max(0.0, next_at - time.time()))

    def start(self) -> GcPoller:
        self.poll_once()
        self._loop = gevent.spawn(self._run)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.kill()
            self._loop = None
        self._polls.join(timeout=POLL_TIMEOUT_S + 1)
        self._polls.kill()
        self.poll_once()
