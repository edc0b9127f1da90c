"""The ``router:`` section and each model's ``strategy`` in a LiteLLM export.

LiteLLM has retries (``num_retries``), cooldown (``allowed_fails``, ``cooldown_time``), one
``routing_strategy`` for the whole proxy, and a ``weight`` per deployment within a model
group; what it has no equivalent for is listed as a note. :func:`apply_router` is called
once, at the end of :func:`modelmap.export.litellm.export_litellm`.
"""

from __future__ import annotations

import copy
from typing import Any

from modelmap.config.model import Config, Model
from modelmap.resolution import Resolution

# modelmap strategy -> LiteLLM routing_strategy (which picks among one group's deployments)
ROUTING = {
    "cheapest": "cost-based-routing",
    "weighted": "simple-shuffle",
    "latency": "latency-based-routing",
}


def apply_router(config: Config, export: Any) -> None:
    """Add the router settings, strategies and weights to a LiteLLMExport, with notes."""
    from modelmap.errors import ModelmapError
    from modelmap.resolve import resolve

    resolved = []
    for model in config.models.values():
        if model.enabled:
            try:
                resolved.append((model, resolve(config, model.name)))
            except ModelmapError:  # left out of the export, with its note, already
                continue
    settings, notes = router_settings(config)
    routing, more = strategies(config, resolved, export.model_list)
    export.settings.update(settings)
    export.settings.update(routing)
    for note in (*notes, *more):
        if note not in export.notes:
            export.notes.append(note)


def router_settings(config: Config) -> tuple[dict[str, Any], list[str]]:
    """LiteLLM ``router_settings`` keys for the ``router:`` section, and the notes."""
    settings = config.router
    out: dict[str, Any] = {}
    notes: list[str] = []
    if not settings.written:
        return out, notes
    out["num_retries"] = settings.retries
    if settings.retries > 0:
        # LiteLLM's retry_policy overrides num_retries per error type: the errors modelmap
        # retries (429, timeouts, 5xx) get router.retries; 400/401/422 stay at none
        from modelmap.export.litellm import CHAIN_SETTINGS

        out["retry_policy"] = {
            **CHAIN_SETTINGS["retry_policy"],
            "RateLimitErrorRetries": max(1, settings.retries),
            "TimeoutErrorRetries": settings.retries,
            "InternalServerErrorRetries": settings.retries,
        }
    if settings.cooldown_failures is not None:
        # LiteLLM cools a deployment down once it has failed *more than* allowed_fails times
        out["allowed_fails"] = settings.cooldown_failures - 1
        out["cooldown_time"] = settings.cooldown_seconds
    notes.append(
        f"router.backoff (initial {settings.backoff_initial:g} s, max "
        f"{settings.backoff_max:g} s, full jitter) and max_retry_after "
        f"{settings.max_retry_after:g} s: LiteLLM uses its own retry waits"
    )
    notes.append(
        f"router.max_wait {settings.max_wait:g} s: LiteLLM does not wait for a deployment's "
        "rpm/tpm to free up"
    )
    return out, notes


def strategies(
    config: Config,
    resolved: list[tuple[Model, Resolution]],
    model_list: list[dict[str, Any]],
) -> tuple[dict[str, Any], list[str]]:
    """``routing_strategy`` when the models agree on one, weighted groups' deployments
    (each weighted chain entry joins the model's group with its ``weight``), and notes."""
    notes: list[str] = []
    used = {m.strategy for m, _ in resolved if m.strategy != "ordered"}
    out: dict[str, Any] = {}
    if len(used) == 1:
        (strategy,) = used
        out["routing_strategy"] = ROUTING[strategy]
        ordered = sorted(m.name for m, _ in resolved if m.strategy == "ordered")
        if ordered:
            notes.append(
                f"routing_strategy {ROUTING[strategy]} applies to every group; "
                f"{', '.join(ordered)} use(s) strategy ordered in modelmap"
            )
    elif len(used) > 1:
        named = ", ".join(f"{m.name}: {m.strategy}" for m, _ in resolved if m.strategy != "ordered")
        notes.append(
            f"strategies differ per model ({named}); LiteLLM has one routing_strategy for "
            "the proxy, so none is set"
        )
    for model, resolution in resolved:
        if model.strategy in ("cheapest", "latency"):
            notes.append(
                f"{model.name}: strategy {model.strategy} orders the whole chain in modelmap; "
                "LiteLLM applies it within a group, and the fallback groups keep the chain"
            )
        if model.strategy == "weighted":
            _weights(config, model, resolution, model_list)
    return out, notes


def _weights(
    config: Config, model: Model, resolution: Resolution, model_list: list[dict[str, Any]]
) -> None:
    from modelmap.router.strategy import written_entry

    own = [e for e in model_list if e["model_name"] == model.name]
    fallback_groups = [
        e for e in model_list if str(e["model_name"]).startswith(f"{model.name}/fallback-")
    ]
    for target, entry in zip(resolution.chain, own + fallback_groups, strict=False):
        weight = model.weights.get(written_entry(config, model, target) or "")
        if weight is None or weight <= 0:
            continue
        if entry in own:
            entry["litellm_params"]["weight"] = weight
        else:
            joined = copy.deepcopy(entry)
            joined["model_name"] = model.name
            joined["litellm_params"]["weight"] = weight
            model_list.append(joined)
