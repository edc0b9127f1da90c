"""LiteLLM provider prefixes and key values, and what each becomes in the mapping format."""

from __future__ import annotations

import re
from dataclasses import dataclass

# LiteLLM prefix of ``litellm_params.model`` -> modelmap provider type.
NATIVE = {
    "openai": "openai",
    "anthropic": "anthropic",
    "gemini": "google",
    "ollama": "ollama",
    "ollama_chat": "ollama",
    "together_ai": "together",
    "huggingface": "huggingface",
}
# OpenAI-compatible prefixes: a ``custom`` backend at the deployment's ``api_base``, or at
# the service's public endpoint (with LiteLLM's key variable) when there is none.
OPENAI_COMPATIBLE: dict[str, tuple[str, str] | None] = {
    "hosted_vllm": None,
    "lm_studio": None,
    "llamafile": None,
    "custom_openai": None,
    "openai_like": None,
    "groq": ("https://api.groq.com/openai/v1", "GROQ_API_KEY"),
    "cerebras": ("https://api.cerebras.ai/v1", "CEREBRAS_API_KEY"),
    "deepseek": ("https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
    "openrouter": ("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
    "mistral": ("https://api.mistral.ai/v1", "MISTRAL_API_KEY"),
    "xai": ("https://api.x.ai/v1", "XAI_API_KEY"),
    "fireworks_ai": ("https://api.fireworks.ai/inference/v1", "FIREWORKS_AI_API_KEY"),
    "perplexity": ("https://api.perplexity.ai", "PERPLEXITYAI_API_KEY"),
    "deepinfra": ("https://api.deepinfra.com/v1/openai", "DEEPINFRA_API_KEY"),
}
# Prefixes with a protocol modelmap does not speak (listed, never guessed).
NOT_MAPPED = {
    "azure": "Azure OpenAI (deployment URLs, api-version, api-key header)",
    "azure_ai": "Azure AI (its own endpoints and auth)",
    "vertex_ai": "Vertex AI (Google Cloud auth)",
    "vertex_ai_beta": "Vertex AI (Google Cloud auth)",
    "bedrock": "AWS Bedrock (AWS request signing)",
    "sagemaker": "AWS SageMaker (AWS request signing)",
    "text-completion-openai": "the legacy completions API",
    "cohere": "Cohere's own API",
    "cohere_chat": "Cohere's own API",
    "replicate": "Replicate's own API",
    "watsonx": "IBM watsonx (IAM auth)",
    "vllm": "the in-process vllm library",
}
_GEMINI_VERSION = "/v1beta"
_BARE_OPENAI = re.compile(r"^(gpt-|o[1-9]|chatgpt-|dall-e|text-embedding-|davinci|babbage|whisper)")
_BARE_ANTHROPIC = re.compile(r"^claude-")
_ENV = "os.environ/"


@dataclass(frozen=True)
class Provider:
    """Where a deployment's ``litellm_params.model`` points, in modelmap's terms."""

    prefix: str  # LiteLLM's provider prefix ("" when the id had none)
    type: str  # modelmap provider type
    model_id: str
    default_base: str | None = None  # for OpenAI-compatible services without api_base
    key_variable: str | None = None  # the variable LiteLLM reads for them


def split_model(model: str, api_base: str | None) -> Provider | str:
    """The provider of a LiteLLM model string, or why it cannot be mapped."""
    if "*" in model:
        return "a wildcard route (any model of a provider) has no modelmap equivalent"
    prefix, slash, rest = model.partition("/")
    if not slash:
        if _BARE_OPENAI.match(model):
            return Provider("", "openai", model)
        if _BARE_ANTHROPIC.match(model):
            return Provider("", "anthropic", model)
        return f"cannot tell the provider of the bare model id {model!r}; write it with a prefix"
    if not rest:
        return f"model {model!r} names no model id"
    if prefix == "openai" and api_base is not None and not _is_openai(api_base):
        return Provider(prefix, "custom", rest)
    if prefix in NATIVE:
        return Provider(prefix, NATIVE[prefix], rest)
    if prefix in OPENAI_COMPATIBLE:
        known = OPENAI_COMPATIBLE[prefix]
        if api_base is None and known is None:
            return f"provider {prefix!r} without api_base: modelmap needs the server's URL"
        base, variable = known if known is not None else (None, None)
        return Provider(prefix, "custom", rest, base, variable)
    if prefix in NOT_MAPPED:
        return f"provider {prefix!r}: {NOT_MAPPED[prefix]} has no modelmap provider type"
    return (
        f"unknown provider prefix {prefix!r}; if the service is OpenAI-compatible, add a "
        "custom backend with its base_url by hand"
    )


def _is_openai(base: str) -> bool:
    """Whether ``base`` is one of OpenAI's own hosts (then the type stays ``openai``)."""
    from urllib.parse import urlsplit

    host = urlsplit(base).hostname or ""
    return host == "openai.com" or host.endswith(".openai.com")


def _default_openai(base: str) -> bool:
    return base.rstrip("/") in {"https://api.openai.com", "https://api.openai.com/v1"}


def env_reference(value: object) -> str | None:
    """``${VAR}`` for a LiteLLM ``os.environ/VAR`` value, else None."""
    if isinstance(value, str) and value.startswith(_ENV) and len(value) > len(_ENV):
        return "${" + value[len(_ENV) :] + "}"
    return None


def base_url(provider: Provider, api_base: str | None) -> str | None:
    """The modelmap ``base_url`` of a deployment (None: the provider's default)."""
    if api_base is None:
        return provider.default_base
    base = env_reference(api_base) or api_base
    if provider.type == "google" and not base.startswith("${"):
        trimmed = base.rstrip("/")
        if not trimmed.endswith(_GEMINI_VERSION):
            base = trimmed + _GEMINI_VERSION  # LiteLLM adds the version; modelmap's URL has it
    if provider.type == "openai" and _default_openai(base):
        return None
    return base


def variable_name(backend: str) -> str:
    """The key variable named after a backend: ``openai-vllm`` -> ``OPENAI_VLLM_API_KEY``."""
    stem = re.sub(r"[^A-Za-z0-9]+", "_", backend).strip("_").upper() or "BACKEND"
    if stem[0].isdigit():
        stem = "_" + stem
    return f"{stem}_API_KEY"
