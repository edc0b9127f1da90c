"""The Router's policy: strategies, retries with backoff, cooldown and rate limits."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from modelmap.chat.policy import RETRYABLE, SKIPPED, Prepared, Refusal, Ticket, prepare
from modelmap.chat.result import Attempt
from modelmap.config.model import Config, RouterSettings
from modelmap.errors import ProviderError
from modelmap.providers.base import ErrorKind, Message, Usage
from modelmap.resolution import Resolution, Target
from modelmap.router.health import Health, Limits
from modelmap.router.strategy import order_chain

_NO_LIMITS = Limits()
NOT_SENT = SKIPPED | {"missing_key", "config_error"}


def estimate_tokens(target: Target, messages: Sequence[Message], system: str | None) -> int:
    """Tokens a request may use before the answer says: characters / 4 plus max_tokens."""
    chars = sum(len(m.content) for m in messages) + len(system or "")
    most = target.parameters.get("max_tokens")
    return chars // 4 + (most if isinstance(most, int) and not isinstance(most, bool) else 0)


class RouterPolicy:
    """One Router's decisions for one configuration (a reload makes a new one)."""

    def __init__(
        self,
        config: Config,
        health: Health,
        random: Callable[[], float],
    ) -> None:
        self.config = config
        self.settings: RouterSettings = config.router
        self.max_wait = self.settings.max_wait
        self._health = health
        self._random = random
        self.limits: Mapping[str, Limits] = MappingProxyType(
            {
                name: Limits.of(backend.rate_limits)
                for name, backend in config.backends.items()
                if backend.rate_limits
            }
        )
        self._resolved: dict[str, Resolution] = {}
        self._prepared: dict[tuple[int, int], tuple[Target, Prepared]] = {}
        cool = self.settings.cooldown_failures
        self._cooldown = (cool, self.settings.cooldown_seconds) if cool is not None else None

    def resolve(self, name: str, options: Mapping[str, Any] | None) -> Resolution:
        """``name`` resolved (and checked for chat); cached when there are no overrides,
        since the configuration never changes under one policy."""
        from modelmap.resolve import require_capability, resolve

        found = None if options else self._resolved.get(name)
        if found is None:
            found = resolve(self.config, name, options)
            require_capability(found, "chat")
            if not options and len(self._resolved) < 4096:
                self._resolved[name] = found
        return found

    def prepare(self, target: Target, environ: Mapping[str, str]) -> Prepared:
        """Endpoint, parameters and provider of a cached resolution's target, kept for the
        next call (the environment is the Router's, fixed for its life)."""
        key = (id(target), id(environ))
        found = self._prepared.get(key)
        if found is None or found[0] is not target:
            made = prepare(target, environ)  # a missing key raises, and is never kept
            if len(self._prepared) < 4096:
                self._prepared[key] = (target, made)
            return made
        return found[1]

    def order(self, resolution: Resolution, chain: Sequence[Target]) -> list[Target]:
        """The chain in the model's strategy's order."""
        model = self.config.models.get(resolution.model)
        if model is None or resolution.direct:
            return list(chain)
        return order_chain(self.config, model, chain, self._health, self._random)

    def admit(
        self, target: Target, messages: Sequence[Message], system: str | None
    ) -> Ticket | Refusal:
        """Cooldown first, then the backend's per-minute limits."""
        limits = self.limits.get(target.backend, _NO_LIMITS)
        tokens = estimate_tokens(target, messages, system) if limits.tokens is not None else 0
        return self._health.admit(target.backend, limits, tokens)

    def retry_wait(self, error: ProviderError, tries: int) -> float | None:
        """Retry-After up to ``max_retry_after`` (for a 429 even with ``retries: 0``, once),
        else capped exponential backoff with full jitter, ``retries`` times."""
        settings = self.settings
        kind = error.kind
        if kind not in RETRYABLE:
            return None
        hinted = error.retry_after
        if hinted is not None and hinted > settings.max_retry_after:
            return None  # a long wait: the next backend is the better bet
        if tries >= settings.retries:
            allowed = kind == ErrorKind.RATE_LIMITED.value and tries == 0 and hinted is not None
            return hinted if allowed else None
        if hinted is not None:
            return hinted
        ceiling = min(settings.backoff_max, settings.backoff_initial * (2.0**tries))
        return self._random() * ceiling

    def observe(
        self, ticket: Ticket | None, attempt: Attempt, usage: Usage | None, retrying: bool
    ) -> None:
        """Count a sent attempt: failures, latency, reported tokens; and, when the entry is
        given up (not retried), failures in a row and cooldown."""
        if attempt.outcome in NOT_SENT or attempt.outcome == "interrupted":
            return
        ok = attempt.ok
        if (
            ok
            and ticket is not None
            and usage is not None
            and ticket.backend in self.limits
            and usage != Usage()
        ):
            used = (usage.input_tokens or 0) + (usage.output_tokens or 0)
            self._health.settle(ticket, used)
        if attempt.outcome == ErrorKind.BAD_REQUEST.value:
            return  # the request was wrong, not the backend
        self._health.outcome(attempt.backend, ok, attempt.latency_ms, self._cooldown, retrying)
