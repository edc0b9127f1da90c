"""What each fake protocol answers: model lists, lookups, errors and chat (whole or streamed)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from fakeprovider.server import Backend, Behaviour

if TYPE_CHECKING:
    from fakeprovider.server import _Handler

_MESSAGES = {
    400: "Bad request",
    401: "Invalid API key",
    403: "Permission denied",
    404: "Not found",
    429: "Rate limit exceeded",
    500: "Internal server error",
    503: "Service unavailable",
    529: "Overloaded",
}
_ANTHROPIC_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}
_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}
_OPENAI_CODES = {401: "invalid_api_key", 404: "model_not_found", 429: "rate_limit_exceeded"}


def error_body(protocol: str, status: int, message: str, bad_key: bool = False) -> Any:
    """The provider's own error body for ``status``."""
    message = message or _MESSAGES.get(status, f"HTTP {status}")
    if protocol == "openai":
        return {
            "error": {
                "message": message,
                "type": "invalid_request_error" if status < 500 else "server_error",
                "param": None,
                "code": _OPENAI_CODES.get(status),
            }
        }
    if protocol == "anthropic":
        return {
            "type": "error",
            "error": {"type": _ANTHROPIC_TYPES.get(status, "api_error"), "message": message},
        }
    if protocol == "google":
        body: dict[str, Any] = {
            "code": status,
            "message": message,
            "status": _GOOGLE_STATUS.get(status, "UNKNOWN"),
        }
        if bad_key:
            body["details"] = [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com",
                }
            ]
        return {"error": body}
    return {"error": message}


def send_error(
    h: _Handler, backend: Backend, status: int, message: str = "", bad_key: bool = False
) -> None:
    """An error answer, with Retry-After headers when the behaviour sets them."""
    b = backend.behaviour
    headers = {}
    if b.retry_after is not None:
        headers["Retry-After"] = b.retry_after
    if b.retry_after_ms is not None:
        headers["retry-after-ms"] = b.retry_after_ms
    if b.location is not None:
        headers["Location"] = b.location
    if b.raw_error is not None:
        h.send_bytes(status, b.raw_error.encode(), "text/plain", headers)
        return
    h.send_json(
        status, error_body(backend.protocol, status, message or b.message, bad_key), headers
    )


def _authorised(backend: Backend, headers: dict[str, str]) -> bool:
    if backend.key is None:
        return True
    if backend.protocol == "anthropic":
        return headers.get("x-api-key") == backend.key
    if backend.protocol == "google":
        return headers.get("x-goog-api-key") == backend.key
    return headers.get("authorization") == f"Bearer {backend.key}"


def _missing(h: _Handler, backend: Backend, model: str) -> None:
    if backend.protocol == "ollama":
        send_error(h, backend, 404, f"model '{model}' not found")
    elif backend.protocol == "google":
        send_error(h, backend, 404, f"models/{model} is not found for API version v1beta")
    elif backend.protocol == "anthropic":
        send_error(h, backend, 404, f"model: {model}")
    else:
        send_error(
            h, backend, 404, f"The model `{model}` does not exist or you do not have access to it."
        )


def _model_info(protocol: str, model: str) -> Any:
    if protocol == "openai":
        return {"id": model, "object": "model", "created": 1700000000, "owned_by": "fake"}
    if protocol == "anthropic":
        return {
            "id": model,
            "type": "model",
            "display_name": model,
            "created_at": "2024-10-22T00:00:00Z",
        }
    if protocol == "google":
        return {
            "name": f"models/{model}",
            "displayName": model,
            "supportedGenerationMethods": ["generateContent"],
        }
    return {"name": model, "model": model, "size": 1, "digest": "0" * 12}


def _model_list(protocol: str, models: list[str]) -> Any:
    infos = [_model_info(protocol, m) for m in models]
    if protocol == "openai":
        return {"object": "list", "data": infos}
    if protocol == "anthropic":
        return {
            "data": infos,
            "has_more": False,
            "first_id": models[0] if models else None,
            "last_id": models[-1] if models else None,
        }
    return {"models": infos}


def respond(
    h: _Handler,
    backend: Backend,
    path: str,
    headers: dict[str, str],
    body: Any,
    scripted: int | None,
) -> None:
    """Answer one request for ``backend`` at ``path`` (after the backend prefix)."""
    b = backend.behaviour
    status = scripted if scripted else b.status
    if status:
        send_error(h, backend, status, f"{h.command} {h.path} {headers}" if b.echo else "")
        return
    if not _authorised(backend, headers):
        if backend.protocol == "google":
            send_error(
                h, backend, 400, "API key not valid. Please pass a valid API key.", bad_key=True
            )
        else:
            send_error(h, backend, 401, "Invalid API key")
        return
    if b.malformed:
        h.send_bytes(200, b"<html>not json{", "application/json")
        return
    protocol, method = backend.protocol, h.command
    prefix = {"anthropic": "/v1/models", "ollama": "/api/tags"}.get(protocol, "/models")
    if method == "GET" and path == prefix:
        h.send_json(200, _model_list(protocol, backend.models))
        return
    if protocol == "ollama" and path == "/api/show":
        model = str((body or {}).get("model", ""))
        if model in backend.models or f"{model}:latest" in backend.models:
            h.send_json(200, {"modelfile": "", "parameters": "", "details": {"family": "fake"}})
        else:
            _missing(h, backend, model)
        return
    if method == "GET" and path.startswith(prefix + "/") and protocol != "ollama":
        model = path[len(prefix) + 1 :]
        if model in backend.models:
            h.send_json(200, _model_info(protocol, model))
        else:
            _missing(h, backend, model)
        return
    if method == "POST":
        from fakeprovider.chat import chat

        model = _chat_model(protocol, path, body)
        if model is not None:
            if model not in backend.models:
                _missing(h, backend, model)
                return
            chat(h, backend, path, body if isinstance(body, dict) else {})
            return
    h.send_json(404, {"error": f"fake {protocol} backend has no {method} {path}"})


def _chat_model(protocol: str, path: str, body: Any) -> str | None:
    if protocol == "google":
        if path.startswith("/models/") and ":" in path:
            return path[len("/models/") :].split(":", 1)[0]
        return None
    chat_path = {"openai": "/chat/completions", "anthropic": "/v1/messages", "ollama": "/api/chat"}[
        protocol
    ]
    if path != chat_path:
        return None
    return str((body or {}).get("model", "")) if isinstance(body, dict) else ""


def pace(b: Behaviour, index: int) -> None:
    """Wait between scripted chunks (the server simulating a slow token stream)."""
    if b.chunk_delay and index:
        time.sleep(b.chunk_delay)
