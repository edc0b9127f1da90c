"""A raw-socket HTTP server on 127.0.0.1 that sends exactly the bytes a test chooses.

Each connection reads one request (line, headers, body) and hands the socket to the
``answer`` callable chosen for the server, which writes whatever bytes it likes: headers
one byte at a time, a body that never ends, a gzip bomb, an echo of the request. The
server stops writing as soon as the client hangs up.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any


@dataclass
class Request:
    """What the client sent."""

    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Answer = Callable[[socket.socket, Request], None]


@dataclass
class HostileServer:
    """Serves every connection with ``answer`` until stopped (use as a context manager)."""

    answer: Answer
    requests: list[Request] = field(default_factory=list)
    _sock: socket.socket | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        assert self._sock is not None
        host, port = self._sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> HostileServer:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.1)
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._sock is not None:
            self._sock.close()

    def _serve(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            request = _read_request(conn)
            if request is None:
                return
            self.requests.append(request)
            self.answer(conn, request)

    def stopped(self) -> bool:
        return self._stop.is_set()


def _read_request(conn: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        more = conn.recv(65536)
        if not more:
            return None
        data += more
    head, _, body = data.partition(b"\r\n\r\n")
    line, *lines = head.decode("latin-1").split("\r\n")
    method, path, _ = line.split(" ", 2)
    headers = {}
    for item in lines:
        name, _, value = item.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    while len(body) < length:
        more = conn.recv(65536)
        if not more:
            break
        body += more
    return Request(method, path, headers, body)


def head(status: int, headers: dict[str, str]) -> bytes:
    """A status line and headers, ended by the blank line."""
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    """One chunk of a chunked body."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


# -- answers -------------------------------------------------------------------------------


def trickled_headers(delay: float = 0.2, give_up: float = 5.0) -> Answer:
    """Headers one byte every ``delay`` seconds; after ``give_up`` seconds (longer than any
    test's deadline) the server hangs up, so a client without a deadline fails instead of
    hanging the test run."""

    def answer(conn: socket.socket, request: Request) -> None:
        data = head(200, {"Content-Type": "application/json", "X-Pad": "p" * 10_000})
        end = time.monotonic() + give_up
        for i in range(len(data)):
            if time.monotonic() > end:
                return
            conn.sendall(data[i : i + 1])
            time.sleep(delay)  # the server being slow on purpose

    return answer


def endless(
    ctype: str, piece: bytes, status: int = 200, give_up: float = 5.0, limit: int = 64 << 20
) -> Answer:
    """A chunked body repeating ``piece`` until the client hangs up (or, so that a client
    without bounds fails instead of hanging the test run, ``give_up`` seconds or ``limit``
    bytes have gone by)."""

    def answer(conn: socket.socket, request: Request) -> None:
        conn.sendall(head(status, {"Content-Type": ctype, "Transfer-Encoding": "chunked"}))
        block = chunk(piece * max(1, 16384 // len(piece)))
        end = time.monotonic() + give_up
        for _ in range(limit // len(block)):
            if time.monotonic() > end:
                return
            conn.sendall(block)

    return answer


def gzip_bomb_blocks(inflated_block: int = 1024 * 1024) -> tuple[bytes, bytes]:
    """The start of a gzip stream and one block to repeat after it, each block inflating to
    ``inflated_block`` zero bytes (full flushes make every block the same bytes)."""
    zeros = b"\0" * inflated_block
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = z.compress(zeros) + z.flush(zlib.Z_FULL_FLUSH)
    block = z.compress(zeros) + z.flush(zlib.Z_FULL_FLUSH)
    assert z.compress(zeros) + z.flush(zlib.Z_FULL_FLUSH) == block
    return first, block


def gzip_bomb(ctype: str, status: int = 200, total: int = 10 * 1024**3) -> Answer:
    """A gzip body inflating to ``total`` bytes (10 GB: about 10 MB on the wire), sent
    without end until ``total`` or the client hangs up."""
    first, block = gzip_bomb_blocks()

    def answer(conn: socket.socket, request: Request) -> None:
        headers = {"Content-Type": ctype, "Content-Encoding": "gzip", "Connection": "close"}
        conn.sendall(head(status, headers) + first)
        for _ in range(total // (1024 * 1024)):
            conn.sendall(block)

    return answer


def whole(status: int, body: Any, headers: dict[str, str] | None = None) -> Answer:
    """One JSON (or text) body with a Content-Length."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()

    def answer(conn: socket.socket, request: Request) -> None:
        base = {"Content-Type": "application/json", "Content-Length": str(len(data))}
        conn.sendall(head(status, {**base, **(headers or {})}) + data)

    return answer


def gzipped(status: int, body: bytes, ctype: str) -> Answer:
    """One gzip-encoded body with a Content-Length."""
    data = gzip.compress(body)

    def answer(conn: socket.socket, request: Request) -> None:
        headers = {"Content-Type": ctype, "Content-Encoding": "gzip"}
        conn.sendall(head(status, {**headers, "Content-Length": str(len(data))}) + data)

    return answer


def stream(ctype: str, pieces: Iterator[bytes] | list[bytes]) -> Answer:
    """A chunked 200 body of ``pieces``, then its end."""

    def answer(conn: socket.socket, request: Request) -> None:
        conn.sendall(head(200, {"Content-Type": ctype, "Transfer-Encoding": "chunked"}))
        for piece in pieces:
            conn.sendall(chunk(piece))
        conn.sendall(b"0\r\n\r\n")

    return answer


def echo_headers(status: int, wire: str, skip: frozenset[str] = frozenset()) -> Answer:
    """An error that quotes every request header back, mangled the ways servers mangle
    them: whole (read as Latin-1, so UTF-8 turns to mojibake), cut short with an
    ellipsis, folded across lines, percent-encoded, JSON-escaped twice, and in pieces.
    The body is in the shape of ``wire`` (openai, anthropic, google, ollama)."""
    from urllib.parse import quote

    def answer(conn: socket.socket, request: Request) -> None:
        quoted = []
        for name, value in request.headers.items():
            if name in skip:
                continue
            quoted += [
                f"{name}={value}",
                f"cut {value[:12]}\u2026{value[-4:]}",
                f"folded {value[: len(value) // 2]}\n    {value[len(value) // 2 :]}",
                f"encoded {quote(value, safe='')}",
                f"escaped {json.dumps(json.dumps(value))}",
                "pieces " + " | ".join(value[i : i + 9] for i in range(0, len(value), 9)),
            ]
        message = "rejected: " + "; ".join(quoted)
        body: Any
        if wire == "anthropic":
            body = {"type": "error", "error": {"type": "authentication_error", "message": message}}
        elif wire == "google":
            body = {"error": {"code": status, "message": message, "status": "UNAUTHENTICATED"}}
        elif wire == "ollama":
            body = {"error": message}
        else:
            body = {"error": {"message": message, "type": "invalid_request_error", "code": None}}
        whole(status, body)(conn, request)

    return answer
