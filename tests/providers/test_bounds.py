"""The protocol-neutral bounds: deadline, capped body, line and event caps, scrubbing."""

from __future__ import annotations

import gzip
import json
import zlib
from urllib.parse import quote

import pytest

from modelmap.providers.bounds import (
    BodyReader,
    BodyTooLarge,
    Deadline,
    DeadlineExceeded,
    EventSize,
    EventTooLarge,
    LineFramer,
    LineTooLong,
    read_capped,
    scrub,
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_deadline_counts_down_on_the_injected_clock_and_raises_a_named_error() -> None:
    clock = Clock()
    deadline = Deadline(5.0, clock=clock)
    assert deadline.remaining() == 5.0
    assert deadline.clamp(60.0) == 5.0 and deadline.clamp(1.0) == 1.0
    clock.now += 4.0
    deadline.check()  # one second left: no error
    clock.now += 1.0
    assert deadline.expired() and deadline.remaining() == 0.0
    with pytest.raises(DeadlineExceeded, match="deadline of 5 s") as info:
        deadline.check()
    assert info.value.name == "deadline"


def test_no_deadline_never_expires() -> None:
    deadline = Deadline(None)
    deadline.check()
    assert deadline.remaining() is None and deadline.clamp(3.0) == 3.0


def test_body_reader_stops_at_the_cap() -> None:
    reader = BodyReader(limit=10)
    reader.feed(b"12345")
    reader.feed(b"67890")
    assert reader.value() == b"1234567890"
    with pytest.raises(BodyTooLarge, match="larger than 10 bytes") as info:
        reader.feed(b"x")
    assert info.value.name == "body_too_large"


def test_body_reader_checks_the_deadline_between_chunks() -> None:
    clock = Clock()
    deadline = Deadline(1.0, clock=clock)

    def chunks():  # type: ignore[no-untyped-def]
        while True:
            clock.now += 0.3
            yield b"x"

    with pytest.raises(DeadlineExceeded):
        read_capped(chunks(), limit=1000, deadline=deadline)


def test_a_gzip_bomb_is_counted_after_decompression_and_cut_off_early() -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)  # ~50 KB on the wire
    assert len(bomb) < 100_000
    reader = BodyReader(limit=1024 * 1024, content_encoding="gzip")
    with pytest.raises(BodyTooLarge):
        reader.feed(bomb)
    assert reader.size <= 1024 * 1024 + 64 * 1024  # never inflated far past the cap


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "deflate-raw", "identity", None])
def test_body_reader_decodes_what_it_is_given(encoding: str | None) -> None:
    body = json.dumps({"a": "b" * 1000}).encode()
    if encoding == "gzip":
        raw = gzip.compress(body)
    elif encoding == "deflate":
        raw = zlib.compress(body)
    elif encoding == "deflate-raw":
        c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        raw = c.compress(body) + c.flush()
        encoding = "deflate"
    else:
        raw = body
    chunks = [raw[i : i + 7] for i in range(0, len(raw), 7)]
    assert read_capped(chunks, content_encoding=encoding) == body


def test_line_framer_splits_on_every_line_ending_across_chunks() -> None:
    framer = LineFramer(limit=100)
    lines = framer.feed(b"a\r") + framer.feed(b"\nb\nc") + framer.feed(b"d\re") + framer.end()
    assert lines == [b"a", b"b", b"cd", b"e"]


def test_line_framer_caps_one_line_whether_it_comes_whole_or_in_pieces() -> None:
    framer = LineFramer(limit=8)
    assert framer.feed(b"12345678\n") == [b"12345678"]
    with pytest.raises(LineTooLong) as info:
        framer.feed(b"123456789\n")
    assert info.value.name == "line_too_long"
    framer = LineFramer(limit=8)
    with pytest.raises(LineTooLong):
        for _ in range(10):
            framer.feed(b"xxx")  # never a line ending: the pending line grows past the cap


def test_event_size_caps_one_event_and_resets() -> None:
    size = EventSize(limit=10)
    size.add(6)
    size.reset()
    size.add(6)
    with pytest.raises(EventTooLarge) as info:
        size.add(5)
    assert info.value.name == "event_too_large"


KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


@pytest.mark.parametrize(
    "echo",
    [
        KEY,
        KEY[:20],  # cut
        KEY[10:30],  # a piece from the middle
        KEY[:22] + "\n    " + KEY[22:],  # folded
        " ".join(KEY[i : i + 5] for i in range(0, len(KEY), 5)),  # spaced out
        quote(KEY + "/+=", safe=""),
        json.dumps(KEY)[1:-1],
        KEY[:6] + "\u2026" + KEY[-5:],  # shown cut short with an ellipsis
        KEY[:6] + "..." + KEY[-5:],
    ],
)
def test_scrub_removes_a_secret_however_it_comes_back(echo: str) -> None:
    out = scrub(f"Incorrect API key provided: {echo}. See docs.", [KEY])
    assert out.startswith("Incorrect API key provided: ") and out.endswith(". See docs.")
    for i in range(len(KEY) - 7):
        assert KEY[i : i + 8] not in "".join(out.split())
    assert KEY[:6] not in out and KEY[-5:] not in out


def test_scrub_undoes_latin1_mojibake_of_a_utf8_header_value() -> None:
    value = "Bearer café-token-ünïcode"
    mojibake = value.encode("utf-8").decode("latin-1")
    out = scrub(f"bad header: {mojibake}", [value])
    assert "token" not in out and out.startswith("bad header: ")


def test_scrub_keeps_text_that_shares_fewer_than_eight_characters() -> None:
    text = "model gpt-4o not found; sk-proj is a prefix"
    assert scrub(text, [KEY]) == text
    assert scrub(text, []) == text
    assert scrub("", [KEY]) == ""


def test_scrub_masks_short_secrets_whole() -> None:
    assert scrub("token abc12 echoed", ["abc12"]) == "token *** echoed"
