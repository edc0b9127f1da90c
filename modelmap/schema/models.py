"""The configuration schema as pydantic models: the single source of truth.

``modelmap/schema.json`` is generated from these models (``modelmap schema``) and is what
``validate`` checks files against at run time: importing pydantic's model machinery costs
more start-up time than the whole validate run is allowed, and the JSON Schema is as strict.
A test keeps the committed schema and these models identical.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import GenerateJsonSchema

# Editors complete these values and show the text beside each (``enumDescriptions``).
PROVIDER_TYPES = {
    "openai": "OpenAI (api.openai.com); key OPENAI_API_KEY.",
    "anthropic": "Anthropic (api.anthropic.com); key ANTHROPIC_API_KEY.",
    "google": "Google Gemini API; key GEMINI_API_KEY or GOOGLE_API_KEY.",
    "gemini": "The same as google.",
    "ollama": "A local Ollama server (localhost:11434); no key.",
    "together": "Together AI, OpenAI-compatible; key TOGETHER_API_KEY.",
    "huggingface": "Hugging Face inference router, OpenAI-compatible; key HF_TOKEN.",
    "custom": "Any other OpenAI-compatible server; needs base_url.",
}
CAPABILITIES = {
    "chat": "Chat completions.",
    "completion": "Plain text completion.",
    "embedding": "Embeddings.",
    "vision": "Images in the prompt.",
    "tools": "Tool calls.",
    "function_calling": "Function calls (the older name of tools).",
    "json_mode": "Answers as JSON.",
    "structured_output": "Answers that follow a JSON Schema.",
    "streaming": "Streamed answers.",
    "audio": "Audio in or out.",
    "speech": "Text to speech.",
    "transcription": "Speech to text.",
    "reasoning": "Extended reasoning.",
    "image_generation": "Generates images.",
    "rerank": "Reranks documents.",
    "moderation": "Classifies content for moderation.",
    "code": "Tuned for code.",
}
# A property whose values come from a vocabulary that a lint rule checks (with "did you
# mean"): json_schema() gives editors the values, and validate checks only the type.
PROVIDER: dict[str, Any] = {"x-modelmap-vocabulary": "provider"}
CAPABILITY_LIST: dict[str, Any] = {"x-modelmap-vocabulary": "capability"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pricing(_Strict):
    """Price in USD per 1,000 tokens."""

    input: float | None = Field(None, ge=0, description="USD per 1,000 input (prompt) tokens.")
    output: float | None = Field(
        None, ge=0, description="USD per 1,000 output (completion) tokens."
    )


class CatalogEntry(_Strict):
    """What a backend knows about one model id it serves."""

    context_window: int | None = Field(
        None, gt=0, description="Maximum tokens of prompt plus answer."
    )
    max_output_tokens: int | None = Field(
        None, gt=0, description="Maximum tokens the model may generate in one answer."
    )
    pricing: Pricing | None = Field(None, description="Price per 1,000 tokens, in USD.")
    capabilities: list[str] | None = Field(
        None,
        description="What this model id can do (chat, vision, tools, ...).",
        json_schema_extra=CAPABILITY_LIST,
    )
    description: str | None = Field(None, description="Free text.")


class RateLimits(_Strict):
    """Limits the provider enforces on this backend; the Router keeps to the per-minute ones."""

    requests_per_minute: int | None = Field(None, gt=0, description="Requests per minute.")
    tokens_per_minute: int | None = Field(None, gt=0, description="Tokens per minute.")
    requests_per_day: int | None = Field(None, gt=0, description="Requests per day.")
    tokens_per_day: int | None = Field(None, gt=0, description="Tokens per day.")
    max_concurrent: int | None = Field(None, gt=0, description="Requests in flight at once.")


class Parameters(BaseModel):
    """Default request parameters. Unknown names are passed through (and warned about)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    temperature: float | None = Field(None, ge=0, le=2, description="Sampling temperature, 0-2.")
    top_p: float | None = Field(None, ge=0, le=1, description="Nucleus sampling, 0-1.")
    top_k: int | None = Field(None, gt=0, description="Top-k sampling (anthropic, google, ollama).")
    max_tokens: int | None = Field(None, gt=0, description="Maximum tokens to generate.")
    stop: str | list[str] | None = Field(None, description="Stop sequence(s).")
    presence_penalty: float | None = Field(None, ge=-2, le=2, description="-2 to 2.")
    frequency_penalty: float | None = Field(None, ge=-2, le=2, description="-2 to 2.")
    seed: int | None = Field(None, description="Seed for reproducible sampling.")


STRATEGIES = ("ordered", "cheapest", "weighted", "latency")


class Backoff(_Strict):
    """Capped exponential backoff between retries of one chain entry, with full jitter."""

    initial: float | None = Field(
        None, gt=0, le=3600, description="Seconds before the first retry (default 0.5)."
    )
    max: float | None = Field(
        None, gt=0, le=3600, description="Longest wait between retries, in seconds (default 8)."
    )


class Cooldown(_Strict):
    """Skip a backend that keeps failing for a while, then try it again."""

    failures: int | None = Field(
        None, gt=0, le=1000, description="Failures in a row that start a cooldown (default 3)."
    )
    seconds: float | None = Field(
        None, gt=0, le=86400, description="How long the backend is skipped (default 60)."
    )


class RouterSection(_Strict):
    """How modelmap.Router (and chat) retries, cools down and waits for rate limits."""

    retries: int | None = Field(
        None,
        ge=0,
        le=10,
        description="Extra tries of one chain entry on a retryable error (default 0).",
    )
    backoff: Backoff | None = Field(None, description="Wait between retries.")
    max_retry_after: float | None = Field(
        None,
        ge=0,
        le=3600,
        description="Honour a Retry-After up to this many seconds, else move on (default 5).",
    )
    cooldown: Cooldown | None = Field(
        None, description="Skip a backend after failures in a row (off unless written)."
    )
    max_wait: float | None = Field(
        None,
        ge=0,
        le=3600,
        description="Seconds to wait when every chain entry is at its rate limit (default 10).",
    )


class ModelEntry(_Strict):
    """A client-facing model name and the backend that serves it."""

    backend: str = Field(
        description="'<backend name>/<provider model id>'; the name before the first '/' is a "
        "backend declared under 'backends' or a provider type.",
        min_length=1,
    )
    description: str | None = Field(None, description="Free text shown by 'modelmap list'.")
    capabilities: list[str] | None = Field(
        None,
        description="chat, completion, embedding, vision, tools, json_mode, ...",
        json_schema_extra=CAPABILITY_LIST,
    )
    parameters: Parameters | None = Field(None, description="Default request parameters.")
    aliases: list[str] | None = Field(None, description="Other names that resolve to this model.")
    fallbacks: list[str] | None = Field(
        None, description="Model names, aliases or backend refs to try, in order, on failure."
    )
    enabled: bool = Field(True, description="A disabled model neither resolves nor serves.")
    strategy: Literal["ordered", "cheapest", "weighted", "latency"] | None = Field(
        None, description="How the Router orders the chain: " + " | ".join(STRATEGIES) + "."
    )
    weights: dict[str, Annotated[float, Field(ge=0)]] | None = Field(
        None,
        description="For strategy weighted: a weight (0 or more) per chain entry, keyed by the "
        "entry as written (the backend value or a fallbacks item).",
    )


class Backend(_Strict):
    """Where models run: a provider endpoint with its key and limits."""

    provider: str | None = Field(
        None,
        description="Provider type: "
        + ", ".join(PROVIDER_TYPES)
        + ". Optional when the backend's name is itself a provider type.",
        json_schema_extra=PROVIDER,
    )
    api_key: str | None = Field(
        None, description="The key, written as '${ENV_VAR}'; never a literal secret."
    )
    base_url: str | None = Field(None, description="API base URL; required for 'custom'.")
    timeout: float | None = Field(None, gt=0, description="Request timeout in seconds.")
    headers: dict[str, str] | None = Field(
        None, description="Extra HTTP headers; values are secrets and may use ${VAR}."
    )
    models: dict[str, CatalogEntry | None] | None = Field(
        None, description="Catalog of the model ids this backend serves."
    )
    rate_limits: RateLimits | None = Field(None, description="Provider limits for this backend.")
    description: str | None = Field(None, description="Free text.")


class FallbackProvider(_Strict):
    """A global fallback: a backend (or provider type) and optionally the model id to use."""

    provider: str = Field(description="A backend name or a provider type.", min_length=1)
    model: str | None = Field(
        None, description="Model id on that backend; otherwise the primary's id, if listed."
    )


class MappingConfig(_Strict):
    """Format 2: models is a mapping from client-facing name to entry."""

    version: Literal[2] | None = Field(None, description="Format version; 2 if written.")
    models: dict[str, ModelEntry] = Field(description="Client-facing model names.")
    backends: dict[str, Backend | None] | None = Field(
        None, description="Named backends; a provider type works without one."
    )
    model_defaults: Parameters | None = Field(
        None, description="Parameters every model starts from."
    )
    fallback_providers: list[str | FallbackProvider] | None = Field(
        None, description="Global failover order for models without their own fallbacks."
    )
    router: RouterSection | None = Field(
        None, description="Retries, cooldown and rate-limit waits of modelmap.Router."
    )


class LegacyModel(_Strict):
    """An entry of the old list format."""

    name: str = Field(min_length=1, description="Client-facing model name.")
    provider: str | None = Field(
        None,
        description="Provider type; inferred from the name if absent.",
        json_schema_extra=PROVIDER,
    )
    model: str | None = Field(None, description="Provider model id; defaults to the name.")
    description: str | None = Field(None, description="Free text.")
    parameters: Parameters | None = Field(None, description="Default request parameters.")
    aliases: list[str] | None = Field(None, description="Other names for this model.")
    capabilities: list[str] | None = Field(
        None, description="What the model can do.", json_schema_extra=CAPABILITY_LIST
    )


class LegacyConfig(BaseModel):
    """Format 1: models is a list; other top-level sections are carried along."""

    model_config = ConfigDict(extra="allow", frozen=True)

    version: Literal[1] | None = Field(None, description="Format version; 1 if written.")
    models: list[str | LegacyModel] = Field(description="Model names or entries.")


class _NoFieldTitles(GenerateJsonSchema):
    """No ``title`` on fields: pydantic's ("Api Key") only repeats the key above the
    description in an editor's hover; models keep theirs."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _vocabulary(name: str) -> dict[str, Any]:
    values = PROVIDER_TYPES if name == "provider" else CAPABILITIES
    return {"type": "string", "enum": list(values), "enumDescriptions": list(values.values())}


def _with_vocabularies(node: Any) -> Any:
    """Fill in the values of each ``x-modelmap-vocabulary`` property (see PROVIDER)."""
    if isinstance(node, list):
        return [_with_vocabularies(item) for item in node]
    if not isinstance(node, dict):
        return node
    name = node.get("x-modelmap-vocabulary")
    node = {key: _with_vocabularies(value) for key, value in node.items()}
    if name is None:
        return node
    known = _vocabulary(name)
    if name == "capability":  # unknown capabilities are a warning (MM402), not an error
        known = {"anyOf": [known, {"type": "string"}]}

    def fill(branch: dict[str, Any]) -> dict[str, Any]:
        if branch.get("type") == "string":
            return {**known, **{k: v for k, v in branch.items() if k != "type"}}
        if branch.get("type") == "array":
            return {**branch, "items": known}
        return branch

    if "anyOf" in node:
        node["anyOf"] = [fill(branch) for branch in node["anyOf"]]
    else:
        node = fill(node)
    return node


def json_schema() -> dict[str, Any]:
    """The JSON Schema of both formats, as editors and ``validate`` use it."""
    from pydantic import TypeAdapter

    adapter: TypeAdapter[Any] = TypeAdapter(MappingConfig | LegacyConfig)
    schema = adapter.json_schema(ref_template="#/$defs/{model}", schema_generator=_NoFieldTitles)
    defs = _with_vocabularies(schema.pop("$defs"))
    return {
        # Draft 7, not 2020-12: the yaml-language-server (VS Code YAML and most editors)
        # ships draft-7 support and warns that 2020-12 "is not yet fully supported"; the
        # schema uses no keyword newer than draft 7, and $ref to #/$defs is a plain pointer.
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "modelmap configuration",
        "description": "Maps client-facing model names to provider backends.",
        # The format follows from the shape of 'models' (a list: the legacy format), so an
        # error is reported against one format, at the key that is wrong, instead of
        # "matches neither of two schemas".
        "if": {"properties": {"models": {"type": "array"}}, "required": ["models"]},
        "then": {"$ref": "#/$defs/LegacyConfig"},
        "else": {"$ref": "#/$defs/MappingConfig"},
        "$defs": defs,
    }
