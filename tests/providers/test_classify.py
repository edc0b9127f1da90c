"""Error classification: each provider's status and body shapes onto the one taxonomy."""

from __future__ import annotations

from typing import Any

import pytest

from modelmap.providers import anthropic, google, ollama, openai
from modelmap.providers.base import ErrorKind as K


def _oa(message: str, code: str | None = None, type_: str = "invalid_request_error") -> Any:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def _an(type_: str, message: str = "msg") -> Any:
    return {"type": "error", "error": {"type": type_, "message": message}}


def _go(code: int, status: str, message: str = "msg", reason: str | None = None) -> Any:
    err: dict[str, Any] = {"code": code, "message": message, "status": status}
    if reason:
        err["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason}]
    return {"error": err}


CASES = [
    (openai, 401, {}, _oa("Incorrect API key provided", "invalid_api_key"), K.AUTH, None),
    (
        openai,
        403,
        {},
        _oa("Country not supported", "unsupported_country_region_territory"),
        K.AUTH,
        None,
    ),
    (
        openai,
        404,
        {},
        _oa("The model `x` does not exist", "model_not_found"),
        K.MODEL_NOT_FOUND,
        None,
    ),
    (openai, 400, {}, _oa("no such model", "model_not_found"), K.MODEL_NOT_FOUND, None),
    (
        openai,
        429,
        {"Retry-After": "20"},
        _oa("Rate limit reached", "rate_limit_exceeded"),
        K.RATE_LIMITED,
        20.0,
    ),
    (openai, 429, {"retry-after-ms": "1500"}, _oa("Rate limit reached"), K.RATE_LIMITED, 1.5),
    (
        openai,
        402,
        {},
        {"error": {"message": "Insufficient credits", "code": 402}},
        K.RATE_LIMITED,
        None,
    ),
    (openai, 400, {}, _oa("Invalid 'temperature'"), K.BAD_REQUEST, None),
    (openai, 422, {}, {"detail": "validation"}, K.BAD_REQUEST, None),
    (openai, 500, {}, _oa("The server had an error", type_="server_error"), K.SERVER, None),
    (openai, 503, {}, "<html>upstream down</html>", K.SERVER, None),
    (openai, 404, {}, {"error": "model not loaded"}, K.MODEL_NOT_FOUND, None),
    (anthropic, 400, {}, _an("invalid_request_error"), K.BAD_REQUEST, None),
    (anthropic, 401, {}, _an("authentication_error", "invalid x-api-key"), K.AUTH, None),
    (anthropic, 403, {}, _an("permission_error"), K.AUTH, None),
    (anthropic, 404, {}, _an("not_found_error", "model: x"), K.MODEL_NOT_FOUND, None),
    (anthropic, 413, {}, _an("request_too_large"), K.BAD_REQUEST, None),
    (anthropic, 429, {"retry-after": "3"}, _an("rate_limit_error"), K.RATE_LIMITED, 3.0),
    (anthropic, 500, {}, _an("api_error"), K.SERVER, None),
    (anthropic, 529, {}, _an("overloaded_error", "Overloaded"), K.OVERLOADED, None),
    (anthropic, 529, {}, "", K.OVERLOADED, None),
    (
        google,
        400,
        {},
        _go(400, "INVALID_ARGUMENT", "API key not valid.", "API_KEY_INVALID"),
        K.AUTH,
        None,
    ),
    (google, 400, {}, _go(400, "INVALID_ARGUMENT", "Invalid JSON payload"), K.BAD_REQUEST, None),
    (google, 400, {}, _go(400, "FAILED_PRECONDITION", "enable billing"), K.AUTH, None),
    (google, 403, {}, _go(403, "PERMISSION_DENIED"), K.AUTH, None),
    (google, 404, {}, _go(404, "NOT_FOUND", "models/x is not found"), K.MODEL_NOT_FOUND, None),
    (google, 429, {}, _go(429, "RESOURCE_EXHAUSTED"), K.RATE_LIMITED, None),
    (google, 500, {}, _go(500, "INTERNAL"), K.SERVER, None),
    (google, 503, {}, _go(503, "UNAVAILABLE"), K.SERVER, None),
    (google, 504, {}, _go(504, "DEADLINE_EXCEEDED"), K.TIMEOUT, None),
    (ollama, 400, {}, {"error": "invalid options"}, K.BAD_REQUEST, None),
    (ollama, 401, {}, {"error": "unauthorized"}, K.AUTH, None),
    (ollama, 404, {}, {"error": "model 'x' not found"}, K.MODEL_NOT_FOUND, None),
    (ollama, 429, {"Retry-After": "1"}, {"error": "too many requests"}, K.RATE_LIMITED, 1.0),
    (ollama, 500, {}, {"error": "llama runner process has terminated"}, K.SERVER, None),
    (ollama, 502, {}, "Bad Gateway", K.SERVER, None),
]


@pytest.mark.parametrize(
    ("module", "status", "headers", "body", "kind", "retry_after"),
    CASES,
    ids=[f"{c[0].name}-{c[1]}-{i}" for i, c in enumerate(CASES)],
)
def test_classify(
    module: Any, status: int, headers: dict[str, str], body: Any, kind: K, retry_after: float | None
) -> None:
    failure = module.classify_error(status, headers, body)
    assert failure.kind is kind
    assert failure.status == status
    assert failure.retry_after == retry_after
    assert failure.message  # the provider's message, or at least the status


def test_provider_message_is_kept() -> None:
    failure = anthropic.classify_error(401, {}, _an("authentication_error", "invalid x-api-key"))
    assert failure.message == "invalid x-api-key"


def test_google_retry_delay_detail() -> None:
    body = {
        "error": {
            "code": 429,
            "message": "quota",
            "status": "RESOURCE_EXHAUSTED",
            "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s"}],
        }
    }
    assert google.classify_error(429, {}, body).retry_after == 12.0


def test_only_bad_request_stays_on_the_same_backend() -> None:
    assert [k for k in K if not k.fails_over] == [K.BAD_REQUEST]
