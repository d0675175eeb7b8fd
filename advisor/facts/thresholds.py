"""Every number a rule compares against, with why it is that number. Rules import from here only."""

from __future__ import annotations

MIB = 1024 * 1024
GIB = 1024 * MIB

HEAP_MAX_FRACTION_OF_RAM = 0.5
"""At most half of the memory the node really has goes to heap: Lucene needs the rest as page cache
(ES docs 'Set the JVM heap size'; MachineDependentHeap DATA role)."""

HEAP_MAX_FRACTION_DEDICATED_MASTER = 0.6
"""Dedicated masters hold no Lucene data, so ES itself gives them 60 % (MachineDependentHeap MASTER_ONLY)."""

HEAP_RAM_FRACTION_TOLERANCE = 0.02
"""Slack on the 50 % rule so that 32g on a '64 GB' host (63.9 GiB visible) is not flagged for rounding."""

LIVE_SET_HEADROOM_FACTOR = 3.0
"""Heap ≈ 3 x live set for G1/CMS: old generation after a major collection plus room for young
generation and IHOP (ES G1 IHOP=30 %, reserve 15-25 %). Below 2x the concurrent cycle cannot keep up."""

LIVE_SET_MIN_FACTOR = 2.0
"""Heap below 2 x live set: back-to-back concurrent cycles, evacuation failures, full GCs."""

LIVE_SET_OVERSIZED_FACTOR = 8.0
"""Heap above 8 x live set: memory taken from the page cache for nothing (suggest shrinking)."""

ZGC_HEAP_FACTOR = 1.25
"""ZGC needs more heap than G1 for the same live set: no compressed oops (references 8 instead of 4
bytes) and concurrent relocation needs free space; 25 % extra is the rule of thumb we apply."""

HEAP_DIFFERENCE_NOTEWORTHY = 0.10
"""A heap within 10 % of ES's automatic size is 'the default is already right'."""

SHIPPED_1G_FLAG_MIN_RAM_BYTES = 4 * GIB
"""A pre-7.11 node still on the shipped 1 GiB heap is flagged from 4 GiB of memory (≤25 % used as heap)."""

ROUND_HEAP_TO_GIB_FROM_MB = 4096
"""Recommended heaps from 4 GiB up are rounded down to whole GiB (readable), smaller ones to 64 MiB."""

MIN_HEAP_FOR_DATA_NODE_MB = 1024
"""Below 1 GiB a data node spends its time in GC (ES docs recommend ≥1 GiB for tests only)."""

COOPS_BELIEF_ZONE_BYTES = 24 * GIB
"""-Xmx from 24 GiB to ~32 GiB is the 'stay under the compressed-oops limit' zone; with ZGC (no compressed
oops) that reasoning is moot, so such a heap was sized for the wrong reason."""

PRETOUCH_WARN_HEAP_BYTES = 16 * GIB
"""AlwaysPreTouch faults in the whole heap before the node starts: roughly 1 s per few GiB
(jdk#17610), i.e. tens of seconds at 31 GiB — longer than typical readiness probes."""

PAUSE_P99_LONG_MS = 200.0
"""A p99 GC pause above 200 ms shows up in search tail latency of autocomplete-style traffic."""

PAUSE_MAX_LONG_MS = 1000.0
"""A single pause over one second causes proxy 504s / node-left events (ES fault detection pings)."""

TTSP_SHARE_OF_PAUSE = 0.5
"""Time-to-safepoint above half of the pause time: the stall is in reaching the safepoint (counted loops,
page faults, swapping), not in the collector — tuning the GC will not help."""

TTSP_LONG_MS = 50.0
"""A time-to-safepoint above 50 ms is worth explaining whatever the collector."""

GC_OVERHEAD_WARN_PCT = 10.0
"""More than 10 % of wall time in stop-the-world pauses: throughput loss visible to users."""

OVERHEAD_MIN_WALL_TIME_S = 60.0
"""GC overhead is only judged on logs covering at least a minute: in shorter logs JVM start-up dominates."""

GC_OVERHEAD_CRITICAL_PCT = 25.0
"""Above 25 % the node is GC-bound (close to HotSpot's GC overhead limit territory)."""

ZGC_CONCURRENT_SHARE_WARN = 0.5
"""ZGC concurrent cycles running more than half of the wall time: the collector barely keeps up
(FACTS.md §8 measured ~80 % with allocation stalls and breaker trips)."""

SOURCE_ZGC_SMALL_NODE = (
    "measured on a real Elasticsearch 7.1 node (2 cores, 1 GiB heap, 100 searches/s + bulk): ZGC pauses < 0.1 ms "
    "but concurrent cycles ~80 % of wall time, 70-162 allocation stalls, real-memory circuit breaker "
    "(indices.breaker.total.use_real_memory, ES docs 'Circuit breaker settings') tripped into HTTP 429s"
)
"""The lab measurement behind the ZGC thresholds, as a citable source for findings."""

ZGC_MIN_CORES = 4
"""Below 4 cores ZGC's concurrent threads compete with search threads (FACTS.md §8, 2 cores)."""

ZGC_RECOMMEND_MIN_PAUSE_P99_MS = 100.0
"""Recommend trying ZGC only when G1 pauses dominate the tail: p99 pause ≥ 100 ms."""

ZGC_RECOMMEND_HEAP_HEADROOM = 2.5
"""…and only when the heap is at least 2.5 x the live set (room for concurrent relocation)."""

SWAPPINESS_MAX = 1
"""ES docs: if swap cannot be disabled, set vm.swappiness=1."""

MAX_MAP_COUNT_MIN = 262144
"""ES bootstrap check: vm.max_map_count must be at least 262144 (mmapfs)."""

CONTAINER_GC_THREADS_NOTE_CPUS = 8
"""Explicit ParallelGCThreads/ConcGCThreads above the container's CPU quota oversubscribe it."""

HEAP_USED_OLD_PEAK_FRACTION = 0.85
"""Old pool peak above 85 % of heap: close to full GC / breaker territory."""
