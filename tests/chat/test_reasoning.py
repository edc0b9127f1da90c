"""Reasoning is not answer text, and is paid for: thinking models of every protocol.

The servers send the shapes real providers send (Gemini ``"thought": true`` parts and
``thoughtsTokenCount``, Anthropic ``thinking``/``redacted_thinking`` blocks with
``thinking_delta``/``signature_delta``, Ollama ``message.thinking``, OpenAI-compatible
``reasoning_content``/``reasoning`` deltas), written here rather than copied.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fakeprovider.raw import Answer, HostileServer, stream, whole
from typer.testing import CliRunner

from modelmap.cli.main import app

ANSWER = "Scoop"
THOUGHT = "Considering the constraint: just the name, nothing more."


def sse(events: list[tuple[str | None, Any]]) -> list[bytes]:
    return [
        ((f"event: {name}\n" if name else "") + f"data: {json.dumps(data)}\n\n").encode()
        for name, data in events
    ]


def ndjson(objects: list[dict[str, Any]]) -> list[bytes]:
    return [(json.dumps(o) + "\n").encode() for o in objects]


def _gemini_chunk(parts: list[dict[str, Any]], usage: dict[str, int], finish: bool) -> Any:
    candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    if finish:
        candidate["finishReason"] = "STOP"
    return {"candidates": [candidate], "usageMetadata": {"promptTokenCount": 11, **usage}}


GEMINI_STREAM = sse(
    [
        (None, _gemini_chunk([{"text": THOUGHT, "thought": True}], {"totalTokenCount": 11}, False)),
        (
            None,
            _gemini_chunk(
                [{"text": ANSWER}],
                {"candidatesTokenCount": 2, "thoughtsTokenCount": 291, "totalTokenCount": 304},
                False,
            ),
        ),
        (
            None,
            _gemini_chunk(
                [{"text": "", "thoughtSignature": "RXEwSkNxb0pBUkZOTWcrVy9QcUFieUhPWTc0"}],
                {"candidatesTokenCount": 2, "thoughtsTokenCount": 291, "totalTokenCount": 304},
                True,
            ),
        ),
    ]
)
GEMINI_WHOLE = _gemini_chunk(
    [{"text": THOUGHT, "thought": True}, {"text": ANSWER, "thoughtSignature": "RXJZREN"}],
    {"candidatesTokenCount": 2, "thoughtsTokenCount": 291, "totalTokenCount": 304},
    True,
)

ANTHROPIC_STREAM = sse(
    [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {"role": "assistant", "content": [], "usage": {"input_tokens": 11}},
            },
        ),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "thinking", "thinking": "", "signature": ""},
            },
        ),
        ("ping", {"type": "ping"}),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "thinking_delta", "thinking": THOUGHT},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"},
            },
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 1,
                "content_block": {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
            },
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 2,
                "content_block": {"type": "text", "text": ""},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 2,
                "delta": {"type": "text_delta", "text": ANSWER},
            },
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 2}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn"},
                "usage": {"output_tokens": 293},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
)
ANTHROPIC_WHOLE = {
    "type": "message",
    "role": "assistant",
    "content": [
        {"type": "thinking", "thinking": THOUGHT, "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"},
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
        {"type": "text", "text": ANSWER},
    ],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 11, "output_tokens": 293},
}


def _ollama(content: str, thinking: str, done: bool = False) -> dict[str, Any]:
    line: dict[str, Any] = {
        "model": "gpt-oss:120b",
        "message": {"role": "assistant", "content": content, "thinking": thinking},
        "done": done,
    }
    if done:
        line.update(done_reason="stop", prompt_eval_count=11, eval_count=293)
    return line


OLLAMA_STREAM = ndjson(
    [_ollama("", word) for word in THOUGHT.split(" ")]
    + [_ollama(ANSWER, ""), _ollama("", "", done=True)]
)
OLLAMA_WHOLE = _ollama(ANSWER, THOUGHT, done=True)


def _openai_chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


OPENAI_USAGE = {
    "prompt_tokens": 11,
    "completion_tokens": 293,
    "completion_tokens_details": {"reasoning_tokens": 291},
}
OPENAI_STREAM = [
    *sse(
        [
            (None, _openai_chunk({"role": "assistant", "content": None})),
            (None, _openai_chunk({"reasoning_content": THOUGHT, "content": None})),
            (None, _openai_chunk({"reasoning": THOUGHT})),
            (None, _openai_chunk({"content": ANSWER})),
            (None, _openai_chunk({}, "stop")),
            (None, {"object": "chat.completion.chunk", "choices": [], "usage": OPENAI_USAGE}),
        ]
    ),
    b"data: [DONE]\n\n",
]
OPENAI_WHOLE = {
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": ANSWER, "reasoning_content": THOUGHT},
            "finish_reason": "stop",
        }
    ],
    "usage": OPENAI_USAGE,
}

CASES = {  # provider -> (stream media type, streamed body, whole body, reasoning tokens)
    "google": ("text/event-stream", GEMINI_STREAM, GEMINI_WHOLE, 291),
    "anthropic": ("text/event-stream", ANTHROPIC_STREAM, ANTHROPIC_WHOLE, None),
    "ollama": ("application/x-ndjson", OLLAMA_STREAM, OLLAMA_WHOLE, None),
    "openai": ("text/event-stream", OPENAI_STREAM, OPENAI_WHOLE, 291),
    "custom": ("text/event-stream", OPENAI_STREAM, OPENAI_WHOLE, 291),
}


@pytest.fixture
def server_for() -> Iterator[Any]:
    started: list[HostileServer] = []

    def start(answer: Answer) -> HostileServer:
        server = HostileServer(answer).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def _config(tmp_path: Path, provider: str, url: str) -> Path:
    backend = {
        "provider": provider,
        "base_url": url,
        "api_key": "${THINK_KEY}",
        "models": {"thinker": {"pricing": {"input": 1.0, "output": 2.0}}},
    }
    data = {"version": 2, "models": {"m": {"backend": "t/thinker"}}, "backends": {"t": backend}}
    path = tmp_path / "modelmap.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _chat(monkeypatch: pytest.MonkeyPatch, path: Path, *flags: str) -> tuple[int, str, str]:
    monkeypatch.setenv("THINK_KEY", "think-key")
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)
    result = CliRunner().invoke(app, ["chat", "--no-env-file", "-c", str(path), "m", "hi", *flags])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("provider", list(CASES))
def test_streamed_reasoning_is_not_printed(
    server_for: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    media, streamed, _, _ = CASES[provider]
    server = server_for(stream(media, streamed))
    code, out, err = _chat(monkeypatch, _config(tmp_path, provider, server.url), "-v")
    assert code == 0, err
    assert out == ANSWER + "\n"
    assert "293 out tokens" in err  # the reasoning is paid for


@pytest.mark.parametrize("provider", list(CASES))
def test_a_whole_answer_is_exactly_the_answer_and_counts_the_reasoning(
    server_for: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    _, _, body, reasoning = CASES[provider]
    server = server_for(whole(200, body))
    code, out, err = _chat(monkeypatch, _config(tmp_path, provider, server.url), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["text"] == ANSWER
    assert data["usage"]["input_tokens"] == 11
    assert data["usage"]["output_tokens"] == 293  # 2 of answer, 291 of thought
    assert data["usage"].get("reasoning_tokens") == reasoning
    assert data["cost_usd"] == pytest.approx((11 * 1.0 + 293 * 2.0) / 1000)


def test_gemini_thoughts_count_as_output_in_a_stream_too(
    server_for: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modelmap import chat_stream, load_config

    server = server_for(stream("text/event-stream", GEMINI_STREAM))
    config = load_config(_config(tmp_path, "google", server.url))
    with chat_stream(config, "m", "hi", environ={"THINK_KEY": "k"}) as answer:
        assert list(answer) == [ANSWER]
    usage = answer.answer.usage
    assert (usage.input_tokens, usage.output_tokens, usage.reasoning_tokens) == (11, 293, 291)
    assert answer.answer.cost_usd == pytest.approx((11 + 293 * 2.0) / 1000)
