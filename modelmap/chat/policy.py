"""What the chat engine asks before and after each attempt: order, admission, retries.

:class:`OneShot` is the behaviour of ``modelmap.chat`` without a Router: the chain in
order, nothing skipped, one retry of a 429 whose Retry-After is short. The Router's own
policy (modelmap.router) adds backoff, cooldown, rate limits and strategies; both sync and
async engines drive the same policy, so they behave alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from modelmap.chat.result import Attempt
from modelmap.errors import ProviderError
from modelmap.providers.base import ErrorKind, Message, Provider, Usage
from modelmap.resolution import Endpoint, Resolution, Target

Prepared = tuple[Endpoint, Mapping[str, Any], Provider]


def prepare(target: Target, environ: Mapping[str, str]) -> Prepared:
    """The endpoint (secrets filled in), the parameters as sent, and the provider module;
    raises MissingKeyError or ConfigError."""
    from modelmap.providers.registry import provider_for
    from modelmap.resolve import endpoint_for, fill_parameters

    return endpoint_for(target, environ), fill_parameters(target, environ), provider_for(target)


RETRY_AFTER_MAX = 5.0  # seconds: a longer Retry-After moves on to the next backend instead

# Outcomes of entries passed over without a request (they are no failure of the backend).
SKIPPED = frozenset({"cooldown", "rate_limited_local"})

# Kinds worth another try on the same backend: the next try may well succeed.
RETRYABLE = frozenset(
    {
        ErrorKind.RATE_LIMITED.value,
        ErrorKind.OVERLOADED.value,
        ErrorKind.SERVER.value,
        ErrorKind.UNREACHABLE.value,
        ErrorKind.TIMEOUT.value,
    }
)


@dataclass
class Ticket:
    """An admitted attempt; ``tokens`` is what it counts against a tokens-per-minute limit."""

    backend: str
    sent_at: float
    tokens: int = 0


@dataclass(frozen=True)
class Refusal:
    """An entry passed over: its outcome (see :data:`SKIPPED`), why, and when it frees up."""

    outcome: str
    detail: str
    free_in: float | None = None  # seconds until a rate-limit slot frees; None: not a limit


class Policy(Protocol):
    """The decisions the engine delegates (README "Router (in your application)")."""

    max_wait: float

    def order(self, resolution: Resolution, chain: Sequence[Target]) -> list[Target]:
        """The chain in the order to try it."""
        ...

    def prepare(self, target: Target, environ: Mapping[str, str]) -> Prepared:
        """What :func:`prepare` returns (a policy may keep it for the next call)."""
        ...

    def admit(
        self, target: Target, messages: Sequence[Message], system: str | None
    ) -> Ticket | Refusal:
        """Reserve a request on ``target`` or say why it is passed over."""
        ...

    def retry_wait(self, error: ProviderError, tries: int) -> float | None:
        """Seconds to wait before trying the same entry again, or None to move on."""
        ...

    def observe(
        self, ticket: Ticket | None, attempt: Attempt, usage: Usage | None, retrying: bool
    ) -> None:
        """Learn from an attempt (cooldown, latency, token counts); ``retrying``: the same
        entry is tried again (so the backend has not been failed over yet)."""
        ...


class OneShot:
    """Today's behaviour: the chain in order, one retry of a short 429, no state."""

    max_wait = 0.0

    def order(self, resolution: Resolution, chain: Sequence[Target]) -> list[Target]:
        """The chain as resolved."""
        return list(chain)

    def prepare(self, target: Target, environ: Mapping[str, str]) -> Prepared:
        """Made afresh for each call."""
        return prepare(target, environ)

    def admit(
        self, target: Target, messages: Sequence[Message], system: str | None
    ) -> Ticket | Refusal:
        """Every entry is admitted."""
        return Ticket(target.backend, 0.0)

    def retry_wait(self, error: ProviderError, tries: int) -> float | None:
        """A 429 with Retry-After up to :data:`RETRY_AFTER_MAX` seconds, once."""
        wait = error.retry_after
        if error.kind == ErrorKind.RATE_LIMITED.value and tries == 0 and wait is not None:
            return wait if wait <= RETRY_AFTER_MAX else None
        return None

    def observe(
        self, ticket: Ticket | None, attempt: Attempt, usage: Usage | None, retrying: bool
    ) -> None:
        """Nothing to remember."""
