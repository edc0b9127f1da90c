"""The one shape every provider module has, and the values that cross it.

A provider module turns a :class:`ChatRequest` into an :class:`HttpRequest` for its wire
protocol, parses answers and stream events into :class:`StreamEvent`/:class:`ChatResult`,
builds its probe, and classifies error responses into :class:`ErrorKind`. It does no I/O:
the HTTP layer (modelmap.providers.http) sends what it builds, which keeps every module
testable with plain values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, NamedTuple, Protocol

from modelmap.resolution import Endpoint


class ErrorKind(str, Enum):
    """The small taxonomy every provider error maps onto."""

    AUTH = "auth"
    MODEL_NOT_FOUND = "model_not_found"
    RATE_LIMITED = "rate_limited"
    OVERLOADED = "overloaded"
    SERVER = "server"
    BAD_REQUEST = "bad_request"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    # the bounds on reading an answer (modelmap.providers.bounds): each fails over
    DEADLINE = "deadline"
    BODY_TOO_LARGE = "body_too_large"
    LINE_TOO_LONG = "line_too_long"
    EVENT_TOO_LARGE = "event_too_large"

    @property
    def fails_over(self) -> bool:
        """Whether chat moves on to the next chain entry (README, "Chat": failover)."""
        return self is not ErrorKind.BAD_REQUEST


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class ChatRequest:
    """A provider-neutral chat request."""

    model_id: str
    messages: Sequence[Message]
    system: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)  # merged; names as in config
    stream: bool = True


@dataclass(frozen=True)
class HttpRequest:
    """What to send. ``headers`` may hold secrets: never print them."""

    method: Literal["GET", "POST"]
    url: str
    headers: Mapping[str, str]
    json: Any = None


@dataclass(frozen=True)
class Usage:
    """Token counts as the provider reported them. ``output_tokens`` includes reasoning
    (billed as output); ``reasoning_tokens`` is that part of it, when the provider says."""

    input_tokens: int | None = None
    output_tokens: int | None = None
    reasoning_tokens: int | None = None


class StreamEvent(NamedTuple):
    """One parsed stream event: text, a finish reason and/or usage.

    A NamedTuple rather than a frozen dataclass: a stream makes one per token, and a tuple
    is several times cheaper to create.
    """

    text: str = ""
    finish_reason: str | None = None
    usage: Usage | None = None


@dataclass(frozen=True)
class ChatResult:
    """A whole (non-streamed) answer."""

    text: str
    finish_reason: str | None = None
    usage: Usage | None = None


@dataclass(frozen=True)
class Failure:
    """A classified error response."""

    kind: ErrorKind
    status: int | None
    message: str  # the provider's own message, without secrets
    retry_after: float | None = None  # seconds


@dataclass(frozen=True)
class ProbeResult:
    """What a probe found for one model id."""

    ok: bool
    kind: ErrorKind | None = None
    detail: str = ""


class Provider(Protocol):
    """What each module in modelmap/providers/ provides (see the registry there)."""

    name: str
    stream_format: Literal["sse", "ndjson"]
    lists_models: bool  # one list call can answer for every model id of a backend

    def chat_request(self, endpoint: Endpoint, request: ChatRequest) -> HttpRequest:
        """The HTTP request for a chat call (streamed or not)."""
        ...

    def parse_response(self, body: Any) -> ChatResult:
        """A whole JSON answer."""
        ...

    def parse_event(self, event: str | None, data: str) -> list[StreamEvent]:
        """One SSE event (name, data) or NDJSON line (None, line); raises on error events."""
        ...

    def probe_request(self, endpoint: Endpoint, model_id: str | None) -> HttpRequest:
        """A token-free request: list models (model_id None) or look one model up."""
        ...

    def probe_result(self, status: int, body: Any, model_id: str) -> ProbeResult:
        """Interpret a probe response for ``model_id``."""
        ...

    def classify_error(self, status: int, headers: Mapping[str, str], body: Any) -> Failure:
        """Map an error response onto the taxonomy, with the provider's message."""
        ...
