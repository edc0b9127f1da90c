"""Helpers the provider modules share: headers, parameter lists, error bodies, Retry-After."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from modelmap.errors import ProviderError
from modelmap.providers.base import ErrorKind, Failure
from modelmap.resolution import Endpoint

# Parameters each module maps itself; anything else is provider-specific.
COMMON_PARAMETERS = frozenset({"temperature", "top_p", "top_k", "max_tokens", "stop"})


def headers(
    endpoint: Endpoint, auth: Mapping[str, str], fixed: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Fixed protocol headers, then the backend's own ``headers``, then authentication."""
    out = dict(fixed or {})
    out.update(endpoint.headers)
    out.update(auth)
    return out


def join(base_url: str, path: str) -> str:
    """``base_url`` and ``path`` with exactly one slash between them.

    A query on the base URL (Azure's ``?api-version=...``) stays a query: it goes after
    the path, joined to any query the path has.
    """
    base, _, query = base_url.partition("?")
    url = base.rstrip("/") + "/" + path.lstrip("/")
    if not query:
        return url
    return url + ("&" if "?" in url else "?") + query


def stop_list(value: Any) -> list[str] | None:
    """A stop parameter as a list (config allows one string or a list)."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


# raw_decode minus its own Python frame; scan_once is set in JSONDecoder.__init__ (not in
# the type stubs) and returns (value, end), raising StopIteration when no value starts.
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def load_json(data: str) -> Any:
    """Parse one event's JSON, raising a ProviderError for a malformed chunk.

    A stream parses one document per token, so the usual case (a document and nothing
    around it) skips ``json.loads``'s per-call overhead; anything else is left to
    ``json.loads``, which decides exactly as before.
    """
    try:
        value, end = _SCAN(data, 0)
        if end == len(data):
            return value
    except (StopIteration, ValueError):
        pass
    try:
        return json.loads(data)
    except ValueError:
        raise ProviderError(
            f"malformed stream data: {data[:80]!r}", kind=ErrorKind.SERVER.value
        ) from None


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds), when given."""
    lowered = {k.lower(): v for k, v in headers.items()}
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        raw = lowered.get(name)
        if raw is None:
            continue
        try:
            return max(0.0, float(raw) / scale)
        except ValueError:
            if scale == 1.0:
                return _http_date_delay(raw)
    return None


def _http_date_delay(raw: str) -> float | None:
    """Seconds from now until an HTTP date (``Retry-After: Wed, 21 Oct 2026 07:28:00 GMT``)."""
    import time
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def kind_for_status(status: int) -> ErrorKind:
    """The taxonomy entry an HTTP status maps to when the body says nothing more."""
    if status in (401, 403):
        return ErrorKind.AUTH
    if status == 404:
        return ErrorKind.MODEL_NOT_FOUND
    if status in (402, 429):  # 402: out of credits (OpenRouter): another account may serve
        return ErrorKind.RATE_LIMITED
    if status == 529:
        return ErrorKind.OVERLOADED
    if status == 408:
        return ErrorKind.TIMEOUT
    if status >= 500 or status == 409:
        return ErrorKind.SERVER
    return ErrorKind.BAD_REQUEST


def body_text(body: Any, limit: int = 200) -> str:
    """A short text form of an error body that is not in the expected shape."""
    if body is None or body == "":
        return ""
    text = body if isinstance(body, str) else json.dumps(body)
    return text[:limit]


def failure(
    status: int, headers: Mapping[str, str], message: str, kind: ErrorKind | None = None
) -> Failure:
    """A Failure for ``status`` with ``message``; ``kind`` overrides the status mapping."""
    return Failure(
        kind=kind or kind_for_status(status),
        status=status,
        message=message or f"HTTP {status}",
        retry_after=retry_after(headers),
    )


def stream_error(
    message: str, kind: ErrorKind = ErrorKind.SERVER, status: int | None = None
) -> ProviderError:
    """The error raised for an error event inside a 200 stream."""
    return ProviderError(
        f"error in stream: {message}", kind=kind.value, status=status, provider_message=message
    )
