"""``router_settings``, ``litellm_settings`` and the rest of a LiteLLM file's top level."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelmap.loader.document import Path
from modelmap.migrate.from_litellm.deployments import Notes

# LiteLLM's defaults when a file sets only one of the two cooldown knobs.
_ALLOWED_FAILS = 3
_COOLDOWN_TIME = 5.0
# routing_strategy -> the per-model strategy of models with several deployments.
STRATEGIES = {
    "simple-shuffle": None,  # ordered, or weighted when the deployments carry weights
    "latency-based-routing": "latency",
    "cost-based-routing": "cheapest",
}
_FALLBACK_KINDS = {
    "context_window_fallbacks": "modelmap never fails over on a 400 (context window exceeded)",
    "content_policy_fallbacks": "modelmap never fails over on a 400 (content policy)",
    "default_fallbacks": "fallbacks for every model: list them per model instead",
}
_TOP_LEVEL = {
    "general_settings": "proxy settings (auth, database, alerting): not part of a mapping",
    "environment_variables": "set these in the environment (or .env) instead",
    "guardrails": "guardrails",
    "cache_config": "caching",
    "finetune_settings": "fine-tuning endpoints",
    "files_settings": "files endpoints",
    "credential_list": "LiteLLM's credential store",
    "mcp_servers": "MCP servers",
    "vector_store_registry": "vector stores",
    "search_tools": "search tools",
}


@dataclass
class Settings:
    """What the settings sections map to."""

    aliases: list[tuple[str, str, Path]] = field(default_factory=list)  # alias, group, where
    fallbacks: list[tuple[str, list[str], Path]] = field(default_factory=list)
    router: dict[str, Any] = field(default_factory=dict)
    strategy: str | None = None
    strategy_path: Path | None = None
    timeout: float | None = None  # for every backend that sets none


def _timeout(value: Any, path: Path, settings: Settings, notes: Notes) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        if settings.timeout is None:
            settings.timeout = value
    else:
        notes.add(path, "not a positive number of seconds")


def _fallbacks(value: Any, path: Path, settings: Settings, notes: Notes) -> None:
    if not isinstance(value, list):
        notes.add(path, "fallbacks is not a list of {model: [fallbacks]}")
        return
    for n, item in enumerate(value):
        here = (*path, n)
        if not isinstance(item, dict):
            notes.add(here, "not a {model: [fallbacks]} mapping")
            continue
        for group, targets in item.items():
            if isinstance(targets, str):
                targets = [targets]
            if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
                notes.add((*here, group), "not a list of model names")
                continue
            settings.fallbacks.append((str(group), list(targets), (*here, group)))


def _aliases(value: Any, path: Path, settings: Settings, notes: Notes) -> None:
    if not isinstance(value, dict):
        notes.add(path, "model_group_alias is not a mapping")
        return
    for alias, target in value.items():
        here = (*path, alias)
        if isinstance(target, dict):
            if target.get("hidden"):
                notes.add((*here, "hidden"), "hidden aliases: modelmap lists every alias")
            target = target.get("model")
        if not isinstance(target, str):
            notes.add(here, "names no model group")
            continue
        settings.aliases.append((str(alias), target, here))


def _retries(value: Any, path: Path, settings: Settings, notes: Notes) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        settings.router.setdefault("retries", value)
    else:
        notes.add(path, "num_retries is not a whole number")


_SHARED = {"model_group_alias": _aliases, "fallbacks": _fallbacks, "num_retries": _retries}


def _read_shared(
    key: Any, value: Any, here: Path, settings: Settings, notes: Notes, timeout_key: str
) -> bool:
    """Map a key both settings sections take (aliases, fallbacks, retries, the timeout
    under ``timeout_key``, the fallback kinds modelmap has not); False for any other key."""
    read = _timeout if key == timeout_key else _SHARED.get(key)
    if read is not None:
        read(value, here, settings, notes)
    elif key in _FALLBACK_KINDS:
        if value:
            notes.add(here, _FALLBACK_KINDS[key])
    else:
        return False
    return True


def read_router_settings(data: Any, settings: Settings, notes: Notes) -> None:
    """Map ``router_settings``: aliases, fallbacks, retries, cooldowns and strategy."""
    base: Path = ("router_settings",)
    if not isinstance(data, dict):
        notes.add(base, "router_settings is not a mapping")
        return
    for key, value in data.items():
        here = (*base, key)
        if _read_shared(key, value, here, settings, notes, timeout_key="timeout"):
            continue
        if key in ("allowed_fails", "cooldown_time", "disable_cooldowns"):
            continue  # below, together
        elif key == "routing_strategy" and value in STRATEGIES:
            settings.strategy = STRATEGIES[value]
            settings.strategy_path = here
        elif key == "routing_strategy":
            notes.add(here, f"routing strategy {value!r} has no modelmap equivalent; ordered")
        elif key == "retry_policy":
            notes.add(here, "retries per error type; router.retries covers every retryable error")
        elif key.startswith("redis_") or key.startswith("cache"):
            notes.add(here, "shared state between proxy instances (redis, caching)")
        else:
            notes.add(here, "no modelmap equivalent")
    _cooldown(data, base, settings, notes)


def _cooldown(data: dict[str, Any], base: Path, settings: Settings, notes: Notes) -> None:
    fails, seconds = data.get("allowed_fails"), data.get("cooldown_time")
    if data.get("disable_cooldowns") is True:
        for key in ("disable_cooldowns", "allowed_fails", "cooldown_time"):
            if key in data and key != "disable_cooldowns":
                notes.add((*base, key), "cooldowns are disabled (disable_cooldowns)")
        return
    if "disable_cooldowns" in data and data["disable_cooldowns"] is not False:
        notes.add((*base, "disable_cooldowns"), "not true or false")
    if fails is None and seconds is None:
        return
    ok_fails = fails is None or (isinstance(fails, int) and not isinstance(fails, bool))
    ok_seconds = seconds is None or (
        isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0
    )
    if not (ok_fails and ok_seconds):
        notes.add((*base, "allowed_fails" if not ok_fails else "cooldown_time"), "not a number")
        return
    # LiteLLM cools a deployment down once it fails more than allowed_fails times (per
    # minute); modelmap after `failures` failures in a row.
    settings.router["cooldown"] = {
        "failures": (fails if fails is not None else _ALLOWED_FAILS) + 1,
        "seconds": seconds if seconds is not None else _COOLDOWN_TIME,
    }


def read_litellm_settings(data: Any, settings: Settings, notes: Notes) -> None:
    """Map what ``litellm_settings`` shares with the router (num_retries, fallbacks)."""
    base: Path = ("litellm_settings",)
    if not isinstance(data, dict):
        notes.add(base, "litellm_settings is not a mapping")
        return
    for key, value in data.items():
        here = (*base, key)
        if _read_shared(key, value, here, settings, notes, timeout_key="request_timeout"):
            continue
        if key == "drop_params":
            notes.add(here, "modelmap sends the parameters as written (no dropping)")
        elif "callback" in key:
            notes.add(here, "callbacks (logging, observability)")
        elif key.startswith("cache"):
            notes.add(here, "caching")
        elif "budget" in key:
            notes.add(here, "budgets")
        else:
            notes.add(here, "no modelmap equivalent")


def read_top_level(key: Any, notes: Notes) -> None:
    """List a top-level key other than model_list, router_settings and litellm_settings."""
    why = _TOP_LEVEL.get(key, "unknown top-level key") if isinstance(key, str) else "not a name"
    notes.add((key,), why)
