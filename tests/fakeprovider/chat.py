"""Fake chat answers for the four protocols, whole or streamed, from a Behaviour's script."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from fakeprovider.protocols import error_body, pace
from fakeprovider.server import Backend, iter_sse

if TYPE_CHECKING:
    from fakeprovider.server import _Handler

_STOP = {"openai": "stop", "anthropic": "end_turn", "google": "STOP", "ollama": "stop"}


def _wants_stream(protocol: str, path: str, body: dict[str, Any]) -> bool:
    if protocol == "google":
        return ":streamGenerateContent" in path
    if protocol == "ollama":
        return bool(body.get("stream", True))
    return bool(body.get("stream", False))


def chat(h: _Handler, backend: Backend, path: str, body: dict[str, Any]) -> None:
    """Answer a chat request as ``backend``'s protocol does."""
    b = backend.behaviour
    protocol = backend.protocol
    model = body.get("model") or path.split("/models/")[-1].split(":")[0]
    finish = b.finish_reason or _STOP[protocol]
    if not _wants_stream(protocol, path, body):
        h.send_json(200, _whole(protocol, str(model), "".join(b.chunks), finish, b.usage))
        return
    frames = _frames(protocol, str(model), list(b.chunks), finish, b.usage, body)
    ctype = "application/x-ndjson" if protocol == "ollama" else "text/event-stream"
    h.start_stream(ctype)
    failure = error_body(protocol, 500, b.message or "stream failed")
    if protocol == "anthropic":
        failure = {
            "type": "error",
            "error": {"type": "overloaded_error", "message": b.message or "Overloaded"},
        }
    sent = 0
    for is_text, frame in frames:
        if is_text:
            if b.fail_after is not None and sent >= b.fail_after:
                h.chunk(_frame(protocol, "error", failure))
                h.end_stream()
                return
            if b.drop_after is not None and sent >= b.drop_after:
                h.drop()
                return
            pace(b, sent)
            sent += 1
        if b.comments and protocol != "ollama":
            h.chunk(": keep-alive\n\n")
        h.chunk(frame)
    h.end_stream()


def _frame(protocol: str, event: str | None, data: Any) -> str:
    if protocol == "ollama":
        return json.dumps(data) + "\n"
    return "".join(iter_sse([(event if protocol == "anthropic" else None, data)]))


def _frames(
    protocol: str,
    model: str,
    chunks: list[str],
    finish: str,
    usage: tuple[int, int],
    body: dict[str, Any],
) -> list[tuple[bool, str]]:
    """``(is a text chunk, frame)`` pairs of a whole stream."""
    out: list[tuple[bool, str]] = []
    if protocol == "openai":
        base = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
        }
        out.append(
            (
                False,
                _frame(
                    protocol,
                    None,
                    {
                        **base,
                        "choices": [
                            {
                                "index": 0,
                                "delta": {"role": "assistant", "content": ""},
                                "finish_reason": None,
                            }
                        ],
                    },
                ),
            )
        )
        for text in chunks:
            out.append(
                (
                    True,
                    _frame(
                        protocol,
                        None,
                        {
                            **base,
                            "choices": [
                                {"index": 0, "delta": {"content": text}, "finish_reason": None}
                            ],
                        },
                    ),
                )
            )
        out.append(
            (
                False,
                _frame(
                    protocol,
                    None,
                    {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]},
                ),
            )
        )
        if (body.get("stream_options") or {}).get("include_usage"):
            u = {
                "prompt_tokens": usage[0],
                "completion_tokens": usage[1],
                "total_tokens": sum(usage),
            }
            out.append((False, _frame(protocol, None, {**base, "choices": [], "usage": u})))
        out.append((False, "data: [DONE]\n\n"))
    elif protocol == "anthropic":
        msg = {
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [],
            "stop_reason": None,
            "usage": {"input_tokens": usage[0], "output_tokens": 1},
        }
        out.append(
            (False, _frame(protocol, "message_start", {"type": "message_start", "message": msg}))
        )
        out.append(
            (
                False,
                _frame(
                    protocol,
                    "content_block_start",
                    {
                        "type": "content_block_start",
                        "index": 0,
                        "content_block": {"type": "text", "text": ""},
                    },
                ),
            )
        )
        out.append((False, _frame(protocol, "ping", {"type": "ping"})))
        for text in chunks:
            out.append(
                (
                    True,
                    _frame(
                        protocol,
                        "content_block_delta",
                        {
                            "type": "content_block_delta",
                            "index": 0,
                            "delta": {"type": "text_delta", "text": text},
                        },
                    ),
                )
            )
        out.append(
            (
                False,
                _frame(protocol, "content_block_stop", {"type": "content_block_stop", "index": 0}),
            )
        )
        out.append(
            (
                False,
                _frame(
                    protocol,
                    "message_delta",
                    {
                        "type": "message_delta",
                        "delta": {"stop_reason": finish, "stop_sequence": None},
                        "usage": {"output_tokens": usage[1]},
                    },
                ),
            )
        )
        out.append((False, _frame(protocol, "message_stop", {"type": "message_stop"})))
    elif protocol == "google":
        for i, text in enumerate(chunks):
            cand: dict[str, Any] = {
                "content": {"role": "model", "parts": [{"text": text}]},
                "index": 0,
            }
            chunk: dict[str, Any] = {"candidates": [cand], "modelVersion": model}
            if i == len(chunks) - 1:
                cand["finishReason"] = finish
                chunk["usageMetadata"] = {
                    "promptTokenCount": usage[0],
                    "candidatesTokenCount": usage[1],
                    "totalTokenCount": sum(usage),
                }
            out.append((True, _frame(protocol, None, chunk)))
    else:
        for text in chunks:
            out.append(
                (
                    True,
                    _frame(
                        protocol,
                        None,
                        {
                            "model": model,
                            "created_at": "2024-01-01T00:00:00Z",
                            "message": {"role": "assistant", "content": text},
                            "done": False,
                        },
                    ),
                )
            )
        out.append(
            (
                False,
                _frame(
                    protocol,
                    None,
                    {
                        "model": model,
                        "created_at": "2024-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": ""},
                        "done": True,
                        "done_reason": finish,
                        "prompt_eval_count": usage[0],
                        "eval_count": usage[1],
                    },
                ),
            )
        )
    return out


def _whole(protocol: str, model: str, text: str, finish: str, usage: tuple[int, int]) -> Any:
    if protocol == "openai":
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "finish_reason": finish,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": usage[0],
                "completion_tokens": usage[1],
                "total_tokens": sum(usage),
            },
        }
    if protocol == "anthropic":
        return {
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": finish,
            "stop_sequence": None,
            "usage": {"input_tokens": usage[0], "output_tokens": usage[1]},
        }
    if protocol == "google":
        return {
            "candidates": [
                {
                    "content": {"role": "model", "parts": [{"text": text}]},
                    "finishReason": finish,
                    "index": 0,
                }
            ],
            "usageMetadata": {
                "promptTokenCount": usage[0],
                "candidatesTokenCount": usage[1],
                "totalTokenCount": sum(usage),
            },
            "modelVersion": model,
        }
    return {
        "model": model,
        "created_at": "2024-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": text},
        "done": True,
        "done_reason": finish,
        "prompt_eval_count": usage[0],
        "eval_count": usage[1],
    }
