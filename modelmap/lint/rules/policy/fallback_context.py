"""Every chain entry's context window is at least the primary's, so that a long
conversation does not fail on the fallback that should have saved it (a policy: off
until the settings turn it on).

Turn it on with ``fallback-context = true`` under ``[policy]``. Context windows are read
from the resolved chain (the backend's ``models:`` entry, or another source resolution
knows). A model whose primary has no known context window is not checked, and a chain
entry whose window is unknown is reported as MM608 (info) instead of guessed. The
finding points at the fallback and names the window it needs.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.policy import unknown_fact
from modelmap.lint.rules.policy.chains import chains, fact_source, where_to_state
from modelmap.problems import Severity

CODE = "MM603"
RULES = (Rule(CODE, "fallback-context", Severity.ERROR, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Find chain entries with a smaller context window than their primary."""
    if not context.options.policy.fallback_context:
        return
    for chain in chains(context):
        primary = chain.primary.target
        if not chain.fallbacks:
            continue
        needed = primary.context_window
        if needed is None:
            yield Finding(
                unknown_fact.CODE,
                chain.primary.path,
                f"policy fallback-context cannot check the fallbacks of {chain.model.name!r}: "
                f"the context window of {chain.primary.label} is unknown; "
                + where_to_state(primary, "context_window"),
                at_key=False,
            )
            continue
        for entry in chain.fallbacks:
            window = entry.target.context_window
            if window is None:
                yield Finding(
                    unknown_fact.CODE,
                    entry.path,
                    f"policy fallback-context cannot check {entry.label} of "
                    f"{chain.model.name!r}: its context window is unknown; "
                    + where_to_state(entry.target, "context_window"),
                    at_key=False,
                )
            elif window < needed:
                yield Finding(
                    CODE,
                    entry.path,
                    f"{entry.label} of {chain.model.name!r} has a context window of {window} "
                    f"tokens{fact_source(entry.target, 'context_window')}, below the "
                    f"primary's {needed}{fact_source(primary, 'context_window')} (policy "
                    f"fallback-context): fall back to a model with at least {needed}",
                    at_key=False,
                )
