"""Bounds on everything read from the network, free of any HTTP library and of sync/async.

Every body read whole is capped *after* decompression (:class:`BodyReader`, which inflates
gzip and deflate itself in bounded steps so a gzip bomb never sits in memory); one stream
line and one SSE event are capped (:class:`LineFramer`, :class:`EventSize`); and each
attempt has an overall :class:`Deadline` on top of the between-bytes timeout. Hitting a
bound raises a :class:`BoundExceeded` whose ``name`` is the failure's name
(``body_too_large``, ``line_too_long``, ``event_too_large``, ``deadline``).

:func:`scrub` (from :mod:`modelmap.providers.scrub`) removes the secrets a request carried
from a provider's text, however the server echoed them: whole, cut, folded, re-encoded or
in pieces.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

from modelmap.providers.scrub import RUN as RUN
from modelmap.providers.scrub import scrub as scrub

MAX_BODY_BYTES = 8 * 1024 * 1024  # one whole body (answer, error, model list), decompressed
MAX_LINE_BYTES = 1024 * 1024  # one stream line (NDJSON object, SSE field line)
MAX_EVENT_BYTES = 1024 * 1024  # one SSE event's data, all its lines together
_STEP = 64 * 1024  # decompressed bytes produced per inflate step


class BoundExceeded(Exception):
    """A read went past one of the bounds; ``name`` says which (the attempt's outcome)."""

    name = "bound"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class BodyTooLarge(BoundExceeded):
    """A body read whole is larger than its cap (counted after decompression)."""

    name = "body_too_large"


class LineTooLong(BoundExceeded):
    """One line of a stream is longer than its cap."""

    name = "line_too_long"


class EventTooLarge(BoundExceeded):
    """One SSE event is larger than its cap."""

    name = "event_too_large"


class DeadlineExceeded(BoundExceeded):
    """The attempt's overall deadline passed (connect, headers and body together)."""

    name = "deadline"


class UndecodableBody(ValueError):
    """A compressed body that does not inflate (a wrong Content-Encoding)."""


Clock = Callable[[], float]


class Deadline:
    """The end of one attempt, ``seconds`` from now by ``clock``; None: no deadline."""

    __slots__ = ("clock", "end", "seconds")

    def __init__(self, seconds: float | None, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.end = None if seconds is None else clock() + seconds

    def remaining(self) -> float | None:
        """Seconds left (never below 0), or None without a deadline."""
        if self.end is None:
            return None
        return max(0.0, self.end - self.clock())

    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self.end is not None and self.clock() >= self.end

    def check(self) -> None:
        """Raise :class:`DeadlineExceeded` once the deadline has passed."""
        if self.end is not None and self.clock() >= self.end:
            raise DeadlineExceeded(self.message())

    def clamp(self, timeout: float | None) -> float | None:
        """``timeout`` (None: none) cut to the time left."""
        left = self.remaining()
        if left is None:
            return timeout
        return left if timeout is None else min(timeout, left)

    def message(self) -> str:
        """The failure's text."""
        return f"no complete answer within the attempt's deadline of {self.seconds:g} s"


current_deadline: ContextVar[Deadline | None] = ContextVar("current_deadline", default=None)
"""The deadline of the attempt running in this context, for the network layer to honour."""


def _size(n: int) -> str:
    return (
        f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 and n % (1024 * 1024) == 0 else f"{n} bytes"
    )


class _Inflater:
    """gzip or deflate (zlib-wrapped or raw) inflated at most ``_STEP`` bytes at a time."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._first and not self._gzip and data:
            self._first = False
            try:  # deflate is zlib-wrapped by the standard, raw by some servers
                zlib.decompressobj().decompress(data[:2])
            except zlib.error:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        while data:
            try:
                out = self._z.decompress(data, _STEP)
            except zlib.error as exc:
                raise UndecodableBody(f"the answer could not be decoded: {exc}") from None
            data = self._z.unconsumed_tail
            if out:
                yield out
            if self._z.eof:
                rest = self._z.unused_data
                if not (self._gzip and rest):
                    return
                self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)  # concatenated members
                data = rest + data


class BodyDecoder:
    """Decoded pieces of a body from its raw bytes, each piece at most ``_STEP`` bytes for
    gzip and deflate. ``supports(encoding)`` says whether it can decode that encoding."""

    ENCODINGS = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})

    def __init__(self, content_encoding: str | None) -> None:
        names = [e.strip().lower() for e in (content_encoding or "").split(",")]
        layers = [n for n in names if n not in ("", "identity")]
        if any(n not in self.ENCODINGS for n in layers):
            raise UndecodableBody(f"unsupported Content-Encoding {content_encoding!r}")
        self._layers = [_Inflater(n) for n in reversed(layers)]

    @classmethod
    def supports(cls, content_encoding: str | None) -> bool:
        """Whether every layer of ``content_encoding`` is one this decoder handles."""
        names = [e.strip().lower() for e in (content_encoding or "").split(",")]
        return all(n in cls.ENCODINGS for n in names)

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces ``chunk`` completes, made one at a time as they are taken."""
        pieces: Iterator[bytes] = iter((chunk,))
        for layer in self._layers:
            pieces = _through(layer, pieces)
        return pieces


def _through(layer: _Inflater, pieces: Iterator[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from layer.feed(piece)


class BodyReader:
    """Collects a body read whole, raising :class:`BodyTooLarge` past ``limit`` decoded bytes
    and :class:`DeadlineExceeded` when ``deadline`` passes between chunks."""

    def __init__(
        self,
        limit: int = MAX_BODY_BYTES,
        deadline: Deadline | None = None,
        content_encoding: str | None = None,
    ) -> None:
        self.limit = limit
        self.deadline = deadline
        self.size = 0
        self._decoder = BodyDecoder(content_encoding)
        self._parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        """Add one raw chunk (decoded here when the reader was given its encoding)."""
        if self.deadline is not None:
            self.deadline.check()
        for piece in self._decoder.feed(chunk):
            self.size += len(piece)
            if self.size > self.limit:
                self._parts.clear()
                raise BodyTooLarge(f"the answer is larger than {_size(self.limit)}")
            self._parts.append(piece)

    def value(self) -> bytes:
        """The body so far."""
        return b"".join(self._parts)


def read_capped(
    chunks: Iterable[bytes],
    limit: int = MAX_BODY_BYTES,
    deadline: Deadline | None = None,
    content_encoding: str | None = None,
) -> bytes:
    """A whole body from its chunks, within ``limit`` and ``deadline``."""
    reader = BodyReader(limit, deadline, content_encoding)
    for chunk in chunks:
        reader.feed(chunk)
    return reader.value()


class LineFramer:
    """Splits a byte stream into lines on CRLF, LF or CR, each at most ``limit`` bytes.

    ``feed`` returns the lines a chunk completes (without their endings); a CRLF split
    across two chunks ends one line, not two. ``end`` returns the unterminated last line.
    """

    __slots__ = ("_after_cr", "_pending", "limit")

    def __init__(self, limit: int = MAX_LINE_BYTES) -> None:
        self.limit = limit
        self._pending = b""  # the start of a line whose end has not arrived yet
        self._after_cr = False  # the last chunk ended in CR: a leading LF belongs to it

    def too_long(self) -> LineTooLong:
        """The error for a line over the cap (the line so far is dropped)."""
        self._pending = b""
        return LineTooLong(f"one line of the stream is longer than {_size(self.limit)}")

    def feed(self, chunk: bytes) -> list[bytes]:
        """The lines ``chunk`` completes."""
        if not chunk:
            return []
        if self._after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        if self._pending:
            chunk = self._pending + chunk
        lines = chunk.splitlines()
        self._after_cr = chunk.endswith(b"\r")
        if self._after_cr or chunk.endswith(b"\n"):
            self._pending = b""
        else:
            self._pending = lines.pop() if lines else b""
        # only a chunk longer than the cap can hold a line longer than it
        if len(chunk) > self.limit and (
            len(self._pending) > self.limit or any(len(line) > self.limit for line in lines)
        ):
            raise self.too_long()
        return lines

    def end(self) -> list[bytes]:
        """The last line when the stream did not end with a line break."""
        pending, self._pending = self._pending, b""
        return [pending] if pending else []


class EventSize:
    """Counts one SSE event's data bytes; :meth:`add` raises :class:`EventTooLarge`."""

    __slots__ = ("limit", "size")

    def __init__(self, limit: int = MAX_EVENT_BYTES) -> None:
        self.limit = limit
        self.size = 0

    def add(self, n: int) -> None:
        """Count ``n`` more bytes of the current event."""
        self.size += n
        if self.size > self.limit:
            self.size = 0
            raise EventTooLarge(f"one stream event is larger than {_size(self.limit)}")

    def reset(self) -> None:
        """The event ended."""
        self.size = 0
