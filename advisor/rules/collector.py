"""Collector rules for a node: what was asked vs what runs, ZGC maturity and fit, G1 vs ZGC evidence.

Elastic's position on ZGC: not evaluated, not recommended, unsupported (es#58989, 2020); the default and
tested collector is G1 (ES:jvm.options 8.x/9.x).
"""

from __future__ import annotations

from advisor.facts import jdk_flags
from advisor.facts import thresholds as t
from advisor.facts.nodes import NodeFacts
from advisor.findings import Finding, Severity
from advisor.rules import context as ctx
from advisor.rules.base import node_finding

ELASTIC_ZGC = (
    "Elastic: ZGC 'not evaluated, not recommended, unsupported' (es#58989); ES ships G1 (ES:jvm.options)"
)
FACTS_8 = t.SOURCE_ZGC_SMALL_NODE


_f = node_finding


def check_asked_vs_running(node: NodeFacts) -> list[Finding]:
    jdk = node.jdk_major
    args = ctx.node_args(node)
    running = jdk_flags.collector_from_beans(node.collectors)
    if jdk is None:
        return []
    findings = []
    if args.enabled("UseConcMarkSweepGC") and jdk >= 14 and running != "CMS":
        findings.append(
            _f(
                node,
                "collector.cms-ignored",
                Severity.CRITICAL,
                f"The node asks for CMS (-XX:+UseConcMarkSweepGC) but JDK {jdk} has no CMS: it silently runs "
                f"{running or 'the default collector'}"
                + (" (only because -XX:+IgnoreUnrecognizedVMOptions hides the error)" if jdk >= 15 else ""),
                f"input_arguments has -XX:+UseConcMarkSweepGC; jvm.gc_collectors={list(node.collectors)}; jvm.version={node.jvm_version}",
                jdk_flags.JEP_CMS,
                "Replace the CMS options with -XX:+UseG1GC (ES's default on JDK 14+) and remove the CMS tuning flags",
            )
        )
    selected = args.selected_collectors()
    if (
        selected
        and running
        and selected[-1] != running.split("-")[0]
        and not (selected[-1] == "CMS" and jdk >= 14)
    ):
        findings.append(
            _f(
                node,
                "collector.mismatch",
                Severity.CRITICAL,
                f"The arguments select {selected[-1]} but the JVM reports {running} collectors",
                f"input_arguments={[a for a in node.input_arguments if 'GC' in a]}; jvm.gc_collectors={list(node.collectors)}",
                "HotSpot gcConfig.cpp; ES:GcNames",
                "Check for an overriding option (ES_JAVA_OPTS, jvm.options.d order)",
            )
        )
    if running == "CMS" and 9 <= jdk <= 13:
        findings.append(
            _f(
                node,
                "collector.cms-deprecated",
                Severity.WARNING,
                f"CMS is deprecated on JDK {jdk} and gone from 14: the node cannot move to a current JDK with this setup",
                f"jvm.gc_collectors={list(node.collectors)}",
                jdk_flags.JEP_CMS,
                "Move to G1 (ES ships '14-:-XX:+UseG1GC' since 7.x) before the JDK upgrade",
            )
        )
    if running == "Serial":
        findings.append(
            _f(
                node,
                "collector.serial",
                Severity.WARNING,
                "The node runs the Serial collector: every collection stops all threads on one core; ES's production "
                "bootstrap check refuses it",
                f"jvm.gc_collectors={list(node.collectors)}",
                "ES:BootstrapChecks UseSerialGCCheck",
                "Use G1 (-XX:+UseG1GC); Serial is picked by the JVM on machines with <2 CPUs or <1792 MiB",
            )
        )
    return findings


def check_zgc(node: NodeFacts) -> list[Finding]:
    running = ctx.node_collector(node)
    jdk = node.jdk_major
    if not ctx.is_zgc(running) or jdk is None:
        return []
    findings = [
        _f(
            node,
            "collector.zgc-support",
            Severity.INFO,
            "The node runs ZGC. Elastic does not test or support it; G1 is the default. Sub-millisecond pauses "
            "do not mean low search latency: ZGC needs spare cores and heap headroom",
            f"jvm.gc_collectors={list(node.collectors)}",
            ELASTIC_ZGC + "; " + FACTS_8,
        )
    ]
    if jdk < 15:
        findings.append(
            _f(
                node,
                "collector.zgc-experimental",
                Severity.WARNING,
                f"ZGC is experimental on JDK {jdk} (product from 15)",
                f"jvm.version={node.jvm_version}",
                jdk_flags.JEP_ZGC,
                "Use G1, or a JDK ≥ 21 with generational ZGC",
            )
        )
    elif running == "ZGC" and 21 <= jdk <= 22:
        findings.append(
            _f(
                node,
                "collector.zgc-non-generational",
                Severity.INFO,
                f"Non-generational ZGC on JDK {jdk}: generational ZGC (-XX:+ZGenerational) collects young objects "
                "cheaply and is the only mode from JDK 24",
                f"jvm.gc_collectors={list(node.collectors)}",
                jdk_flags.JEP_GENZ,
                "Add 21-22:-XX:+ZGenerational if you keep ZGC",
            )
        )
    parent = sum(v for k, v in node.breakers_tripped.items() if k in ("parent", "total"))
    if parent > 0:
        findings.append(
            _f(
                node,
                "collector.zgc-breaker-trips",
                Severity.WARNING,
                f"The parent circuit breaker tripped {parent} times: with ZGC the real-memory breaker counts garbage "
                "not yet reclaimed, so a busy heap looks full and requests get HTTP 429",
                f"breakers.parent.tripped={parent}",
                FACTS_8 + "; ES indices.breaker.total.use_real_memory (default true)",
                "Go back to G1, or give ZGC much more heap headroom",
            )
        )
    cores = ctx.cpus(node)
    if cores is not None and cores < t.ZGC_MIN_CORES:
        findings.append(
            _f(
                node,
                "collector.zgc-few-cores",
                Severity.WARNING,
                f"ZGC on {cores:g} CPUs: its concurrent threads compete with search and indexing threads",
                f"os.allocated_processors / cgroup quota = {cores:g}",
                FACTS_8,
                "Use G1 on small nodes",
            )
        )
    return findings


def zgc_candidate(node: NodeFacts) -> str | None:
    """Why ZGC is worth testing on this G1 node (evidence), or None when the evidence is not there."""
    summary = node.gc_summary
    jdk = node.jdk_major
    heap = ctx.heap_max_bytes(node)
    live = ctx.live_set(node)
    cores = ctx.cpus(node)
    if not summary or jdk is None or jdk < 21 or not heap or live is None or not live.exact or cores is None:
        return None
    if summary.pauses.p99_ms < t.ZGC_RECOMMEND_MIN_PAUSE_P99_MS:
        return None
    if heap / ctx.MIB < live.mb * t.ZGC_RECOMMEND_HEAP_HEADROOM or cores < t.ZGC_MIN_CORES:
        return None
    return (
        f"p99 GC pause {summary.pauses.p99_ms:.0f} ms (≥{t.ZGC_RECOMMEND_MIN_PAUSE_P99_MS:g}), heap "
        f"{heap / ctx.MIB / live.mb:.1f}x live set, {cores:g} CPUs, JDK {jdk} (generational ZGC)"
    )


def check_g1_vs_zgc(node: NodeFacts) -> list[Finding]:
    if ctx.node_collector(node) != "G1":
        return []
    why = zgc_candidate(node)
    if why is None:
        return []
    return [
        _f(
            node,
            "collector.zgc-candidate",
            Severity.INFO,
            "GC pauses dominate this node's tail and it has the headroom generational ZGC needs: worth a load test "
            "(loadtest run) before switching — Elastic does not support ZGC",
            why,
            ELASTIC_ZGC + "; " + FACTS_8,
            "Test -XX:+UseZGC (21-22: plus -XX:+ZGenerational) on one node; compare search p99 and breaker trips",
        )
    ]


CHECKS = [check_asked_vs_running, check_zgc, check_g1_vs_zgc]


def check(node: NodeFacts) -> list[Finding]:
    return [f for c in CHECKS for f in c(node)]
