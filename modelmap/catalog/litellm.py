"""Read LiteLLM's model cost map into modelmap's snapshot format.

The map (``model_prices_and_context_window.json``, MIT licence, BerriAI/litellm) is an
object of model keys to facts: ``litellm_provider``, ``max_input_tokens``,
``max_output_tokens``, ``input_cost_per_token``/``output_cost_per_token`` (USD per token),
``supports_*`` flags, ``mode``, ``deprecation_date`` (the provider's shutdown date) and
``successor_model``. Both ``modelmap.catalog.regenerate`` and ``modelmap catalog update``
use :func:`convert`, so a refreshed catalog is built exactly as the bundled one.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from modelmap.catalog.snapshot import COLUMNS, FORMAT, CatalogError

SOURCE = "LiteLLM model cost map"
URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
LICENCE = "MIT (BerriAI/litellm)"

# LiteLLM provider -> (modelmap provider type, prefix LiteLLM puts before the model id)
PROVIDERS = {
    "openai": ("openai", ""),
    "text-completion-openai": ("openai", ""),
    "anthropic": ("anthropic", ""),
    "gemini": ("google", "gemini/"),
    "together_ai": ("together", "together_ai/"),
}
# Provider types whose whole public model list the map keeps (unknown ids there are typos);
# Together's list is far longer than the map's few dozen entries.
COMPLETE = ("anthropic", "google", "openai")

_MODES = {
    "chat": "chat",
    "completion": "completion",
    "responses": "chat",
    "embedding": "embedding",
    "image_generation": "image_generation",
    "audio_transcription": "transcription",
    "audio_speech": "speech",
    "moderation": "moderation",
    "rerank": "rerank",
    "realtime": "audio",
}
_FLAGS = {
    "supports_vision": "vision",
    "supports_function_calling": "tools",
    "supports_response_schema": "structured_output",
    "supports_reasoning": "reasoning",
    "supports_audio_input": "audio",
}


def _int(value: Any) -> int | None:
    return value if type(value) is int and value > 0 else None


def _per_thousand(value: Any) -> float | None:
    if type(value) not in (int, float) or not math.isfinite(value) or value < 0:
        return None
    return float(f"{value * 1000:.12g}")  # 2.5e-06 -> 0.0025, without float noise


def _day(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _model_id(key: str, prefix: str, provider: str) -> str | None:
    model_id = key[len(prefix) :] if prefix and key.startswith(prefix) else key
    if not model_id or model_id.startswith("ft:"):
        return None  # fine-tune base prices, not ids anyone can call
    if provider in ("openai", "anthropic", "google") and "/" in model_id:
        return None  # "low/1024-x-1024/gpt-image-1": an image size tier, not a model id
    if provider == "together" and "/" not in model_id:
        return None  # "together-ai-4.1b-8b": a price bucket by model size
    return model_id


def _capabilities(facts: dict[str, Any]) -> str | None:
    caps = []
    mode = _MODES.get(facts.get("mode"))  # type: ignore[arg-type]
    if mode:
        caps.append(mode)
    caps += [cap for flag, cap in _FLAGS.items() if facts.get(flag) is True and cap not in caps]
    return " ".join(caps) or None


def _successor(value: Any, prefix: str) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return value[len(prefix) :] if prefix and value.startswith(prefix) else value


def convert(data: Any, *, snapshot: date, generator: str, where: str) -> dict[str, Any]:
    """Snapshot data (see :mod:`modelmap.catalog.snapshot`) from a decoded cost map.

    A model with a ``deprecation_date`` is deprecated from the snapshot day at the latest
    (the map gives only the shutdown date) and retired on that date.
    """
    if not isinstance(data, dict):
        raise CatalogError(f"{where}: not a LiteLLM cost map: the top level is not an object")
    rows: dict[str, dict[str, list[Any]]] = {}
    for key, facts in data.items():
        if not isinstance(key, str) or not isinstance(facts, dict):
            continue
        mapped = PROVIDERS.get(facts.get("litellm_provider"))  # type: ignore[arg-type]
        if mapped is None:
            continue
        provider, prefix = mapped
        model_id = _model_id(key, prefix, provider)
        if model_id is None:
            continue
        table = rows.setdefault(provider, {})
        if model_id in table and key != prefix + model_id:
            continue  # "gemini/x" and a bare "x" of the same provider: the prefixed one wins
        retired = _day(facts.get("deprecation_date"))
        deprecated = min(snapshot.isoformat(), retired) if retired else None
        table[model_id] = [
            model_id,
            _int(facts.get("max_input_tokens")),
            _int(facts.get("max_output_tokens")),
            _per_thousand(facts.get("input_cost_per_token")),
            _per_thousand(facts.get("output_cost_per_token")),
            _capabilities(facts),
            deprecated,
            retired,
            _successor(facts.get("successor_model"), prefix),
        ]
    missing = [p for p in COMPLETE if not rows.get(p)]
    if missing:
        raise CatalogError(
            f"{where}: not a LiteLLM cost map: no models for {', '.join(missing)} "
            "(truncated or another file?)"
        )
    order = ("openai", "anthropic", "google", "together", "huggingface")
    return {
        "format": FORMAT,
        "source": SOURCE,
        "url": URL,
        "licence": LICENCE,
        "snapshot": snapshot.isoformat(),
        "generator": generator,
        "complete": sorted(p for p in COMPLETE if p in rows),
        "columns": list(COLUMNS),
        "providers": {
            p: sorted(rows[p].values(), key=lambda row: row[0]) for p in order if p in rows
        },
    }
