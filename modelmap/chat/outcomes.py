"""What the synchronous and asynchronous chat engines share that does no I/O: usage added
up across events, the wait when every entry is at its rate limit, and the words of a chat
that failed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelmap.chat.result import Attempt
from modelmap.errors import ChatFailedError, ProviderError
from modelmap.providers.base import ErrorKind, Failure, Usage
from modelmap.resolution import Endpoint, Resolution

if TYPE_CHECKING:
    import httpx


def merge_usage(old: Usage, new: Usage | None) -> Usage:
    """``old`` with the counts ``new`` reports (anthropic reports input tokens at the
    start and output tokens at the end)."""
    if new is None:
        return old
    return Usage(
        new.input_tokens if new.input_tokens is not None else old.input_tokens,
        new.output_tokens if new.output_tokens is not None else old.output_tokens,
        new.reasoning_tokens if new.reasoning_tokens is not None else old.reasoning_tokens,
    )


def not_events(endpoint: Endpoint, built: httpx.Request, status: int, ctype: str) -> ProviderError:
    """The error of a streamed answer that carried no events at all (sync and async)."""
    from modelmap.providers import http as wire

    fail = Failure(
        ErrorKind.SERVER,
        status,
        f"the server answered but sent no stream events (Content-Type: "
        f"{ctype or 'none'}; is base_url the API's address?)",
    )
    return wire.provider_error(endpoint, built.method, str(built.url), fail)


def all_limited(free_in: list[float], waited: float, max_wait: float) -> float | None:
    """How long to wait when every entry was passed over at its rate limit, or None when
    none was (or the wait would go beyond ``max_wait`` seconds in all)."""
    if not free_in:
        return None
    room = max_wait - waited
    if room <= 0:
        return None
    return min(max(min(free_in), 0.001), room)


def failed(
    resolution: Resolution,
    attempts: list[Attempt],
    limited: bool,
    waited: float,
    max_wait: float,
) -> ChatFailedError:
    """The error of a chat no entry answered (the same words sync and async)."""
    if limited:
        return ChatFailedError(
            f"chat with {resolution.model!r}: every backend of the chain is at its "
            f"client-side rate limit (rate_limits); waited {waited:g} s of "
            f"router.max_wait {max_wait:g} s",
            attempts,
        )
    n = len(attempts)
    listed = " | ".join(
        f"{i}) {a.backend}/{a.model_id}: {a.detail}" for i, a in enumerate(attempts, 1)
    )
    return ChatFailedError(
        f"chat with {resolution.model!r} failed on every backend tried "
        f"({n} attempt{'s' if n != 1 else ''}): {listed}",
        attempts,
    )
