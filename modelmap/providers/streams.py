"""Line framing of streamed answers: Server-Sent Events and NDJSON.

Both parsers take the lines of a response body (without line endings, as
``httpx.Response.iter_lines`` yields them) and produce ``(event name, data)`` pairs that a
provider's ``parse_event`` understands. They do no I/O.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator


class SseDecoder:
    """Incremental SSE decoder: feed lines, get complete events on blank lines."""

    def __init__(self) -> None:
        self._event: str | None = None
        self._data: list[str] = []

    def feed(self, line: str) -> tuple[str | None, str] | None:
        """Consume one line; return ``(event, data)`` when it completes an event."""
        line = line.rstrip("\r")
        if not line:
            return self.flush()
        if line.startswith(":"):
            return None  # a comment (keep-alive): OpenRouter and llama.cpp send these
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        return None  # id, retry and unknown fields do not matter here

    def flush(self) -> tuple[str | None, str] | None:
        """The pending event, if any (also called at end of stream)."""
        if not self._data:
            self._event = None
            return None
        event = (self._event, "\n".join(self._data))
        self._event, self._data = None, []
        return event


def sse_events(lines: Iterable[str]) -> Iterator[tuple[str | None, str]]:
    """SSE ``(event name or None, data)`` pairs from body lines."""
    decoder = SseDecoder()
    for line in lines:
        event = decoder.feed(line)
        if event is not None:
            yield event
    last = decoder.flush()
    if last is not None:
        yield last


async def asse_events(lines: AsyncIterable[str]) -> AsyncIterator[tuple[str | None, str]]:
    """Async variant of :func:`sse_events`."""
    decoder = SseDecoder()
    async for line in lines:
        event = decoder.feed(line)
        if event is not None:
            yield event
    last = decoder.flush()
    if last is not None:
        yield last


def ndjson_events(lines: Iterable[str]) -> Iterator[tuple[str | None, str]]:
    """NDJSON ``(None, line)`` pairs, skipping blank lines."""
    for line in lines:
        if line.strip():
            yield None, line.strip()


def events(lines: Iterable[str], stream_format: str) -> Iterator[tuple[str | None, str]]:
    """Frame ``lines`` as the provider's ``stream_format`` ("sse" or "ndjson") says."""
    return sse_events(lines) if stream_format == "sse" else ndjson_events(lines)
