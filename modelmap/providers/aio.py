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
from modelmap.providers import netbounds
from modelmap.providers.base import Provider, StreamEvent
from modelmap.providers.bounds import Deadline, EventSize, LineFramer
from modelmap.providers.streams import Event
from modelmap.resolution import Endpoint


class _Framer:
    """Lines and then events out of chunks, for ``sse`` or ``ndjson``."""

    def __init__(self, stream_format: str, encoding: str) -> None:
        self._sse = stream_format == "sse"
        self._encoding = encoding
        self._lines = LineFramer()
        self._size = EventSize()
        self._name: str | None = None
        self._data: list[bytes] = []

    def feed(self, chunk: bytes) -> list[Event]:
        return self._events(self._lines.feed(chunk))

    def end(self) -> list[Event]:
        out = self._events(self._lines.end())
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
                self._size.reset()
                continue
            name, _, value = line.partition(b":")
            if value.startswith(b" "):
                value = value[1:]
            if name == b"data":
                self._size.add(len(value))
                self._data.append(value)
            elif name == b"event":
                self._name = value.decode(encoding, "replace")
        return out


async def stream_events(
    provider: Provider, endpoint: Endpoint, response: httpx.Response, deadline: Deadline
) -> AsyncIterator[StreamEvent]:
    """Parsed events of a streamed 200 response within the line, event and time bounds;
    error events and bounds raise a ProviderError."""
    request = response.request
    framer = _Framer(provider.stream_format, response.encoding or "utf-8")
    try:
        async for chunk in response.aiter_bytes():
            deadline.check()
            for name, data in framer.feed(chunk):
                for event in _parse(provider, endpoint, request, name, data):
                    yield event
        for name, data in framer.end():
            for event in _parse(provider, endpoint, request, name, data):
                yield event
    except wire.NETWORK_ERRORS as exc:
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


async def read(response: httpx.Response, endpoint: Endpoint, deadline: Deadline) -> bytes:
    """A streamed response's body read whole within the body cap and ``deadline``; a
    transport error or a bound fails the attempt as usual."""
    try:
        return await netbounds.aread_body(response, deadline)
    except wire.NETWORK_ERRORS as exc:
        request = response.request
        raise wire.provider_error(
            endpoint, request.method, str(request.url), wire.transport_failure(exc)
        ) from None
