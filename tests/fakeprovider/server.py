"""The HTTP plumbing of the fake provider: registry of backends, routing, recording."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

PROTOCOLS = ("openai", "anthropic", "google", "ollama")


@dataclass
class Behaviour:
    """How a backend misbehaves (the defaults answer correctly and at once)."""

    status: int | None = None  # answer every request with this error status
    script: list[int] = field(default_factory=list)  # per-request statuses, 0 = normal
    retry_after: str | None = None  # Retry-After header on errors
    retry_after_ms: str | None = None  # retry-after-ms header on errors
    location: str | None = None  # Location header on errors (with a 3xx ``status``)
    message: str = ""  # error message (a default per status otherwise)
    raw_error: str | None = None  # error body sent as text/plain instead of the provider's JSON
    echo: bool = False  # error messages quote the request line and headers, credentials too
    delay: float = 0.0  # seconds before answering
    drop: bool = False  # close the connection without answering
    malformed: bool = False  # 200 with a body that is not JSON
    chunks: Sequence[str] = ("Hello", ", ", "world")
    chunk_delay: float = 0.0
    fail_after: int | None = None  # error event after this many chunks
    drop_after: int | None = None  # close the connection after this many chunks
    usage: tuple[int, int] = (5, 3)  # (input tokens, output tokens)
    finish_reason: str | None = None  # default: each protocol's normal stop
    comments: bool = False  # SSE ': keep-alive' lines between events


@dataclass(frozen=True)
class Recorded:
    """One request a backend received."""

    method: str
    path: str  # after the backend prefix, e.g. /chat/completions
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    json: Any
    peer: tuple[str, int] = ("", 0)  # the client's address: equal ports mean a reused connection


@dataclass
class Backend:
    """A registered backend."""

    name: str
    protocol: str
    key: str | None
    models: list[str]
    behaviour: Behaviour
    received: list[Recorded] = field(default_factory=list)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many concurrent probes must not overflow the backlog
    fake: FakeProvider

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is normal
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so clients can reuse connections
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        from fakeprovider.protocols import respond

        parts = urlsplit(self.path)
        segments = parts.path.split("/", 3)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        backend = None
        if len(segments) >= 3 and segments[1] == "b":
            backend = self.server.fake.backends.get(segments[2])
        if backend is None:
            self.send_json(404, {"error": f"no fake backend at {parts.path}"})
            return
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        rest = "/" + (segments[3] if len(segments) > 3 else "")
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.server.fake.lock:
            backend.received.append(
                Recorded(self.command, rest, parse_qs(parts.query), headers, body, self._peer())
            )
            status = backend.behaviour.script.pop(0) if backend.behaviour.script else None
        behaviour = backend.behaviour
        if behaviour.delay:
            time.sleep(behaviour.delay)  # the server simulating a slow provider
        if behaviour.drop:
            self.drop()
            return
        respond(self, backend, rest, headers, body, status)

    def _peer(self) -> tuple[str, int]:
        host, port = self.client_address[:2]
        return str(host), int(port)

    def drop(self) -> None:
        """Close the connection without a (further) byte."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        """A whole JSON answer."""
        data = json.dumps(body).encode()
        self.send_bytes(status, data, "application/json", headers)

    def send_bytes(
        self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        """A whole answer with a Content-Length."""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def start_stream(self, ctype: str) -> None:
        """Headers of a chunked 200 answer."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, text: str) -> None:
        """One chunk of a chunked body, sent at once."""
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def end_stream(self) -> None:
        """The terminating chunk."""
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class FakeProvider:
    """A threaded HTTP server on 127.0.0.1 hosting any number of fake backends."""

    def __init__(self) -> None:
        self.backends: dict[str, Backend] = {}
        self.lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        assert self._server is not None, "start() the fake provider first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeProvider:
        """Listen on a free port in a background thread."""
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeProvider:
        return self.start()

    def __exit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def add(
        self,
        name: str,
        protocol: str = "openai",
        key: str | None = "test-key",
        models: Sequence[str] = ("test-model",),
        behaviour: Behaviour | None = None,
    ) -> str:
        """Register (or replace) backend ``name``; return its base URL."""
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {PROTOCOLS}")
        with self.lock:
            self.backends[name] = Backend(
                name, protocol, key, list(models), behaviour or Behaviour()
            )
        return self.base_url(name)

    def base_url(self, name: str) -> str:
        """The base URL to configure for backend ``name``."""
        return f"{self.url}/b/{name}"

    def set_behaviour(self, name: str, behaviour: Behaviour) -> None:
        """Change how backend ``name`` behaves from now on."""
        with self.lock:
            self.backends[name].behaviour = behaviour

    def requests(self, name: str) -> list[Recorded]:
        """What backend ``name`` has received so far, oldest first."""
        with self.lock:
            return list(self.backends[name].received)

    def remove(self, name: str) -> None:
        """Forget backend ``name``."""
        with self.lock:
            self.backends.pop(name, None)


def free_port() -> int:
    """A loopback port with nothing listening (for 'unreachable' tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def iter_sse(events: Sequence[tuple[str | None, Any]]) -> Iterator[str]:
    """SSE frames for ``(event name, data)`` pairs; data that is not a str is JSON."""
    for name, data in events:
        text = data if isinstance(data, str) else json.dumps(data)
        yield (f"event: {name}\n" if name else "") + f"data: {text}\n\n"
