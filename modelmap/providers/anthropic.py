"""Anthropic Messages API: ``POST {base}/v1/messages`` with named SSE events."""

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
    stop_list,
    stream_error,
)
from modelmap.resolution import Endpoint

name = "anthropic"
stream_format: Literal["sse", "ndjson"] = "sse"
lists_models = True

API_VERSION = "2023-06-01"
DEFAULT_MAX_TOKENS = 4096  # the API requires max_tokens; this is what we send when unset
_UNSUPPORTED = frozenset({"presence_penalty", "frequency_penalty", "seed"})
_KINDS = {
    "authentication_error": ErrorKind.AUTH,
    "permission_error": ErrorKind.AUTH,
    "not_found_error": ErrorKind.MODEL_NOT_FOUND,
    "rate_limit_error": ErrorKind.RATE_LIMITED,
    "overloaded_error": ErrorKind.OVERLOADED,
    "api_error": ErrorKind.SERVER,
    "invalid_request_error": ErrorKind.BAD_REQUEST,
    "request_too_large": ErrorKind.BAD_REQUEST,
}


def _headers(endpoint: Endpoint, content: bool = False) -> dict[str, str]:
    fixed = {"anthropic-version": API_VERSION}
    if content:
        fixed["Content-Type"] = "application/json"
    auth = {"x-api-key": endpoint.api_key} if endpoint.api_key else {}
    return headers(endpoint, auth, fixed)


def chat_request(endpoint: Endpoint, request: ChatRequest) -> HttpRequest:
    """System prompt top-level, ``max_tokens`` always present, ``stop`` as ``stop_sequences``."""
    systems = [request.system] if request.system else []
    systems += [m.content for m in request.messages if m.role == "system"]
    messages = [
        {"role": m.role, "content": m.content} for m in request.messages if m.role != "system"
    ]
    params = dict(request.parameters)
    body: dict[str, Any] = {
        "model": request.model_id,
        "max_tokens": params.pop("max_tokens", None) or DEFAULT_MAX_TOKENS,
        "messages": messages,
    }
    if systems:
        body["system"] = "\n\n".join(systems)
    stop = stop_list(params.pop("stop", None))
    if stop:
        body["stop_sequences"] = stop
    for key, value in params.items():
        if value is not None and key not in _UNSUPPORTED:
            body[key] = value
    body["stream"] = request.stream
    return HttpRequest(
        "POST", join(endpoint.base_url, "v1/messages"), _headers(endpoint, content=True), body
    )


def _text(blocks: Any) -> str:
    if not isinstance(blocks, list):
        return ""
    return "".join(
        str(b.get("text", "")) for b in blocks if isinstance(b, Mapping) and b.get("type") == "text"
    )


def parse_response(body: Any) -> ChatResult:
    """Text blocks of ``content[]``, ``stop_reason`` and usage."""
    if not isinstance(body, Mapping):
        return ChatResult("")
    if body.get("type") == "error":
        fail = classify_error(200, {}, body)
        raise stream_error(fail.message, fail.kind)
    usage = body.get("usage") or {}
    return ChatResult(
        text=_text(body.get("content")),
        finish_reason=body.get("stop_reason"),
        usage=Usage(usage.get("input_tokens"), usage.get("output_tokens")),
    )


def parse_event(event: str | None, data: str) -> list[StreamEvent]:
    """Named events; ``ping`` ignored; ``error`` raises (overloaded_error mid-stream too)."""
    obj = load_json(data)
    if not isinstance(obj, Mapping):
        return []
    kind = event or obj.get("type")
    if kind == "error":
        fail = classify_error(200, {}, obj)
        raise stream_error(fail.message, fail.kind)
    if kind == "message_start":
        usage = (obj.get("message") or {}).get("usage") or {}
        return [StreamEvent(usage=Usage(input_tokens=usage.get("input_tokens")))]
    if kind == "content_block_delta":
        delta = obj.get("delta") or {}
        if delta.get("type") == "text_delta":
            return [StreamEvent(text=str(delta.get("text", "")))]
        return []
    if kind == "message_delta":
        usage = obj.get("usage") or {}
        return [
            StreamEvent(
                finish_reason=(obj.get("delta") or {}).get("stop_reason"),
                usage=Usage(output_tokens=usage.get("output_tokens")),
            )
        ]
    return []  # ping, content_block_start/stop, message_stop and future event types


def probe_request(endpoint: Endpoint, model_id: str | None) -> HttpRequest:
    """``GET {base}/v1/models?limit=1000`` or ``GET {base}/v1/models/{id}``."""
    path = "v1/models?limit=1000" if model_id is None else f"v1/models/{model_id}"
    return HttpRequest("GET", join(endpoint.base_url, path), _headers(endpoint))


def probe_result(status: int, body: Any, model_id: str) -> ProbeResult:
    """The list holds ``model_id`` in ``data[].id``; a lookup answer is the model itself."""
    if status >= 400:
        fail = classify_error(status, {}, body)
        return ProbeResult(False, fail.kind, fail.message)
    if not isinstance(body, Mapping):  # an array is not this API's list: look the id up
        return ProbeResult(False, ErrorKind.MODEL_NOT_FOUND, "not in the backend's model list")
    if isinstance(body, Mapping) and isinstance(body.get("data"), list):
        ids = {str(m.get("id")) for m in body["data"] if isinstance(m, Mapping)}
        if model_id not in ids:
            return ProbeResult(False, ErrorKind.MODEL_NOT_FOUND, "not in the backend's model list")
    return ProbeResult(True)


def classify_error(status: int, headers: Mapping[str, str], body: Any) -> Failure:
    """``{"type": "error", "error": {"type", "message"}}``; 529 is overloaded."""
    err = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(err, Mapping):
        kind = _KINDS.get(str(err.get("type")))
        if status >= 400 and kind is ErrorKind.BAD_REQUEST and status != 400:
            kind = None  # trust the status when the type is the generic one
        return failure(status, headers, str(err.get("message") or ""), kind)
    return failure(status, headers, body_text(body))
