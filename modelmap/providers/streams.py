"""Line framing of streamed answers: Server-Sent Events and NDJSON.

The parsers take the body as it arrives (byte chunks, as ``httpx.Response.iter_bytes``
yields them), split it into lines on bytes, and produce ``(event name, data)`` pairs that
a provider's ``parse_event`` understands. Working on bytes keeps the per-event cost low
(a stream may carry thousands of one-token events) and splits lines only where SSE says
a line ends: CRLF, LF or CR, never at other Unicode line separators inside the JSON. They
do no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from modelmap.providers import bounds
from modelmap.providers.bounds import MAX_EVENT_BYTES, MAX_LINE_BYTES, EventSize, LineFramer

Event = tuple[str | None, str]  # (event name or None, data)


def line_batches(chunks: Iterable[bytes], max_line: int = MAX_LINE_BYTES) -> Iterator[list[bytes]]:
    """Per chunk, the lines it completes, without their CRLF, LF or CR endings.

    A line is handed out as soon as its ending arrives; a CRLF split across two chunks ends
    one line, not two; a line longer than ``max_line`` raises LineTooLong. Batches rather
    than single lines: a chunk usually holds a whole event, and one step per chunk is
    cheaper than one per line.
    """
    framer = LineFramer(max_line)
    feed = framer.feed
    for chunk in chunks:
        lines = feed(chunk)
        if lines:
            yield lines
    last = framer.end()
    if last:
        yield last


def sse_events(
    batches: Iterable[list[bytes]], encoding: str = "utf-8", max_event: int = MAX_EVENT_BYTES
) -> Iterator[Event]:
    """SSE ``(event name or None, data)`` pairs from batches of body lines; an event whose
    data lines come to more than ``max_event`` bytes raises EventTooLarge."""
    name: str | None = None
    data: list[bytes] = []
    size = EventSize(max_event)
    for lines in batches:
        for line in lines:
            if not line:  # a blank line ends the event
                if data:
                    joined = data[0] if len(data) == 1 else b"\n".join(data)
                    yield name, joined.decode(encoding, "replace")
                    data = []
                    size.reset()
                name = None
                continue
            field, _, value = line.partition(b":")
            if value.startswith(b" "):
                value = value[1:]
            if field == b"data":
                if data:  # one line is capped by the framer; several are counted here
                    size.add(len(value) + (len(data[0]) if len(data) == 1 else 0))
                data.append(value)
            elif field == b"event":
                name = value.decode(encoding, "replace")
            # a line starting with ":" is a comment (keep-alive: OpenRouter and llama.cpp
            # send these); id, retry and unknown fields do not matter here
    if data:
        yield name, b"\n".join(data).decode(encoding, "replace")


def ndjson_events(batches: Iterable[list[bytes]], encoding: str = "utf-8") -> Iterator[Event]:
    """NDJSON ``(None, line)`` pairs from batches of body lines, skipping blank lines."""
    for lines in batches:
        for line in lines:
            line = line.strip()
            if line:
                yield None, line.decode(encoding, "replace")


def events(
    chunks: Iterable[bytes],
    stream_format: str,
    encoding: str = "utf-8",
    max_line: int | None = None,
    max_event: int | None = None,
) -> Iterator[Event]:
    """Frame a body as the provider's ``stream_format`` ("sse" or "ndjson") says, within
    the line and event caps (by default those of :mod:`modelmap.providers.bounds` at the
    time of the call)."""
    batches = line_batches(chunks, max_line or bounds.MAX_LINE_BYTES)
    if stream_format == "sse":
        return sse_events(batches, encoding, max_event or bounds.MAX_EVENT_BYTES)
    return ndjson_events(batches, encoding)
