"""A policy that compares facts (context windows, prices) could not check a chain entry
because the fact is unknown: neither the config's ``backends.X.models`` entry nor any
other source states it. Nothing is guessed; state the fact to have it checked.
Reported only for the policies that are turned on (fallback-context, max-price).
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.problems import Severity

CODE = "MM608"
RULES = (Rule(CODE, "policy-fact-unknown", Severity.INFO, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Documentation only: the fact-comparing policies report this code themselves."""
    return iter(())
