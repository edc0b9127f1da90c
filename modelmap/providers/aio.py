"""Asynchronous reading of answers: a streamed body's events through the push-based
:class:`~modelmap.providers.streams.EventFramer` (the same framing and line and event caps
as the synchronous reader), and bodies read whole within the body cap."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from modelmap.providers import http as wire
from modelmap.providers import netbounds
from modelmap.providers.base import Provider, StreamEvent
from modelmap.providers.bounds import Deadline
from modelmap.providers.streams import EventFramer
from modelmap.resolution import Endpoint


async def stream_events(
    provider: Provider, endpoint: Endpoint, response: httpx.Response, deadline: Deadline
) -> AsyncIterator[StreamEvent]:
    """Parsed events of a streamed 200 response within the line, event and time bounds;
    error events and bounds raise a ProviderError."""
    request = response.request
    framer = EventFramer(provider.stream_format, response.encoding or "utf-8")
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
