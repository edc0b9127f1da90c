"""Line framing of streamed answers: Server-Sent Events and NDJSON.

The parsers take the body as it arrives (byte chunks, as ``httpx.Response.iter_bytes``
yields them), split it into lines on bytes, and produce ``(event name, data)`` pairs that
a provider's ``parse_event`` understands. Working on bytes keeps the per-event cost low
(a stream may carry thousands of one-token events) and splits lines only where SSE says
a line ends: CRLF, LF or CR, never at other Unicode line separators inside the JSON. They
do no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from modelmap.providers import bounds
from modelmap.providers.bounds import MAX_EVENT_BYTES, MAX_LINE_BYTES, EventSize, LineFramer

Event = tuple[str | None, str]  # (event name or None, data)


def line_batches(chunks: Iterable[bytes], max_line: int = MAX_LINE_BYTES) -> Iterator[list[bytes]]:
    """Per chunk, the lines it completes, without their CRLF, LF or CR endings.

    A line is handed out as soon as its ending arrives; a CRLF split across two chunks ends
    one line, not two; a line longer than ``max_line`` raises LineTooLong. Batches rather
    than single lines: a chunk usually holds a whole event, and one step per chunk is
    cheaper than one per line. (:class:`~modelmap.providers.bounds.LineFramer` does the
    same pushed one chunk at a time; this loop keeps its state in locals, for speed.)
    """
    pending = b""  # the start of a line whose end has not arrived yet
    after_cr = False  # the last chunk ended in CR: an LF opening the next one belongs to it
    for chunk in chunks:
        if not chunk:
            continue  # keeps after_cr for the chunk that follows
        if after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        if pending:
            chunk = pending + chunk
        lines = chunk.splitlines()
        after_cr = chunk.endswith(b"\r")
        pending = b"" if after_cr or chunk.endswith(b"\n") else (lines.pop() if lines else b"")
        # only a chunk longer than the cap can hold a line longer than it
        if len(chunk) > max_line and (
            len(pending) > max_line or any(len(line) > max_line for line in lines)
        ):
            raise LineFramer(max_line).too_long()
        if lines:
            yield lines
    if pending:
        yield [pending]


class SseDecoder:
    """SSE ``(event name or None, data)`` pairs, fed batches of body lines as they come (so
    that sync and async readers share it); an event whose data lines come to more than
    ``max_event`` bytes raises EventTooLarge."""

    __slots__ = ("_data", "_name", "_size", "encoding")

    def __init__(self, encoding: str = "utf-8", max_event: int = MAX_EVENT_BYTES) -> None:
        self.encoding = encoding
        self._name: str | None = None
        self._data: list[bytes] = []
        self._size = EventSize(max_event)

    def feed(self, lines: list[bytes]) -> list[Event]:
        """The events these lines complete."""
        out: list[Event] = []
        name, data, encoding = self._name, self._data, self.encoding
        for line in lines:
            if not line:  # a blank line ends the event
                if data:
                    joined = data[0] if len(data) == 1 else b"\n".join(data)
                    out.append((name, joined.decode(encoding, "replace")))
                    data = []
                    self._size.reset()
                name = None
                continue
            field, _, value = line.partition(b":")
            if value.startswith(b" "):
                value = value[1:]
            if field == b"data":
                if data:  # one line is capped by the framer; several are counted here
                    self._size.add(len(value) + (len(data[0]) if len(data) == 1 else 0))
                data.append(value)
            elif field == b"event":
                name = value.decode(encoding, "replace")
            # a line starting with ":" is a comment (keep-alive: OpenRouter and llama.cpp
            # send these); id, retry and unknown fields do not matter here
        self._name, self._data = name, data
        return out

    def end(self) -> list[Event]:
        """The last event when the stream ended without its blank line."""
        data, self._data = self._data, []
        return [(self._name, b"\n".join(data).decode(self.encoding, "replace"))] if data else []


def sse_events(
    batches: Iterable[list[bytes]], encoding: str = "utf-8", max_event: int = MAX_EVENT_BYTES
) -> Iterator[Event]:
    """SSE ``(event name or None, data)`` pairs from batches of body lines, as
    :class:`SseDecoder` gives them (state in locals here, for speed)."""
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
    if data:
        yield name, b"\n".join(data).decode(encoding, "replace")


def ndjson_lines(lines: list[bytes], encoding: str = "utf-8") -> list[Event]:
    """NDJSON ``(None, line)`` pairs of one batch of body lines, skipping blank lines."""
    stripped = (line.strip() for line in lines)
    return [(None, line.decode(encoding, "replace")) for line in stripped if line]


def ndjson_events(batches: Iterable[list[bytes]], encoding: str = "utf-8") -> Iterator[Event]:
    """NDJSON ``(None, line)`` pairs from batches of body lines, skipping blank lines."""
    for lines in batches:
        for line in lines:
            line = line.strip()
            if line:
                yield None, line.decode(encoding, "replace")


class EventFramer:
    """Push-based framing of a body for readers that cannot hand over an iterator (async
    code): ``feed(chunk)`` returns the events the chunk completes, ``end()`` the last
    ones; the line and event caps apply as in :func:`events`."""

    def __init__(
        self,
        stream_format: str,
        encoding: str = "utf-8",
        max_line: int | None = None,
        max_event: int | None = None,
    ) -> None:
        self._lines = LineFramer(max_line or bounds.MAX_LINE_BYTES)
        self._sse = (
            SseDecoder(encoding, max_event or bounds.MAX_EVENT_BYTES)
            if stream_format == "sse"
            else None
        )
        self.encoding = encoding
        # bound once: feed runs once per chunk of a stream that may have thousands
        self._split = self._lines.feed
        self._decode: Callable[[list[bytes]], list[Event]] = (
            self._sse.feed if self._sse is not None else self._ndjson
        )

    def _ndjson(self, lines: list[bytes]) -> list[Event]:
        return ndjson_lines(lines, self.encoding)

    def feed(self, chunk: bytes) -> list[Event]:
        """The events ``chunk`` completes."""
        lines = self._split(chunk)
        return self._decode(lines) if lines else []

    def end(self) -> list[Event]:
        """The events left when the body ended."""
        found = self._decode(self._lines.end())
        if self._sse is not None:
            found += self._sse.end()
        return found


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
