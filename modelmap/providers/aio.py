"""Asynchronous reading of answers: the body's events as :mod:`streams` frames them.

The synchronous framing in :mod:`modelmap.providers.streams` pulls chunks from an
iterator; an asynchronous body pushes them, so here the same rules (CRLF, LF or CR end a
line; a blank line ends an SSE event; blank NDJSON lines are skipped) are a small
push-style parser fed one chunk at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from modelmap.providers import http as wire
from modelmap.providers.base import Provider, StreamEvent
from modelmap.providers.streams import Event
from modelmap.resolution import Endpoint


class _Framer:
    """Lines and then events out of chunks, for ``sse`` or ``ndjson``."""

    def __init__(self, stream_format: str, encoding: str) -> None:
        self._sse = stream_format == "sse"
        self._encoding = encoding
        self._pending = b""
        self._after_cr = False
        self._name: str | None = None
        self._data: list[bytes] = []

    def feed(self, chunk: bytes) -> list[Event]:
        if not chunk:
            return []
        if self._after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        if self._pending:
            chunk = self._pending + chunk
        lines = chunk.splitlines()
        self._after_cr = chunk.endswith(b"\r")
        ended = self._after_cr or chunk.endswith(b"\n")
        self._pending = b"" if ended else (lines.pop() if lines else b"")
        return self._events(lines)

    def end(self) -> list[Event]:
        out = self._events([self._pending]) if self._pending else []
        self._pending = b""
        if self._sse and self._data:
            out.append((self._name, b"\n".join(self._data).decode(self._encoding, "replace")))
            self._data = []
        return out

    def _events(self, lines: list[bytes]) -> list[Event]:
        out: list[Event] = []
        encoding = self._encoding
        if not self._sse:
            for line in lines:
                line = line.strip()
                if line:
                    out.append((None, line.decode(encoding, "replace")))
            return out
        for line in lines:
            if not line:
                if self._data:
                    out.append((self._name, b"\n".join(self._data).decode(encoding, "replace")))
                    self._data = []
                self._name = None
                continue
            name, _, value = line.partition(b":")
            if value.startswith(b" "):
                value = value[1:]
            if name == b"data":
                self._data.append(value)
            elif name == b"event":
                self._name = value.decode(encoding, "replace")
        return out


async def stream_events(
    provider: Provider, endpoint: Endpoint, response: httpx.Response
) -> AsyncIterator[StreamEvent]:
    """Parsed events of a streamed 200 response; error events raise a ProviderError."""
    request = response.request
    framer = _Framer(provider.stream_format, response.encoding or "utf-8")
    try:
        async for chunk in response.aiter_bytes():
            for name, data in framer.feed(chunk):
                for event in _parse(provider, endpoint, request, name, data):
                    yield event
        for name, data in framer.end():
            for event in _parse(provider, endpoint, request, name, data):
                yield event
    except httpx.RequestError as exc:
        raise wire.provider_error(
            endpoint, request.method, str(request.url), wire.transport_failure(exc)
        ) from None


def _parse(
    provider: Provider, endpoint: Endpoint, request: httpx.Request, name: str | None, data: str
) -> list[StreamEvent]:
    try:
        return provider.parse_event(name, data)
    except wire.PARSE_ERRORS as exc:
        raise wire.parse_failure(endpoint, request, exc) from None


async def read(response: httpx.Response, endpoint: Endpoint) -> None:
    """Read a streamed response's body; a transport error fails the attempt as usual."""
    try:
        await response.aread()
    except httpx.RequestError as exc:
        request = response.request
        raise wire.provider_error(
            endpoint, request.method, str(request.url), wire.transport_failure(exc)
        ) from None
