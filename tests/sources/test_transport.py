"""Verify the read-only transport: GET only, every auth kind, TLS paths, and one-line errors."""

from __future__ import annotations

import ast
import base64
import inspect
import socket
from pathlib import Path

import pytest

from advisor.errors import InputError, SourceError
from advisor.sources import transport as transport_module
from advisor.sources.live import fetch_cluster
from advisor.sources.transport import (
    Credentials,
    ReadOnlyTransport,
    Target,
    TlsOptions,
    credentials_from,
    parse_cloud_id,
    parse_url,
    safe_url,
)
from tests.sources.conftest import DATA
from tests.sources.loopback import Behaviour, Pki, serve

ES8 = DATA / "recorded" / "elasticsearch-8.15.3"
SECRET = "s3cr3t-Pa55-word"


def client(
    url: str, creds: Credentials | None = None, tls: TlsOptions | None = None, timeout: float = 5
) -> ReadOnlyTransport:
    target, url_creds = parse_url(url)
    return ReadOnlyTransport(target, creds or url_creds, tls, timeout_s=timeout)


def error_of(
    url: str, creds: Credentials | None = None, tls: TlsOptions | None = None, timeout: float = 5
) -> str:
    with pytest.raises(SourceError) as info, client(url, creds, tls, timeout) as c:
        c.get_json("/")
    text = str(info.value)
    assert "\n" not in text
    return text


# -- read-only by construction ------------------------------------------------------------------------


def test_every_request_call_in_transport_sends_the_get_constant() -> None:
    """Verify that the module's only HTTP calls pass _METHOD, and that _METHOD is GET."""
    assert transport_module._METHOD == "GET"
    tree = ast.parse(Path(inspect.getfile(transport_module)).read_text())
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"request", "urlopen", "request_encode_body", "request_encode_url"}
    ]
    assert calls, "the transport must make at least one request call"
    for call in calls:
        assert isinstance(call.args[0], ast.Name) and call.args[0].id == "_METHOD", ast.unparse(call)


def test_transport_offers_no_way_to_choose_a_method() -> None:
    public = {name for name in dir(ReadOnlyTransport) if not name.startswith("_")}
    assert public == {"get_json", "close", "target", "credentials_kind"}
    assert list(inspect.signature(ReadOnlyTransport.get_json).parameters) == ["self", "path"]


def test_a_whole_fetch_sends_only_gets() -> None:
    with serve(ES8) as server, client(server.url) as c:
        fetch_cluster(c)
    assert server.methods == {"GET"}
    assert server.paths[0] == "/"
    assert len(server.paths) == 5


# -- authentication -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "creds, header",
    [
        (
            Credentials.basic("elastic", SECRET, "test"),
            "Basic " + base64.b64encode(f"elastic:{SECRET}".encode()).decode(),
        ),
        (
            Credentials.api_key("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", "test"),
            "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
        ),
        (
            Credentials.api_key("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw", "test"),
            "ApiKey " + base64.b64encode(b"VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw").decode(),
        ),
        (Credentials.bearer("eyJhbGciOi.token", "test"), "Bearer eyJhbGciOi.token"),
    ],
)
def test_each_credential_kind_is_accepted(creds: Credentials, header: str) -> None:
    with serve(ES8, Behaviour(auth_header=header)) as server, client(server.url, creds) as c:
        assert c.get_json("/")["cluster_name"] == "shop"
    assert server.behaviour.requests[0][2]["Authorization"] == header


def test_credentials_in_the_url_are_used_and_never_shown() -> None:
    header = "Basic " + base64.b64encode(f"elastic:{SECRET}".encode()).decode()
    with serve(ES8, Behaviour(auth_header=header)) as server:
        url = server.url.replace("://", f"://elastic:{SECRET}@")
        with client(url) as c:
            assert c.get_json("/")["cluster_name"] == "shop"
        assert SECRET not in safe_url(url) and "elastic@" not in safe_url(url)


def test_401_without_credentials_says_how_to_give_them() -> None:
    with serve(ES8, Behaviour(auth_header="Basic x")) as server:
        message = error_of(server.url)
    assert "HTTP 401" in message and "--user" in message and "ES_API_KEY" in message


def test_401_names_the_credential_kind_never_its_value() -> None:
    with serve(ES8, Behaviour(auth_header="Basic other", mode="echo")) as server:
        message = error_of(server.url, Credentials.basic("elastic", SECRET, "ES_USERNAME/ES_PASSWORD"))
    assert "basic auth (from ES_USERNAME/ES_PASSWORD) was rejected" in message
    assert SECRET not in message


def test_403_says_which_privilege_and_redacts_an_echoed_secret() -> None:
    creds = Credentials.api_key(SECRET, "ES_API_KEY")
    with serve(ES8, Behaviour(forbid=True, mode="echo")) as server:
        message = error_of(server.url, creds)
    assert "HTTP 403" in message and "an API key (from ES_API_KEY)" in message and "monitor" in message
    assert SECRET not in message


def test_echoed_credentials_are_redacted_from_documents() -> None:
    creds = Credentials.basic("elastic", SECRET, "test")
    with serve(ES8, Behaviour(mode="echo")) as server, client(server.url, creds) as c:
        document = c.get_json("/")
    assert "[redacted]" in document["echo_headers"]["Authorization"]
    assert SECRET not in str(document) and creds.header.split()[1] not in str(document)


def test_credentials_never_appear_in_repr_or_describe() -> None:
    for creds in (
        Credentials.basic("u", SECRET, "x"),
        Credentials.api_key(SECRET, "x"),
        Credentials.bearer(SECRET, "x"),
    ):
        assert SECRET not in repr(creds) and SECRET not in creds.describe()


def test_credentials_from_env_and_options() -> None:
    env = {"ES_USERNAME": "elastic", "ES_PASSWORD": SECRET}
    assert (
        credentials_from(user=None, password=None, api_key=None, bearer_token=None, environ=env).kind
        == "basic"
    )
    assert (
        credentials_from(
            user=None, password=None, api_key=None, bearer_token=None, environ={"ES_API_KEY": "k"}
        ).kind
        == "api-key"
    )
    assert (
        credentials_from(
            user="u", password=None, api_key=None, bearer_token=None, environ={"ES_PASSWORD": "p"}
        ).origin
        == "--user/ES_PASSWORD"
    )
    assert (
        credentials_from(user=None, password=None, api_key=None, bearer_token=None, environ={}).kind == "none"
    )
    with pytest.raises(InputError, match="ES_PASSWORD"):
        credentials_from(user="u", password=None, api_key=None, bearer_token=None, environ={})
    with pytest.raises(InputError, match="only one"):
        credentials_from(user="u", password="p", api_key="k", bearer_token=None, environ={})
    with pytest.raises(InputError, match="ES_PASSWORD is not"):
        credentials_from(
            user=None, password=None, api_key=None, bearer_token=None, environ={"ES_USERNAME": "u"}
        )


# -- TLS ------------------------------------------------------------------------------------------------


def test_tls_with_the_cluster_ca(pki: Pki) -> None:
    with (
        serve(ES8, tls=pki.server_context()) as server,
        client(server.url, tls=TlsOptions(ca_file=str(pki.ca))) as c,
    ):
        assert c.get_json("/")["version"]["number"] == "8.15.3"


def test_tls_untrusted_certificate_is_one_clear_line(pki: Pki) -> None:
    with serve(ES8, tls=pki.server_context()) as server:
        message = error_of(server.url)  # system CAs do not know our test CA
        wrong_ca = error_of(server.url, tls=TlsOptions(ca_file=str(pki.other_ca)))
    for text in (message, wrong_ca):
        assert text.startswith("TLS failure: the certificate of 127.0.0.1:") and "--ca-cert" in text


def test_tls_insecure_skips_verification(pki: Pki) -> None:
    with (
        serve(ES8, tls=pki.server_context()) as server,
        client(server.url, tls=TlsOptions(insecure=True)) as c,
    ):
        assert c.get_json("/")["cluster_name"] == "shop"


def test_tls_client_certificate(pki: Pki) -> None:
    tls = TlsOptions(ca_file=str(pki.ca), client_cert=str(pki.client_cert), client_key=str(pki.client_key))
    with serve(ES8, tls=pki.server_context(require_client_cert=True)) as server:
        with client(server.url, tls=tls) as c:
            assert c.get_json("/")["cluster_name"] == "shop"
        message = error_of(server.url, tls=TlsOptions(ca_file=str(pki.ca)))
    # TLS 1.3: the client sees either the server's certificate_required alert or the closed connection
    assert message.startswith("TLS failure: 127.0.0.1:") and "client certificate" in message
    assert "--client-cert FILE --client-key FILE" in message


def test_https_against_a_plain_http_port() -> None:
    with serve(ES8) as server:
        message = error_of(server.url.replace("http://", "https://"))
    assert "does not speak TLS" in message and "http://" in message


def test_missing_tls_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the CA file"):
        ReadOnlyTransport(Target("https", "127.0.0.1", 1), tls=TlsOptions(ca_file=str(tmp_path / "nope.pem")))


# -- network and protocol errors ------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused() -> None:
    message = error_of(f"http://127.0.0.1:{_closed_port()}")
    assert message.startswith("connection refused by 127.0.0.1:")


def test_dns_failure() -> None:
    message = error_of("http://no-such-host.invalid:9200")
    assert "cannot resolve host name 'no-such-host.invalid'" in message


def test_read_timeout() -> None:
    with serve(ES8, Behaviour(mode="slow", delay_s=1.5)) as server:
        message = error_of(server.url, timeout=0.3)
    assert "timed out after 0.3 s" in message


def test_proxy_html_page_instead_of_json() -> None:
    with serve(ES8, Behaviour(mode="html")) as server:
        message = error_of(server.url)
    assert "HTML page (HTTP 502, page title '502 Bad Gateway')" in message and "proxy" in message


def test_not_json() -> None:
    with serve(ES8, Behaviour(mode="not-json")) as server:
        assert "did not return JSON" in error_of(server.url)


def test_json_that_is_not_elasticsearch() -> None:
    with (
        serve(ES8, Behaviour(mode="not-es")) as server,
        client(server.url) as c,
        pytest.raises(SourceError) as info,
    ):
        fetch_cluster(c)
    assert "not Elasticsearch or OpenSearch" in str(info.value)


def test_a_server_without_es_apis(tmp_path: Path) -> None:
    with serve(tmp_path) as server, client(server.url) as c, pytest.raises(SourceError) as info:
        fetch_cluster(c)  # GET / → 405, GET /_nodes/... → 404
    assert "does not answer like Elasticsearch or OpenSearch: GET / gave HTTP 405" in str(info.value)
    assert "HTTP 404; check the URL and port" in str(info.value)


def test_http_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with serve(ES8) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with client("http://es.shop.internal:9200") as c, pytest.raises(SourceError):
            c.get_json("/")  # the proxy (our server) does not know absolute URLs: 404
        assert proxy.paths == ["http://es.shop.internal:9200/"]
        monkeypatch.setenv("NO_PROXY", "es.shop.internal")
        with client("http://es.shop.internal:9200") as c, pytest.raises(SourceError, match="resolve"):
            c.get_json("/")


# -- URLs and Cloud ids -----------------------------------------------------------------------------------


def test_parse_url_defaults_and_errors() -> None:
    assert parse_url("localhost")[0] == Target("http", "localhost", 9200)
    assert parse_url("https://es.example.com/prefix/")[0] == Target(
        "https", "es.example.com", 9200, "/prefix"
    )
    for bad, why in (("ftp://x", "scheme"), ("http://", "no host"), ("http://h:99999", "URL")):
        with pytest.raises(InputError, match=why):
            parse_url(bad)


def test_cloud_id_decoding() -> None:
    def cloud_id(payload: str) -> str:
        return "shop-prod:" + base64.b64encode(payload.encode()).decode()

    assert parse_cloud_id(cloud_id("us-central1.gcp.cloud.es.io$abc123$kib456")) == Target(
        "https", "abc123.us-central1.gcp.cloud.es.io", 443
    )
    assert parse_cloud_id(cloud_id("eu-west-1.aws.found.io:9243$abc$def")).port == 9243
    for bad in ("no-colon", "name:", cloud_id("only-host")):
        with pytest.raises(InputError):
            parse_cloud_id(bad)


def test_plain_http_against_a_tls_port(pki: Pki) -> None:
    with serve(ES8, tls=pki.server_context()) as server:
        message = error_of(server.url.replace("https://", "http://"))
    assert "closed the connection without an HTTP answer (the port may expect https://)" in message
