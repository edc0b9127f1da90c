"""Parameter and capability names: unknown ones are kept but probably typos."""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import index, lookup, string_items
from modelmap.loader import Path
from modelmap.problems import Severity
from modelmap.suggest import Suggester

UNKNOWN_PARAMETER = "MM401"
UNKNOWN_CAPABILITY = "MM402"

# The schema's parameters, then OpenAI-style request fields that OpenAI-compatible servers
# and modelmap's providers understand, then sampling knobs of ollama/vLLM/llama.cpp.
KNOWN_PARAMETERS = (
    "temperature",
    "top_p",
    "top_k",
    "max_tokens",
    "stop",
    "presence_penalty",
    "frequency_penalty",
    "seed",
    "response_format",
    "reasoning_effort",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "max_completion_tokens",
    "n",
    "user",
    "parallel_tool_calls",
    "tool_choice",
    "min_p",
    "repetition_penalty",
    "repeat_penalty",
    "num_ctx",
)
# Provider-native spellings of a portable parameter: point at the portable one.
_PORTABLE = {
    "stop_sequences": "stop",
    "max_output_tokens": "max_tokens",
    "maxOutputTokens": "max_tokens",
    "num_predict": "max_tokens",
    "topP": "top_p",
    "topK": "top_k",
    "stopSequences": "stop",
}

KNOWN_CAPABILITIES = (
    "chat",
    "completion",
    "embedding",
    "vision",
    "tools",
    "function_calling",
    "json_mode",
    "structured_output",
    "streaming",
    "audio",
    "speech",
    "transcription",
    "reasoning",
    "image_generation",
    "rerank",
    "moderation",
    "code",
)
_KNOWN_PARAMETERS = frozenset(KNOWN_PARAMETERS)
_KNOWN_CAPABILITIES = frozenset(KNOWN_CAPABILITIES)

RULES = (
    Rule(
        UNKNOWN_PARAMETER,
        "unknown-parameter",
        Severity.WARNING,
        "A name under 'parameters' or 'model_defaults' that modelmap does not know. It is "
        "still sent to the provider, but is probably a typo. Known: "
        + ", ".join(KNOWN_PARAMETERS)
        + ".",
    ),
    Rule(
        UNKNOWN_CAPABILITY,
        "unknown-capability",
        Severity.WARNING,
        "A capability that modelmap does not know, in a model or a catalog entry. Known: "
        + ", ".join(KNOWN_CAPABILITIES)
        + ".",
    ),
)


def check(context: LintContext) -> Iterator[Finding]:
    """Check parameter names and capability names everywhere they are written."""
    tables = index(context)
    data = context.document.data
    # one per run: each distinct unknown name is matched once, and the matching is bounded
    parameter_hints, capability_hints = Suggester(KNOWN_PARAMETERS), Suggester(KNOWN_CAPABILITIES)
    if context.config.format == 2:
        yield from _parameters(
            lookup(data, ("model_defaults",)), ("model_defaults",), parameter_hints
        )
    for model in context.config.models.values():
        entry = tables.entries[model.name]
        if not isinstance(entry, dict):
            continue
        parameters = entry.get("parameters")
        if isinstance(parameters, dict) and not _KNOWN_PARAMETERS.issuperset(parameters):
            yield from _parameters(parameters, (*model.path, "parameters"), parameter_hints)
        if not _known_capabilities(entry):
            yield from _capabilities(entry, model.path, capability_hints)
    for backend in context.config.backends.values():
        catalog = lookup(data, (*backend.path, "models"))
        if isinstance(catalog, dict):
            for model_id, item in catalog.items():
                if not _known_capabilities(item):
                    yield from _capabilities(
                        item, (*backend.path, "models", model_id), capability_hints
                    )


def _known_capabilities(entry: object) -> bool:
    """True when ``entry`` lists only known capabilities (the common case: a set test)."""
    names = entry.get("capabilities") if isinstance(entry, dict) else None
    if not isinstance(names, list):
        return True
    try:
        return _KNOWN_CAPABILITIES.issuperset(names)
    except TypeError:  # a list or mapping among the names: let the full check report it
        return False


def _parameters(parameters: object, path: Path, hints: Suggester) -> Iterator[Finding]:
    if not isinstance(parameters, dict):
        return
    for name in parameters:
        if name in _KNOWN_PARAMETERS:
            continue
        portable = _PORTABLE.get(name)
        hint = f"; modelmap spells it {portable!r}" if portable else hints.did_you_mean(name)
        yield Finding(
            UNKNOWN_PARAMETER,
            (*path, name),
            f"unknown parameter {name!r} (it is still passed to the provider){hint}",
        )


def _capabilities(entry: object, path: Path, hints: Suggester) -> Iterator[Finding]:
    for i, name in string_items(entry, "capabilities"):
        if name not in _KNOWN_CAPABILITIES:
            yield Finding(
                UNKNOWN_CAPABILITY,
                (*path, "capabilities", i),
                f"unknown capability {name!r}{hints.did_you_mean(name)}",
                at_key=False,
            )
