"""The order a model's chain is tried in: ordered, cheapest, weighted or latency."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from modelmap.config.model import Config, Model, split_ref
from modelmap.resolution import Target
from modelmap.router.health import Health


def written_entry(config: Config, model: Model, target: Target) -> str | None:
    """The chain entry, as written in the model (``backend`` or a ``fallbacks`` item), that
    ``target`` came from; None for a global fallback provider."""
    if target.via == "primary":
        return model.backend_ref
    names = config.names()
    for entry in model.fallbacks:
        other = names.get(entry)
        if other is not None:
            if target.model == other:
                return entry
            continue
        backend, model_id = split_ref(entry)
        if backend == target.backend and (not model_id or model_id == target.model_id):
            return entry
    return None


def _price(target: Target) -> float | None:
    if target.price_input is None or target.price_output is None:
        return None
    return target.price_input + target.price_output


def order_chain(
    config: Config,
    model: Model,
    chain: Sequence[Target],
    health: Health,
    random: Callable[[], float],
) -> list[Target]:
    """``chain`` in the order ``model.strategy`` asks for (stable where it is silent)."""
    strategy = model.strategy
    targets = list(chain)
    if strategy == "cheapest":
        # sorted() is stable: equal or unknown prices keep the chain's order, unknown last
        return sorted(targets, key=lambda t: (_price(t) is None, _price(t) or 0.0))
    if strategy == "latency":
        seen = [(health.latency(t.backend), i, t) for i, t in enumerate(targets)]
        untried = [t for latency, _, t in seen if latency is None]
        tried = sorted((lat, i, t) for lat, i, t in seen if lat is not None)
        return untried + [t for _, _, t in tried]
    if strategy == "weighted":
        return _weighted(config, model, targets, health, random)
    return targets


def _weighted(
    config: Config,
    model: Model,
    targets: list[Target],
    health: Health,
    random: Callable[[], float],
) -> list[Target]:
    """Entries drawn one by one with probability proportional to their weight among the
    healthy ones (not cooling down); then the cooling, then weightless ones in order."""
    weights = [model.weights.get(written_entry(config, model, t) or "", 0.0) for t in targets]
    pool = [
        (w, t)
        for w, t in zip(weights, targets, strict=True)
        if w > 0 and health.available(t.backend)
    ]
    ordered: list[Target] = []
    while pool:
        total = sum(w for w, _ in pool)
        point = random() * total
        pick = len(pool) - 1
        for i, (w, _) in enumerate(pool):
            point -= w
            if point < 0:
                pick = i
                break
        ordered.append(pool.pop(pick)[1])
    return ordered + [t for t in targets if t not in ordered]
