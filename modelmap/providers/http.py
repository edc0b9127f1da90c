"""The one place that builds httpx clients, and sends and reads requests with them.

One client per run (connection reuse), TLS verification always on, a ``User-Agent`` naming
modelmap, connect/read timeouts that a backend's ``timeout`` and a command's ``--timeout``
override. The failures are worded (free of secrets) in :mod:`modelmap.providers.wording`,
whose names are importable from here too.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

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
)
from modelmap.providers.common import error_object as error_object
from modelmap.providers.streams import events
from modelmap.providers.wording import ERROR_BODY_SHOWN as ERROR_BODY_SHOWN
from modelmap.providers.wording import PARSE_ERRORS as PARSE_ERRORS
from modelmap.providers.wording import decode as decode
from modelmap.providers.wording import describe as describe
from modelmap.providers.wording import error_body as error_body
from modelmap.providers.wording import hint as hint
from modelmap.providers.wording import parse_failure as parse_failure
from modelmap.providers.wording import provider_error as provider_error
from modelmap.providers.wording import public_of as public_of
from modelmap.providers.wording import redact as redact
from modelmap.providers.wording import safe_url as safe_url
from modelmap.providers.wording import secrets_of as secrets_of
from modelmap.providers.wording import status_failure as status_failure
from modelmap.providers.wording import transport_failure as transport_failure
from modelmap.resolution import Endpoint

USER_AGENT = f"modelmap/{__version__}"
CONNECT_TIMEOUT = 10.0  # seconds
READ_TIMEOUT = 60.0  # seconds between bytes; a streamed answer may take longer overall
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
    content = response.content if content is None else content
    body = error_body(content, secrets_of(endpoint), public_of(endpoint))
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
