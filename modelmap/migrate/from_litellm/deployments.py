"""Read ``model_list``: each deployment's provider, backend identity, parameters and facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelmap.loader import Document
from modelmap.loader.document import Path
from modelmap.migrate.from_litellm.providers import Provider, base_url, env_reference, split_model


@dataclass(frozen=True)
class Listed:
    """A field of the source with no modelmap equivalent, and where it was."""

    line: int
    where: str
    why: str


class Notes:
    """What the import could not map, located in the source file."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.items: list[Listed] = []

    def line(self, path: Path) -> int:
        """The 1-based line of the key at ``path``."""
        return self.document.pos(path)[0]

    def add(self, path: Path, why: str) -> None:
        """List the field at ``path``."""
        self.items.append(Listed(self.line(path), dotted(path), why))


def dotted(path: Path) -> str:
    """``("model_list", 2, "litellm_params")`` -> ``model_list[2].litellm_params``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# litellm_params that are not request parameters, each with why it does not carry over.
_NOT_PARAMETERS = {
    "api_version": "an Azure API version; modelmap has no Azure provider",
    "stream_timeout": "modelmap has one timeout per backend",
    "num_retries": "per-deployment retries; modelmap's router.retries is global",
    "max_retries": "client retries of the provider SDK",
    "region_name": "a cloud region",
    "organization": "the OpenAI organization; set it as an OpenAI-Organization header",
    "mock_response": "a LiteLLM test setting",
    "mock_timeout": "a LiteLLM test setting",
    "input_cost_per_second": "per-second pricing",
    "output_cost_per_second": "per-second pricing",
    "tags": "tag-based routing",
    "extra_headers": "backend headers are secrets: add them as headers: with ${VAR} values",
    "headers": "backend headers are secrets: add them as headers: with ${VAR} values",
    "custom_llm_provider": "the provider is read from the model prefix",
    "litellm_credential_name": "LiteLLM's credential store",
    "use_in_pass_through": "a LiteLLM proxy setting",
    "merge_reasoning_content_in_choices": "a LiteLLM response setting",
    "configurable_clientside_auth_params": "a LiteLLM proxy setting",
    "max_budget": "budgets",
    "budget_duration": "budgets",
    "metadata": "LiteLLM logging metadata",
    "model_info": "model_info belongs beside litellm_params",
    "cache_control_injection_points": "LiteLLM prompt-caching injection",
    "input_cost_per_image": "per-image pricing",
    "output_cost_per_image": "per-image pricing",
    "input_cost_per_character": "per-character pricing",
    "output_cost_per_character": "per-character pricing",
    "auto_router_config": "LiteLLM's auto router",
    "auto_router_default_model": "LiteLLM's auto router",
    "api_type": "an Azure setting",
}
_CLOUD_PREFIXES = ("aws_", "vertex_", "azure_", "watsonx_")
_INFO_NOT_MAPPED = {
    "id": "LiteLLM's deployment id",
    "mode": "the endpoint kind; set capabilities on the model instead",
    "base_model": "the model LiteLLM prices an Azure deployment as",
    "health_check_timeout": "LiteLLM health checks",
}


@dataclass
class Deployment:
    """One mapped ``model_list`` entry."""

    index: int
    group: str
    provider: Provider
    base_url: str | None
    key: tuple[str, str] | None  # ("env", "${VAR}") | ("literal", value) | ("placeholder", value)
    timeout: float | None = None
    limits: dict[str, int] = field(default_factory=dict)
    weight: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    catalog: dict[str, Any] = field(default_factory=dict)
    backend: str = ""  # set once backends are named

    @property
    def identity(self) -> tuple[str, str | None, tuple[str, str] | None]:
        """One backend per distinct (provider type, base URL, key)."""
        return (self.provider.type, self.base_url, self.key)

    @property
    def ref(self) -> str:
        """The backend reference ``backend/model-id``."""
        return f"{self.backend}/{self.provider.model_id}"


def _key(value: object) -> tuple[str, str] | None:
    from modelmap.lint.rules.common import is_placeholder

    if value is None:
        return None
    reference = env_reference(value)
    if reference is not None:
        return ("env", reference)
    text = str(value)
    return ("placeholder", text) if is_placeholder(text) else ("literal", text)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _per_thousand(per_token: float) -> float:
    """USD per 1,000 tokens from USD per token, without float noise."""
    return float(f"{per_token * 1000:.12g}")


def _limits(d: Deployment, source: dict[str, Any], path: Path, notes: Notes) -> None:
    for theirs, ours in (
        ("rpm", "requests_per_minute"),
        ("tpm", "tokens_per_minute"),
        ("max_parallel_requests", "max_concurrent"),
    ):
        if theirs in source:
            value = source[theirs]
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                d.limits[ours] = value
            else:
                notes.add((*path, theirs), f"{theirs} is not a positive whole number")


def _model_info(d: Deployment, info: Any, path: Path, notes: Notes) -> None:
    if not isinstance(info, dict):
        notes.add(path, "model_info is not a mapping")
        return
    pricing: dict[str, float] = {}
    for key, value in info.items():
        here = (*path, key)
        number = _number(value)
        if key in ("max_input_tokens", "max_tokens", "max_output_tokens") and isinstance(
            value, int
        ):
            if key == "max_input_tokens":
                d.catalog["context_window"] = value
            elif key == "max_output_tokens" or "max_output_tokens" not in info:
                d.catalog["max_output_tokens"] = value  # LiteLLM's max_tokens is the output cap
        elif key in ("input_cost_per_token", "output_cost_per_token") and number is not None:
            pricing[key.split("_")[0]] = _per_thousand(number)
        elif key == "description" and isinstance(value, str):
            d.catalog["description"] = value
        elif key.startswith("supports_") and value is True and key == "supports_vision":
            d.catalog.setdefault("capabilities", ["chat"]).append("vision")
        else:
            why = _INFO_NOT_MAPPED.get(key, "no modelmap catalog field")
            notes.add(here, why)
    if pricing:
        d.catalog["pricing"] = pricing


def read_deployment(index: int, entry: Any, notes: Notes) -> Deployment | None:
    """The deployment at ``model_list[index]``, or None (listed) when it cannot be mapped."""
    path: Path = ("model_list", index)
    if not isinstance(entry, dict):
        notes.add(path, "not a mapping")
        return None
    group = entry.get("model_name")
    params = entry.get("litellm_params")
    if not isinstance(group, str) or not group:
        notes.add(path, "no model_name")
        return None
    if not isinstance(params, dict) or not isinstance(params.get("model"), str):
        notes.add(path, "no litellm_params.model")
        return None
    if "*" in group:
        notes.add((*path, "model_name"), "a wildcard route has no modelmap equivalent")
        return None
    api_base = params.get("api_base")
    api_base = str(api_base) if api_base is not None else None
    provider = split_model(params["model"], api_base)
    if isinstance(provider, str):
        notes.add((*path, "litellm_params", "model"), provider)
        return None
    key = _key(params.get("api_key"))
    if key is None and provider.key_variable is not None:
        key = ("env", "${" + provider.key_variable + "}")
    d = Deployment(index, group, provider, base_url(provider, api_base), key)
    lp: Path = (*path, "litellm_params")
    timeout = params.get("timeout")
    if timeout is not None:
        if _number(timeout) is not None and float(timeout) > 0:
            d.timeout = timeout
        else:
            notes.add((*lp, "timeout"), "timeout is not a positive number of seconds")
    _limits(d, params, lp, notes)
    _limits(d, entry, path, notes)
    costs = {}
    for key_name, value in params.items():
        here = (*lp, key_name)
        if key_name in ("model", "api_base", "api_key", "timeout", *_LIMIT_KEYS):
            continue
        if key_name == "weight":
            if _number(value) is not None and value > 0:
                d.weight = value
            else:
                notes.add(here, "weight is not a positive number")
        elif key_name in ("input_cost_per_token", "output_cost_per_token"):
            if _number(value) is None:
                notes.add(here, "not a number")
            else:
                costs[key_name.split("_")[0]] = _per_thousand(value)
        elif key_name in _NOT_PARAMETERS:
            notes.add(here, _NOT_PARAMETERS[key_name])
        elif key_name.startswith(_CLOUD_PREFIXES):
            notes.add(here, "cloud credentials of a provider modelmap does not speak")
        else:
            d.parameters[key_name] = env_reference(value) or value
    for key_name in entry:
        if key_name not in ("model_name", "litellm_params", "model_info", *_LIMIT_KEYS):
            notes.add((*path, key_name), "unknown deployment key")
    if "model_info" in entry:
        _model_info(d, entry["model_info"], (*path, "model_info"), notes)
    if costs:
        d.catalog.setdefault("pricing", {}).update(costs)
    return d


_LIMIT_KEYS = ("rpm", "tpm", "max_parallel_requests")
