"""How a network failure is classified and worded, free of secrets.

Error text is built here from values we control: httpx redacts only the ``Authorization``
header, so an ``x-api-key``/``x-goog-api-key`` value or a key in a URL could otherwise leak
into a message.
"""

from __future__ import annotations

import json
from base64 import b64encode
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

from modelmap.errors import ProviderError
from modelmap.providers.base import ErrorKind, Failure, Provider
from modelmap.providers.bounds import BoundExceeded, UndecodableBody, scrub
from modelmap.resolution import Endpoint

_SECRET_QUERY = ("key", "token", "secret", "password", "sig", "auth", "credential")
_HINTS = {
    ErrorKind.AUTH: "check the API key variable and its permissions",
    ErrorKind.MODEL_NOT_FOUND: "check the model id and the base_url",
    ErrorKind.RATE_LIMITED: "wait, or check the account's quota and credits",
    ErrorKind.OVERLOADED: "the provider is overloaded; try again later",
    ErrorKind.SERVER: "the provider failed; try again later",
    ErrorKind.BAD_REQUEST: "check the request parameters",
    ErrorKind.UNREACHABLE: "check the base_url and that the server is running",
    ErrorKind.TIMEOUT: "raise the backend's timeout or --timeout",
    ErrorKind.DEADLINE: "raise the backend's timeout or --timeout, or check the server",
    ErrorKind.BODY_TOO_LARGE: "check the base_url: no API answer is this large",
    ErrorKind.LINE_TOO_LONG: "check the base_url: no API streams a line this long",
    ErrorKind.EVENT_TOO_LARGE: "check the base_url: no API streams an event this large",
}


def safe_url(url: str) -> str:
    """``url`` with its userinfo and secret-looking query values replaced by ``***``."""
    from modelmap.urls import mask_url

    return mask_url(url)


def secrets_of(endpoint: Endpoint) -> list[str]:
    """Every value of ``endpoint`` that must never be shown."""
    values = [endpoint.api_key or "", *endpoint.headers.values(), *_url_secrets(endpoint)]
    return [v for v in values if len(v) >= 4]


def _url_secrets(endpoint: Endpoint) -> list[str]:
    """The base URL's credentials: the user and password of its userinfo and its query
    values, each when secret-named or filled in from a variable (absent from the URL as
    written), and the ``Basic`` token httpx makes of the userinfo, which a server may echo."""
    url = endpoint.base_url
    if "@" not in url and "?" not in url:
        return []
    try:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:  # not sendable, so never echoed; safe_url drops these parts
        return []
    written = endpoint.target.base_url
    found = [v for k, v in query if v not in written or any(s in k.lower() for s in _SECRET_QUERY)]
    userinfo = parts.netloc.rpartition("@")[0]
    if userinfo:
        user, _, password = userinfo.partition(":")
        found += [v for v in (user, password) if v not in written]
        found += [unquote(v) for v in (user, password) if v not in written]
        pair = f"{unquote(user)}:{unquote(password)}".encode()
        found.append(b64encode(pair).decode())
    return found


def public_of(endpoint: Endpoint) -> list[str]:
    """Texts shown anyway, so that a piece of a secret found in them is no secret: the
    parts of the base URL (as :func:`safe_url` shows it) between the secrets it holds."""
    pieces = [safe_url(endpoint.base_url)]
    for secret in secrets_of(endpoint):
        pieces = [part for piece in pieces for part in piece.split(secret)]
    return pieces


def redact(text: str, secrets: Iterable[str], public: Iterable[str] = ()) -> str:
    """``text`` with every secret the request carried scrubbed however it was echoed
    (whole, cut, folded, re-encoded, in pieces of 8 or more characters: see
    :func:`~modelmap.providers.bounds.scrub`), and any other well-known key shape (another
    account's key, one sent as a parameter) cut to 4 characters."""
    from modelmap.lint.rules.keyshapes import redact as redact_shapes

    return redact_shapes(scrub(text, secrets, public=public))


def decode(content: bytes) -> Any:
    """A body as JSON, or as text when it is not JSON (for error messages)."""
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace").strip()


ERROR_BODY_SHOWN = 64 * 1024  # an error body larger than this is junk: only its start is kept


def error_body(content: bytes, secrets: Iterable[str], public: Iterable[str] = ()) -> Any:
    """An error response's body as :func:`decode` gives it, every string in it scrubbed of
    the request's secrets first (a message shortened later could cut a key so that it no
    longer matches whole). A body too large to be an API's error is kept as its start."""
    secrets, public = list(secrets), list(public)
    if len(content) > ERROR_BODY_SHOWN:
        start = content[:ERROR_BODY_SHOWN].decode("utf-8", "replace").strip()
        return redact(start, secrets, public)
    return _scrubbed(decode(content), secrets, public)


def _scrubbed(value: Any, secrets: list[str], public: list[str]) -> Any:
    if isinstance(value, str):
        return redact(value, secrets, public)
    if isinstance(value, dict):
        return {k: _scrubbed(v, secrets, public) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v, secrets, public) for v in value]
    return value


PARSE_ERRORS = (ProviderError, AttributeError, TypeError, KeyError, IndexError)
"""What a provider module's parse functions raise: an error the answer reported, or JSON
in a shape the provider never sends (a field of another type)."""


def parse_failure(endpoint: Endpoint, request: httpx.Request, exc: Exception) -> ProviderError:
    """The attempt's ProviderError for one of :data:`PARSE_ERRORS` raised while parsing."""
    if isinstance(exc, ProviderError):
        known = exc.kind in ErrorKind._value2member_map_
        kind = ErrorKind(exc.kind) if known else ErrorKind.SERVER
        fail = Failure(kind, exc.status, exc.provider_message or str(exc))
    else:
        fail = Failure(
            ErrorKind.SERVER,
            None,
            f"the answer is not in the provider's shape ({type(exc).__name__}: {exc})",
        )
    return provider_error(endpoint, request.method, str(request.url), fail)


def transport_failure(exc: httpx.RequestError | BoundExceeded | UndecodableBody) -> Failure:
    """A connection-level error as a Failure (timeouts apart from refusals and resets), a
    body that cannot be decoded (a wrong Content-Encoding), or a bound hit."""
    if isinstance(exc, BoundExceeded):
        return Failure(ErrorKind(exc.name), None, str(exc))
    if isinstance(exc, UndecodableBody):
        return Failure(ErrorKind.SERVER, None, str(exc))
    if isinstance(exc, httpx.DecodingError):
        return Failure(ErrorKind.SERVER, None, f"the answer could not be decoded: {exc}")
    if isinstance(exc, httpx.TimeoutException):
        phase = "connect" if isinstance(exc, httpx.ConnectTimeout) else "read"
        return Failure(ErrorKind.TIMEOUT, None, f"{phase} timed out")
    if isinstance(exc, httpx.ConnectError):
        return Failure(ErrorKind.UNREACHABLE, None, f"cannot connect: {exc}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return Failure(ErrorKind.UNREACHABLE, None, "connection closed by the server")
    return Failure(ErrorKind.UNREACHABLE, None, f"{type(exc).__name__}: {exc}")


def hint(kind: ErrorKind) -> str:
    """What to check for a failure of this kind."""
    return _HINTS[kind]


def describe(endpoint: Endpoint, method: str, url: str, fail: Failure) -> str:
    """One line: backend, URL, status, the provider's message and what to check."""
    status = f"HTTP {fail.status}" if fail.status is not None else fail.kind.value
    message = f": {' '.join(fail.message.split())}" if fail.message else ""
    text = (
        f"backend {endpoint.target.backend!r} ({method} {safe_url(url)}) {status}"
        f"{message}; {_HINTS[fail.kind]}"
    )
    return redact(text, secrets_of(endpoint), public_of(endpoint))


def provider_error(endpoint: Endpoint, method: str, url: str, fail: Failure) -> ProviderError:
    """A ProviderError carrying the failure, its text free of secrets."""
    secrets = secrets_of(endpoint)
    return ProviderError(
        describe(endpoint, method, url, fail),
        backend=endpoint.target.backend,
        url=safe_url(url),
        status=fail.status,
        kind=fail.kind.value,
        provider_message=redact(fail.message, secrets, public_of(endpoint)),
        retry_after=fail.retry_after,
    )


def status_failure(
    provider: Provider, status: int, headers: Mapping[str, str], body: Any
) -> Failure:
    """The Failure for a response that is not a success (a status of 300 or more).

    Redirects are not followed (the key would go along to wherever they point), so a 3xx
    means the base_url is out of date: it fails like an unreachable server, naming where
    the server points.
    """
    if status < 400:
        location = headers.get("location")
        where = f" to {safe_url(location)}" if location else ""
        return Failure(
            ErrorKind.UNREACHABLE,
            status,
            f"redirected{where}; redirects are not followed, so point base_url at the new address",
        )
    return provider.classify_error(status, headers, body)
