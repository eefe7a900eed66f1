"""Shared deployments: a real Chroma server (`chroma run`) holds the vectors for everyone.

The server is started on a free port, documents are ingested and questions answered
through it, and it is stopped by its pid. A small proxy in front of it stands in for
the token-checking, TLS-terminating proxy a council puts before a Chroma server
(Chroma 1.x has no auth of its own), to prove the token header and the CA file reach
the wire, and that a wrong token or a stopped server gives one clear line.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.embedding import FakeEmbedder
from assistant.index import Index
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.vectors import StoreUnavailable
from tests.conftest import CORPUS, MEDWAY

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
CHROMA = ROOT / ".venv" / "bin" / "chroma"
OFSTED = CORPUS / "ofsted_medway_2023_ilacs.pdf"
TOKEN = "council-shared-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "chroma run exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the Chroma server did not listen on {port} in {seconds} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (data / "server.log").open("wb")
    process = subprocess.Popen([str(CHROMA), "run", "--path", str(data / "db"), "--host",
                                "127.0.0.1", "--port", str(port)], stdout=log,
                               stderr=subprocess.STDOUT, env=dict(os.environ,
                                                                  ANONYMIZED_TELEMETRY="False"))
    try:
        wait_until_up(port, process)
        yield port, process
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server by its pid: politely, then for good."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def server_settings(tmp_path: Path, port: int, **extra: object) -> Settings:
    values: dict[str, object] = {"collection": f"test-{tmp_path.name}"[:60], **extra}
    return Settings(index=tmp_path / "index", embedder="fake", chroma_mode="server",
                    chroma_host="127.0.0.1", chroma_port=port, **values)  # type: ignore[arg-type]


def test_ingest_and_answer_through_a_chroma_server(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    port, _ = server
    settings = server_settings(tmp_path, port)
    assistant = Assistant(settings, embedder=FakeEmbedder())
    report = assistant.ingest([MEDWAY, OFSTED])
    assert not report.failed, report.failed
    assert not (settings.index / "chroma").exists()  # nothing embedded on this machine
    catalogued = assistant.index.catalog.chunk_ids()
    assert assistant.index.vectors.all_ids() == catalogued

    answer = assistant.ask("What was the social worker turnover rate?")
    assert "27%" in answer.answer
    assert (MEDWAY.name, "5.6") in {(c.document, c.paragraph) for c in answer.citations}
    hits = assistant.search("Ofsted judgement Medway 2023 overall effectiveness", k=5)
    assert OFSTED.name in {h.chunk.document for h in hits}
    assert any(h.dense > 0 for h in hits)  # the dense scores came from the server

    # a second app instance (another process in a real deployment) sees the same library
    other = Assistant(settings, embedder=FakeEmbedder(), index=Index(settings))
    assert "27%" in other.ask("What was the social worker turnover rate?").answer
    assert other.index.vectors.count() == len(catalogued)


def test_two_indexes_cannot_share_one_collection_and_delete_each_others_vectors(
        server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    port, _ = server
    first = server_settings(tmp_path / "first", port, collection="shared-by-mistake")
    Assistant(first, embedder=FakeEmbedder()).ingest([MEDWAY])
    second = server_settings(tmp_path / "second", port, collection="shared-by-mistake")
    with pytest.raises(StoreUnavailable, match="belongs to another Scrutiny index"):
        Assistant(second, embedder=FakeEmbedder()).ingest([OFSTED])
    kept = Index(first)
    assert kept.vectors.all_ids() == kept.catalog.chunk_ids() != set()


def test_a_stopped_server_gives_one_clear_line(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([str(CHROMA), "run", "--path", str(tmp_path / "db"), "--host",
                                "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, process)
        settings = server_settings(tmp_path, port)
        Assistant(settings, embedder=FakeEmbedder()).ingest([MEDWAY])
    finally:
        stop(process)
    assert process.returncode is not None
    with pytest.raises(StoreUnavailable) as caught:
        Index(server_settings(tmp_path, port)).vectors  # noqa: B018 (opening is the test)
    message = str(caught.value)
    assert f"Chroma server at http://127.0.0.1:{port}" in message
    assert "is the server running" in message and "\n" not in message


# ---------------------------------------------------------------- token and TLS via a proxy

class _Proxy(BaseHTTPRequestHandler):
    """Forwards to the Chroma server when the request carries the right token."""

    protocol_version = "HTTP/1.1"
    upstream_port = 0
    header = "Authorization"
    expected = f"Bearer {TOKEN}"
    seen: list[str] = []

    def _forward(self) -> None:
        got = self.headers.get(self.header, "")
        type(self).seen.append(got)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if got != self.expected:
            self._reply(401, b'{"error":"Unauthorized"}', "application/json")
            return
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "connection", self.header.lower())}
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        self._reply(response.status, response.read(),
                    response.getheader("Content-Type", "application/json"))
        upstream.close()

    def _reply(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _start_proxy(upstream: int, header: str, expected: str,
                 context: ssl.SSLContext | None = None) -> tuple[ThreadingHTTPServer, type]:
    handler = type("Proxy", (_Proxy,), {"upstream_port": upstream, "header": header,
                                        "expected": expected, "seen": []})
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if context is not None:
        proxy.socket = context.wrap_socket(proxy.socket, server_side=True)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    return proxy, handler


@pytest.mark.parametrize("header", ["Authorization", "X-Chroma-Token"])
def test_the_token_reaches_the_server_and_a_wrong_one_is_refused_clearly(
        server, tmp_path: Path, header: str) -> None:  # type: ignore[no-untyped-def]
    port, _ = server
    expected = f"Bearer {TOKEN}" if header == "Authorization" else TOKEN
    proxy, handler = _start_proxy(port, header, expected)
    try:
        settings = server_settings(tmp_path, proxy.server_address[1], chroma_token=TOKEN,
                                   chroma_token_header=header)
        assistant = Assistant(settings, embedder=FakeEmbedder())
        assert not assistant.ingest([MEDWAY]).failed
        assert "27%" in assistant.ask("What was the social worker turnover rate?").answer
        assert handler.seen and set(handler.seen) == {expected}
        wrong = server_settings(tmp_path / "wrong", proxy.server_address[1],
                                chroma_token="not-the-token", chroma_token_header=header)
        with pytest.raises(StoreUnavailable, match="refused the token"):
            Index(wrong).vectors  # noqa: B018
    finally:
        proxy.shutdown()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, as a council's own CA would issue (here it signs itself)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "chroma.council.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_with_the_councils_own_ca_file(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    port, _ = server
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    proxy, handler = _start_proxy(port, "Authorization", f"Bearer {TOKEN}", context)
    try:
        settings = server_settings(tmp_path, proxy.server_address[1], chroma_ssl=True,
                                   chroma_token=TOKEN, chroma_ca_file=str(cert))
        assistant = Assistant(settings, embedder=FakeEmbedder())
        assert not assistant.ingest([MEDWAY]).failed
        assert "27%" in assistant.ask("What was the social worker turnover rate?").answer
        untrusted = server_settings(tmp_path / "untrusted", proxy.server_address[1],
                                    chroma_ssl=True, chroma_token=TOKEN)
        with pytest.raises(StoreUnavailable, match="TLS failed"):
            Index(untrusted).vectors  # noqa: B018
    finally:
        proxy.shutdown()


def test_an_ingest_to_a_server_that_is_down_stops_before_reading_any_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.pipeline as pipeline

    read: list[Path] = []
    real_prepare = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare",
                        lambda path, *args: read.append(path) or real_prepare(path, *args))
    assistant = Assistant(server_settings(tmp_path, free_port()), embedder=FakeEmbedder())
    with pytest.raises(StoreUnavailable):
        assistant.ingest([MEDWAY.parent])
    assert read == []

