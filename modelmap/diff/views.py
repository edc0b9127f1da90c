"""What one model resolves to on one side of a diff, and the facts that differ between two."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from modelmap.config.model import Config
from modelmap.diff import changes as k
from modelmap.diff.cost import entry_name, price_of
from modelmap.errors import ConfigError, DisabledModelError
from modelmap.lint.rules.keyshapes import redact
from modelmap.resolution import Resolution
from modelmap.urls import mask_url

# (kind, breaking, before, after)
Fact = tuple[str, bool, Any, Any]


@dataclass(frozen=True)
class View:
    """A model on one side: its resolution, or why it has none."""

    resolution: Resolution | None
    enabled: bool = True
    error: str | None = None  # enabled but does not resolve (a legacy model, say)

    @property
    def resolves(self) -> bool:
        """True when the name can be used on this side."""
        return self.resolution is not None

    def summary(self) -> str:
        """One phrase: the primary entry, or why it does not resolve."""
        if self.resolution is not None:
            return entry_name(self.resolution.primary)
        if not self.enabled:
            return "disabled"
        return f"does not resolve: {self.error}"


def view(config: Config, model: str) -> View:
    """Resolve ``model`` (a model name of ``config``) into a view; never raises for a model
    that is disabled or cannot resolve."""
    from modelmap.resolve import resolve

    if not config.models[model].enabled:
        return View(None, enabled=False)
    try:
        return View(resolve(config, model))
    except DisabledModelError:
        return View(None, enabled=False)
    except ConfigError as exc:
        return View(None, error=str(exc))


def _key(text: str | None) -> str | None:
    return None if text is None else redact(text)


def _url(text: str) -> str:
    return redact(mask_url(text))


def _capabilities(value: tuple[str, ...] | None) -> list[str] | None:
    return None if value is None else sorted(set(value))


def compare(old: View, new: View) -> Iterator[Fact]:
    """Every fact of the model that differs from ``old`` to ``new``, in the order of
    :data:`modelmap.diff.changes.KINDS`."""
    if old.enabled != new.enabled:
        yield k.ENABLED, old.resolves and not new.enabled, old.enabled, new.enabled
    if not (old.enabled and new.enabled):
        return
    if old.resolution is not None and new.resolution is None:
        yield k.UNRESOLVABLE, True, None, new.error
        return
    if old.resolution is None or new.resolution is None:
        if new.resolution is not None:
            yield k.RESOLVABLE, False, old.error, None
        return
    yield from _facts(old.resolution, new.resolution)


def _facts(old: Resolution, new: Resolution) -> Iterator[Fact]:
    a, b = old.primary, new.primary
    facts: tuple[tuple[str, Any, Any], ...] = (
        (k.BACKEND, a.backend, b.backend),
        (k.PROVIDER, a.provider, b.provider),
        (k.MODEL_ID, a.model_id, b.model_id),
        (k.BASE_URL, _url(a.base_url), _url(b.base_url)),
        (k.API_KEY, _key(a.api_key), _key(b.api_key)),
        (k.PARAMETERS, dict(a.parameters), dict(b.parameters)),
    )
    for kind, before, after in facts:
        if before != after:
            yield kind, False, before, after
    caps_a, caps_b = _capabilities(old.capabilities), _capabilities(new.capabilities)
    if caps_a != caps_b:
        gone = caps_a is not None and caps_b is not None and bool(set(caps_a) - set(caps_b))
        yield k.CAPABILITIES, gone, caps_a, caps_b
    yield from _chain(old, new)
    limits: tuple[tuple[str, Any, Any], ...] = (
        (k.CONTEXT_WINDOW, a.context_window, b.context_window),
        (k.MAX_OUTPUT_TOKENS, a.max_output_tokens, b.max_output_tokens),
    )
    for kind, before, after in limits:
        if before != after:
            yield kind, False, before, after
    price_a, price_b = price_of(a), price_of(b)
    if (price_a.input, price_a.output) != (price_b.input, price_b.output):
        yield k.PRICE, False, price_a.as_dict(), price_b.as_dict()


def _chain(old: Resolution, new: Resolution) -> Iterator[Fact]:
    """The fallback entries (the chain after its primary): added, removed, reordered."""
    before = [entry_name(t) for t in old.chain[1:]]
    after = [entry_name(t) for t in new.chain[1:]]
    for entry in after:
        if entry not in before:
            yield k.CHAIN_ADDED, False, None, entry
    for entry in before:
        if entry not in after:
            yield k.CHAIN_REMOVED, False, entry, None
    kept_before = [e for e in before if e in after]
    kept_after = [e for e in after if e in before]
    if kept_before != kept_after:
        yield k.CHAIN_REORDERED, False, before, after
