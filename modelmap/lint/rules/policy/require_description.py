"""Every model says what it is for (a policy: off until the settings turn it on).

Turn it on with ``require-description = true`` under ``[policy]``. Every model, enabled
or not, needs a non-empty ``description``; the finding points at the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.problems import Severity

CODE = "MM607"
RULES = (Rule(CODE, "require-description", Severity.ERROR, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Find models without a description."""
    if not context.options.policy.require_description:
        return
    for model in context.config.models.values():
        if not (model.description or "").strip():
            yield Finding(
                CODE,
                model.path,
                f"model {model.name!r} has no description (policy require-description): "
                "add 'description:' saying what the name is for",
            )
