"""A small read-only HTTP client for Elasticsearch / OpenSearch, on urllib3.

Why not the official ``elasticsearch`` client: it refuses servers that do not identify as Elasticsearch
(so OpenSearch fails), and client 9 sends ``compatible-with=9`` media types that 7.x/8.x servers reject.
This transport sends plain ``Accept: application/json`` and works against ES 6.8 to 9.x and OpenSearch 1 to 3.

Read-only by construction: the only request the class can make is ``GET`` (``_METHOD``), through
``get_json``; there is no method, parameter or attribute that takes an HTTP verb.

Credentials (basic, API key, bearer token) live in one ``Credentials`` object whose ``repr`` and
``describe()`` never contain the secret; error messages name the credential *kind*, never its value.
Elastic Cloud ids are decoded like ``elastic_transport.client_utils.parse_cloud_id``
(``name:base64("host[:port]$es_uuid$kibana_uuid")`` → ``https://es_uuid.host:port``, port 443 by default).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import socket
import ssl
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote, urlsplit, urlunsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    InsecureRequestWarning,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ProxyError,
    ReadTimeoutError,
    SSLError,
)

from advisor import __version__ as TOOL_VERSION
from advisor.errors import InputError, SourceError

_METHOD: Final = "GET"
"""The only HTTP method this module ever sends."""

DEFAULT_TIMEOUT_S: Final = 30.0
USER_AGENT: Final = f"es-jvm-advisor/{TOOL_VERSION}"
ENV_USERNAME, ENV_PASSWORD, ENV_API_KEY, ENV_BEARER = (
    "ES_USERNAME",
    "ES_PASSWORD",
    "ES_API_KEY",
    "ES_BEARER_TOKEN",
)


@dataclass(frozen=True)
class Credentials:
    """One way to authenticate. ``header`` is the ``Authorization`` value; it never appears in repr."""

    kind: str = "none"  # none | basic | api-key | bearer
    origin: str = ""  # where it came from, e.g. "--user", "ES_API_KEY" (never the value)
    header: str = field(default="", repr=False)

    def describe(self) -> str:
        labels = {
            "none": "no credentials",
            "basic": "basic auth",
            "api-key": "an API key",
            "bearer": "a bearer token",
        }
        label = labels[self.kind]
        return f"{label} (from {self.origin})" if self.origin else label

    @staticmethod
    def basic(username: str, password: str, origin: str) -> Credentials:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        return Credentials("basic", origin, f"Basic {token}")

    @staticmethod
    def api_key(key: str, origin: str) -> Credentials:
        """``key`` is the encoded key (``base64(id:api_key)``), or ``id:api_key`` which we encode."""
        key = key.strip()
        if ":" in key:
            key = base64.b64encode(key.encode()).decode()
        return Credentials("api-key", origin, f"ApiKey {key}")

    @staticmethod
    def bearer(token: str, origin: str) -> Credentials:
        return Credentials("bearer", origin, f"Bearer {token.strip()}")

    def secrets(self) -> tuple[str, ...]:
        """Strings that must never be printed (for redaction and tests)."""
        if self.kind == "none":
            return ()
        value = self.header.split(" ", 1)[1]
        out = [value]
        if self.kind == "basic":
            out.extend(base64.b64decode(value).decode(errors="replace").split(":", 1)[1:])
        return tuple(s for s in out if s)


@dataclass(frozen=True)
class TlsOptions:
    ca_file: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    insecure: bool = False


@dataclass(frozen=True)
class Target:
    """Where to connect: scheme://host:port plus an optional path prefix (behind a proxy)."""

    scheme: str
    host: str
    port: int
    path_prefix: str = ""

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}{self.path_prefix}"

    def __str__(self) -> str:
        return self.base_url


def parse_url(url: str) -> tuple[Target, Credentials | None]:
    """Split a user-given URL into a Target and credentials embedded as ``user:password@``.

    ``localhost:9200`` and ``host`` are accepted (http, port 9200).
    """
    raw = url.strip()
    if not raw:
        raise InputError("empty cluster URL")
    if "://" not in raw:
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as err:
        raise InputError(f"cannot read the cluster URL: {err}") from None
    if parts.scheme not in ("http", "https"):
        raise InputError(f"unsupported URL scheme {parts.scheme!r}: use http:// or https://")
    if not parts.hostname:
        raise InputError("the cluster URL has no host name")
    if port is None:
        port = 9200
    creds = None
    if parts.username is not None:
        from urllib.parse import unquote

        creds = Credentials.basic(unquote(parts.username), unquote(parts.password or ""), "the URL")
    prefix = parts.path.rstrip("/")
    return Target(parts.scheme, parts.hostname, port, prefix), creds


def parse_cloud_id(cloud_id: str) -> Target:
    """Elastic Cloud id → https target of the Elasticsearch endpoint."""
    name, sep, encoded = cloud_id.strip().partition(":")
    if not sep or not encoded:
        raise InputError("the Cloud id must look like NAME:BASE64 (copy it from the deployment page)")
    try:
        decoded = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=False).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise InputError(f"the Cloud id of deployment {name!r} is not valid base64") from None
    parts = decoded.split("$")
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise InputError(f"the Cloud id of deployment {name!r} does not hold host$es_uuid")
    parent, es_uuid = parts[0], parts[1]
    port = 443
    if ":" in parent:
        parent, _, port_text = parent.rpartition(":")
        if not port_text.isdigit():
            raise InputError(f"the Cloud id of deployment {name!r} has a bad port {port_text!r}")
        port = int(port_text)
    return Target("https", f"{es_uuid}.{parent}", port)


def credentials_from(
    *,
    user: str | None,
    password: str | None,
    api_key: str | None,
    bearer_token: str | None,
    environ: dict[str, str],
    url_credentials: Credentials | None = None,
) -> Credentials:
    """Pick exactly one credential: explicit options, then the URL, then ES_* environment variables."""
    explicit = [c for c in (user, api_key, bearer_token) if c]
    if len(explicit) > 1:
        raise InputError("give only one of --user, --api-key, --bearer-token")
    if user:
        secret = password if password is not None else environ.get(ENV_PASSWORD)
        if secret is None:
            raise InputError(f"--user needs a password: set {ENV_PASSWORD} (keeps it out of shell history)")
        return Credentials.basic(
            user, secret, "--user" + ("/--password" if password is not None else f"/{ENV_PASSWORD}")
        )
    if api_key:
        return Credentials.api_key(api_key, "--api-key")
    if bearer_token:
        return Credentials.bearer(bearer_token, "--bearer-token")
    if url_credentials is not None:
        return url_credentials
    if environ.get(ENV_API_KEY):
        return Credentials.api_key(environ[ENV_API_KEY], ENV_API_KEY)
    if environ.get(ENV_BEARER):
        return Credentials.bearer(environ[ENV_BEARER], ENV_BEARER)
    if environ.get(ENV_USERNAME):
        if ENV_PASSWORD not in environ:
            raise InputError(f"{ENV_USERNAME} is set but {ENV_PASSWORD} is not")
        return Credentials.basic(
            environ[ENV_USERNAME], environ[ENV_PASSWORD], f"{ENV_USERNAME}/{ENV_PASSWORD}"
        )
    return Credentials()


_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class ReadOnlyTransport:
    """GET-only JSON client bound to one target. Use ``get_json(path)``; close() when done."""

    def __init__(
        self,
        target: Target,
        credentials: Credentials | None = None,
        tls: TlsOptions | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._target = target
        self._credentials = credentials or Credentials()
        self._tls = tls or TlsOptions()
        self._timeout = urllib3.Timeout(connect=min(timeout_s, 10.0), read=timeout_s)
        self._timeout_s = timeout_s
        self._pool = self._make_pool()

    @property
    def target(self) -> Target:
        return self._target

    @property
    def credentials_kind(self) -> str:
        return self._credentials.kind

    def _pool_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"retries": False, "timeout": self._timeout}
        if self._target.scheme == "https":
            tls = self._tls
            for name, path in (
                ("CA file", tls.ca_file),
                ("client certificate", tls.client_cert),
                ("client key", tls.client_key),
            ):
                if path is not None:
                    try:
                        with open(path, "rb"):
                            pass
                    except OSError as err:
                        raise InputError(f"cannot read the {name} {path}: {err.strerror}") from None
            if tls.insecure:  # the user chose it: no warning per request
                urllib3.disable_warnings(InsecureRequestWarning)
                kwargs.update(cert_reqs=ssl.CERT_NONE, assert_hostname=False)
            else:
                kwargs["cert_reqs"] = ssl.CERT_REQUIRED
                if tls.ca_file:
                    kwargs["ca_certs"] = tls.ca_file
            if tls.client_cert:
                kwargs["cert_file"] = tls.client_cert
                kwargs["key_file"] = tls.client_key
        return kwargs

    def _make_pool(self) -> urllib3.PoolManager:
        kwargs = self._pool_kwargs()
        proxy = _proxy_for(self._target)
        proxy_password = urlsplit(proxy).password if proxy else None
        self._proxy_secrets: tuple[str, ...] = (proxy_password,) if proxy_password else ()
        try:
            if proxy:
                return urllib3.ProxyManager(proxy, **kwargs)
            return urllib3.PoolManager(**kwargs)
        except ssl.SSLError as err:
            raise InputError(f"cannot load the TLS files: {err.reason or err}") from None

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if self._credentials.kind != "none":
            headers["Authorization"] = self._credentials.header
        return headers

    def get_json(self, path: str) -> Any:
        """GET ``path`` (e.g. ``/_nodes/stats/jvm``) and return the decoded JSON body."""
        if not path.startswith("/"):
            path = "/" + path
        url = self._target.base_url + quote(path, safe="/?&=,_*:.-")
        where = f"{self._target.base_url} (GET {path})"
        try:
            response = self._pool.request(
                _METHOD, url, headers=self._headers(), redirect=False, preload_content=True
            )
        except Exception as err:  # urllib3 raises many types; each becomes one line
            raise SourceError(self._scrub(self._explain_failure(err, where))) from None
        try:
            document = self._decode(response, path, where)
        except HttpStatusError as err:
            raise HttpStatusError(self._scrub(str(err)), err.status) from None
        except SourceError as err:
            raise SourceError(self._scrub(str(err))) from None
        secrets = tuple(x for x in self._credentials.secrets() if len(x) >= MIN_REDACTED_LENGTH)
        if secrets and any(secret.encode() in response.data for secret in secrets):
            document = _redact(document, secrets)  # a server that echoes our headers back
        return document

    def _scrub(self, text: str) -> str:
        for secret in (*self._credentials.secrets(), *self._proxy_secrets):
            if len(secret) >= MIN_REDACTED_LENGTH:
                text = text.replace(secret, REDACTED)
        return text

    def close(self) -> None:
        self._pool.clear()

    def __enter__(self) -> ReadOnlyTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- errors -----------------------------------------------------------------------------------------

    def _explain_failure(self, err: BaseException, where: str) -> str:
        reason: BaseException = err.reason if isinstance(err, MaxRetryError) and err.reason else err
        host = f"{self._target.host}:{self._target.port}"
        if isinstance(reason, ProxyError):
            return f"the HTTP proxy failed to connect to {host} ({_first_line(reason)}); check HTTPS_PROXY/HTTP_PROXY/NO_PROXY"
        if _is_refused(reason):
            return f"connection refused by {host}; is the node running and listening on that port?"
        if isinstance(reason, NameResolutionError) or _is_dns_failure(reason):
            return f"cannot resolve host name {self._target.host!r} (DNS lookup failed); check the URL"
        if isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError):
            return f"connecting to {host} timed out after {self._timeout.connect_timeout:g} s; is the address reachable (firewall, security group)?"
        if isinstance(reason, ReadTimeoutError | socket.timeout | TimeoutError):
            return f"{where} timed out after {self._timeout_s:g} s waiting for an answer; raise --timeout or try a less busy node"
        if isinstance(reason, SSLError | ssl.SSLError):
            return self._explain_tls(reason, host)
        if isinstance(reason, NewConnectionError):
            return f"cannot connect to {host}: {_first_line(reason)}"
        if isinstance(reason, ProtocolError):
            hint = " (the port may expect https://)" if self._target.scheme == "http" else ""
            return f"{host} closed the connection without an HTTP answer{hint}"
        if isinstance(reason, HTTPError):
            return f"HTTP error talking to {host}: {_first_line(reason)}"
        return f"cannot read {where}: {type(reason).__name__}: {_first_line(reason)}"

    def _explain_tls(self, reason: BaseException, host: str) -> str:
        text = str(reason)
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            detail = text.split("certificate verify failed:", 1)[-1].split(")")[0].strip(" ()'\"")
            return (
                f"TLS failure: the certificate of {host} could not be verified ({detail or 'untrusted'}); "
                "pass the cluster's CA with --ca-cert FILE (or --insecure to skip verification)"
            )
        if "WRONG_VERSION_NUMBER" in text or "wrong version number" in text or "record layer failure" in text:
            return f"TLS failure: {host} does not speak TLS; use http:// instead of https://"
        if "hostname" in text.lower() and "match" in text.lower():
            return f"TLS failure: the certificate of {host} is not valid for that host name; use the name in the certificate or --insecure"
        if "CERTIFICATE_REQUIRED" in text or "certificate required" in text or "BAD_CERTIFICATE" in text:
            return f"TLS failure: {host} requires a client certificate; pass --client-cert FILE --client-key FILE"
        if "EOF occurred in violation of protocol" in text or "UNEXPECTED_EOF" in text:
            return (
                f"TLS failure: {host} closed the connection during the TLS handshake; it may require a client "
                "certificate (--client-cert FILE --client-key FILE)"
            )
        return f"TLS failure talking to {host}: {_first_line(reason)}"

    def _decode(self, response: Any, path: str, where: str) -> Any:
        status: int = response.status
        body: bytes = response.data or b""
        content_type = (response.headers.get("Content-Type") or "").lower()
        looks_html = "html" in content_type or body.lstrip()[:1] == b"<"
        if looks_html:
            title = _TITLE.search(body[:4096])
            label = f", page title {title.group(1).decode(errors='replace').strip()[:80]!r}" if title else ""
            return _raise(
                f"{where} returned an HTML page (HTTP {status}{label}) instead of JSON: a proxy, load balancer or "
                "login page is in the way; point the URL at the Elasticsearch HTTP port"
            )
        if status in (401, 403):
            return _raise(self._explain_auth(status, body))
        if 300 <= status < 400:
            location = response.headers.get("Location", "?")
            return _raise(
                f"{where} answered with a redirect (HTTP {status} to {_strip_userinfo(location)}); use that URL"
            )
        try:
            document = json.loads(body)
        except ValueError:
            snippet = body[:60].decode(errors="replace").strip()
            message = f"{where} did not return JSON (HTTP {status}, body starts {snippet!r})"
            if status >= 400:
                raise HttpStatusError(message, status) from None
            return _raise(message)
        if status >= 400:
            raise HttpStatusError(f"{where} failed with HTTP {status}: {_es_error_reason(document)}", status)
        return document

    def _explain_auth(self, status: int, body: bytes) -> str:
        creds = self._credentials
        host = self._target.base_url
        if status == 401:
            if creds.kind == "none":
                return (
                    f"HTTP 401 from {host}: the cluster needs credentials; use --user (password in "
                    f"{ENV_PASSWORD}), --api-key / {ENV_API_KEY} or --bearer-token"
                )
            return f"HTTP 401 from {host}: {creds.describe()} was rejected (wrong or expired)"
        try:
            reason = _es_error_reason(json.loads(body))
        except ValueError:
            reason = "forbidden"
        return (
            f"HTTP 403 from {host}: {creds.describe()} is valid but lacks a privilege ({reason}); "
            "the advisor needs the 'monitor' cluster privilege"
        )


REDACTED: Final = "[redacted]"
MIN_REDACTED_LENGTH: Final = 4
"""Shorter secrets are not replaced in text (a 1-letter password would blank out every such letter)."""


def _redact(document: Any, secrets: tuple[str, ...]) -> Any:
    """Replace every credential string inside a decoded JSON document."""
    if isinstance(document, str):
        for secret in secrets:
            document = document.replace(secret, REDACTED)
        return document
    if isinstance(document, list):
        return [_redact(item, secrets) for item in document]
    if isinstance(document, dict):
        return {_redact(k, secrets): _redact(v, secrets) for k, v in document.items()}
    return document


class HttpStatusError(SourceError):
    """The server answered, with an HTTP error status (``status``) other than 401/403."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _raise(message: str) -> Any:
    raise SourceError(message)


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:200] if text else type(err).__name__


def _chain(err: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in out and len(out) < 8:
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def _is_refused(err: BaseException) -> bool:
    return any(isinstance(e, ConnectionRefusedError) for e in _chain(err)) or "Connection refused" in str(err)


def _is_dns_failure(err: BaseException) -> bool:
    return any(isinstance(e, socket.gaierror) for e in _chain(err)) or "Name or service not known" in str(err)


def _es_error_reason(document: Any) -> str:
    if isinstance(document, dict):
        error = document.get("error")
        if isinstance(error, dict):
            kind = error.get("type", "error")
            return f"{kind}: {str(error.get('reason', ''))[:200]}"
        if isinstance(error, str):
            return error[:200]
    return "unexpected answer"


def _strip_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if parts.username is None:
        return url
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _proxy_for(target: Target) -> str | None:
    """The HTTP(S)_PROXY for this target unless NO_PROXY excludes it (standard library rules)."""
    proxies = urllib.request.getproxies()
    proxy = proxies.get(target.scheme)
    if not proxy:
        return None
    if urllib.request.proxy_bypass_environment(target.host, proxies):  # type: ignore[attr-defined]
        return None
    return proxy


def safe_url(url: str) -> str:
    """A URL as it may be shown: user info removed."""
    raw = url if "://" in url else "http://" + url
    return _strip_userinfo(raw)
