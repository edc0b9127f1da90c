"""Helpers for Router tests: a fake clock whose sleep advances it, and configs on fakes."""

from __future__ import annotations

from typing import Any

KEY = "rk-test-123"
ENV = {"ROUTER_KEY": KEY}


class Clock:
    """A monotonic clock for tests; ``sleep`` records the wait and moves time on."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def backend(fake: Any, name: str, protocol: str = "openai", **extra: Any) -> dict[str, Any]:
    """A ``backends:`` entry for fake backend ``name`` (registered by the caller)."""
    entry: dict[str, Any] = {"provider": protocol, "base_url": fake.base_url(name)}
    if protocol != "ollama":
        entry["api_key"] = "${ROUTER_KEY}"
    entry.update(extra)
    return entry


def mapping(
    models: dict[str, Any], backends: dict[str, Any], router: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A mapping-format config as data."""
    data: dict[str, Any] = {"version": 2, "models": models, "backends": backends}
    if router is not None:
        data["router"] = router
    return data
