"""SSE/NDJSON framing and each provider's stream events."""

from __future__ import annotations

import json

import pytest

from modelmap.errors import ProviderError
from modelmap.providers import anthropic, google, ollama, openai
from modelmap.providers.base import StreamEvent, Usage
from modelmap.providers.streams import ndjson_events, sse_events


def test_sse_accepts_data_with_or_without_space_and_skips_comments() -> None:
    lines = [": keep-alive", 'data:{"a":1}', "", 'data: {"b":2}', "", ": OPENROUTER PROCESSING", ""]
    assert list(sse_events(lines)) == [(None, '{"a":1}'), (None, '{"b":2}')]


def test_sse_named_events_multiline_data_and_crlf() -> None:
    lines = [
        "event: message_start\r",
        "data: line1\r",
        "data: line2\r",
        "\r",
        "id: 3",
        "event: ping",
        "data: {}",
    ]
    assert list(sse_events(lines)) == [("message_start", "line1\nline2"), ("ping", "{}")]


def test_ndjson_skips_blank_lines() -> None:
    assert list(ndjson_events(['{"a":1}', "", "  ", '{"b":2}'])) == [
        (None, '{"a":1}'),
        (None, '{"b":2}'),
    ]


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
