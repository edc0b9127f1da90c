"""Every chain entry is served by an approved provider (a policy: off until the settings
turn it on).

Turn it on with ``allowed-providers = ["openai", "anthropic"]`` under ``[policy]``: a
list of provider types or backend names. Every entry of every enabled model's chain
(the primary and each fallback, since a failover sends the request there) must be
served by one of them: its provider type or its backend name is in the list. The finding
points at the model's ``backend:`` or the fallback.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.policy.providers import entries, finding, matches
from modelmap.problems import Severity

CODE = "MM605"
RULES = (Rule(CODE, "allowed-providers", Severity.ERROR, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Find chain entries served by a provider the list does not allow."""
    allowed = context.options.policy.allowed_providers
    if allowed is None:
        return
    shown = ", ".join(allowed)
    for model, entry in entries(context):
        if not matches(entry, allowed):
            yield finding(
                CODE,
                model,
                entry,
                f"which policy allowed-providers does not allow (allowed: {shown})",
                "use a backend of an allowed provider, or add it to allowed-providers",
            )
