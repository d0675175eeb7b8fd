"""Understand one JVM option string: its flag name, sign, value, and heap sizes in bytes.

``-XX:+UseG1GC`` → (UseG1GC, True); ``-XX:MaxGCPauseMillis=200`` → (MaxGCPauseMillis, "200");
``-Xmx31g`` → (Xmx, "31g"); ``-Xlog:gc*`` → (Xlog, …); ``-Dfoo=bar`` → system property.
The flag name is what DESIGN.md calls ``flag`` in lint findings (no ``-XX:``, sign or value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_XX = re.compile(r"^-XX:(?P<sign>[+-])?(?P<name>[A-Za-z0-9_]+)(?:=(?P<value>.*))?$")
_X_SIZE = re.compile(r"^-X(?P<name>ms|mx|mn|ss)(?P<value>.+)$")
_SIZE = re.compile(r"^(?P<num>\d+)(?P<unit>[kKmMgGtT]?)$")
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


@dataclass(frozen=True)
class ParsedOption:
    raw: str
    kind: str  # "xx" | "x" | "xlog" | "property" | "other"
    name: str  # flag name as DESIGN.md's `flag` (UseG1GC, Xmx, Xlog, Xloggc, D:es.foo)
    enabled: bool | None = None  # for -XX:+/-Flag
    value: str | None = None

    @property
    def spelled(self) -> str:
        """As HotSpot echoes it in 'Unrecognized VM option': name, plus =value for value flags."""
        return self.name if self.value is None else f"{self.name}={self.value}"


def parse_option(raw: str) -> ParsedOption:
    text = raw.strip()
    m = _XX.match(text)
    if m:
        sign = m.group("sign")
        return ParsedOption(
            raw, "xx", m.group("name"), None if sign is None else sign == "+", m.group("value")
        )
    m = _X_SIZE.match(text)
    if m:
        return ParsedOption(raw, "x", "X" + m.group("name"), value=m.group("value"))
    if text.startswith("-Xloggc"):
        return ParsedOption(raw, "x", "Xloggc", value=text.partition(":")[2] or None)
    if text.startswith("-Xlog"):
        return ParsedOption(raw, "xlog", "Xlog", value=text[len("-Xlog") :].lstrip(":") or None)
    if text.startswith("-D"):
        key, _, value = text[2:].partition("=")
        return ParsedOption(raw, "property", f"D:{key}", value=value)
    name = text.lstrip("-").split("=")[0].split(":")[0]
    return ParsedOption(raw, "other", name or text)


def size_bytes(value: str | None) -> int | None:
    """HotSpot size syntax: 31g, 32766m, 4096k, 1073741824 → bytes (None if not a size)."""
    if value is None:
        return None
    m = _SIZE.match(value.strip())
    if not m:
        return None
    return int(m.group("num")) * _UNITS[m.group("unit").lower()]


def format_size(n_bytes: int) -> str:
    """Bytes → the shortest exact HotSpot size: 31g, 30720m, 512k."""
    for unit, factor in (("g", 1024**3), ("m", 1024**2), ("k", 1024)):
        if n_bytes % factor == 0:
            return f"{n_bytes // factor}{unit}"
    return str(n_bytes)


@dataclass(frozen=True)
class JvmArgs:
    """The final value of each flag after a list of options (last one wins, as in HotSpot)."""

    flags: dict[str, ParsedOption]

    @classmethod
    def of(cls, options: list[str] | tuple[str, ...]) -> JvmArgs:
        final: dict[str, ParsedOption] = {}
        for raw in options:
            parsed = parse_option(raw)
            name = parsed.name
            if name in ("InitialHeapSize",):
                name = "Xms"
            elif name == "MaxHeapSize":
                name = "Xmx"
            final[name] = parsed
        return cls(final)

    def enabled(self, name: str) -> bool | None:
        opt = self.flags.get(name)
        return None if opt is None else opt.enabled

    def value(self, name: str) -> str | None:
        opt = self.flags.get(name)
        return None if opt is None else opt.value

    def size(self, name: str) -> int | None:
        return size_bytes(self.value(name))

    def selected_collectors(self) -> list[str]:
        from advisor.facts.jdk_flags import COLLECTOR_FLAGS

        return [
            COLLECTOR_FLAGS[n].name for n, opt in self.flags.items() if n in COLLECTOR_FLAGS and opt.enabled
        ]
