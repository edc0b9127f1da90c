"""Bounds on everything read from the network, free of any HTTP library and of sync/async.

Every body read whole is capped *after* decompression (:class:`BodyReader`, which inflates
gzip and deflate itself in bounded steps so a gzip bomb never sits in memory); one stream
line and one SSE event are capped (:class:`LineFramer`, :class:`EventSize`); and each
attempt has an overall :class:`Deadline` on top of the between-bytes timeout. Hitting a
bound raises a :class:`BoundExceeded` whose ``name`` is the failure's name
(``body_too_large``, ``line_too_long``, ``event_too_large``, ``deadline``).

:func:`scrub` removes the secrets a request carried from a provider's text, however the
server echoed them: whole, cut, folded, re-encoded or in pieces.
"""

from __future__ import annotations

import json
import re
import time
import zlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from urllib.parse import quote

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

    def feed(self, data: bytes) -> Iterable[bytes]:
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

    def feed(self, chunk: bytes) -> Iterable[bytes]:
        """The decoded pieces ``chunk`` completes."""
        pieces: Iterable[bytes] = (chunk,)
        for layer in self._layers:
            pieces = [out for piece in pieces for out in layer.feed(piece)]
        return pieces


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

    def _too_long(self) -> LineTooLong:
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
            raise self._too_long()
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


# -- secrets ------------------------------------------------------------------------------

RUN = 8  # any run of this many characters of a secret is treated as the secret
_MASK = "***"


def _forms(secret: str) -> set[str]:
    """``secret`` as a server may echo it: as sent, read back as Latin-1 (mojibake),
    percent-encoded, JSON-escaped."""
    forms = {secret}
    raw = secret.encode("utf-8", "surrogatepass")
    forms.add(raw.decode("latin-1"))
    forms.add(raw.decode("cp1252", "replace"))
    forms.add(quote(secret, safe=""))
    forms.add(quote(secret, safe="").lower())
    forms.add(json.dumps(secret)[1:-1])
    forms.add(json.dumps(secret, ensure_ascii=False)[1:-1])
    return {f for f in forms if f}


_CUT = re.compile(r"\u2026|\.{2,}|\*+")  # what marks a value shown cut short


def _windows(secrets: Iterable[str], run: int) -> tuple[set[str], set[str], list[str]]:
    """Every ``run``-long piece of every form of every secret (whitespace removed), the
    forms shorter than ``run``, and the whole forms (for cut-short prefixes and suffixes)."""
    windows: set[str] = set()
    short: set[str] = set()
    whole: list[str] = []
    for secret in secrets:
        if len(secret) < 4:
            continue
        for form in _forms(secret):
            form = "".join(form.split())
            whole.append(form)
            if len(form) < run:
                short.add(form)
            else:
                windows.update(form[i : i + run] for i in range(len(form) - run + 1))
    return windows, short, whole


def _cut_spans(skeleton: str, whole: list[str], run: int) -> list[tuple[int, int]]:
    """Spans of a secret's start (5 or more characters) shown just before an ellipsis or
    asterisks, and of its end (5 or more) just after one: ``sk-abcd...wxyz1``."""
    spans: list[tuple[int, int]] = []
    for cut in _CUT.finditer(skeleton):
        before, after = skeleton[: cut.start()], skeleton[cut.end() :]
        for form in whole:
            for n in range(min(len(form), run) - 1, 4, -1):
                if before.endswith(form[:n]):
                    spans.append((cut.start() - n, cut.start()))
                    break
            for n in range(min(len(form), run) - 1, 4, -1):
                if after.startswith(form[-n:]):
                    spans.append((cut.end(), cut.end() + n))
                    break
    return spans


def scrub(text: str, secrets: Iterable[str], run: int = RUN) -> str:
    """``text`` with every secret, every re-encoding of it (Latin-1 mojibake, percent- and
    JSON-escaped), every run of ``run`` or more of its characters and every cut-short
    start or end of it replaced by ``***`` (after its first 3 characters when the secret
    is shown from its start), whitespace folded in or not; overlapping
    pieces merge into one mask."""
    if not text:
        return text
    windows, short, whole = _windows(secrets, run)
    if not whole:
        return text
    where = [i for i, c in enumerate(text) if not c.isspace()]  # skeleton index -> text
    skeleton = "".join(text[i] for i in where)
    spans: list[tuple[int, int]] = []
    if windows:
        spans += [
            (i, i + run) for i in range(len(skeleton) - run + 1) if skeleton[i : i + run] in windows
        ]
    for form in short:
        start = skeleton.find(form)
        while start != -1:
            spans.append((start, start + len(form)))
            start = skeleton.find(form, start + 1)
    if len(skeleton) < 4096:  # cut-short pieces only in messages of a readable size
        spans += _cut_spans(skeleton, whole, run)
    if not spans:
        return text
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    heads = {form[:run]: form[:3] for form in whole if len(form) >= run}
    out: list[str] = []
    last = 0
    for start, end in merged:
        begin, stop = where[start], where[end - 1] + 1
        out.append(text[last:begin])
        # a secret shown from its start keeps its first 3 characters ("sk-***"), as
        # elsewhere; a piece from elsewhere in it keeps none
        out.append(heads.get(skeleton[start : start + run], "") + _MASK)
        last = stop
    out.append(text[last:])
    return "".join(out)
