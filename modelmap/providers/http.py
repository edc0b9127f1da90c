"""The one place that builds httpx clients, and the one place that words network errors.

One client per run (connection reuse), TLS verification always on, a ``User-Agent`` naming
modelmap, connect/read timeouts that a backend's ``timeout`` and a command's ``--timeout``
override. Error text is built here from values we control: httpx redacts only the
``Authorization`` header, so an ``x-api-key``/``x-goog-api-key`` value or a key in a URL
could otherwise leak into a message.
"""

from __future__ import annotations

import json
import time
from base64 import b64encode
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import httpx

from modelmap import __version__
from modelmap.errors import ProviderError
from modelmap.providers import netbounds
from modelmap.providers.base import ErrorKind, Failure, HttpRequest, Provider, StreamEvent
from modelmap.providers.bounds import (
    BoundExceeded,
    Clock,
    Deadline,
    UndecodableBody,
    current_deadline,
    scrub,
)
from modelmap.providers.streams import events
from modelmap.resolution import Endpoint

USER_AGENT = f"modelmap/{__version__}"
CONNECT_TIMEOUT = 10.0  # seconds
READ_TIMEOUT = 60.0  # seconds between bytes; a streamed answer may take longer overall

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
DEFAULT_DEADLINE = 600.0  # seconds for one whole chat attempt when no timeout is set


def timeout_for(endpoint: Endpoint | None = None, override: float | None = None) -> httpx.Timeout:
    """``--timeout`` wins, then the backend's ``timeout``, then the defaults."""
    chosen = override if override is not None else (endpoint.timeout if endpoint else None)
    if chosen is not None:
        return httpx.Timeout(chosen, connect=min(chosen, CONNECT_TIMEOUT))
    return httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)


def deadline_for(
    endpoint: Endpoint | None,
    override: float | None = None,
    default: float = DEFAULT_DEADLINE,
    clock: Clock = time.monotonic,
) -> Deadline:
    """The attempt's overall deadline: the same seconds as :func:`timeout_for` chooses
    (``--timeout``, then the backend's ``timeout``), else ``default``."""
    chosen = override if override is not None else (endpoint.timeout if endpoint else None)
    return Deadline(chosen if chosen is not None else default, clock)


def limits(max_connections: int) -> httpx.Limits:
    """At most ``max_connections`` connections, all of which may be kept alive."""
    return httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)


def client(timeout: float | None = None, max_connections: int = 20) -> httpx.Client:
    """The run's synchronous client (use as a context manager)."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=timeout_for(None, timeout),
        transport=netbounds.transport(limits(max_connections)),
        follow_redirects=False,
    )


def safe_url(url: str) -> str:
    """``url`` without userinfo and with secret-looking query values replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL (a base_url from a variable): drop query and userinfo
        bare = url.partition("?")[0].partition("#")[0]
        scheme, sep, rest = bare.partition("://") if "://" in bare else ("", "", bare)
        authority, slash, path = rest.partition("/")
        return f"{scheme}{sep}{authority.rpartition('@')[2]}{slash}{path}"
    netloc = parts.netloc.rpartition("@")[2]
    query = urlencode(
        [
            (k, "***" if any(s in k.lower() for s in _SECRET_QUERY) else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ],
        safe="*",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


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


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret the request carried scrubbed however it was echoed
    (whole, cut, folded, re-encoded, in pieces of 8 or more characters: see
    :func:`~modelmap.providers.bounds.scrub`), and any other well-known key shape (another
    account's key, one sent as a parameter) cut to 4 characters."""
    from modelmap.lint.rules.keyshapes import redact as redact_shapes

    return redact_shapes(scrub(text, secrets))


_UNSENDABLE = frozenset("\r\n\x00\x0b\x0c")


_URLS: dict[str, httpx.URL] = {}  # parsed and checked once: a Router sends to few URLs
_URLS_MAX = 1024


def _parsed(url: str) -> httpx.URL:
    """``url`` as an httpx.URL, parsed once per distinct URL (raises for one that is not)."""
    found = _URLS.get(url)
    if found is None:
        _ = urlsplit(url).port  # a port out of range raises here, not in httpx
        found = httpx.URL(url)
        if len(_URLS) >= _URLS_MAX:
            _URLS.clear()
        _URLS[url] = found
    return found


def unsendable(request: HttpRequest, key: str | None = None) -> Failure | None:
    """A Failure when the request cannot be sent: a URL that is not one (a base_url from a
    variable, which validate cannot check), a header value with a line break or with a
    space or tab at either end, or the key with a non-ASCII character (pasted with a stray
    character): httpx and h11 would quote the whole value in their own error. Other
    non-ASCII header values go as UTF-8.
    """
    try:
        _parsed(request.url)
    except (ValueError, httpx.InvalidURL) as exc:
        return Failure(ErrorKind.UNREACHABLE, None, f"invalid URL: {exc}")
    for header, value in request.headers.items():
        if (
            not _UNSENDABLE.isdisjoint(value)
            or value != value.strip(" \t")
            or (key and not value.isascii() and key in value)
        ):
            return Failure(
                ErrorKind.AUTH,
                None,
                f"the {header} header holds a line break, a non-ASCII character or a space "
                "at either end and cannot be sent (look for stray characters in the key or "
                "header value)",
            )
    return None


def build(
    http: httpx.Client | httpx.AsyncClient,
    endpoint: Endpoint,
    request: HttpRequest,
    timeout: float | None = None,
) -> httpx.Request:
    """An httpx request for ``request`` with the backend's timeout (or ``timeout``).

    Raises a ProviderError, without the value, when a header value cannot be sent.
    """
    fail = unsendable(request, endpoint.api_key)
    if fail is not None:
        raise provider_error(endpoint, request.method, request.url, fail)
    headers: dict[str, str] | list[tuple[bytes, bytes]] = dict(request.headers)
    if not all(value.isascii() for value in request.headers.values()):
        # httpx encodes str values as ASCII; an 'X-Title: Café' goes as UTF-8 bytes
        headers = [(k.encode(), v.encode()) for k, v in request.headers.items()]
    return http.build_request(
        request.method,
        _parsed(request.url),
        headers=headers,
        json=request.json,
        timeout=timeout_for(endpoint, timeout),
    )


def decode(content: bytes) -> Any:
    """A body as JSON, or as text when it is not JSON (for error messages)."""
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace").strip()


def error_body(content: bytes, secrets: Iterable[str]) -> Any:
    """An error response's body as :func:`decode` gives it, with every secret it echoes
    masked first: a message shortened later could cut a key so that it no longer matches."""
    text = redact(content.decode("utf-8", "replace"), secrets)
    try:
        return json.loads(text)
    except ValueError:
        return text.strip()


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
    return redact(text, secrets_of(endpoint))


def provider_error(endpoint: Endpoint, method: str, url: str, fail: Failure) -> ProviderError:
    """A ProviderError carrying the failure, its text free of secrets."""
    secrets = secrets_of(endpoint)
    return ProviderError(
        describe(endpoint, method, url, fail),
        backend=endpoint.target.backend,
        url=safe_url(url),
        status=fail.status,
        kind=fail.kind.value,
        provider_message=redact(fail.message, secrets),
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


NETWORK_ERRORS = (httpx.RequestError, BoundExceeded, UndecodableBody)
"""What reading a response may raise: a transport error, a bound hit, an undecodable body."""


def send(
    http: httpx.Client, request: httpx.Request, endpoint: Endpoint, deadline: Deadline
) -> httpx.Response:
    """Send ``request`` (its body left to stream) within ``deadline``, headers included;
    any failure is the attempt's ProviderError."""
    token = current_deadline.set(deadline)
    try:
        deadline.check()
        return http.send(request, stream=True)
    except NETWORK_ERRORS as exc:
        fail = transport_failure(exc)
        raise provider_error(endpoint, request.method, str(request.url), fail) from None
    finally:
        current_deadline.reset(token)


def read(response: httpx.Response, endpoint: Endpoint, deadline: Deadline | None = None) -> bytes:
    """A streamed response's body read whole within the body cap and ``deadline``; a
    transport error or a bound fails the attempt as usual."""
    try:
        return netbounds.read_body(response, deadline)
    except NETWORK_ERRORS as exc:
        request = response.request
        raise provider_error(
            endpoint, request.method, str(request.url), transport_failure(exc)
        ) from None


def response_error(
    provider: Provider,
    endpoint: Endpoint,
    response: httpx.Response,
    content: bytes | None = None,
) -> ProviderError:
    """The ProviderError for a response of status 300 or more whose body is ``content``
    (None: the response's body, which must have been read)."""
    body = error_body(response.content if content is None else content, secrets_of(endpoint))
    fail = status_failure(provider, response.status_code, response.headers, body)
    return provider_error(endpoint, response.request.method, str(response.request.url), fail)


def stream_events(
    provider: Provider,
    endpoint: Endpoint,
    response: httpx.Response,
    deadline: Deadline | None = None,
    chunks: Iterable[bytes] | None = None,
) -> Iterator[StreamEvent]:
    """Parsed events of a streamed 200 response (or of its body already read, ``chunks``)
    within ``deadline`` and the line and event caps; error events and bounds raise a
    ProviderError."""
    url = str(response.request.url)
    encoding = response.encoding or "utf-8"
    if chunks is None:
        chunks = netbounds.body_chunks(response, deadline)
    try:
        for name, data in events(chunks, provider.stream_format, encoding):
            try:
                yield from provider.parse_event(name, data)
            except PARSE_ERRORS as exc:
                raise parse_failure(endpoint, response.request, exc) from None
    except NETWORK_ERRORS as exc:
        raise provider_error(
            endpoint, response.request.method, url, transport_failure(exc)
        ) from None
