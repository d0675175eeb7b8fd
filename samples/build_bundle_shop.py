"""Rebuild samples/bundle-shop/: a 3-node shop cluster bundle for `advise --bundle samples/bundle-shop`.

The API documents (root.json, nodes.json, nodes_stats.json, cluster_health.json, cat_nodes.json) are
built from the documented response shapes (ES MainResponse, NodeInfo/JvmInfo/OsInfo/ProcessInfo,
NodeStats/OsStats/JvmStats). The jvm.* facts every node reports (java version, vm, heap max, GC bean
names, memory pools, UseCompressedOops) are *measured*: this script starts a real JVM per node with the
node's heap and collector flags and reads the same MXBeans ES's JvmInfo reads (JvmFacts.java). The GC
logs under gc/<node>/ are written by real JVMs running tests/java/GcWorkload.java with the node's
collector, heap and ES's GC-logging option. Nothing in gc/ is hand-typed.

Run from the repository root: .venv/bin/python samples/build_bundle_shop.py  (about a minute).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from advisor.jdks import find_java, find_javac  # noqa: E402

OUT = REPO / "samples" / "bundle-shop"
GIB = 1024**3
ES717_LOG = "-Xlog:gc*,gc+age=trace,safepoint:file={log}:utctime,pid,tags:filecount=32,filesize=64m"
ES8_LOG = "-Xlog:gc*,gc+age=trace,safepoint:file={log}:utctime,level,pid,tags:filecount=32,filesize=64m"

NODES: list[dict[str, Any]] = [
    {
        "id": "Ks1pX3mGQkGm2dT6tWq0cA",
        "name": "shop-data-1",
        "ip": "10.20.0.21",
        "version": "7.17.25",
        "jdk": 11,
        "bundled": (True, False),  # ES_JAVA_HOME points at a JDK 11 kept from the 6.x days
        "roles": ["data_content", "data_hot", "ingest", "remote_cluster_client"],
        "heap_flags": ["-Xms1g", "-Xmx1g"],
        "probe_flags": ["-Xms1g", "-Xmx1g"],
        # 7.17's jvm.options: 8-13:-XX:+UseConcMarkSweepGC etc. apply on JDK 11
        "gc_flags": ["-XX:+UseConcMarkSweepGC", "-XX:CMSInitiatingOccupancyFraction=75", "-XX:+UseCMSInitiatingOccupancyOnly"],
        "log_option": ES717_LOG,
        "workload": ["8", "560", "stress"],
        "ram": 4 * GIB,
        "adjusted_total": False,
        "swap": (2 * GIB, 310 * 1024**2),
        "cgroup_limit": "max",
        "processors": 4,
        "mlockall": False,
        "settings": {},
        "old_used": (620 * 1024**2, 1000 * 1024**2),
        "gc_counts": {"young": (48210, 1_911_000), "old": (1630, 402_000)},
    },
    {
        "id": "Qz8rN1vLRq6yW0bJcK4mHw",
        "name": "shop-data-2",
        "ip": "10.20.0.22",
        "version": "8.15.3",
        "jdk": 21,
        "bundled": (None, False),
        "roles": ["data_content", "data_hot", "ingest", "remote_cluster_client", "transform"],
        "heap_flags": ["-Xms40g", "-Xmx40g"],
        "probe_flags": ["-Xmx40g"],  # only reserves address space: works on a small machine
        "gc_flags": ["-XX:+UseG1GC"],
        "log_option": ES8_LOG,
        "workload": None,  # no GC log shipped for this node: node stats only
        "ram": 128 * GIB,
        "adjusted_total": True,
        "swap": (0, 0),
        "cgroup_limit": "max",
        "processors": 16,
        "mlockall": True,
        "settings": {"bootstrap": {"memory_lock": "true"}},
        "old_used": (9 * GIB, 14 * GIB),
        "gc_counts": {"young": (91230, 2_870_000), "old": (0, 0), "G1 Concurrent GC": (1210, 98_000)},
    },
    {
        "id": "mA3sT9eRQ0uXc7Lp2VbNsg",
        "name": "shop-master-1",
        "ip": "10.20.0.11",
        "version": "7.17.25",
        "jdk": 21,
        "bundled": (True, False),
        "roles": ["master"],
        "heap_flags": ["-Xms1g", "-Xmx1g"],
        "probe_flags": ["-Xms1g", "-Xmx1g"],
        "gc_flags": ["-XX:+UseG1GC"],  # 7.17's jvm.options: 14-:-XX:+UseG1GC; the rest is ergonomics
        "log_option": ES717_LOG,
        "workload": ["6", "90"],
        "ram": 4 * GIB,
        "adjusted_total": False,
        "swap": (0, 0),
        "cgroup_limit": "4294967296",
        "processors": 2,
        "mlockall": False,
        "settings": {"node": {"roles": ["master"]}},
        "old_used": (130 * 1024**2, 210 * 1024**2),
        "gc_counts": {"young": (3120, 41_000), "old": (0, 0), "G1 Concurrent GC": (60, 1_200)},
    },
]


def es_input_arguments(node: dict[str, Any], heap_max: int) -> list[str]:
    """The JVM arguments ES starts a node with: system options, jvm.options, ergonomics."""
    log = node["log_option"].format(log="logs/gc.log")
    return [
        "-Des.networkaddress.cache.ttl=60",
        "-Des.networkaddress.cache.negative.ttl=10",
        "-XX:+AlwaysPreTouch",
        "-Xss1m",
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        "-Djna.nosys=true",
        "-XX:-OmitStackTraceInFastThrow",
        "-Dio.netty.noUnsafe=true",
        "-Dio.netty.noKeySetOptimization=true",
        "-Dio.netty.recycler.maxCapacityPerThread=0",
        "-Dlog4j.shutdownHookEnabled=false",
        "-Dlog4j2.disable.jmx=true",
        "-Djava.locale.providers=SPI,COMPAT" if node["jdk"] < 21 else "-Djava.locale.providers=CLDR",
        *node["heap_flags"],
        *node["gc_flags"],
        "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=data",
        "-XX:ErrorFile=logs/hs_err_pid%p.log",
        log,
        *ergonomics(node),
        "-Des.path.home=/usr/share/elasticsearch",
        "-Des.path.conf=/etc/elasticsearch",
        "-Des.distribution.flavor=default",
        "-Des.distribution.type=deb",
        "-Des.bundled_jdk=true",
    ]


def ergonomics(node: dict[str, Any]) -> list[str]:
    """What ES's JvmErgonomics appends (7.11+, as the lab's real 7.17/9.2 nodes show): direct memory =
    heap/2; for G1 also IHOP 30, G1ReservePercent 15 (<8 GiB heap) or 25, region size 4m (<8 GiB)."""
    heap = configured_heap(node)
    options = [f"-XX:MaxDirectMemorySize={heap // 2}"]
    if "-XX:+UseG1GC" in node["gc_flags"]:
        if heap < 8 * GIB:
            options.append("-XX:G1HeapRegionSize=4m")
        options += ["-XX:InitiatingHeapOccupancyPercent=30", f"-XX:G1ReservePercent={15 if heap < 8 * GIB else 25}"]
    return options


def configured_heap(node: dict[str, Any]) -> int:
    xmx = next(f for f in node["heap_flags"] if f.startswith("-Xmx"))[4:]
    return int(xmx[:-1]) * {"g": GIB, "m": 1024**2}[xmx[-1]]


def compile_java(work: Path) -> None:
    javac = find_javac()
    if javac is None:
        raise SystemExit("no javac found")
    sources = [REPO / "samples" / "JvmFacts.java", REPO / "tests" / "java" / "GcWorkload.java"]
    subprocess.run([str(javac), "--release", "11", "-d", str(work), *map(str, sources)], check=True)


def java_for(major: int) -> str:
    path = find_java(major, install=True)
    if path is None:
        raise SystemExit(f"JDK {major} not available")
    return str(path)


def measure(node: dict[str, Any], work: Path) -> dict[str, Any]:
    java = java_for(node["jdk"])
    cmd = [java, *node["probe_flags"], *node["gc_flags"], "-cp", str(work), "JvmFacts"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60).stdout
    facts = json.loads(out.strip().splitlines()[-1])
    if node["probe_flags"] != node["heap_flags"]:
        facts["heap_init_in_bytes"] = facts["heap_max_in_bytes"]  # -Xms = -Xmx on the real node
    return facts


def run_gc_workload(node: dict[str, Any], work: Path) -> None:
    if not node["workload"]:
        return
    folder = OUT / "gc" / node["name"]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    log = work / f"{node['name']}-gc.log"
    java = java_for(node["jdk"])
    cmd = [java, *node["heap_flags"], *node["gc_flags"], node["log_option"].format(log=log), "-cp", str(work), "GcWorkload", *node["workload"]]
    subprocess.run(cmd, capture_output=True, timeout=120)  # stress runs may end with an OOM on purpose
    shutil.copy(log, folder / "gc.log")


def node_info(node: dict[str, Any], jvm: dict[str, Any]) -> dict[str, Any]:
    bundled_jdk, using_bundled = node["bundled"]
    jvm_doc: dict[str, Any] = {
        "pid": 1187,
        "version": jvm["version"],
        "vm_name": jvm["vm_name"],
        "vm_version": jvm["vm_version"],
        "vm_vendor": jvm["vm_vendor"],
    }
    if bundled_jdk is not None:
        jvm_doc["bundled_jdk"] = bundled_jdk
    jvm_doc["using_bundled_jdk"] = using_bundled
    jvm_doc.update(
        {
            "start_time_in_millis": 1763800000000,
            "mem": {
                "heap_init_in_bytes": jvm["heap_init_in_bytes"],
                "heap_max_in_bytes": jvm["heap_max_in_bytes"],
                "non_heap_init_in_bytes": 7667712,
                "non_heap_max_in_bytes": 0,
                "direct_max_in_bytes": 0,
            },
            "gc_collectors": jvm["gc_collectors"],
            "memory_pools": jvm["memory_pools"],
            "using_compressed_ordinary_object_pointers": jvm["using_compressed_ordinary_object_pointers"],
            "input_arguments": es_input_arguments(node, jvm["heap_max_in_bytes"]),
        }
    )
    settings: dict[str, Any] = {
        "cluster": {"name": "shop-search"},
        "node": {"name": node["name"]},
        "path": {"logs": "/var/log/elasticsearch", "home": "/usr/share/elasticsearch"},
    }
    for key, value in node["settings"].items():
        settings.setdefault(key, {}).update(value)
    doc: dict[str, Any] = {
        "name": node["name"],
        "transport_address": f"{node['ip']}:9300",
        "host": node["ip"],
        "ip": node["ip"],
        "version": node["version"],
        "build_flavor": "default",
        "build_type": "deb",
        "build_hash": "a3f1c9b2e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        "total_indexing_buffer": jvm["heap_max_in_bytes"] // 10,
        "roles": node["roles"],
        "attributes": {"xpack.installed": "true", "transform.node": str("transform" in node["roles"]).lower()},
        "settings": settings,
        "os": {
            "refresh_interval_in_millis": 1000,
            "name": "Linux",
            "pretty_name": "Ubuntu 22.04.4 LTS",
            "arch": "amd64",
            "version": "5.15.0-119-generic",
            "available_processors": node["processors"],
            "allocated_processors": node["processors"],
        },
        "process": {"refresh_interval_in_millis": 1000, "id": 1187, "mlockall": node["mlockall"]},
        "jvm": jvm_doc,
    }
    return doc


def node_stats(node: dict[str, Any], jvm: dict[str, Any]) -> dict[str, Any]:
    heap = jvm["heap_max_in_bytes"]
    ram = node["ram"]
    old_used, old_peak = node["old_used"]
    mem: dict[str, Any] = {"total_in_bytes": ram}
    if node["adjusted_total"]:
        mem["adjusted_total_in_bytes"] = ram
    mem.update({"free_in_bytes": ram // 20, "used_in_bytes": ram - ram // 20, "free_percent": 5, "used_percent": 95})
    swap_total, swap_used = node["swap"]
    heap_used = old_used + heap // 10
    return {
        "timestamp": 1763886400000,
        "name": node["name"],
        "transport_address": f"{node['ip']}:9300",
        "host": node["ip"],
        "ip": f"{node['ip']}:9300",
        "roles": node["roles"],
        "indices": {
            "docs": {"count": 0 if node["roles"] == ["master"] else 61_000_000, "deleted": 0},
            "store": {"size_in_bytes": 0 if node["roles"] == ["master"] else 142 * GIB, "reserved_in_bytes": 0},
        },
        "os": {
            "timestamp": 1763886400000,
            "cpu": {"percent": 38, "load_average": {"1m": 2.1, "5m": 1.9, "15m": 1.7}},
            "mem": mem,
            "swap": {"total_in_bytes": swap_total, "free_in_bytes": swap_total - swap_used, "used_in_bytes": swap_used},
            "cgroup": {
                "cpuacct": {"control_group": "/", "usage_nanos": 73_100_000_000_000},
                "cpu": {
                    "control_group": "/",
                    "cfs_period_micros": 100000,
                    "cfs_quota_micros": -1,
                    "stat": {"number_of_elapsed_periods": 0, "number_of_times_throttled": 0, "time_throttled_nanos": 0},
                },
                "memory": {"control_group": "/", "limit_in_bytes": node["cgroup_limit"], "usage_in_bytes": str(ram - ram // 20)},
            },
        },
        "process": {
            "timestamp": 1763886400000,
            "open_file_descriptors": 2100,
            "max_file_descriptors": 65535,
            "cpu": {"percent": 31, "total_in_millis": 51_000_000},
            "mem": {"total_virtual_in_bytes": heap + 6 * GIB},
        },
        "jvm": {
            "timestamp": 1763886400000,
            "uptime_in_millis": 86_400_000,
            "mem": {
                "heap_used_in_bytes": heap_used,
                "heap_used_percent": round(100 * heap_used / heap),
                "heap_committed_in_bytes": heap,
                "heap_max_in_bytes": heap,
                "non_heap_used_in_bytes": 190_000_000,
                "non_heap_committed_in_bytes": 210_000_000,
                "pools": {
                    "young": {"used_in_bytes": heap // 12, "max_in_bytes": 0, "peak_used_in_bytes": heap // 5, "peak_max_in_bytes": 0},
                    "survivor": {"used_in_bytes": heap // 60, "max_in_bytes": 0, "peak_used_in_bytes": heap // 30, "peak_max_in_bytes": 0},
                    "old": {"used_in_bytes": old_used, "max_in_bytes": heap, "peak_used_in_bytes": old_peak, "peak_max_in_bytes": heap},
                },
            },
            "threads": {"count": 110, "peak_count": 131},
            "gc": {
                "collectors": {
                    key: {"collection_count": count, "collection_time_in_millis": ms} for key, (count, ms) in node["gc_counts"].items()
                }
            },
            "buffer_pools": {
                "mapped": {"count": 1200, "used_in_bytes": 120 * GIB, "total_capacity_in_bytes": 120 * GIB},
                "direct": {"count": 70, "used_in_bytes": 90_000_000, "total_capacity_in_bytes": 90_000_000},
            },
            "classes": {"current_loaded_count": 33000, "total_loaded_count": 33400, "total_unloaded_count": 400},
        },
        "fs": {"timestamp": 1763886400000, "total": {"total_in_bytes": 1000 * GIB, "free_in_bytes": 700 * GIB, "available_in_bytes": 650 * GIB}},
        "breakers": {
            "parent": {
                "limit_size_in_bytes": heap * 95 // 100,
                "limit_size": "",
                "estimated_size_in_bytes": heap_used,
                "estimated_size": "",
                "overhead": 1.0,
                "tripped": 14 if node["name"] == "shop-data-1" else 0,
            }
        },
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        compile_java(work)
        facts = {}
        for node in NODES:
            facts[node["id"]] = measure(node, work)
            run_gc_workload(node, work)
    header = {"_nodes": {"total": 3, "successful": 3, "failed": 0}, "cluster_name": "shop-search"}
    documents = {
        "root.json": {
            "name": "shop-data-2",
            "cluster_name": "shop-search",
            "cluster_uuid": "bWc1rX5JQ7ax3H0k9mYV2g",
            "version": {
                "number": "8.15.3",
                "build_flavor": "default",
                "build_type": "deb",
                "build_hash": "a3f1c9b2e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9",
                "build_date": "2024-10-09T22:08:00.328917561Z",
                "build_snapshot": False,
                "lucene_version": "9.11.1",
                "minimum_wire_compatibility_version": "7.17.0",
                "minimum_index_compatibility_version": "7.0.0",
            },
            "tagline": "You Know, for Search",
        },
        "nodes.json": dict(header, nodes={n["id"]: node_info(n, facts[n["id"]]) for n in NODES}),
        "nodes_stats.json": dict(header, nodes={n["id"]: node_stats(n, facts[n["id"]]) for n in NODES}),
        "cluster_health.json": {
            "cluster_name": "shop-search",
            "status": "yellow",
            "timed_out": False,
            "number_of_nodes": 3,
            "number_of_data_nodes": 2,
            "active_primary_shards": 24,
            "active_shards": 46,
            "relocating_shards": 0,
            "initializing_shards": 0,
            "unassigned_shards": 2,
            "delayed_unassigned_shards": 0,
            "number_of_pending_tasks": 0,
            "number_of_in_flight_fetch": 0,
            "task_max_waiting_in_queue_millis": 0,
            "active_shards_percent_as_number": 95.8,
        },
        "cat_nodes.json": [
            {"id": n["id"], "ip": n["ip"], "name": n["name"], "node.role": "m" if n["roles"] == ["master"] else "dhist", "master": "*" if n["roles"] == ["master"] else "-"}
            for n in NODES
        ],
    }
    for name, document in documents.items():
        (OUT / name).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
