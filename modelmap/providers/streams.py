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

Event = tuple[str | None, str]  # (event name or None, data)


def line_batches(chunks: Iterable[bytes]) -> Iterator[list[bytes]]:
    """Per chunk, the lines it completes, without their CRLF, LF or CR endings.

    A line is handed out as soon as its ending arrives; a CRLF split across two chunks ends
    one line, not two. Batches rather than single lines: a chunk usually holds a whole
    event, and one step per chunk is cheaper than one per line.
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
        if lines:
            yield lines
    if pending:
        yield [pending]


def sse_events(batches: Iterable[list[bytes]], encoding: str = "utf-8") -> Iterator[Event]:
    """SSE ``(event name or None, data)`` pairs from batches of body lines."""
    name: str | None = None
    data: list[bytes] = []
    for lines in batches:
        for line in lines:
            if not line:  # a blank line ends the event
                if data:
                    joined = data[0] if len(data) == 1 else b"\n".join(data)
                    yield name, joined.decode(encoding, "replace")
                    data = []
                name = None
                continue
            field, _, value = line.partition(b":")
            if value.startswith(b" "):
                value = value[1:]
            if field == b"data":
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


def events(chunks: Iterable[bytes], stream_format: str, encoding: str = "utf-8") -> Iterator[Event]:
    """Frame a body as the provider's ``stream_format`` ("sse" or "ndjson") says."""
    batches = line_batches(chunks)
    if stream_format == "sse":
        return sse_events(batches, encoding)
    return ndjson_events(batches, encoding)
