"""Flag rules: what the JVM does with each option on this JDK (refuses, ignores, warns), unlocks,
contradicting collectors, and settings copied from tuning posts that hurt Elasticsearch.

Pure functions over ``OptionsInput``; used by ``advise lint`` (files) and per node (input arguments).
"""

from __future__ import annotations

from advisor.facts import es_heap, jdk_flags
from advisor.facts.jdk_flags import BY_NAME, FlagState, Known
from advisor.facts.nodes import NodeFacts
from advisor.facts.options import size_bytes
from advisor.facts.thresholds import COOPS_BELIEF_ZONE_BYTES, GIB, PRETOUCH_WARN_HEAP_BYTES
from advisor.findings import Finding, Severity
from advisor.rules.base import Located, OptionsCheck, OptionsInput, at

CRIT, WARN, INFO = Severity.CRITICAL, Severity.WARNING, Severity.INFO
ARGS = "HotSpot runtime/arguments.cpp (special_jvm_flags, process_argument)"
GC_SELECT = "HotSpot gcConfig.cpp (select_gc: 'Multiple garbage collectors selected')"
SRC_SWAP = (
    "ES docs 'Disable swapping' (bootstrap.memory_lock / swapoff); kernel Documentation/admin-guide/mm/hugetlbpage.rst; "
    "HotSpot TestHugePageDecisionsAtVMStartup"
)


def check_bad_lines(inp: OptionsInput) -> list[Finding]:
    """Lines ES's JvmOptionsParser rejects: Elasticsearch refuses to start."""
    return [
        Finding(
            "options.bad-line",
            CRIT,
            f"Elasticsearch refuses to start: 'encountered improperly formatted JVM option' ({bad.reason})",
            f"{bad.file}:{bad.line}: {bad.text!r}",
            "ES:JvmOptionsParser.parse (es#51882)",
            "Start option lines in column 0 with '-' or a version prefix (17-:-XX:...); comments need '#' in column 0",
            node=inp.node,
            file=bad.file,
            line=bad.line,
            flag=None,
        )
        for bad in inp.bad_lines
    ]


def _unlocked(inp: OptionsInput, before: Located, unlock: str) -> bool:
    for located in inp.options:
        if located is before:
            return False
        if located.parsed.name == unlock and located.parsed.enabled:
            return True
    return False


def _needs_unlock(inp: OptionsInput, located: Located, kind: str, source: str) -> list[Finding]:
    """Critical when an experimental/diagnostic flag is not preceded by its unlock option."""
    unlock = "UnlockExperimentalVMOptions" if kind == "experimental" else "UnlockDiagnosticVMOptions"
    if _unlocked(inp, located, unlock):
        return []
    name = located.parsed.name
    return [
        at(
            located,
            inp,
            "flag.needs-unlock",
            CRIT,
            f"JDK {inp.jdk} refuses to start: VM option '{name}' is {kind} and must be enabled via -XX:+{unlock} "
            "(the unlock option must come before it)",
            source,
            f"Put -XX:+{unlock} before it, or do not use {kind} flags in production",
        )
    ]


def _ignore_unrecognized(inp: OptionsInput) -> bool:
    return inp.args.enabled("IgnoreUnrecognizedVMOptions") is True


def _lifecycle_one(inp: OptionsInput, located: Located) -> list[Finding]:
    p = located.parsed
    jdk = inp.jdk
    flag = BY_NAME.get(p.name)
    if flag is None:
        return _unknown_flag(inp, located)
    state = flag.state(jdk)
    msg = flag.hotspot_message(jdk, p.spelled)
    src = flag.source
    if state.refused and state in (FlagState.ABSENT, FlagState.EXPIRED):
        if flag.kind == "x" and state is FlagState.ABSENT:
            return []
        sev = WARN if _ignore_unrecognized(inp) else CRIT
        first, last = flag.exists_range()
        exists = f"exists in JDK {first}-{last}" if last else f"exists from JDK {first}"
        hidden = " (hidden by -XX:+IgnoreUnrecognizedVMOptions, so it does nothing)" if sev is WARN else ""
        return [
            at(
                located,
                inp,
                "flag.unrecognized",
                sev,
                f"JDK {jdk} refuses to start: {msg}{hidden}; the flag {exists}",
                src,
                _replacement(flag),
            )
        ]
    if state is FlagState.OBSOLETE:
        return _obsolete(inp, located, flag, msg or "")
    if state is FlagState.DEPRECATED:
        return [
            at(
                located,
                inp,
                "flag.deprecated",
                WARN,
                f"JDK {jdk} warns at start-up: {msg} {flag.note}".strip(),
                src,
                _replacement(flag),
            )
        ]
    if state in (FlagState.EXPERIMENTAL, FlagState.DIAGNOSTIC):
        refused = _needs_unlock(inp, located, state.value, src)
        if refused:
            return refused
        if flag.collector:
            return [
                at(
                    located,
                    inp,
                    "flag.experimental",
                    WARN,
                    f"{p.name} is {state.value} on JDK {jdk}: unsupported for production use",
                    src,
                    "Use a JDK where it is a product feature, or the default collector",
                )
            ]
    if state is FlagState.BUILD_DEPENDENT:
        return [
            at(
                located,
                inp,
                "flag.build-dependent",
                INFO,
                f"{p.name} exists only in some JDK {jdk} builds ({flag.note or flag.source}); others refuse to start",
                src,
                "Check with `java -XX:+PrintFlagsFinal -version` on the node's own java",
            )
        ]
    return []


def _replacement(flag: jdk_flags.JvmFlag) -> str:
    if flag.category == "logging":
        return f"Remove it (JDK 8 only: prefix it with '8:'); on JDK 9+ ES already logs GC with {es_heap.GC_LOG_OPTION}"
    if flag.collector == "CMS":
        return (
            "Remove CMS options (or prefix them '8-13:'); tune G1 instead (ES's default since 7.x on JDK 14+)"
        )
    return "Remove it, or limit it with a version prefix to the JDKs that still have it"


def _obsolete(inp: OptionsInput, located: Located, flag: jdk_flags.JvmFlag, msg: str) -> list[Finding]:
    p = located.parsed
    if flag.name == "UseConcMarkSweepGC" and p.enabled:
        default = jdk_flags.default_collector(inp.jdk)
        return [
            at(
                located,
                inp,
                "collector.cms-ignored",
                CRIT,
                f"JDK {inp.jdk} ignores it ({msg}) and silently runs {default} instead of CMS",
                flag.source,
                "Select G1 explicitly (-XX:+UseG1GC) and drop the CMS tuning flags",
            )
        ]
    if flag.name == "ZGenerational" and p.enabled is False:
        return [
            at(
                located,
                inp,
                "collector.zgc-non-generational-gone",
                CRIT,
                f"JDK {inp.jdk} ignores it ({msg}): non-generational ZGC was removed in 24, generational ZGC runs instead",
                flag.source,
                "Remove -XX:-ZGenerational; plan capacity for generational ZGC",
            )
        ]
    return [
        at(
            located,
            inp,
            "flag.obsolete",
            WARN,
            f"JDK {inp.jdk} ignores it: {msg}. {flag.note}".strip(),
            flag.source,
            _replacement(flag),
        )
    ]


def _unknown_flag(inp: OptionsInput, located: Located) -> list[Finding]:
    p = located.parsed
    if p.kind == "xlog":
        if inp.jdk <= 8:
            return [
                at(
                    located,
                    inp,
                    "flag.unrecognized",
                    CRIT,
                    "JDK 8 refuses to start: -Xlog (unified logging) exists from JDK 9 (JEP 158)",
                    "JEP 158",
                    "Prefix the line with '9-:'",
                )
            ]
        return []
    if p.kind != "xx":
        return []
    if inp.declared is not None:
        known = Known.YES if p.name in inp.declared else Known.NO
        kind = inp.declared.get(p.name)
        where = "the given java binary"
    else:
        known = jdk_flags.is_declared(p.name, inp.jdk)
        kind = jdk_flags.flag_kind(p.name, inp.jdk)
        measured = jdk_flags.nearest_measured(inp.jdk)
        where = f"real JDK {'/'.join(map(str, measured))} builds (advisor/facts/data)"
    if known is Known.NO:
        sev = WARN if _ignore_unrecognized(inp) else CRIT
        return [
            at(
                located,
                inp,
                "flag.unknown",
                sev,
                f"JDK {inp.jdk} refuses to start: Unrecognized VM option '{p.spelled}' (not declared by {where})",
                "HotSpot PrintFlagsFinal of " + where,
                "Fix the spelling or remove it",
            )
        ]
    if kind in ("experimental", "diagnostic"):
        return _needs_unlock(inp, located, kind, "HotSpot PrintFlagsFinal of " + where)
    return []


def check_lifecycle(inp: OptionsInput) -> list[Finding]:
    """Each option against the JDK's flag table: refused, ignored, deprecated, needs unlock."""
    return [f for located in inp.options for f in _lifecycle_one(inp, located)]


def check_collectors(inp: OptionsInput) -> list[Finding]:
    """Contradicting or pointless collector selection."""
    findings: list[Finding] = []
    jdk = inp.jdk
    selected: dict[str, Located] = {}
    disabled: list[Located] = []
    for located in inp.options:
        p = located.parsed
        collector = jdk_flags.COLLECTOR_FLAGS.get(p.name)
        if collector is None:
            continue
        if not _intended(p.name, jdk):
            continue  # reported by check_lifecycle
        if p.enabled:
            selected[collector.name] = located
        elif p.enabled is False and selected.pop(collector.name, None) is None:
            disabled.append(
                located
            )  # disables a collector nobody selected before (else it cancels that line)
    if len(selected) > 1:
        last = list(selected.values())[-1]
        findings.append(
            at(
                last,
                inp,
                "collector.multiple",
                CRIT,
                f"JDK {jdk} refuses to start: 'Multiple garbage collectors selected' ({', '.join(selected)})",
                GC_SELECT,
                "Keep exactly one -XX:+Use...GC line",
            )
        )
    default = jdk_flags.default_collector(jdk)
    for located in disabled:
        name = jdk_flags.COLLECTOR_FLAGS[located.parsed.name].name
        if selected:
            findings.append(
                at(
                    located,
                    inp,
                    "collector.pointless-disable",
                    INFO,
                    f"Disabling {name} does nothing: selecting {', '.join(selected)} already decides the collector",
                    GC_SELECT,
                    "Remove the line",
                )
            )
        elif name == default:
            findings.append(
                at(
                    located,
                    inp,
                    "collector.none-selected",
                    CRIT,
                    f"JDK {jdk} refuses to start: 'Garbage collector not selected (default collector explicitly disabled)'",
                    GC_SELECT,
                    "Select a collector (-XX:+UseG1GC) instead of disabling the default",
                )
            )
    return findings


def _intended(name: str, jdk: int) -> bool:
    """A collector flag that takes effect on this JDK once unlocked (not absent, expired or ignored)."""
    state = BY_NAME[name].state(jdk)
    return state not in (FlagState.ABSENT, FlagState.EXPIRED, FlagState.OBSOLETE)


def _heap_collector(inp: OptionsInput) -> str:
    chosen = [
        jdk_flags.COLLECTOR_FLAGS[o.parsed.name].name
        for o in inp.options
        if o.parsed.name in jdk_flags.COLLECTOR_FLAGS
        and o.parsed.enabled
        and _intended(o.parsed.name, inp.jdk)
    ]
    return chosen[-1] if chosen else jdk_flags.default_collector(inp.jdk)


SIZE_OPTION_ERRORS = {
    "Xmx": "Invalid maximum heap size",
    "Xms": "Invalid initial heap size",
    "Xmn": "Invalid initial young generation size",
    "Xss": "Invalid thread stack size",
}
"""What the java launcher prints (then 'Could not create the Java Virtual Machine') for a bad -X size."""


def check_size_syntax(inp: OptionsInput) -> list[Finding]:
    """-Xmx31gb, -Xms1.5g…: HotSpot accepts only digits plus one of k/m/g/t."""
    return [
        at(
            located,
            inp,
            "flag.bad-size",
            CRIT,
            f"The JVM refuses to start: '{SIZE_OPTION_ERRORS[located.parsed.name]}: {located.parsed.raw.strip()}' "
            "(a size is digits plus one of k, m, g, t)",
            "HotSpot arguments.cpp parse_each_vm_init_arg / atojulong",
            f"Write it like -{located.parsed.name}4g or -{located.parsed.name}4096m",
        )
        for located in inp.options
        if located.parsed.name in SIZE_OPTION_ERRORS
        and located.parsed.kind == "x"
        and size_bytes(located.parsed.value) is None
    ]


def check_heap_options(inp: OptionsInput) -> list[Finding]:
    """Xms/Xmx consistency and the compressed-oops cut-off for the chosen collector."""
    findings: list[Finding] = []
    xms, xmx = inp.last("Xms"), inp.last("Xmx")
    for name in ("InitialHeapSize", "MaxHeapSize"):
        alias = inp.last(name)
        if alias is not None:
            if name == "InitialHeapSize":
                xms = alias
            else:
                xmx = alias
    ms = size_bytes(xms.parsed.value) if xms else None
    mx = size_bytes(xmx.parsed.value) if xmx else None
    if ms is not None and mx is not None and ms != mx:
        if ms > mx:
            findings.append(
                at(
                    xms,
                    inp,
                    "heap.xms-above-xmx",
                    CRIT,
                    "The JVM refuses to start: 'Initial heap size set to a larger value than the maximum heap size'",
                    ARGS,
                    "Set -Xms equal to -Xmx",
                )
            )
        else:
            findings.append(
                at(
                    xms,
                    inp,
                    "heap.xms-not-xmx",
                    CRIT,
                    "Elasticsearch in production mode refuses to start (bootstrap check 'initial heap size "
                    "not equal to maximum heap size; this can cause resize pauses')",
                    "ES:BootstrapChecks HeapSizeCheck; ES docs 'Heap size check'",
                    f"Set -Xms{xmx.parsed.value if xmx else ''} equal to -Xmx",
                )
            )
    elif (xms is None) != (xmx is None):
        given = xms or xmx
        findings.append(
            at(
                given,
                inp,
                "heap.only-one-bound",
                WARN,
                "Only one of -Xms/-Xmx is set: ES's automatic heap sizing is switched off and the other bound "
                "comes from the JVM's defaults (1/64 or 1/4 of RAM), so Xms≠Xmx",
                es_heap.SOURCE_AUTO_HEAP,
                "Set both to the same value, or neither (let ES size the heap)",
            )
        )
    collector = _heap_collector(inp)
    coops = inp.last("UseCompressedOops")
    if collector == "ZGC" and coops is not None and coops.parsed.enabled:
        findings.append(
            at(
                coops,
                inp,
                "heap.zgc-coops-ignored",
                WARN,
                "ZGC ignores -XX:+UseCompressedOops (verified: UseCompressedOops = false {ergonomic})",
                "HotSpot zArguments.cpp",
                "Remove it",
            )
        )
    if mx is None or xmx is None:
        return findings
    mb = mx // (1024 * 1024)
    if not jdk_flags.COLLECTORS.get(collector, jdk_flags.COLLECTORS["G1"]).compressed_oops:
        belief = " (the comment's reason does not hold)" if "oops" in xmx.comment.lower() else ""
        if mx >= COOPS_BELIEF_ZONE_BYTES:
            findings.append(
                at(
                    xmx,
                    inp,
                    "heap.zgc-no-compressed-oops",
                    WARN,
                    f"ZGC never uses compressed oops, so the '31 GB' limit{belief} does not apply to -Xmx{xmx.parsed.value}: "
                    "the same live set needs more heap than with G1 (8-byte references)",
                    "HotSpot zArguments.cpp (UseCompressedOops=false; -XX:+UseZGC -XX:+PrintFlagsFinal shows it {ergonomic}); es#58989",
                    "Size a ZGC heap from the live set (≥2.5x live) and the RAM left for the page cache, not from 31g",
                )
            )
        return findings
    if inp.args.enabled("UseCompressedOops") is False:
        return findings
    oops = inp.oops
    if mb > oops.max_compressed_mb:
        findings.append(
            at(
                xmx,
                inp,
                "heap.above-coops-cutoff",
                WARN,
                f"-Xmx{xmx.parsed.value} ({mb} MiB) is above the compressed-oops cut-off ({oops.max_compressed_mb} MiB): "
                "every reference doubles to 8 bytes, so this heap holds less than a 31g one",
                oops.source,
                f"Use at most -Xmx{oops.max_zero_based_mb}m (zero-based compressed oops)",
            )
        )
    elif mb > oops.max_zero_based_mb:
        findings.append(
            at(
                xmx,
                inp,
                "heap.not-zero-based",
                INFO,
                f"-Xmx{xmx.parsed.value} keeps compressed oops but not zero-based mode (ends at {oops.max_zero_based_mb} MiB): "
                "each reference decode adds a base register",
                oops.source,
                f"-Xmx{oops.max_zero_based_mb}m or less keeps zero-based compressed oops",
            )
        )
    return findings


def check_cargo_cult(inp: OptionsInput) -> list[Finding]:
    """Settings copied from tuning posts that are wrong or pointless for Elasticsearch."""
    findings: list[Finding] = []
    args = inp.args
    heap = args.size("Xmx")
    jdk = inp.jdk
    collector = _heap_collector(inp)
    for located in inp.options:
        p = located.parsed
        name = p.name
        state = BY_NAME[name].state(jdk) if name in BY_NAME else FlagState.PRODUCT
        if state.refused or state is FlagState.OBSOLETE:
            continue
        if name == "ZCollectionInterval" and p.value not in (None, "0"):
            generational = collector == "ZGC" and jdk_flags.generational_zgc(
                jdk, args.enabled("ZGenerational")
            )
            alias = (
                " On generational ZGC it is an alias of ZCollectionIntervalMajor: a full major (young+old) "
                "collection every few seconds."
                if generational
                else ""
            )
            findings.append(
                at(
                    located,
                    inp,
                    "gc.forced-zgc-interval",
                    WARN,
                    f"ZCollectionInterval={p.value} forces a ZGC cycle every {p.value} s whether or not the heap needs it: "
                    f"constant CPU for concurrent marking taken from search threads.{alias}",
                    "HotSpot z_globals.hpp / zArguments.cpp (ZCollectionIntervalMajor alias)",
                    "Remove it; ZGC's allocation-rate heuristics start cycles when needed",
                )
            )
        elif name == "ZAllocationSpikeTolerance":
            findings.append(
                at(
                    located,
                    inp,
                    "gc.zgc-spike-tolerance",
                    WARN,
                    f"ZAllocationSpikeTolerance={p.value} (default 2) makes ZGC assume allocation spikes {p.value}x the average "
                    "and start cycles earlier: more concurrent GC CPU; it only helps with a measured allocation stall problem",
                    "HotSpot z_globals.hpp, zDirector.cpp",
                    "Remove it unless GC logs show 'Allocation Stall' that goes away with it",
                )
            )
        elif name == "AlwaysPreTouch" and p.enabled and heap and heap >= PRETOUCH_WARN_HEAP_BYTES:
            findings.append(
                at(
                    located,
                    inp,
                    "memory.pretouch-big-heap",
                    WARN,
                    f"AlwaysPreTouch faults in all {heap // GIB} GiB of heap before the node starts: tens of seconds of "
                    "start-up (readiness/liveness probes, rolling restarts) and RSS = heap immediately",
                    "jdk#17610; ES:SystemJvmOptions (ES 8+ always adds -XX:+AlwaysPreTouch; 6.x/7.x jvm.options)",
                    "Keep it only if start-up time is acceptable and probes allow for it; ES sets it itself",
                )
            )
        elif name == "UseLargePages" and p.enabled:
            swap_belief = "swap" in located.comment.lower()
            findings.append(
                at(
                    located,
                    inp,
                    "memory.large-pages-not-swap-control" if swap_belief else "memory.large-pages-needs-pool",
                    WARN,
                    (
                        "UseLargePages does not disable swapping (false belief in the comment): only the JVM's own "
                        "large-page regions are unswappable, the rest of the process still swaps. "
                        if swap_belief
                        else ""
                    )
                    + "It needs a hugetlbfs pool (vm.nr_hugepages) at least the heap size; otherwise the JVM warns (JDK 17+: "
                    "'UseLargePages disabled, no large pages configured and available on the system.', JDK 11: 'Failed to "
                    "reserve shared memory') and uses normal pages",
                    SRC_SWAP,
                    "To keep the heap in RAM use bootstrap.memory_lock: true (check process.mlockall) or swapoff; "
                    "for huge pages without a pool use -XX:+UseTransparentHugePages with THP 'madvise'",
                )
            )
        elif name in ("ParallelGCThreads", "ConcGCThreads") and p.value:
            threads = int(p.value) if p.value.isdigit() else None
            over = inp.cpus is not None and threads is not None and threads > inp.cpus
            findings.append(
                at(
                    located,
                    inp,
                    "gc.explicit-threads",
                    WARN,
                    f"{name}={p.value} fixed by hand: the JVM derives GC threads from the CPUs it may use (container-aware "
                    "since JDK 10 / 8u191); a number copied from a bigger host oversubscribes a container's CPU quota"
                    + (f" (here {inp.cpus:g} CPUs)" if over else ""),
                    "HotSpot WorkerPolicy (ParallelGCThreads from active processor count); JDK-8146115",
                    "Remove it; size the container's CPUs, or set node.processors (ES 8+ passes it on as -XX:ActiveProcessorCount, ES:SystemJvmOptions) and GC threads follow",
                )
            )
        elif name == "DisableExplicitGC" and p.enabled:
            findings.append(
                at(
                    located,
                    inp,
                    "gc.disable-explicit-gc",
                    WARN,
                    "DisableExplicitGC stops java.nio.Bits from reclaiming direct buffers with System.gc() when "
                    "MaxDirectMemorySize is reached: Netty/Lucene direct memory can then fail with OutOfMemoryError",
                    "OpenJDK java.nio.Bits.reserveMemory; ES:JvmErgonomics (MaxDirectMemorySize = heap/2)",
                    "Remove it (or use -XX:+ExplicitGCInvokesConcurrent with G1)",
                )
            )
        elif name in ("Xmn", "NewSize", "MaxNewSize", "NewRatio") and collector == "G1":
            findings.append(
                at(
                    located,
                    inp,
                    "gc.g1-fixed-young",
                    WARN,
                    f"-{'' if p.kind == 'x' else 'XX:'}{name} fixes G1's young generation size: G1 can no longer resize it to "
                    "meet MaxGCPauseMillis, so pauses grow with the young generation",
                    "Oracle G1 tuning guide ('Young generation size: avoid -Xmn, -XX:NewRatio')",
                    "Remove it and let G1 size the young generation",
                )
            )
        elif name == "UseCompressedOops" and p.enabled is False:
            findings.append(
                at(
                    located,
                    inp,
                    "heap.coops-disabled",
                    WARN,
                    "-XX:-UseCompressedOops doubles every reference to 8 bytes: the same data needs ~30-50 % more heap",
                    "HotSpot globals.hpp; ES docs heap size",
                    "Remove it and keep -Xmx below the compressed-oops cut-off",
                )
            )
        elif name == "IgnoreUnrecognizedVMOptions" and p.enabled:
            findings.append(
                at(
                    located,
                    inp,
                    "flag.ignore-unrecognized",
                    WARN,
                    "IgnoreUnrecognizedVMOptions hides mistyped and removed flags: the JVM starts with settings "
                    "silently missing",
                    "HotSpot arguments.cpp; PojavLauncher#2616",
                    "Remove it and fix the flags it hides",
                )
            )
        elif name == "MaxDirectMemorySize" and p.value and not (heap and size_bytes(p.value) == heap // 2):
            findings.append(
                at(
                    located,
                    inp,
                    "memory.direct-memory-set",
                    INFO,
                    f"MaxDirectMemorySize={p.value} overrides ES's choice (heap/2)",
                    es_heap.SOURCE_ERGONOMICS,
                    "Remove it unless you measured direct memory use",
                )
            )
        elif name == "UseCondCardMark" and collector in ("G1", "ZGC", "Shenandoah"):
            findings.append(
                at(
                    located,
                    inp,
                    "gc.cond-card-mark-unused",
                    INFO,
                    f"UseCondCardMark only changes the card-marking barrier of Serial/Parallel/CMS; {collector} ignores it",
                    "HotSpot gc_globals.hpp / cardTableBarrierSet",
                    "Remove it",
                )
            )
    return findings


def check_duplicates(inp: OptionsInput) -> list[Finding]:
    """The same flag set twice with different values: the later one wins, the earlier is dead."""
    seen: dict[str, Located] = {}
    findings: list[Finding] = []
    for located in inp.options:
        name = located.parsed.name
        if located.parsed.kind in ("xlog", "property", "other"):
            continue
        earlier = seen.get(name)
        if earlier is not None and earlier.parsed.raw.strip() != located.parsed.raw.strip():
            findings.append(
                at(
                    earlier,
                    inp,
                    "flag.overridden",
                    INFO,
                    f"{earlier.parsed.raw.strip()} is overridden later by {located.parsed.raw.strip()}"
                    + (f" ({located.file}:{located.line})" if located.file else ""),
                    "HotSpot: the last occurrence of a flag wins; ES reads jvm.options then jvm.options.d/*.options sorted",
                    "Keep one line per flag",
                )
            )
        seen[name] = located
    return findings


OPTION_CHECKS: list[OptionsCheck] = [
    check_bad_lines,
    check_lifecycle,
    check_size_syntax,
    check_collectors,
    check_heap_options,
    check_cargo_cult,
    check_duplicates,
]


def check_options(inp: OptionsInput) -> list[Finding]:
    return [finding for check in OPTION_CHECKS for finding in check(inp)]


def check(node: NodeFacts) -> list[Finding]:
    """The option rules on a running node's input arguments (lifecycle and cargo-cult settings; heap sizing
    is judged by ``rules.heap`` from what the node reports)."""
    from advisor.rules import context as ctx

    jdk = node.jdk_major
    if jdk is None or not node.input_arguments:
        return []
    inp = OptionsInput.from_arguments(
        node.input_arguments, jdk, oops=ctx.oops_cutoff(node), node=node.name, cpus=ctx.cpus(node)
    )
    covered_by_memory_rules = {
        "flag.experimental",
        "collector.cms-ignored",
        "memory.pretouch-big-heap",
        "memory.large-pages-needs-pool",
        "memory.large-pages-not-swap-control",
    }
    return [f for f in check_lifecycle(inp) + check_cargo_cult(inp) if f.id not in covered_by_memory_rules]
