"""The asynchronous chat engine: :class:`ChatStream`'s chain, policy and records, on an
``httpx.AsyncClient``.

The decisions (order, admission, retries, the words of every error) are the synchronous
engine's own: an :class:`AsyncChatStream` keeps a never-iterated :class:`ChatStream` as its
ledger and only replaces the I/O. Cancelling the task closes the response, which returns
its connection to the pool.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from modelmap.chat.engine import ChatStream
from modelmap.chat.outcomes import all_limited, merge_usage, not_events
from modelmap.chat.result import ChatAnswer
from modelmap.errors import ProviderError
from modelmap.providers.base import ChatRequest, ErrorKind, Failure, Provider, Usage
from modelmap.resolution import Endpoint, Target

if TYPE_CHECKING:
    import httpx

    from modelmap.chat.policy import Ticket

AsyncSleep = Callable[[float], Any]  # asyncio.sleep, or a test's (sync or async) recorder


class AsyncChatStream:
    """An async iterator of text deltas; failover happens before the first one.

    ``answer`` holds the :class:`ChatAnswer` once the iteration has ended; a failure
    raises :class:`ChatFailedError`. ``async with`` (or :meth:`aclose`) stops early.
    """

    def __init__(
        self, ledger: ChatStream, client: httpx.AsyncClient, sleep: AsyncSleep | None = None
    ) -> None:
        self._c = ledger
        self._http = client
        self._sleep: AsyncSleep = sleep if sleep is not None else asyncio.sleep
        self._gen = self._run()

    @property
    def attempts(self) -> list[Any]:
        """Every attempt so far."""
        return self._c.attempts

    @property
    def text(self) -> str:
        """The text received so far."""
        return self._c.text

    @property
    def answer(self) -> ChatAnswer:
        """The finished answer; only after the iteration has ended."""
        return self._c.answer

    def __aiter__(self) -> AsyncIterator[str]:
        return self._gen

    async def __anext__(self) -> str:
        return await self._gen.__anext__()

    async def __aenter__(self) -> AsyncChatStream:
        return self

    async def __aexit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop the request (if any) and release the connection."""
        await self._gen.aclose()

    async def _pause(self, seconds: float) -> None:
        done = self._sleep(seconds)
        if inspect.isawaitable(done):
            await done

    async def _run(self) -> AsyncGenerator[str, None]:
        c = self._c
        chain = c._policy.order(c.resolution, c._chain)
        waited = 0.0
        while True:
            tried = False
            free_in: list[float] = []
            for target in chain:
                ticket = c._admit(target, free_in)
                if ticket is None:
                    continue
                tried = True
                async for text in self._target(target, ticket):
                    yield text
                if c._answer is not None:
                    return
            wait = None if tried else all_limited(free_in, waited, c._policy.max_wait)
            if wait is None:
                raise c._failed(limited=not tried and bool(free_in), waited=waited)
            await self._pause(wait)
            waited += wait

    async def _target(self, target: Target, ticket: Ticket) -> AsyncGenerator[str, None]:
        c = self._c
        begun = c._begin(target)
        if begun is None:
            return
        endpoint, provider, request = begun
        tries = 0
        while True:
            started = c._clock()
            c._usage, c._finish = Usage(), None
            try:
                async for text in self._send(provider, endpoint, request):
                    yield text
            except ProviderError as exc:
                wait = c._attempt_failed(target, exc, started, ticket, tries)
                if wait is None:
                    return
                await self._pause(wait)
                tries += 1
                again = c._admit(target, [])
                if again is None:
                    return
                ticket = again
                continue
            except asyncio.CancelledError:
                c._record(target, "cancelled", None, "cancelled", started, ticket)
                raise
            c._record(target, "ok", c._status, "", started, ticket)
            c._answer = c._finished(target)
            return

    async def _send(
        self, provider: Provider, endpoint: Endpoint, request: ChatRequest
    ) -> AsyncGenerator[str, None]:
        from modelmap.providers import aio
        from modelmap.providers import http as wire

        c = self._c
        built = wire.build(
            self._http, endpoint, provider.chat_request(endpoint, request), c._timeout
        )
        deadline = c._deadline(endpoint)
        try:
            # the overall deadline bounds the wait for the headers too
            response = await asyncio.wait_for(
                self._http.send(built, stream=True), deadline.remaining()
            )
        except asyncio.TimeoutError:
            fail = Failure(ErrorKind.TIMEOUT, None, deadline.message())
            raise wire.provider_error(endpoint, built.method, str(built.url), fail) from None
        except wire.NETWORK_ERRORS as exc:
            fail = wire.transport_failure(exc)
            raise wire.provider_error(endpoint, built.method, str(built.url), fail) from None
        try:
            if response.status_code >= 300:
                content = await aio.read(response, endpoint, deadline)
                raise wire.response_error(provider, endpoint, response, content)
            c._status = response.status_code
            ctype = response.headers.get("content-type") or ""
            media = ctype.partition(";")[0].strip().lower()
            whole = not request.stream or (
                provider.stream_format == "sse" and media.endswith(("/json", "+json"))
            )
            if whole:
                content = await aio.read(response, endpoint, deadline)
                if request.stream and not isinstance(wire.decode(content), dict):
                    raise not_events(endpoint, built, response.status_code, ctype)
                c._take_whole(provider, endpoint, response, content)
                if c._parts:
                    yield c.text
                return
            parts = c._parts
            async for event in aio.stream_events(provider, endpoint, response, deadline):
                if event.usage is not None:
                    c._usage = merge_usage(c._usage, event.usage)
                if event.finish_reason:
                    c._finish = event.finish_reason
                if event.text:
                    parts.append(event.text)
                    yield event.text
            if not parts and c._finish is None and c._usage == Usage():
                raise not_events(endpoint, built, response.status_code, ctype)
        finally:
            await response.aclose()


async def collect(stream: AsyncChatStream) -> ChatAnswer:
    """Run ``stream`` to its end and return the answer."""
    async with stream:
        async for _text in stream:
            pass
    return stream.answer


__all__ = ["AsyncChatStream", "AsyncSleep", "Awaitable", "collect"]
