"""Build the recorded-by-construction responses in this folder (run: python tests/data/recorded/build.py).

Each ``<dist>-<version>/`` holds root.json, nodes.json, nodes_stats.json, cluster_health.json and
cat_nodes.json for a two-node cluster (a dedicated master and a data node), written field by field from
the response classes that produce them (see README.md for the class list). Only the sections the
advisor requests are present (``_nodes/_all/settings,os,process,jvm`` and
``_nodes/stats/jvm,os,process,fs,breaker,indices``); ``indices`` and ``fs`` are abridged to the
documents' top-level totals. Values are plausible, not measured; the *shapes* are what tests check.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GIB = 1024**3
CGROUP_V1_UNLIMITED = "9223372036854771712"  # page-aligned Long.MAX_VALUE as cgroup v1 reports "no limit"

VERSIONS: dict[str, dict[str, Any]] = {
    "elasticsearch-6.8.23": {
        "dist": "elasticsearch",
        "number": "6.8.23",
        "lucene": "7.7.3",
        "wire": "5.6.0",
        "index_compat": "5.0.0",
        "jdk": "1.8.0_292",
        "vendor": "Oracle Corporation",
        "vm_name": "OpenJDK 64-Bit Server VM",
        "bundled": None,  # JvmInfo has no bundled_jdk fields before 7.0 (es#40229)
        "gc": ["ParNew", "ConcurrentMarkSweep"],
        "pools": [
            "Code Cache",
            "Metaspace",
            "Compressed Class Space",
            "Par Eden Space",
            "Par Survivor Space",
            "CMS Old Gen",
        ],
        "gc_args": [
            "-XX:+UseConcMarkSweepGC",
            "-XX:CMSInitiatingOccupancyFraction=75",
            "-XX:+UseCMSInitiatingOccupancyOnly",
        ],
        "data_roles": ["data", "ingest", "master"],  # 6.x DiscoveryNode.Role: master, data, ingest only
        "master_roles": ["master"],
        "master_settings": {"node": {"master": "true", "data": "false", "ingest": "false"}},
        "adjusted_total": False,
        "cgroup_limit": CGROUP_V1_UNLIMITED,
        "tagline": "You Know, for Search",
        "home_prop": "-Des.path.home",
    },
    "elasticsearch-8.15.3": {
        "dist": "elasticsearch",
        "number": "8.15.3",
        "lucene": "9.11.1",
        "wire": "7.17.0",
        "index_compat": "7.0.0",
        "jdk": "22.0.1",
        "vendor": "Oracle Corporation",
        "vm_name": "OpenJDK 64-Bit Server VM",
        "bundled": True,
        "gc": ["G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"],
        "pools": [
            "CodeHeap 'non-nmethods'",
            "Metaspace",
            "CodeHeap 'profiled nmethods'",
            "Compressed Class Space",
            "G1 Eden Space",
            "G1 Old Gen",
            "G1 Survivor Space",
            "CodeHeap 'non-profiled nmethods'",
        ],
        "gc_args": ["-XX:+UseG1GC"],
        "data_roles": ["data_content", "data_hot", "ingest", "remote_cluster_client", "transform"],
        "master_roles": ["master"],
        "master_settings": {"node": {"roles": ["master"]}},
        "adjusted_total": True,  # OsStats.Mem adjusted_total_in_bytes (8.0+)
        "cgroup_limit": "17179869184",
        "tagline": "You Know, for Search",
        "home_prop": "-Des.path.home",
        "transport_version": "8702003",
    },
}

NODES = {
    # node id: (name, heap bytes, RAM bytes, is master-only)
    "qD3h9kLZTtWm3cQz8m1mXg": ("shop-master-1", 2 * GIB, 4 * GIB, True),
    "7YtqQv5nR9uPk2Wb0sLhJA": ("shop-data-1", 16 * GIB, 64 * GIB, False),
}


def root(spec: dict[str, Any]) -> dict[str, Any]:
    """ES MainResponse.toXContent / OpenSearch MainResponse.toXContent."""
    version: dict[str, Any] = {}
    if spec["dist"] == "opensearch":
        version["distribution"] = "opensearch"
    version["number"] = spec["number"]
    if spec["dist"] == "elasticsearch":
        version["build_flavor"] = "default"
    version.update(
        {
            "build_type": "tar",
            "build_hash": "0b1e1b7b5b3b2a7c1e6a9e3f2d4c5b6a7e8f9a0b",
            "build_date": "2024-10-10T10:02:02.000000000Z",
            "build_snapshot": False,
            "lucene_version": spec["lucene"],
            "minimum_wire_compatibility_version": spec["wire"],
            "minimum_index_compatibility_version": spec["index_compat"],
        }
    )
    return {
        "name": "shop-data-1",
        "cluster_name": "shop",
        "cluster_uuid": "tbD3M6bRQq2kGkz0b8c9Wg",
        "version": version,
        "tagline": spec["tagline"],
    }


def input_arguments(spec: dict[str, Any], heap: int) -> list[str]:
    """What ES/OpenSearch start the JVM with: system options, jvm.options, then heap options."""
    home = spec["home_prop"]
    prefix = "es" if home.startswith("-Des") else "opensearch"
    args = [f"-D{prefix}.networkaddress.cache.ttl=60", f"-D{prefix}.networkaddress.cache.negative.ttl=10"]
    args += ["-XX:+AlwaysPreTouch", "-Xss1m", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8"]
    args += [f"-Xms{heap // GIB}g", f"-Xmx{heap // GIB}g"]
    args += spec["gc_args"]
    if spec["jdk"].startswith("1.8"):
        args += [
            "-XX:+PrintGCDetails",
            "-XX:+PrintGCDateStamps",
            "-Xloggc:logs/gc.log",
            "-XX:+UseGCLogFileRotation",
        ]
    else:
        args.append(
            "-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,pid,tags:filecount=32,filesize=64m"
        )
    args += [
        "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=data",
        f"-XX:MaxDirectMemorySize={heap // 2}",
    ]
    args += [f"{home}=/usr/share/{spec['dist']}", f"-D{prefix}.path.conf=/usr/share/{spec['dist']}/config"]
    return args


def jvm_info(spec: dict[str, Any], heap: int) -> dict[str, Any]:
    """JvmInfo.toXContent."""
    jvm: dict[str, Any] = {
        "pid": 4242,
        "version": spec["jdk"],
        "vm_name": spec["vm_name"],
        "vm_version": spec["jdk"] + "+9",
        "vm_vendor": spec["vendor"],
    }
    if spec["bundled"] is not None:
        if spec.get("bundled_both"):
            jvm["bundled_jdk"] = True
        jvm["using_bundled_jdk"] = spec["bundled"]
    jvm.update(
        {
            "start_time_in_millis": 1732000000000,
            "mem": {
                "heap_init_in_bytes": heap,
                "heap_max_in_bytes": heap,
                "non_heap_init_in_bytes": 7667712,
                "non_heap_max_in_bytes": 0,
                "direct_max_in_bytes": heap // 2 if not spec["jdk"].startswith("1.8") else 0,
            },
            "gc_collectors": spec["gc"],
            "memory_pools": spec["pools"],
            "using_compressed_ordinary_object_pointers": "true",
            "input_arguments": input_arguments(spec, heap),
        }
    )
    return jvm


def node_info(spec: dict[str, Any], node_id: str, name: str, heap: int, master: bool) -> dict[str, Any]:
    """NodeInfo for one node (DiscoveryNode fields, settings, os, process, jvm)."""
    roles = spec["master_roles"] if master else spec["data_roles"]
    settings: dict[str, Any] = {
        "cluster": {"name": "shop"},
        "node": {"name": name},
        "path": {"logs": f"/var/log/{spec['dist']}", "home": f"/usr/share/{spec['dist']}"},
        "bootstrap": {"memory_lock": "true"},
    }
    if master:
        settings["node"].update(spec["master_settings"]["node"])
    info: dict[str, Any] = {
        "name": name,
        "transport_address": "10.0.0.11:9300" if master else "10.0.0.21:9300",
        "host": "10.0.0.11" if master else "10.0.0.21",
        "ip": "10.0.0.11" if master else "10.0.0.21",
        "version": spec["number"],
    }
    if "transport_version" in spec:
        info["transport_version"] = spec["transport_version"]
    if spec["dist"] == "elasticsearch":
        info["build_flavor"] = "default"
    info.update({"build_type": "tar", "build_hash": "0b1e1b7b5b3b2a7c1e6a9e3f2d4c5b6a7e8f9a0b"})
    info["total_indexing_buffer"] = heap // 10
    info["roles"] = roles
    info["attributes"] = (
        {"xpack.installed": "true"}
        if spec["dist"] == "elasticsearch"
        else {"shard_indexing_pressure_enabled": "true"}
    )
    info["settings"] = settings
    info["os"] = {
        "refresh_interval_in_millis": 1000,
        "name": "Linux",
        "pretty_name": "Debian GNU/Linux 12 (bookworm)",
        "arch": "amd64",
        "version": "6.1.0-26-amd64",
        "available_processors": 2 if master else 8,
        "allocated_processors": 2 if master else 8,
    }
    info["process"] = {"refresh_interval_in_millis": 1000, "id": 4242, "mlockall": not master}
    info["jvm"] = jvm_info(spec, heap)
    return info


def node_stats(spec: dict[str, Any], name: str, heap: int, ram: int, master: bool) -> dict[str, Any]:
    """NodeStats: os (OsStats), process (ProcessStats), jvm (JvmStats), fs, breakers, indices (abridged)."""
    young_key_count = 1200 if not master else 90
    mem: dict[str, Any] = {"total_in_bytes": ram}
    if spec["adjusted_total"]:
        mem["adjusted_total_in_bytes"] = ram
    mem.update(
        {"free_in_bytes": ram // 8, "used_in_bytes": ram - ram // 8, "free_percent": 13, "used_percent": 87}
    )
    collectors: dict[str, Any] = {
        "young": {"collection_count": young_key_count, "collection_time_in_millis": young_key_count * 14},
        "old": {
            "collection_count": 0 if not spec["jdk"].startswith("1.8") else 3,
            "collection_time_in_millis": 0 if not spec["jdk"].startswith("1.8") else 410,
        },
    }
    if "G1 Concurrent GC" in spec["gc"]:
        collectors["G1 Concurrent GC"] = {"collection_count": 40, "collection_time_in_millis": 310}
    return {
        "timestamp": 1732000600000,
        "name": name,
        "transport_address": "10.0.0.11:9300" if master else "10.0.0.21:9300",
        "host": "10.0.0.11" if master else "10.0.0.21",
        "ip": "10.0.0.11:9300" if master else "10.0.0.21:9300",
        "roles": spec["master_roles"] if master else spec["data_roles"],
        "indices": {
            "docs": {"count": 0 if master else 48_000_000, "deleted": 0 if master else 120_000},
            "store": {"size_in_bytes": 0 if master else 96 * GIB, "reserved_in_bytes": 0},
            "segments": {"count": 0 if master else 420, "memory_in_bytes": 0 if master else 31_000_000},
        },
        "os": {
            "timestamp": 1732000600000,
            "cpu": {"percent": 7 if master else 43, "load_average": {"1m": 0.4, "5m": 0.5, "15m": 0.6}},
            "mem": mem,
            "swap": {"total_in_bytes": 0, "free_in_bytes": 0, "used_in_bytes": 0},
            "cgroup": {
                "cpuacct": {"control_group": "/", "usage_nanos": 981237123123},
                "cpu": {
                    "control_group": "/",
                    "cfs_period_micros": 100000,
                    "cfs_quota_micros": -1,
                    "stat": {
                        "number_of_elapsed_periods": 0,
                        "number_of_times_throttled": 0,
                        "time_throttled_nanos": 0,
                    },
                },
                "memory": {
                    "control_group": "/",
                    "limit_in_bytes": spec["cgroup_limit"],
                    "usage_in_bytes": str(ram - ram // 8),
                },
            },
        },
        "process": {
            "timestamp": 1732000600000,
            "open_file_descriptors": 1400,
            "max_file_descriptors": 65535,
            "cpu": {"percent": 5, "total_in_millis": 9_120_000},
            "mem": {"total_virtual_in_bytes": heap * 3},
        },
        "jvm": {
            "timestamp": 1732000600000,
            "uptime_in_millis": 600_000_000,
            "mem": {
                "heap_used_in_bytes": heap * 55 // 100,
                "heap_used_percent": 55,
                "heap_committed_in_bytes": heap,
                "heap_max_in_bytes": heap,
                "non_heap_used_in_bytes": 220_000_000,
                "non_heap_committed_in_bytes": 240_000_000,
                "pools": {
                    "young": {
                        "used_in_bytes": heap // 10,
                        "max_in_bytes": 0,
                        "peak_used_in_bytes": heap // 5,
                        "peak_max_in_bytes": 0,
                    },
                    "survivor": {
                        "used_in_bytes": heap // 100,
                        "max_in_bytes": 0,
                        "peak_used_in_bytes": heap // 50,
                        "peak_max_in_bytes": 0,
                    },
                    "old": {
                        "used_in_bytes": heap * 44 // 100,
                        "max_in_bytes": heap,
                        "peak_used_in_bytes": heap * 70 // 100,
                        "peak_max_in_bytes": heap,
                    },
                },
            },
            "threads": {"count": 90, "peak_count": 120},
            "gc": {"collectors": collectors},
            "buffer_pools": {
                "mapped": {"count": 900, "used_in_bytes": 90 * GIB, "total_capacity_in_bytes": 90 * GIB},
                "direct": {"count": 60, "used_in_bytes": 80_000_000, "total_capacity_in_bytes": 80_000_000},
            },
            "classes": {
                "current_loaded_count": 31000,
                "total_loaded_count": 31500,
                "total_unloaded_count": 500,
            },
        },
        "fs": {
            "timestamp": 1732000600000,
            "total": {
                "total_in_bytes": 500 * GIB,
                "free_in_bytes": 380 * GIB,
                "available_in_bytes": 380 * GIB,
            },
        },
        "breakers": {
            "request": {
                "limit_size_in_bytes": heap * 6 // 10,
                "limit_size": "",
                "estimated_size_in_bytes": 0,
                "estimated_size": "0b",
                "overhead": 1.0,
                "tripped": 0,
            },
            "fielddata": {
                "limit_size_in_bytes": heap * 4 // 10,
                "limit_size": "",
                "estimated_size_in_bytes": 0,
                "estimated_size": "0b",
                "overhead": 1.03,
                "tripped": 0,
            },
            "parent": {
                "limit_size_in_bytes": heap * 95 // 100,
                "limit_size": "",
                "estimated_size_in_bytes": heap // 2,
                "estimated_size": "",
                "overhead": 1.0,
                "tripped": 0 if master else 3,
            },
        },
    }


def build(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    nodes_header = {
        "_nodes": {"total": len(NODES), "successful": len(NODES), "failed": 0},
        "cluster_name": "shop",
    }
    info = dict(
        nodes_header, nodes={nid: node_info(spec, nid, n, h, m) for nid, (n, h, _r, m) in NODES.items()}
    )
    stats = dict(
        nodes_header, nodes={nid: node_stats(spec, n, h, r, m) for nid, (n, h, r, m) in NODES.items()}
    )
    master_key = "cluster_manager" if spec["master_roles"] == ["cluster_manager"] else "master"
    cat = [
        {
            "id": nid,
            "ip": "10.0.0.11" if m else "10.0.0.21",
            "heap.percent": "55",
            "ram.percent": "87",
            "cpu": "7",
            "load_1m": "0.40",
            "load_5m": "0.50",
            "load_15m": "0.60",
            "node.role": "m" if m else "di",
            master_key: "*" if m else "-",
            "name": n,
        }
        for nid, (n, _h, _r, m) in NODES.items()
    ]
    health = {
        "cluster_name": "shop",
        "status": "green",
        "timed_out": False,
        "number_of_nodes": 2,
        "number_of_data_nodes": 1,
        "active_primary_shards": 12,
        "active_shards": 12,
        "relocating_shards": 0,
        "initializing_shards": 0,
        "unassigned_shards": 0,
        "delayed_unassigned_shards": 0,
        "number_of_pending_tasks": 0,
        "number_of_in_flight_fetch": 0,
        "task_max_waiting_in_queue_millis": 0,
        "active_shards_percent_as_number": 100.0,
    }
    return {
        "root.json": root(spec),
        "nodes.json": info,
        "nodes_stats.json": stats,
        "cluster_health.json": health,
        "cat_nodes.json": cat,
    }


def main() -> None:
    for name, spec in VERSIONS.items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        for file_name, document in build(name, spec).items():
            (folder / file_name).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
