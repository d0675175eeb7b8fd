"""A loopback HTTP(S) server that answers like one Elasticsearch/OpenSearch version, for tests.

It serves the five recorded answers of a response folder, records every request it gets (method,
path, headers), and can be told to misbehave: demand credentials (401), forbid (403), answer HTML
like a proxy, answer JSON that is not ES, stall (timeout) or echo the request headers back into
every answer (to prove credentials never leak). TLS material is made with the ``openssl`` CLI.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROUTES = {
    "/": "root.json",
    "/_nodes/_all/settings,os,process,jvm": "nodes.json",
    "/_nodes": "nodes.json",
    "/_nodes/stats/jvm,os,process,fs,breaker,indices": "nodes_stats.json",
    "/_nodes/stats": "nodes_stats.json",
    "/_cluster/health": "cluster_health.json",
    "/_cat/nodes": "cat_nodes.json",
}


@dataclass
class Behaviour:
    auth_header: str | None = None  # required Authorization value; None = open cluster
    forbid: bool = False  # valid credentials, but 403 for everything
    mode: str = "es"  # es | html | not-es | not-json | slow | echo
    delay_s: float = 0.0
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return

    def _record(self) -> None:
        self.server.behaviour.requests.append((self.command, self.path, dict(self.headers.items())))

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, document: Any, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(document).encode(), extra=extra)

    def _refuse_method(self) -> None:
        self._record()
        self._json(405, {"error": f"method {self.command} not allowed by the test server"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _refuse_method

    def do_GET(self) -> None:
        self._record()
        b = self.server.behaviour
        echo = {"echo_headers": dict(self.headers.items())} if b.mode == "echo" else {}
        if b.mode == "slow":
            time.sleep(b.delay_s)
        if b.auth_header is not None and self.headers.get("Authorization") != b.auth_header:
            reason = (
                "unable to authenticate user"
                if self.headers.get("Authorization")
                else "missing authentication credentials"
            )
            self._json(
                401,
                {"error": {"type": "security_exception", "reason": reason, **echo}, "status": 401},
                {"WWW-Authenticate": 'Basic realm="security" charset="UTF-8"'},
            )
            return
        if b.forbid:
            reason = f"action [cluster:monitor/nodes/info] is unauthorized {echo or ''}"
            self._json(403, {"error": {"type": "security_exception", "reason": reason}, "status": 403})
            return
        if b.mode == "html":
            page = (
                b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
            )
            self._send(502, page, "text/html")
            return
        if b.mode == "not-json":
            self._send(200, b"OK all good", "text/plain")
            return
        path = self.path.split("?")[0]
        if b.mode == "not-es":
            self._json(200, {"status": "UP", "service": "order-api"})
            return
        name = ROUTES.get(path)
        if path == "/" and not (self.server.folder / "root.json").exists():  # ES 8+/9 test distributions
            self._json(
                405,
                {
                    "error": "Incorrect HTTP method for uri [/] and method [GET], allowed: [DELETE]",
                    "status": 405,
                },
            )
            return
        if name is None or not (self.server.folder / name).exists():
            self._json(
                404, {"error": {"type": "not_found", "reason": f"no handler for {path}"}, "status": 404}
            )
            return
        document = json.loads((self.server.folder / name).read_text())
        if echo and isinstance(document, dict):
            document = {**document, **echo}
        self._json(200, document)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(
        self, request: Any, client_address: Any
    ) -> None:  # a client that hung up (timeout tests)
        return

    def __init__(self, folder: Path, behaviour: Behaviour) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.folder = folder
        self.behaviour = behaviour


@dataclass
class Running:
    url: str
    behaviour: Behaviour

    @property
    def methods(self) -> set[str]:
        return {m for m, _p, _h in self.behaviour.requests}

    @property
    def paths(self) -> list[str]:
        return [p for _m, p, _h in self.behaviour.requests]


@contextmanager
def serve(
    folder: Path, behaviour: Behaviour | None = None, tls: ssl.SSLContext | None = None
) -> Iterator[Running]:
    """Run the server in a thread for the duration of the ``with`` block; always shut down."""
    behaviour = behaviour or Behaviour()
    server = _Server(folder, behaviour)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    scheme = "https" if tls else "http"
    try:
        yield Running(f"{scheme}://127.0.0.1:{server.server_address[1]}", behaviour)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class Pki:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    other_ca: Path  # a CA that did not sign anything here

    def server_context(self, require_client_cert: bool = False) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.server_cert, self.server_key)
        if require_client_cert:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(self.ca)
        return ctx


def make_pki(folder: Path) -> Pki:
    """A CA, a server certificate for 127.0.0.1/localhost and a client certificate (openssl CLI)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl CLI not found")

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], cwd=folder, check=True, capture_output=True, timeout=60)

    for ca in ("ca", "other-ca"):
        run(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            f"{ca}.key",
            "-out",
            f"{ca}.pem",
            "-days",
            "2",
            "-subj",
            f"/CN=advisor test {ca}",
        )
    (folder / "server.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    (folder / "client.ext").write_text("extendedKeyUsage=clientAuth\n")
    for name in ("server", "client"):
        run(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            f"{name}.key",
            "-out",
            f"{name}.csr",
            "-subj",
            f"/CN={name}",
        )
        run(
            "x509",
            "-req",
            "-in",
            f"{name}.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            f"{name}.pem",
            "-days",
            "2",
            "-extfile",
            f"{name}.ext",
        )
    return Pki(
        ca=folder / "ca.pem",
        server_cert=folder / "server.pem",
        server_key=folder / "server.key",
        client_cert=folder / "client.pem",
        client_key=folder / "client.key",
        other_ca=folder / "other-ca.pem",
    )
