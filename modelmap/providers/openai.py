"""OpenAI-style chat completions: openai, and (with their own defaults) together,
huggingface and any OpenAI-compatible ``custom`` endpoint.

The only difference between them here is the max-tokens field: OpenAI itself takes
``max_completion_tokens`` (``max_tokens`` is deprecated there and rejected by reasoning
models) while compatible servers still expect ``max_tokens``; and OpenAI rejects ``top_k``,
which compatible servers such as vLLM and Together accept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from modelmap.providers.base import (
    ChatRequest,
    ChatResult,
    ErrorKind,
    Failure,
    HttpRequest,
    ProbeResult,
    StreamEvent,
    Usage,
)
from modelmap.providers.common import (
    body_text,
    failure,
    headers,
    join,
    load_json,
    stream_error,
)
from modelmap.resolution import Endpoint

name = "openai"
stream_format: Literal["sse", "ndjson"] = "sse"
lists_models = True


def _auth(endpoint: Endpoint) -> dict[str, str]:
    return {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}


def _is_openai(endpoint: Endpoint) -> bool:
    return endpoint.target.provider == "openai"


def chat_request(endpoint: Endpoint, request: ChatRequest) -> HttpRequest:
    """``POST {base}/chat/completions``; unknown parameters go through at the top level."""
    messages: list[dict[str, str]] = []
    if request.system:
        messages.append({"role": "system", "content": request.system})
    messages += [{"role": m.role, "content": m.content} for m in request.messages]
    body: dict[str, Any] = {"model": request.model_id, "messages": messages}
    openai_itself = _is_openai(endpoint)
    for key, value in request.parameters.items():
        if value is None:
            continue
        if key == "max_tokens":
            body["max_completion_tokens" if openai_itself else "max_tokens"] = value
        elif key == "top_k" and openai_itself:
            continue  # OpenAI answers 400 to top_k
        else:
            body[key] = value
    body["stream"] = request.stream
    if request.stream:
        body["stream_options"] = {"include_usage": True}
    return HttpRequest(
        "POST",
        join(endpoint.base_url, "chat/completions"),
        headers(endpoint, _auth(endpoint), {"Content-Type": "application/json"}),
        body,
    )


def _usage(raw: Any) -> Usage | None:
    if not isinstance(raw, Mapping):
        return None
    details = raw.get("completion_tokens_details")
    reasoning = details.get("reasoning_tokens") if isinstance(details, Mapping) else None
    # completion_tokens already includes the reasoning tokens
    return Usage(raw.get("prompt_tokens"), raw.get("completion_tokens"), reasoning)


def _raise_if_error(obj: Any) -> None:
    if isinstance(obj, Mapping) and obj.get("error"):
        err = obj["error"]
        message = err.get("message", "") if isinstance(err, Mapping) else str(err)
        raise stream_error(message or body_text(err))


def parse_response(body: Any) -> ChatResult:
    """``choices[0].message.content`` with its finish reason and usage."""
    _raise_if_error(body)
    choices = body.get("choices") or [{}] if isinstance(body, Mapping) else [{}]
    first = choices[0] if isinstance(choices[0], Mapping) else {}
    message = first.get("message") or {}
    return ChatResult(
        text=message.get("content") or "",
        finish_reason=first.get("finish_reason"),
        usage=_usage(body.get("usage") if isinstance(body, Mapping) else None),
    )


def parse_event(event: str | None, data: str) -> list[StreamEvent]:
    """One SSE ``data:`` chunk; ``[DONE]`` ends the stream; an ``error`` object raises."""
    if data.strip() == "[DONE]":
        return []
    obj = load_json(data)
    # Called once per token, so the common case makes few calls: parsed JSON objects are
    # dicts (a cheaper check than Mapping), and most events carry neither error nor usage.
    if not isinstance(obj, dict):
        return []
    if obj.get("error"):
        _raise_if_error(obj)
    out: list[StreamEvent] = []
    for choice in obj.get("choices") or ():
        if not isinstance(choice, dict) or choice.get("index", 0) != 0:
            continue
        text = (choice.get("delta") or {}).get("content") or ""
        finish_reason = choice.get("finish_reason")
        if text or finish_reason:
            out.append(StreamEvent(text, finish_reason))
    usage = _usage(obj["usage"]) if "usage" in obj else None
    if usage is not None:
        out.append(StreamEvent(usage=usage))
    return out


def probe_request(endpoint: Endpoint, model_id: str | None) -> HttpRequest:
    """``GET {base}/models`` (all ids) or ``GET {base}/models/{id}``."""
    path = "models" if model_id is None else f"models/{model_id}"
    return HttpRequest("GET", join(endpoint.base_url, path), headers(endpoint, _auth(endpoint)))


def _ids(body: Any) -> set[str] | None:
    models = body.get("data") if isinstance(body, Mapping) else body  # Together: a bare array
    if isinstance(models, list):
        return {str(m.get("id")) for m in models if isinstance(m, Mapping)}
    return None


def probe_result(status: int, body: Any, model_id: str) -> ProbeResult:
    """A list answer holds ``model_id`` among ``data[].id`` (or, from Together, among the ids
    of a bare array); a lookup answer is the model."""
    if status >= 400:
        fail = classify_error(status, {}, body)
        return ProbeResult(False, fail.kind, fail.message)
    ids = _ids(body)
    if ids is not None and model_id not in ids:
        return ProbeResult(False, ErrorKind.MODEL_NOT_FOUND, "not in the backend's model list")
    return ProbeResult(True)


def classify_error(status: int, headers: Mapping[str, str], body: Any) -> Failure:
    """``{"error": {"message", "type", "code"}}``; ``code: model_not_found`` wins."""
    err = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(err, Mapping):
        message = str(err.get("message") or "")
        code = err.get("code")
        kind = ErrorKind.MODEL_NOT_FOUND if code == "model_not_found" else None
        return failure(status, headers, message, kind)
    if isinstance(err, str):  # some compatible servers send a bare string
        return failure(status, headers, err)
    return failure(status, headers, body_text(body))
