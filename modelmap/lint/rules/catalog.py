"""Backend catalogs: model ids they do not list, and token limits they exceed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from modelmap.config.model import CatalogEntry, Model
from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import effective_max_tokens, index
from modelmap.problems import Severity
from modelmap.suggest import closest

NOT_IN_CATALOG = "MM207"
MAX_TOKENS_TOO_HIGH = "MM208"

RULES = (
    Rule(
        NOT_IN_CATALOG,
        "model-not-in-catalog",
        Severity.WARNING,
        "A model (or fallback) names a model id that its backend's 'models' catalog does not "
        "list. Only checked when the backend declares a catalog; suggests the closest ids.",
    ),
    Rule(
        MAX_TOKENS_TOO_HIGH,
        "max-tokens-exceeds-limit",
        Severity.ERROR,
        "A model's effective max_tokens (its own parameters over model_defaults) is above "
        "the catalog's max_output_tokens or context_window for its model id, or for a "
        "'<backend>/<model id>' in its fallbacks (which is sent the same parameters); the "
        "provider would reject every request, and a 400 does not fail over.",
    ),
)


def check(context: LintContext) -> Iterator[Finding]:
    """Compare each backend reference with its backend's catalog."""
    tables = index(context)
    models = context.config.models
    for ref in tables.refs:
        backend = context.config.backends.get(ref.backend)
        if backend is None or not backend.catalog or ref.model_id is None:
            continue
        entry = backend.catalog.get(ref.model_id)
        if entry is None:
            hits = closest(ref.model_id, backend.catalog)
            hint = (
                f"; closest: {', '.join(hits)}"
                if hits
                else f"; correct the id or add it under backends.{ref.backend}.models"
            )
            # A fallback provider's id is its 'model' value, next to 'provider'.
            path = (*ref.path[:-1], "model") if ref.kind == "fallback_provider" else ref.path
            yield Finding(
                NOT_IN_CATALOG,
                path,
                f"model id {ref.model_id!r} is not in the catalog of backend {ref.backend!r}{hint}",
                at_key=False,
            )
        elif ref.model is not None and ref.kind in ("model", "fallback"):
            # a backend-ref fallback is sent with the requesting model's parameters
            fallback = (ref.path, ref.backend) if ref.kind == "fallback" else None
            yield from _max_tokens(
                models[ref.model], entry, context.config.model_defaults, fallback
            )


def _max_tokens(
    model: Model,
    entry: CatalogEntry,
    defaults: Any,
    fallback: tuple[tuple[Any, ...], str] | None,  # (where, backend) of a backend-ref fallback
) -> Iterator[Finding]:
    sent = effective_max_tokens(model, defaults)
    if sent is None:
        return
    value, own = sent
    for limit, what in (
        (entry.max_output_tokens, "max_output_tokens"),
        (entry.context_window, "context_window"),
    ):
        if limit is not None and limit > 0 and value > limit:  # a limit <= 0 is MM103
            source = "" if own else " (from model_defaults)"
            fix = "" if own else " in its parameters"
            if fallback is not None:
                yield Finding(
                    MAX_TOKENS_TOO_HIGH,
                    fallback[0],
                    f"fallback {fallback[1]}/{entry.model_id} of {model.name!r} is sent "
                    f"max_tokens {value}{source}, above its catalog's {what} {limit}; set "
                    f"max_tokens to at most {limit}{fix}, or fall back to a model with its "
                    "own parameters",
                    at_key=False,
                )
            else:
                yield Finding(
                    MAX_TOKENS_TOO_HIGH,
                    (*model.path, "parameters", "max_tokens") if own else model.path,
                    f"max_tokens {value}{source} of {model.name!r} is above the catalog's "
                    f"{what} {limit} for {entry.model_id!r}; set max_tokens to at most "
                    f"{limit}{fix}",
                    at_key=not own,
                )
            return
