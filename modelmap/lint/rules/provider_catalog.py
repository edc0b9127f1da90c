"""The model catalog (MM7xx): the file's model ids and facts against the providers' own.

Checked by ``validate`` only (offline), for backends of a provider type the catalog covers;
the catalog is loaded only when a file has such a backend (README "Catalog").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelmap.config.model import Backend, CatalogEntry, Model
from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import Ref, effective_max_tokens, index
from modelmap.problems import Severity
from modelmap.provider_types import provider_type
from modelmap.suggest import Suggester

if TYPE_CHECKING:
    from datetime import date

    from modelmap.catalog import Catalog
    from modelmap.catalog import CatalogEntry as Known

UNKNOWN_ID = "MM701"
DEPRECATED = "MM702"
RETIRED = "MM703"
OVER_LIMIT = "MM704"
CONTRADICTS = "MM705"

# The provider types a catalog can describe (modelmap.catalog.PROVIDERS, not imported:
# a file without such backends must not pay for loading the catalog).
COVERED = frozenset({"openai", "anthropic", "google", "together", "huggingface"})

RULES = (
    Rule(
        UNKNOWN_ID,
        "unknown-model-id",
        Severity.WARNING,
        "A model id that the model catalog does not know, for a provider whose whole model "
        "list the catalog holds (openai, anthropic and google in the bundled catalog): "
        "probably a typo, or a model retired and dropped from the source. Lists the closest "
        "catalog ids. Not checked for backends on a base_url other than the provider's "
        "default (a proxy or private deployment may serve other ids), for fine-tuned OpenAI "
        "ids (ft:...), or for ids the backend lists under its own 'models'. "
        "'modelmap catalog update' refreshes the catalog; --no-catalog turns the check off.",
    ),
    Rule(
        DEPRECATED,
        "deprecated-model",
        Severity.WARNING,
        "A model id the catalog marks deprecated: the provider has announced when it stops "
        "serving it. The message names that date and the successor the catalog's source "
        "gives, when it gives one. Lifecycle is judged on today's date, or the day given "
        "with 'validate --as-of YYYY-MM-DD'. Not checked on a non-default base_url.",
    ),
    Rule(
        RETIRED,
        "retired-model",
        Severity.ERROR,
        "A model id whose retirement date in the catalog is on or before today (or the "
        "--as-of day): the provider no longer serves it and every request fails. Change "
        "the id (the message names the successor when known). Not checked on a non-default "
        "base_url.",
    ),
    Rule(
        OVER_LIMIT,
        "max-tokens-above-model-limit",
        Severity.ERROR,
        "A model's effective max_tokens (its parameters over model_defaults) is above the "
        "catalog's max output tokens or context window for its model id, or for a "
        "'<backend>/<model id>' in its fallbacks (sent the same parameters). A limit the "
        "backend's own 'models' entry states wins over the catalog (MM208 checks it). "
        "Checked on any base_url.",
    ),
    Rule(
        CONTRADICTS,
        "contradicts-catalog",
        Severity.INFO,
        "A context_window, max_output_tokens or price under backends.<name>.models that "
        "differs from the catalog's value for that model id. The config's value is used; "
        "check which one is right.",
    ),
)


def _default_url(backend: Backend) -> bool:
    if backend.base_url is None:
        return True
    kind = provider_type(backend.provider)
    default = kind.default_base_url if kind else None
    return default is not None and backend.base_url.rstrip("/") == default.rstrip("/")


def _lookup_id(provider: str, model_id: str) -> str:
    if provider == "google" and model_id.startswith("models/"):
        return model_id[len("models/") :]  # Gemini's resource name for the same model
    return model_id


def check(context: LintContext) -> Iterator[Finding]:
    """Compare model ids, limits and facts with the model catalog."""
    if not context.options.use_catalog:
        return
    tables = index(context)
    refs: list[tuple[Ref, Backend, str]] = []
    for ref in tables.refs:
        if ref.model_id is None:
            continue
        backend = tables.backend(ref.backend)
        if backend is not None and backend.provider in COVERED:
            refs.append((ref, backend, backend.provider))

    stated = [b for b in context.config.backends.values() if b.provider in COVERED and b.catalog]
    if not refs and not stated:
        return
    from datetime import date

    from modelmap.catalog import load_catalog

    catalog = load_catalog(context.options.catalog_path)
    checker = _Checker(context, catalog, context.options.as_of or date.today())
    for ref, backend, provider in refs:
        yield from checker.ref(ref, backend, provider)
    for backend in stated:
        yield from checker.stated(backend)


class _Checker:
    def __init__(self, context: LintContext, catalog: Catalog, as_of: date) -> None:
        self.context = context
        self.catalog = catalog
        self.as_of = as_of
        self.suggesters: dict[str, Suggester] = {}  # per provider: bounded, cached
        self.named = f"{catalog.info.source}, {catalog.info.snapshot.isoformat()}"
        self.defaults: dict[str, bool] = {}

    def ref(self, ref: Ref, backend: Backend, provider: str) -> Iterator[Finding]:
        catalog = self.catalog
        if not catalog.covers(provider):
            return
        model_id = ref.model_id or ""
        known = catalog.get(provider, _lookup_id(provider, model_id))
        where = (*ref.path[:-1], "model") if ref.kind == "fallback_provider" else ref.path
        default = self.defaults.get(backend.name)
        if default is None:
            default = self.defaults[backend.name] = _default_url(backend)
        if known is None:
            if (
                default
                and catalog.complete_for(provider)
                and not model_id.startswith("ft:")
                and model_id not in backend.catalog
            ):
                yield Finding(UNKNOWN_ID, where, self._unknown(provider, model_id), at_key=False)
            return
        if default:
            yield from self._lifecycle(where, provider, known)
        if ref.model is not None and ref.kind in ("model", "fallback"):
            model = self.context.config.models[ref.model]
            own = backend.catalog.get(model_id)
            yield from self._limits(ref, model, known, own)

    def _unknown(self, provider: str, model_id: str) -> str:
        suggester = self.suggesters.get(provider)
        if suggester is None:
            suggester = self.suggesters[provider] = Suggester(self.catalog.ids(provider))
        hits = suggester.closest(model_id)
        hint = (
            f"; closest: {', '.join(hits)}"
            if hits
            else "; check the id, or run 'modelmap catalog update' if it is new"
        )
        return f"model id {model_id!r} is not in the {provider} model catalog ({self.named}){hint}"

    def _lifecycle(self, where: Any, provider: str, known: Known) -> Iterator[Finding]:
        state = known.lifecycle(self.as_of)
        if state == "current":
            return
        successor = f"; its successor: {known.successor!r}" if known.successor else ""
        if state == "retired":
            when = known.retired.isoformat() if known.retired else "?"
            yield Finding(
                RETIRED,
                where,
                f"{provider} model {known.model_id!r} was retired on {when} ({self.named}); "
                f"requests to it fail, change the model id{successor}",
                at_key=False,
            )
            return
        until = f"; the provider retires it on {known.retired.isoformat()}" if known.retired else ""
        yield Finding(
            DEPRECATED,
            where,
            f"{provider} model {known.model_id!r} is deprecated{until} ({self.named}){successor}",
            at_key=False,
        )

    def _limits(
        self, ref: Ref, model: Model, known: Known, own: CatalogEntry | None
    ) -> Iterator[Finding]:
        sent = effective_max_tokens(model, self.context.config.model_defaults)
        if sent is None:
            return
        value, own_params = sent
        for fact, what in (
            ("max_output_tokens", "max output tokens"),
            ("context_window", "context window"),
        ):
            if own is not None and getattr(own, fact) is not None:
                continue  # the config states this limit: MM208 judges it
            limit = getattr(known, fact)
            if limit is None or value <= limit:
                continue
            source = "" if own_params else " (from model_defaults)"
            fix = "" if own_params else " in its parameters"
            if ref.kind == "fallback":
                yield Finding(
                    OVER_LIMIT,
                    ref.path,
                    f"fallback {ref.backend}/{known.model_id} of {model.name!r} is sent "
                    f"max_tokens {value}{source}, above its {what} {limit} ({self.named}); "
                    f"set max_tokens to at most {limit}{fix}",
                    at_key=False,
                )
            else:
                yield Finding(
                    OVER_LIMIT,
                    (*model.path, "parameters", "max_tokens") if own_params else ref.path,
                    f"max_tokens {value}{source} of {model.name!r} is above the {what} "
                    f"{limit} of {known.model_id!r} ({self.named}); set max_tokens to at "
                    f"most {limit}{fix}",
                    at_key=False,
                )
            return

    def stated(self, backend: Backend) -> Iterator[Finding]:
        provider = backend.provider or ""
        if not self.catalog.covers(provider):
            return
        for model_id, own in backend.catalog.items():
            known = self.catalog.get(provider, _lookup_id(provider, model_id))
            if known is None:
                continue
            base = (*backend.path, "models", model_id)
            for fact, path in (
                ("context_window", (*base, "context_window")),
                ("max_output_tokens", (*base, "max_output_tokens")),
                ("price_input", (*base, "pricing", "input")),
                ("price_output", (*base, "pricing", "output")),
            ):
                mine, theirs = getattr(own, fact), getattr(known, fact)
                if mine is None or theirs is None or _same(mine, theirs):
                    continue
                yield Finding(
                    CONTRADICTS,
                    path,
                    f"{fact} {_num(mine)} of {backend.name}/{model_id} differs from the "
                    f"catalog's {_num(theirs)} ({self.named}); the config's value is used",
                    at_key=False,
                )


def _num(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.12g}"


def _same(mine: float, theirs: float) -> bool:
    return abs(mine - theirs) <= 1e-12 + 1e-9 * max(abs(mine), abs(theirs))
