"""The bounds of :mod:`modelmap.providers.bounds` applied to httpx responses.

httpx's timeouts are per read, so a server that sends its headers one byte at a time, or a
body that never ends, is never timed out by them. For the synchronous client, every socket
operation goes through :class:`DeadlineBackend`, which cuts each read, write and connect
to the time left before the :data:`~modelmap.providers.bounds.current_deadline` of the
attempt; between chunks the body readers check the deadline themselves. Async callers
bound the whole attempt with ``asyncio.wait_for`` instead.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from modelmap.providers import bounds
from modelmap.providers.bounds import (
    BodyDecoder,
    BodyReader,
    Deadline,
    DeadlineExceeded,
    current_deadline,
)


def _clamp(timeout: float | None) -> float | None:
    deadline = current_deadline.get()
    if deadline is None:
        return timeout
    deadline.check()
    return deadline.clamp(timeout)


def _expired(exc: Exception, timeout: float | None, clamped: float | None) -> None:
    """Turn a timeout that the deadline caused into :class:`DeadlineExceeded`.

    A server silent for (nearly) the whole of its between-bytes timeout stays a plain
    timeout even when the deadline, equal to it, runs out at the same moment.
    """
    deadline = current_deadline.get()
    cut = clamped is not None and (timeout is None or clamped < 0.9 * timeout)
    if deadline is not None and deadline.expired() and cut:
        raise DeadlineExceeded(deadline.message()) from None
    raise exc


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        clamped = _clamp(timeout)
        try:
            return self._stream.read(max_bytes, clamped)
        except httpcore.ReadTimeout as exc:
            _expired(exc, timeout, clamped)
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        clamped = _clamp(timeout)
        try:
            self._stream.write(buffer, clamped)
        except httpcore.WriteTimeout as exc:
            _expired(exc, timeout, clamped)
            raise

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        clamped = _clamp(timeout)
        try:
            return _Stream(self._stream.start_tls(ssl_context, server_hostname, clamped))
        except httpcore.ConnectTimeout as exc:
            _expired(exc, timeout, clamped)
            raise

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's synchronous backend with every socket operation cut to the deadline."""

    def __init__(self, backend: httpcore.NetworkBackend | None = None) -> None:
        self._backend = backend or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        clamped = _clamp(timeout)
        try:
            stream = self._backend.connect_tcp(host, port, clamped, local_address, socket_options)
        except httpcore.ConnectTimeout as exc:
            _expired(exc, timeout, clamped)
            raise
        return _Stream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self._backend.connect_unix_socket(path, _clamp(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport whose sockets honour :data:`current_deadline`."""
    made = httpx.HTTPTransport(verify=True, limits=limits)
    pool = getattr(made, "_pool", None)
    # httpx takes no network backend of its own; its pool keeps the one it was built with
    if isinstance(pool, httpcore.ConnectionPool) and hasattr(pool, "_network_backend"):
        pool._network_backend = DeadlineBackend(pool._network_backend)
    return made


def _decoded(response: httpx.Response, raw: Iterable[bytes]) -> Iterator[bytes]:
    decoder = BodyDecoder(response.headers.get("content-encoding"))
    for chunk in raw:
        yield from decoder.feed(chunk)


def body_chunks(response: httpx.Response, deadline: Deadline | None) -> Iterator[bytes]:
    """A streamed body's decoded pieces (gzip and deflate inflated in bounded steps), the
    deadline in force for every read and checked between chunks."""
    encoding = response.headers.get("content-encoding")
    if response.is_stream_consumed:  # a transport that handed back the body in memory
        raw: Iterator[bytes] = response.iter_bytes()
    elif BodyDecoder.supports(encoding):
        raw = _decoded(response, response.iter_raw())
    else:  # br or zstd: httpx's own decoders, still counted and bounded per piece
        raw = response.iter_bytes()
    while True:
        token = current_deadline.set(deadline)
        try:
            if deadline is not None:
                deadline.check()
            chunk = next(raw, None)
        finally:
            current_deadline.reset(token)
        if chunk is None:
            return
        yield chunk


def read_body(response: httpx.Response, deadline: Deadline | None) -> bytes:
    """A body read whole, within ``bounds.MAX_BODY_BYTES`` decoded bytes and ``deadline``."""
    reader = BodyReader(bounds.MAX_BODY_BYTES, deadline)
    for chunk in body_chunks(response, deadline):
        reader.feed(chunk)
    return reader.value()


async def aread_body(response: httpx.Response, deadline: Deadline | None) -> bytes:
    """:func:`read_body` for an async response (the caller bounds the time it waits)."""
    encoding = response.headers.get("content-encoding")
    reader = BodyReader(bounds.MAX_BODY_BYTES, deadline)
    if response.is_stream_consumed:
        reader.feed(response.content)
        return reader.value()
    if BodyDecoder.supports(encoding):
        decoder = BodyDecoder(encoding)
        raw: AsyncIterator[bytes] = response.aiter_raw()
        async for chunk in raw:
            for piece in decoder.feed(chunk):
                reader.feed(piece)
    else:
        async for piece in response.aiter_bytes():
            reader.feed(piece)
    return reader.value()
