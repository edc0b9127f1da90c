"""SSE/NDJSON framing and each provider's stream events."""

from __future__ import annotations

import json

import pytest

from modelmap.errors import ProviderError
from modelmap.providers import anthropic, google, ollama, openai
from modelmap.providers.base import StreamEvent, Usage
from modelmap.providers.streams import events


def _sse(*chunks: bytes) -> list[tuple[str | None, str]]:
    return list(events(chunks, "sse"))


def test_sse_accepts_data_with_or_without_space_and_skips_comments() -> None:
    body = b': keep-alive\ndata:{"a":1}\n\ndata: {"b":2}\n\n: OPENROUTER PROCESSING\n\n'
    assert _sse(body) == [(None, '{"a":1}'), (None, '{"b":2}')]


def test_sse_named_events_multiline_data_and_crlf() -> None:
    body = b"event: message_start\r\ndata: line1\r\ndata: line2\r\n\r\nid: 3\nevent: ping\ndata: {}"
    assert _sse(body) == [("message_start", "line1\nline2"), ("ping", "{}")]


def test_sse_lines_end_at_cr_lf_or_crlf_only_wherever_the_chunks_break() -> None:
    body = "event: x\rdata: a\u2028b\u0085c\r\ndata: d\n\r\ndata: é\r\r".encode()
    expected = [("x", "a\u2028b\u0085c\nd"), (None, "é")]
    assert _sse(body) == expected
    for cut in range(1, len(body)):  # a CRLF split across two chunks is one line end
        assert _sse(body[:cut], body[cut:]) == expected, cut
    assert _sse(*(body[i : i + 1] for i in range(len(body)))) == expected
    assert _sse(*(part for i in range(len(body)) for part in (body[i : i + 1], b""))) == expected


def test_sse_event_is_delivered_when_its_blank_line_arrives() -> None:
    chunks = iter([b"data: 1\n\n", b"data: 2\n"])
    stream = events(chunks, "sse")
    assert next(stream) == (None, "1")  # before the next chunk is read
    assert list(stream) == [(None, "2")]


def test_sse_invalid_utf8_is_replaced_not_fatal() -> None:
    assert _sse(b"data: \xff\n\n") == [(None, "\ufffd")]


def test_ndjson_skips_blank_lines() -> None:
    chunks = [b'{"a":1}\n\n  \n{"b"', b":2}\r\n"]
    assert list(events(chunks, "ndjson")) == [(None, '{"a":1}'), (None, '{"b":2}')]


def test_openai_events() -> None:
    chunk = {"choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": None}]}
    assert openai.parse_event(None, json.dumps(chunk)) == [StreamEvent("Hi")]
    null_content = {"choices": [{"index": 0, "delta": {"content": None}, "finish_reason": "stop"}]}
    assert openai.parse_event(None, json.dumps(null_content)) == [StreamEvent("", "stop")]
    usage = {"choices": [], "usage": {"prompt_tokens": 4, "completion_tokens": 2}}
    assert openai.parse_event(None, json.dumps(usage)) == [StreamEvent(usage=Usage(4, 2))]
    assert openai.parse_event(None, "[DONE]") == []


def test_openai_error_chunk_after_200_raises() -> None:
    with pytest.raises(ProviderError, match="upstream failed"):
        openai.parse_event(None, json.dumps({"error": {"message": "upstream failed"}}))


def test_malformed_chunk_raises_a_provider_error() -> None:
    with pytest.raises(ProviderError, match="malformed"):
        openai.parse_event(None, "{not json")


def test_anthropic_events() -> None:
    start = {"type": "message_start", "message": {"usage": {"input_tokens": 9, "output_tokens": 1}}}
    assert anthropic.parse_event("message_start", json.dumps(start)) == [
        StreamEvent(usage=Usage(9, None))
    ]
    delta = {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "text_delta", "text": "yo"},
    }
    assert anthropic.parse_event("content_block_delta", json.dumps(delta)) == [StreamEvent("yo")]
    tool = {
        "type": "content_block_delta",
        "index": 1,
        "delta": {"type": "input_json_delta", "partial_json": "{"},
    }
    assert anthropic.parse_event("content_block_delta", json.dumps(tool)) == []
    end = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn"},
        "usage": {"output_tokens": 12},
    }
    assert anthropic.parse_event("message_delta", json.dumps(end)) == [
        StreamEvent("", "end_turn", Usage(None, 12))
    ]
    assert anthropic.parse_event("ping", '{"type": "ping"}') == []


def test_anthropic_error_event_is_overloaded() -> None:
    err = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    with pytest.raises(ProviderError) as info:
        anthropic.parse_event("error", json.dumps(err))
    assert info.value.kind == "overloaded"


def test_google_events_and_blocked_prompt() -> None:
    chunk = {
        "candidates": [
            {"content": {"parts": [{"text": "a"}, {"text": "b"}]}, "finishReason": "STOP"}
        ],
        "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2},
    }
    assert google.parse_event(None, json.dumps(chunk)) == [StreamEvent("ab", "STOP", Usage(3, 2))]
    with pytest.raises(ProviderError, match="SAFETY"):
        google.parse_event(None, json.dumps({"promptFeedback": {"blockReason": "SAFETY"}}))


def test_ollama_events() -> None:
    assert ollama.parse_event(None, '{"message": {"content": "x"}, "done": false}') == [
        StreamEvent("x")
    ]
    last = {
        "message": {"content": ""},
        "done": True,
        "done_reason": "stop",
        "prompt_eval_count": 5,
        "eval_count": 7,
    }
    assert ollama.parse_event(None, json.dumps(last)) == [StreamEvent("", "stop", Usage(5, 7))]
    with pytest.raises(ProviderError, match="out of memory"):
        ollama.parse_event(None, '{"error": "out of memory"}')
