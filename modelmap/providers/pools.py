"""The asynchronous client of ``ping``: many backends at once over small connection pools.

The synchronous client and timeouts stay in :mod:`modelmap.providers.http`, the error
wording in :mod:`modelmap.providers.wording`.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar

import httpx

from modelmap.providers.http import USER_AGENT, limits, timeout_for

POOL_SIZE = 8  # connections per pool of a ShardedTransport

shard_key: ContextVar[str | None] = ContextVar("shard_key", default=None)
"""Requests sent under the same key share a pool (set it per backend); unset: per origin."""


class ShardedTransport(httpx.AsyncBaseTransport):
    """Small connection pools behind one client, each request routed by :data:`shard_key`.

    httpcore's pool rescans all of its connections, some scans nested, whenever a request
    starts or ends: work quadratic in the pool's size. One pool of 64 connections spent
    about 5 s of CPU on 200 concurrent probes; pools of eight keep every scan short while
    requests of one backend still reuse their connection. A key seen for the first time
    goes to the pool with the fewest requests in flight, so that no request waits for a
    connection (the wait would count as its latency, and against its timeout) while
    others have room. Pools are made on first use, and the TLS context (about 60 ms to load
    the CA bundle) only once an https request needs it.
    """

    def __init__(self, max_connections: int) -> None:
        self._count = max(1, -(-max_connections // POOL_SIZE))
        self._size = max(1, -(-max_connections // self._count))  # <= POOL_SIZE
        self._pools: dict[tuple[str, int], httpx.AsyncHTTPTransport] = {}
        self._slots: dict[tuple[str, str], int] = {}  # (scheme, key) -> its pool's number
        self._busy: dict[tuple[str, int], int] = {}  # requests in flight per pool
        self._tls: ssl.SSLContext | None = None

    def _slot(self, request: httpx.Request) -> tuple[str, int]:
        key = shard_key.get()
        if key is None:
            key = f"{request.url.host}:{request.url.port}"
        scheme = request.url.scheme
        number = self._slots.get((scheme, key))
        if number is None:
            busy = [self._busy.get((scheme, i), 0) for i in range(self._count)]
            number = self._slots[(scheme, key)] = busy.index(min(busy))
        return scheme, number

    def _pool(self, slot: tuple[str, int]) -> httpx.AsyncHTTPTransport:
        pool = self._pools.get(slot)
        if pool is None:
            capped = limits(self._size)
            if slot[0] == "https":
                if self._tls is None:
                    self._tls = httpx.create_ssl_context(verify=True)
                pool = httpx.AsyncHTTPTransport(verify=self._tls, limits=capped)
            else:  # plain-HTTP pools never do TLS, so they need no CA bundle
                pool = httpx.AsyncHTTPTransport(verify=False, limits=capped)
            self._pools[slot] = pool
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on its pool; it counts as in flight until its body is closed."""
        slot = self._slot(request)
        self._busy[slot] = self._busy.get(slot, 0) + 1

        def release() -> None:
            self._busy[slot] -= 1

        try:
            response = await self._pool(slot).handle_async_request(request)
        except BaseException:
            release()
            raise
        response.stream = _Released(response.stream, release)
        return response

    async def aclose(self) -> None:
        """Close every pool."""
        for pool in self._pools.values():
            await pool.aclose()


class _Released(httpx.AsyncByteStream):
    """A response body that calls ``release`` once when it is closed."""

    def __init__(
        self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, release: Callable[[], None]
    ) -> None:
        assert isinstance(stream, httpx.AsyncByteStream)
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


def async_client(timeout: float | None = None, max_connections: int = 100) -> httpx.AsyncClient:
    """The run's asynchronous client (use as an async context manager)."""
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=timeout_for(None, timeout),
        transport=ShardedTransport(max_connections),
        follow_redirects=False,
    )
