"""Targets: ``LABEL=URL`` parsing, the loopback guard, credentials kept out of everything written, and
the read-only GETs that describe a target (``GET /``, ``GET /_nodes/jvm``, the index ``_meta``).

A load test pointed at production by mistake is an outage: a target whose host is not a loopback address
(127.0.0.0/8, ::1, ``localhost``) needs ``--allow-remote``.
"""

from __future__ import annotations

import base64
import ipaddress
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from advisor.errors import InputError, SourceError

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


@dataclass(frozen=True)
class Target:
    label: str
    url: str
    """Base URL without credentials (safe to print and store)."""
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    """Authorization header if the URL carried credentials; never written anywhere."""


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_url(url: str, label: str = "target", allow_remote: bool = False) -> Target:
    """Validate a cluster URL; strip credentials into a header; enforce the loopback guard."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{label}: {url!r} is not an http(s) URL")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError as err:
        raise InputError(f"{label}: bad port in URL ({err})") from None
    if not allow_remote and not is_loopback(parts.hostname):
        raise InputError(
            f"{label}: {parts.hostname} is not a loopback address; a load test against a remote cluster "
            "needs --allow-remote (and the cluster owner's consent)"
        )
    headers = {}
    if parts.username is not None:
        secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(secret).decode()
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    return Target(label=label, url=clean, headers=headers)


def parse_target(spec: str, allow_remote: bool) -> Target:
    """``LABEL=URL`` (or a bare URL, labelled by its host:port)."""
    label, sep, url = spec.partition("=")
    if not sep or "://" in label:
        label, url = "", spec
    target = parse_url(url, label or "target", allow_remote)
    if not label:
        label = urlsplit(target.url).netloc
    if not label.replace("-", "").replace("_", "").replace(".", "").replace(":", "").isalnum():
        raise InputError(f"target label {label!r}: use letters, digits, '-', '_', '.'")
    return Target(label=label, url=target.url, headers=target.headers)


class Http:
    """A tiny JSON-over-HTTP client (urllib3) for the describe/poll GETs; cooperative under gevent."""

    def __init__(self, target: Target, timeout_s: float = 5.0) -> None:
        import urllib3

        self.target = target
        self.pool = urllib3.PoolManager(
            num_pools=2,
            maxsize=2,
            timeout=urllib3.Timeout(total=timeout_s),
            retries=False,
            cert_reqs="CERT_NONE",
        )
        urllib3.disable_warnings()

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json"
    ) -> Any:
        """JSON of the answer; SourceError with one clear line on any failure."""
        import urllib3

        headers = {"Accept": "application/json", **self.target.headers}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            resp = self.pool.request(method, self.target.url + path, body=body, headers=headers)
        except urllib3.exceptions.HTTPError as err:
            raise SourceError(f"{self.target.label}: {method} {path} failed: {err}") from None
        if resp.status >= 400:
            reason = _error_reason(resp.data)
            raise SourceError(f"{self.target.label}: {method} {path} answered HTTP {resp.status}{reason}")
        try:
            return json.loads(resp.data or b"null")
        except ValueError:
            raise SourceError(f"{self.target.label}: {method} {path} did not answer JSON") from None

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def status(self, method: str, path: str) -> int:
        try:
            return int(self.pool.request(method, self.target.url + path, headers=self.target.headers).status)
        except Exception:
            return 0


def _error_reason(data: bytes) -> str:
    try:
        err = json.loads(data).get("error")
    except (ValueError, AttributeError):
        return ""
    if isinstance(err, dict):
        return f" ({err.get('type')}: {err.get('reason')})"
    return f" ({err})" if err else ""


def describe(http: Http) -> dict[str, Any]:
    """Version, distribution and per-node JVM facts of a target, for ``run.json``."""
    root = http.get("/")
    version = root.get("version", {}) if isinstance(root, dict) else {}
    info = {
        "url": http.target.url,
        "version": version.get("number"),
        "distribution": version.get("distribution", "elasticsearch"),
        "nodes": [],
    }
    try:
        nodes = http.get("/_nodes/jvm").get("nodes", {})
    except SourceError:
        nodes = {}
    for node_id, node in sorted(nodes.items()):
        jvm = node.get("jvm", {})
        info["nodes"].append(
            {
                "id": node_id,
                "name": node.get("name", node_id),
                "jvm_version": jvm.get("version"),
                "vm_name": jvm.get("vm_name"),
                "collectors": jvm.get("gc_collectors", []),
                "input_arguments": jvm.get("input_arguments", []),
                "heap_max_bytes": jvm.get("mem", {}).get("heap_max_in_bytes"),
            }
        )
    return info


def index_meta(http: Http, index: str) -> dict[str, Any]:
    """The ``_meta`` ``loadtest seed`` stored in the index mapping ({} if absent / not readable)."""
    try:
        mapping = http.get(f"/{index}/_mapping")
    except SourceError:
        return {}
    for body in (mapping or {}).values():
        mappings = body.get("mappings", {}) if isinstance(body, dict) else {}
        if "_doc" in mappings and "properties" not in mappings:  # 6.x typed answer
            mappings = mappings["_doc"]
        meta = mappings.get("_meta")
        if isinstance(meta, dict):
            return meta
    return {}
