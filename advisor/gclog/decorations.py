"""Unified-logging decorations (JEP 158): ``[2022-12-15T06:22:27.932+0000][16320][info][gc,start    ] msg``.

Any subset and order of ``time``/``utctime`` (ISO-8601 with offset), ``uptime`` (``0.333s``),
``uptimemillis``/``timemillis`` (``5355ms``), ``uptimenanos``/``timenanos`` (``...ns``), ``level`` (possibly
space padded, es#92382), ``pid``/``tid`` (digits) and ``tags`` may precede the message; ``none`` leaves the
bare message. ``split`` returns ``(uptime_s, epoch_s, message)``.
"""

from __future__ import annotations

import re
from datetime import datetime

LEVELS = frozenset({"trace", "debug", "info", "warning", "error", "develop"})

EPOCH_MILLIS_FLOOR = 10**11
"""``timemillis`` values are epoch milliseconds (>= 1973); ``uptimemillis`` values are far below."""

_MINUTE_CACHE: dict[str, float] = {}


def iso_to_epoch(text: str) -> float | None:
    """``2022-12-15T06:22:27.932+0000`` (or ``,932``, ``-0500``, ``+01:00``) → epoch seconds.

    The minute part and offset are cached, so a log costs one ``strptime`` per distinct minute.
    """
    if len(text) < 19 or text[4] != "-" or text[10] != "T":
        return None
    minute = text[:16]
    offset = text[23:] if len(text) > 23 and text[19] in ".," else text[19:]
    key = minute + offset
    base = _MINUTE_CACHE.get(key)
    if base is None:
        try:
            parsed = datetime.strptime(minute + (offset.replace(":", "") or "+0000"), "%Y-%m-%dT%H:%M%z")
        except ValueError:
            return None
        base = parsed.timestamp()
        if len(_MINUTE_CACHE) > 4096:
            _MINUTE_CACHE.clear()
        _MINUTE_CACHE[key] = base
    try:
        seconds = float(text[17:23].replace(",", ".")) if text[19:20] in (".", ",") else float(text[17:19])
    except ValueError:
        return None
    return base + seconds


def _classify(token: str, times: list[float | None]) -> bool:
    """Store a time decoration in ``times`` [uptime, epoch]; True when ``token`` is a decoration."""
    if not token:
        return False
    last = token[-1]
    if last == "s" and token[0].isdigit():
        if token.endswith("ms"):
            number = token[:-2]
            if number.isdigit():
                value = int(number)
                if value >= EPOCH_MILLIS_FLOOR:
                    times[1] = value / 1000.0
                else:
                    times[0] = value / 1000.0
                return True
            return False
        if token.endswith("ns"):
            number = token[:-2]
            if number.isdigit():
                value = int(number)
                if value >= EPOCH_MILLIS_FLOOR * 10**6:
                    times[1] = value / 1e9
                else:
                    times[0] = value / 1e9
                return True
            return False
        try:
            times[0] = float(token[:-1].replace(",", "."))
        except ValueError:
            return False
        return True
    if token[0].isdigit():
        if token.isdigit():
            return True  # pid / tid
        epoch = iso_to_epoch(token)
        if epoch is not None:
            times[1] = epoch
            return True
        return False
    return True  # level or tags


def split(line: str) -> tuple[float | None, float | None, str]:
    """``(uptime_s, epoch_s, message)`` of one unified-logging line (decorations stripped)."""
    if not line.startswith("["):
        return None, None, line
    times: list[float | None] = [None, None]
    pos = 0
    length = len(line)
    while pos < length and line[pos] == "[":
        end = line.find("]", pos + 1)
        if end == -1:
            break
        token = line[pos + 1 : end].strip()
        if not _classify(token, times):
            break
        pos = end + 1
    if pos < length and line[pos] == " ":
        pos += 1
    return times[0], times[1], line[pos:]


def is_decorated(line: str) -> bool:
    """True when the line starts with at least one unified-logging time/level/tags decoration."""
    if not line.startswith("["):
        return False
    end = line.find("]")
    if end == -1:
        return False
    token = line[1:end].strip()
    if token in LEVELS or token.startswith(("gc", "safepoint")):
        return True
    times: list[float | None] = [None, None]
    return bool(token) and token[0].isdigit() and _classify(token, times) and not token.isdigit()


PREFIX = re.compile(r"(?:\[[^\]\n]*\])+ ?")
"""All leading ``[...]`` decorations of a line (C-speed; the message starts at ``match.end()``)."""

TIME_TOKEN = re.compile(r"\[\s*(?:(\d{4}-\d\d-\d\dT[^\]\s]+)|(\d+(?:[.,]\d+)?)(s|ms|ns))\s*\]")
"""A time decoration inside the prefix: ISO date-time (``time``/``utctime``) or number + unit."""

_UNIT_SECONDS = {"s": 1.0, "ms": 1e-3, "ns": 1e-9}


def times(prefix: str) -> tuple[float | None, float | None]:
    """``(uptime_s, epoch_s)`` from a decoration prefix found by ``PREFIX``."""
    uptime = epoch = None
    for match in TIME_TOKEN.finditer(prefix):
        iso = match.group(1)
        if iso is not None:
            epoch = iso_to_epoch(iso)
            continue
        unit, text = match.group(3), match.group(2)
        # HotSpot prints whole ms/ns; a damaged "[74,5ms]" is read like the seconds form, not a crash
        value = int(text) if unit != "s" and text.isdigit() else float(text.replace(",", "."))
        seconds = value * _UNIT_SECONDS[unit]
        if unit != "s" and seconds >= EPOCH_MILLIS_FLOOR / 1000:
            epoch = seconds  # timemillis / timenanos
        else:
            uptime = seconds
    return uptime, epoch
