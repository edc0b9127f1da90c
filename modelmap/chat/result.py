"""The values a chat produces: one record per attempt, and the whole answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelmap.providers.base import Usage
from modelmap.resolution import Target


@dataclass(frozen=True)
class Attempt:
    """One chain entry tried: its outcome is ``ok``, ``missing_key``, ``config_error``,
    ``interrupted`` or an ``ErrorKind`` value such as ``server`` or ``rate_limited``."""

    backend: str
    provider: str
    model_id: str
    outcome: str
    http_status: int | None = None
    detail: str = ""  # one line, free of secrets
    latency_ms: float | None = None

    @property
    def ok(self) -> bool:
        """Whether this attempt produced the answer."""
        return self.outcome == "ok"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        latency = round(self.latency_ms, 1) if self.latency_ms is not None else None
        return {
            "backend": self.backend,
            "provider": self.provider,
            "model_id": self.model_id,
            "outcome": self.outcome,
            "http_status": self.http_status,
            "detail": self.detail,
            "latency_ms": latency,
        }


def cost_usd(target: Target, usage: Usage | None) -> float | None:
    """The answer's cost from the catalog's pricing (USD per 1,000 tokens), when known."""
    if usage is None or target.price_input is None or target.price_output is None:
        return None
    if usage.input_tokens is None or usage.output_tokens is None:
        return None
    cost = (
        usage.input_tokens * target.price_input + usage.output_tokens * target.price_output
    ) / 1000.0
    return round(cost, 12)  # 7e-05, not 7.000000000000001e-05 (float noise)


@dataclass(frozen=True)
class ChatAnswer:
    """A finished chat: the text, which chain entry gave it, usage, cost and every attempt."""

    model: str
    target: Target
    text: str
    usage: Usage = field(default_factory=Usage)
    finish_reason: str | None = None
    attempts: tuple[Attempt, ...] = ()

    @property
    def backend(self) -> str:
        """The backend that answered."""
        return self.target.backend

    @property
    def provider(self) -> str:
        """Its provider type."""
        return self.target.provider

    @property
    def model_id(self) -> str:
        """The provider's model id that answered."""
        return self.target.model_id

    @property
    def cost_usd(self) -> float | None:
        """Cost from the catalog's pricing; None without pricing or usage."""
        return cost_usd(self.target, self.usage)

    def _usage_dict(self) -> dict[str, Any]:
        usage: dict[str, Any] = {
            "input_tokens": self.usage.input_tokens,
            "output_tokens": self.usage.output_tokens,  # reasoning included
        }
        if self.usage.reasoning_tokens is not None:
            usage["reasoning_tokens"] = self.usage.reasoning_tokens
        return usage

    def as_dict(self) -> dict[str, Any]:
        """The ``chat --json`` object."""
        return {
            "model": self.model,
            "backend": self.backend,
            "provider": self.provider,
            "model_id": self.model_id,
            "text": self.text,
            "finish_reason": self.finish_reason,
            "usage": self._usage_dict(),
            "cost_usd": self.cost_usd,
            "attempts": [a.as_dict() for a in self.attempts],
        }
