"""Every enabled model has a chain entry on another provider, so that one provider's
outage does not take the name down (a policy: off until the settings turn it on).

Turn it on with ``require-fallback = true`` under ``[policy]``. "Another provider" means
another provider type (``openai``, ``anthropic``, ...): a second backend of the same type
does not count. The chain is what ``modelmap resolve`` shows: the model's ``fallbacks``,
else the global ``fallback_providers``. The finding points at the model; it is satisfied
by a fallback (a model name or ``backend/model-id``) served by a different provider.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.policy.chains import chains
from modelmap.problems import Severity

CODE = "MM601"
RULES = (Rule(CODE, "require-fallback", Severity.ERROR, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Find enabled models whose chain stays on the primary's provider."""
    if not context.options.policy.require_fallback:
        return
    for chain in chains(context):
        provider = chain.primary.target.provider
        if any(entry.target.provider != provider for entry in chain.fallbacks):
            continue
        name = chain.model.name
        said = (
            f"model {name!r} falls back only to {provider}"
            if chain.fallbacks
            else f"model {name!r} has no usable fallback, so an outage of {provider} takes it down"
        )
        yield Finding(
            CODE,
            chain.model.path,
            f"{said} (policy require-fallback): add a fallback served by another provider "
            "to its fallbacks",
        )
