"""Backend references and fallbacks: their form, their targets, and loops onto themselves."""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.config.model import Model, split_ref
from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import Index, index, ref_problem, string_items
from modelmap.problems import Severity
from modelmap.provider_types import provider_type

MALFORMED_REF = "MM201"
UNKNOWN_BACKEND = "MM202"
UNKNOWN_FALLBACK = "MM204"
FALLBACK_TO_SELF = "MM209"
FALLBACK_DISABLED = "MM210"

RULES = (
    Rule(
        MALFORMED_REF,
        "malformed-backend-ref",
        Severity.ERROR,
        "A backend reference must be '<backend>/<model id>': a '/' with a backend name "
        "before it and a model id after it, and no whitespace. Only the first '/' splits, so "
        "'together/meta-llama/Llama-3-70b-chat-hf' is backend 'together'. References are "
        "checked without your environment, so they cannot use ${VAR}: write them out.",
    ),
    Rule(
        UNKNOWN_BACKEND,
        "unknown-backend",
        Severity.ERROR,
        "The backend part of a model's 'backend' is neither declared under 'backends' nor a "
        "provider type (openai, anthropic, google/gemini, ollama, together, huggingface, "
        "custom). Suggests the closest name.",
    ),
    Rule(
        UNKNOWN_FALLBACK,
        "unknown-fallback",
        Severity.ERROR,
        "A 'fallbacks' entry that is not a model name, an alias or a '<backend>/<model id>' "
        "whose backend exists; or a 'fallback_providers' entry that names neither a declared "
        "backend nor a provider type. Suggests the closest name.",
    ),
    Rule(
        FALLBACK_TO_SELF,
        "fallback-to-self",
        Severity.ERROR,
        "A model lists itself (by name, alias or its own backend reference) among its "
        "fallbacks; the failover would retry the same thing.",
    ),
    Rule(
        FALLBACK_DISABLED,
        "fallback-disabled",
        Severity.WARNING,
        "A fallback names a model that has 'enabled: false'. Disabled models are skipped, "
        "so the fallback never happens.",
    ),
)


_NO_ENV = "; names are checked without your environment, so they cannot use ${VAR}: write it out"


def check(context: LintContext) -> Iterator[Finding]:
    """Check every model's backend reference and fallbacks, and the global fallbacks."""
    tables = index(context)
    config = context.config
    for model in config.models.values():
        if config.format == 2:  # a legacy entry has neither (its 'fallbacks' is MM101)
            yield from _backend_ref(tables, model)
            yield from _fallbacks(tables, model)
    for ref in tables.refs:
        if ref.kind == "fallback_provider" and tables.backend(ref.backend) is None:
            backend, model_id = split_ref(ref.backend)
            hint = (
                _NO_ENV
                if "${" in ref.backend
                else f"; to ask {backend!r} for {model_id!r}, write "
                f"'{{provider: {backend}, model: {model_id}}}'"
                if model_id and tables.backend(backend) is not None
                else tables.suggest_backend(ref.backend)
            )
            yield Finding(
                UNKNOWN_FALLBACK,
                ref.path,
                f"fallback provider {ref.backend!r} is neither a declared backend nor "
                f"a provider type{hint}",
                at_key=False,
            )


def _backend_ref(tables: Index, model: Model) -> Iterator[Finding]:
    ref = model.backend_ref
    if not ref:
        return
    where = (*model.path, "backend")
    problem = ref_problem(ref)
    if problem is not None:
        yield Finding(MALFORMED_REF, where, f"model {model.name!r}: {problem}", at_key=False)
        return
    backend = split_ref(ref)[0]
    if tables.backend(backend) is None:
        yield Finding(
            UNKNOWN_BACKEND,
            where,
            f"model {model.name!r}: unknown backend {backend!r}: not declared under "
            f"'backends' and not a provider type{tables.suggest_backend(backend)}",
            at_key=False,
        )


def _fallbacks(tables: Index, model: Model) -> Iterator[Finding]:
    models = tables.config.models
    for j, entry in string_items(tables.entries[model.name], "fallbacks"):
        where = (*model.path, "fallbacks", j)
        target = tables.names.get(entry)
        if target is not None:
            if target == model.name:
                yield Finding(
                    FALLBACK_TO_SELF,
                    where,
                    f"model {model.name!r} lists itself ({entry!r}) as a fallback",
                    at_key=False,
                )
            elif not models[target].enabled:
                yield Finding(
                    FALLBACK_DISABLED,
                    where,
                    f"fallback {entry!r} of {model.name!r} is disabled (enabled: false), so "
                    "it is always skipped",
                    at_key=False,
                )
            continue
        if "/" not in entry:
            hint = (
                _NO_ENV
                if "${" in entry
                else f"; to use backend {entry!r}, write '{entry}/<model id>'"
                if tables.backend(entry) is not None
                else tables.suggest_name(entry)
            )
            yield Finding(
                UNKNOWN_FALLBACK,
                where,
                f"fallback {entry!r} of {model.name!r} is not a model name, alias or "
                f"'<backend>/<model id>'{hint}",
                at_key=False,
            )
            continue
        problem = ref_problem(entry)
        if problem is not None:
            yield Finding(MALFORMED_REF, where, f"fallback {problem}", at_key=False)
            continue
        backend = split_ref(entry)[0]
        if tables.backend(backend) is None:
            yield Finding(
                UNKNOWN_FALLBACK,
                where,
                f"fallback {entry!r} of {model.name!r}: unknown backend {backend!r}"
                f"{tables.suggest_backend(backend)}",
                at_key=False,
            )
        elif entry == model.backend_ref or _same_implicit(tables, entry, model.backend_ref):
            yield Finding(
                FALLBACK_TO_SELF,
                where,
                f"fallback {entry!r} is the primary backend of {model.name!r} itself"
                + ("" if entry == model.backend_ref else f" ({model.backend_ref!r})"),
                at_key=False,
            )


def _same_implicit(tables: Index, ref: str, primary: str) -> bool:
    """True for 'gemini/x' and 'google/x' when neither is declared: one implicit backend."""
    backend, model_id = split_ref(ref)
    other, other_id = split_ref(primary)
    if model_id != other_id or backend == other:
        return False
    declared = tables.config.backends
    if backend in declared or other in declared:
        return False
    kind = provider_type(backend)
    return kind is not None and kind is provider_type(other)
