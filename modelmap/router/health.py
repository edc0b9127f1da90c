"""What a Router remembers per backend: rate-limit windows, failures in a row, latency.

One :class:`Health` per Router, shared by its threads and tasks behind one lock: every
operation is a few dict and deque steps, never I/O, so a plain ``threading.Lock`` serves
asyncio tasks as well (it is never held across an ``await``).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from modelmap.chat.policy import Refusal, Ticket

WINDOW = 60.0  # seconds: rate limits are per minute, over a sliding window
EWMA_WEIGHT = 0.3  # share of the newest latency in the moving average


@dataclass
class _Backend:
    requests: int = 0
    failures: int = 0
    in_a_row: int = 0
    cooldown_until: float | None = None
    latency_ms: float | None = None
    window: deque[Ticket] = field(default_factory=deque)


@dataclass(frozen=True)
class Limits:
    """A backend's per-minute limits (None: no limit)."""

    requests: int | None = None
    tokens: int | None = None

    @classmethod
    def of(cls, rate_limits: Mapping[str, int]) -> Limits:
        """From a backend's ``rate_limits``."""
        return cls(rate_limits.get("requests_per_minute"), rate_limits.get("tokens_per_minute"))


class Health:
    """Per-backend state of one Router (thread-safe)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._backends: dict[str, _Backend] = {}

    def _get(self, name: str) -> _Backend:
        state = self._backends.get(name)
        if state is None:
            state = self._backends[name] = _Backend()
        return state

    def _trim(self, state: _Backend, now: float) -> None:
        window = state.window
        while window and window[0].sent_at <= now - WINDOW:
            window.popleft()

    def admit(self, backend: str, limits: Limits, tokens: int) -> Ticket | Refusal:
        """Reserve one request of ``tokens`` (estimated) or refuse: cooling down, or at a limit."""
        with self._lock:
            now = self._clock()
            state = self._get(backend)
            until = state.cooldown_until
            if until is not None:
                if now < until:
                    return Refusal(
                        "cooldown",
                        f"backend {backend!r} is cooling down for {until - now:.1f} s more "
                        f"after {state.in_a_row} failures in a row",
                    )
                state.cooldown_until = None  # over: tried again, a new failure restarts it
            if limits.requests is None and limits.tokens is None:
                state.requests += 1
                return Ticket(backend, now, tokens)  # nothing to count in a window
            self._trim(state, now)
            window = state.window
            free_in: float | None = None
            if limits.requests is not None and len(window) >= limits.requests:
                free_in = window[len(window) - limits.requests].sent_at + WINDOW - now
                what = f"{limits.requests} requests per minute"
            elif limits.tokens is not None and window:
                used = sum(t.tokens for t in window)
                if used + tokens > limits.tokens:
                    free_in = _tokens_free_in(window, used + tokens - limits.tokens, now)
                    what = f"{limits.tokens} tokens per minute ({used} used, {tokens} asked)"
            if free_in is not None:
                return Refusal(
                    "rate_limited_local",
                    f"backend {backend!r} is at its client-side limit of {what}; "
                    f"a slot frees in {max(free_in, 0.0):.1f} s",
                    max(free_in, 0.0),
                )
            ticket = Ticket(backend, now, tokens)
            window.append(ticket)
            state.requests += 1
            return ticket

    def settle(self, ticket: Ticket, tokens: int | None) -> None:
        """Count the tokens the answer reported instead of the estimate."""
        if tokens is not None:
            with self._lock:
                ticket.tokens = tokens

    def outcome(
        self,
        backend: str,
        ok: bool,
        latency_ms: float | None,
        cooldown: tuple[int, float] | None,
        retrying: bool = False,
    ) -> None:
        """A sent attempt's result: counts, latency, and (unless the same entry is tried
        again) failures in a row and cooldown."""
        with self._lock:
            state = self._get(backend)
            if latency_ms is not None and ok:
                old = state.latency_ms
                state.latency_ms = (
                    latency_ms if old is None else old + EWMA_WEIGHT * (latency_ms - old)
                )
            if ok:
                state.in_a_row = 0
                return
            state.failures += 1
            if retrying:
                return
            state.in_a_row += 1
            if cooldown is not None and state.in_a_row >= cooldown[0]:
                state.cooldown_until = self._clock() + cooldown[1]

    def latency(self, backend: str) -> float | None:
        """The moving average of successful attempts' latency, in ms (None: untried)."""
        with self._lock:
            state = self._backends.get(backend)
            return state.latency_ms if state else None

    def available(self, backend: str) -> bool:
        """Not cooling down right now (rate limits aside)."""
        with self._lock:
            state = self._backends.get(backend)
            until = state.cooldown_until if state else None
            return until is None or self._clock() >= until

    def snapshot(self, limits: Mapping[str, Limits]) -> dict[str, dict[str, Any]]:
        """Per backend: requests, failures, failures in a row, cooldown, headroom, latency."""
        with self._lock:
            now = self._clock()
            out: dict[str, dict[str, Any]] = {}
            for name in sorted(set(self._backends) | set(limits)):
                state = self._get(name)
                self._trim(state, now)
                limit = limits.get(name, Limits())
                used = sum(t.tokens for t in state.window)
                until = state.cooldown_until
                out[name] = {
                    "requests": state.requests,
                    "failures": state.failures,
                    "consecutive_failures": state.in_a_row,
                    "cooldown_until": until if until is not None and until > now else None,
                    "requests_left": None
                    if limit.requests is None
                    else max(0, limit.requests - len(state.window)),
                    "tokens_left": None if limit.tokens is None else max(0, limit.tokens - used),
                    "latency_ms": state.latency_ms,
                }
            return out


def _tokens_free_in(window: deque[Ticket], excess: int, now: float) -> float:
    """Seconds until enough of the window's tokens have aged out to make room."""
    freed = 0
    for ticket in window:
        freed += ticket.tokens
        if freed >= excess:
            return ticket.sent_at + WINDOW - now
    return window[-1].sent_at + WINDOW - now
