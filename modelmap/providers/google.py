"""Gemini API (``google``/``gemini``): ``generateContent`` and SSE ``streamGenerateContent``.

The key goes in the ``x-goog-api-key`` header, never in the URL. A bad key is answered with
400 ``INVALID_ARGUMENT`` and reason ``API_KEY_INVALID``, not 401.
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
    stop_list,
    stream_error,
)
from modelmap.resolution import Endpoint

name = "google"
stream_format: Literal["sse", "ndjson"] = "sse"
lists_models = True

# config parameter name -> generationConfig field
_GENERATION = {
    "temperature": "temperature",
    "top_p": "topP",
    "top_k": "topK",
    "max_tokens": "maxOutputTokens",
    "presence_penalty": "presencePenalty",
    "frequency_penalty": "frequencyPenalty",
    "seed": "seed",
}
_STATUS_KINDS = {
    "UNAUTHENTICATED": ErrorKind.AUTH,
    "PERMISSION_DENIED": ErrorKind.AUTH,
    # a 400 about the project, not the request: billing not enabled, region not served
    "FAILED_PRECONDITION": ErrorKind.AUTH,
    "NOT_FOUND": ErrorKind.MODEL_NOT_FOUND,
    "RESOURCE_EXHAUSTED": ErrorKind.RATE_LIMITED,
    "UNAVAILABLE": ErrorKind.SERVER,
    "INTERNAL": ErrorKind.SERVER,
    "DEADLINE_EXCEEDED": ErrorKind.TIMEOUT,
}


def _model_path(model_id: str) -> str:
    return model_id if model_id.startswith(("models/", "tunedModels/")) else f"models/{model_id}"


def _headers(endpoint: Endpoint, content: bool = False) -> dict[str, str]:
    auth = {"x-goog-api-key": endpoint.api_key} if endpoint.api_key else {}
    return headers(endpoint, auth, {"Content-Type": "application/json"} if content else None)


def chat_request(endpoint: Endpoint, request: ChatRequest) -> HttpRequest:
    """``contents`` with roles user/model, ``systemInstruction``, ``generationConfig``."""
    systems = [request.system] if request.system else []
    systems += [m.content for m in request.messages if m.role == "system"]
    contents = [
        {"role": "model" if m.role == "assistant" else "user", "parts": [{"text": m.content}]}
        for m in request.messages
        if m.role != "system"
    ]
    body: dict[str, Any] = {"contents": contents}
    if systems:
        body["systemInstruction"] = {"parts": [{"text": "\n\n".join(systems)}]}
    config: dict[str, Any] = {}
    for key, value in request.parameters.items():
        if value is None:
            continue
        if key == "stop":
            config["stopSequences"] = stop_list(value)
        else:
            config[_GENERATION.get(key, key)] = value  # other names: generationConfig fields
    if config:
        body["generationConfig"] = config
    action = "streamGenerateContent?alt=sse" if request.stream else "generateContent"
    url = join(endpoint.base_url, f"{_model_path(request.model_id)}:{action}")
    return HttpRequest("POST", url, _headers(endpoint, content=True), body)


def _chunk(obj: Any) -> StreamEvent:
    """Text, finish reason and usage of an answer or of one stream chunk."""
    if not isinstance(obj, Mapping):
        return StreamEvent()
    if obj.get("error"):
        fail = classify_error(200, {}, obj)
        raise stream_error(fail.message, fail.kind)
    candidates = obj.get("candidates") or []
    block = (obj.get("promptFeedback") or {}).get("blockReason")
    if not candidates and block:
        raise stream_error(f"prompt blocked: {block}", ErrorKind.BAD_REQUEST)
    first = candidates[0] if candidates and isinstance(candidates[0], Mapping) else {}
    parts = (first.get("content") or {}).get("parts") or []
    # a part with "thought": true is a thought summary, not answer text
    text = "".join(
        str(p.get("text", "")) for p in parts if isinstance(p, Mapping) and not p.get("thought")
    )
    meta = obj.get("usageMetadata")
    return StreamEvent(text, first.get("finishReason"), _usage(meta))


def _usage(meta: Any) -> Usage | None:
    """``usageMetadata``: thoughts are billed as output on top of the candidates' tokens."""
    if not isinstance(meta, Mapping):
        return None
    answer, thoughts = meta.get("candidatesTokenCount"), meta.get("thoughtsTokenCount")
    output = None if answer is None and thoughts is None else (answer or 0) + (thoughts or 0)
    return Usage(meta.get("promptTokenCount"), output, thoughts)


def parse_response(body: Any) -> ChatResult:
    """``candidates[0].content.parts[*].text``, ``finishReason``, ``usageMetadata``."""
    return ChatResult(*_chunk(body))


def parse_event(event: str | None, data: str) -> list[StreamEvent]:
    """Each SSE chunk is shaped like a whole response; the stream just ends."""
    result = _chunk(load_json(data))
    return [result] if result.text or result.finish_reason or result.usage else []


def probe_request(endpoint: Endpoint, model_id: str | None) -> HttpRequest:
    """``GET {base}/models?pageSize=1000`` or ``GET {base}/models/{id}``."""
    path = "models?pageSize=1000" if model_id is None else _model_path(model_id)
    return HttpRequest("GET", join(endpoint.base_url, path), _headers(endpoint))


def probe_result(status: int, body: Any, model_id: str) -> ProbeResult:
    """The list holds ``models/{id}`` in ``models[].name``; a lookup answer is the model."""
    if status >= 400:
        fail = classify_error(status, {}, body)
        return ProbeResult(False, fail.kind, fail.message)
    if not isinstance(body, Mapping):  # an array is not this API's list: look the id up
        return ProbeResult(False, ErrorKind.MODEL_NOT_FOUND, "not in the backend's model list")
    if isinstance(body, Mapping) and isinstance(body.get("models"), list):
        names = {str(m.get("name")) for m in body["models"] if isinstance(m, Mapping)}
        if _model_path(model_id) not in names:
            return ProbeResult(False, ErrorKind.MODEL_NOT_FOUND, "not in the backend's model list")
    return ProbeResult(True)


def _reasons(err: Mapping[str, Any]) -> set[str]:
    details = err.get("details")
    if not isinstance(details, list):
        return set()
    return {str(d.get("reason")) for d in details if isinstance(d, Mapping) and d.get("reason")}


def _retry_delay(err: Mapping[str, Any]) -> float | None:
    for detail in err.get("details") or []:
        delay = detail.get("retryDelay") if isinstance(detail, Mapping) else None
        if isinstance(delay, str) and delay.endswith("s"):
            try:
                return float(delay[:-1])
            except ValueError:
                return None
    return None


def classify_error(status: int, headers: Mapping[str, str], body: Any) -> Failure:
    """``{"error": {"code", "message", "status", "details"}}``; API_KEY_INVALID is auth."""
    err = body.get("error") if isinstance(body, Mapping) else None
    if not isinstance(err, Mapping):
        return failure(status, headers, body_text(body))
    message = str(err.get("message") or "")
    if "API_KEY_INVALID" in _reasons(err) or "API key not valid" in message:
        kind: ErrorKind | None = ErrorKind.AUTH
    else:
        kind = _STATUS_KINDS.get(str(err.get("status")))
    result = failure(status, headers, message, kind)
    if result.retry_after is None and _retry_delay(err) is not None:
        return Failure(result.kind, status, result.message, _retry_delay(err))
    return result
