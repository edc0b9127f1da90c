"""Ollama native API: ``POST {base}/api/chat`` streaming NDJSON, ``/api/tags``, ``/api/show``."""

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

name = "ollama"
stream_format: Literal["sse", "ndjson"] = "ndjson"
lists_models = True

_OPTIONS = {"max_tokens": "num_predict"}  # other config names are ollama's own option names


def _headers(endpoint: Endpoint, content: bool = False) -> dict[str, str]:
    # a local server needs no key; the hosted service takes a Bearer token
    auth = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    return headers(endpoint, auth, {"Content-Type": "application/json"} if content else None)


def chat_request(endpoint: Endpoint, request: ChatRequest) -> HttpRequest:
    """Messages with a ``system`` message first; sampling parameters under ``options``."""
    messages: list[dict[str, str]] = []
    if request.system:
        messages.append({"role": "system", "content": request.system})
    messages += [{"role": m.role, "content": m.content} for m in request.messages]
    options: dict[str, Any] = {}
    for key, value in request.parameters.items():
        if value is None:
            continue
        options[_OPTIONS.get(key, key)] = stop_list(value) if key == "stop" else value
    body: dict[str, Any] = {"model": request.model_id, "messages": messages}
    body["stream"] = request.stream  # explicit: ollama streams when the field is absent
    if options:
        body["options"] = options
    return HttpRequest(
        "POST", join(endpoint.base_url, "api/chat"), _headers(endpoint, content=True), body
    )


def _result(obj: Any) -> StreamEvent:
    """Text, finish reason and usage of an answer or of one stream line (one per token)."""
    if not isinstance(obj, Mapping):
        return StreamEvent()
    if obj.get("error"):
        raise stream_error(str(obj["error"]))
    text = str((obj.get("message") or {}).get("content") or "")
    if not obj.get("done"):
        return StreamEvent(text)
    usage = Usage(obj.get("prompt_eval_count"), obj.get("eval_count"))
    return StreamEvent(text, str(obj.get("done_reason") or "stop"), usage)


def parse_response(body: Any) -> ChatResult:
    """The single object of a non-streamed answer."""
    return ChatResult(*_result(body))


def parse_event(event: str | None, data: str) -> list[StreamEvent]:
    """One NDJSON line; the ``done: true`` line carries the counts; ``error`` raises."""
    result = _result(load_json(data))
    return [result] if result.text or result.finish_reason else []


def probe_request(endpoint: Endpoint, model_id: str | None) -> HttpRequest:
    """``GET {base}/api/tags`` (local models) or ``POST {base}/api/show``."""
    if model_id is None:
        return HttpRequest("GET", join(endpoint.base_url, "api/tags"), _headers(endpoint))
    return HttpRequest(
        "POST",
        join(endpoint.base_url, "api/show"),
        _headers(endpoint, content=True),
        {"model": model_id},
    )


def _tagged(model_id: str) -> str:
    return model_id if ":" in model_id else f"{model_id}:latest"


def probe_result(status: int, body: Any, model_id: str) -> ProbeResult:
    """The tag list holds the id (``name`` means ``name:latest``); a show answer is the model."""
    if status >= 400:
        fail = classify_error(status, {}, body)
        return ProbeResult(False, fail.kind, fail.message)
    if not isinstance(body, Mapping):  # an array is not this API's list: look the id up
        return ProbeResult(False, ErrorKind.MODEL_NOT_FOUND, "not in the backend's model list")
    if isinstance(body, Mapping) and isinstance(body.get("models"), list):
        names = set()
        for m in body["models"]:
            if isinstance(m, Mapping):
                names |= {_tagged(str(m.get(k))) for k in ("name", "model") if m.get(k)}
        if _tagged(model_id) not in names:
            return ProbeResult(
                False, ErrorKind.MODEL_NOT_FOUND, f"not pulled (ollama pull {model_id})"
            )
    return ProbeResult(True)


def classify_error(status: int, headers: Mapping[str, str], body: Any) -> Failure:
    """``{"error": "..."}``."""
    err = body.get("error") if isinstance(body, Mapping) else None
    return failure(status, headers, str(err) if err else body_text(body))
