"""No chain entry is served by a denied provider (a policy: off until the settings turn
it on).

Turn it on with ``denied-providers = ["custom"]`` under ``[policy]``: a list of provider
types or backend names. No entry of an enabled model's chain (the primary or a fallback)
may be served by one of them. The finding points at the model's ``backend:`` or the
fallback.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.policy.providers import entries, finding, matches
from modelmap.problems import Severity

CODE = "MM606"
RULES = (Rule(CODE, "denied-providers", Severity.ERROR, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Find chain entries served by a denied provider."""
    denied = context.options.policy.denied_providers
    if not denied:
        return
    for model, entry in entries(context):
        if matches(entry, denied):
            yield finding(
                CODE,
                model,
                entry,
                f"which policy denied-providers denies ({', '.join(denied)})",
                "use a backend of another provider",
            )
