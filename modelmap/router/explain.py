"""The effective Router settings of one resolved model, for ``resolve --explain``."""

from __future__ import annotations

from typing import Any

from modelmap.config.model import Config
from modelmap.resolution import Resolution


def router_view(config: Config, resolution: Resolution) -> dict[str, Any]:
    """The strategy (and weights) of the model and the ``router:`` settings in force."""
    model = None if resolution.direct else config.models.get(resolution.model)
    settings = config.router
    cooldown = (
        None
        if settings.cooldown_failures is None
        else {"failures": settings.cooldown_failures, "seconds": settings.cooldown_seconds}
    )
    limits = {
        name: dict(backend.rate_limits)
        for name, backend in config.backends.items()
        if any(t.backend == name for t in resolution.chain) and backend.rate_limits
    }
    return {
        "strategy": model.strategy if model is not None else "ordered",
        "weights": dict(model.weights) if model is not None and model.weights else None,
        "retries": settings.retries,
        "backoff": {"initial": settings.backoff_initial, "max": settings.backoff_max},
        "max_retry_after": settings.max_retry_after,
        "cooldown": cooldown,
        "max_wait": settings.max_wait,
        "rate_limits": limits,
        "written": settings.written,
    }


def router_lines(view: dict[str, Any]) -> list[str]:
    """The view as text lines."""
    weights = view["weights"]
    shown = ""
    if weights:
        shown = " (" + ", ".join(f"{k} {v:g}" for k, v in weights.items()) + ")"
    cooldown = view["cooldown"]
    cool = (
        f"after {cooldown['failures']} failures in a row for {cooldown['seconds']:g} s"
        if cooldown
        else "off"
    )
    backoff = view["backoff"]
    source = "router: section" if view["written"] else "defaults, no router: section"
    lines = [
        f"router ({source}):",
        f"  strategy: {view['strategy']}{shown}",
        f"  retries {view['retries']}, backoff {backoff['initial']:g}-{backoff['max']:g} s "
        f"with jitter, Retry-After honoured up to {view['max_retry_after']:g} s",
        f"  cooldown: {cool}; wait for rate limits up to {view['max_wait']:g} s",
    ]
    for name, limits in view["rate_limits"].items():
        parts = [f"{k} {v}" for k, v in limits.items()]
        lines.append(f"  rate limits of {name}: {', '.join(parts)}")
    return lines
