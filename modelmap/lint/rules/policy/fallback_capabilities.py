"""Every chain entry serves the capabilities its model declares, so that failing over
never lands a vision or tools request on a model that cannot serve it (a policy: off
until the settings turn it on).

Turn it on with ``fallback-capabilities = true`` under ``[policy]``. Checked when the
model declares ``capabilities`` and the entry's are known: a fallback that is a model
name has that model's capabilities (its own, else its backend's ``models:`` entry); a
``backend/model-id`` fallback has what is known of that id. An entry whose capabilities
are unknown is not checked (a model that declares none is assumed able). The finding
points at the fallback and names what it lacks.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.policy.chains import capabilities_of, chains
from modelmap.problems import Severity

CODE = "MM602"
RULES = (Rule(CODE, "fallback-capabilities", Severity.ERROR, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Find chain entries that lack a capability of their model."""
    if not context.options.policy.fallback_capabilities:
        return
    for chain in chains(context):
        wanted = chain.resolution.capabilities
        if not wanted:
            continue
        for entry in chain.fallbacks:
            has = capabilities_of(context, entry.target)
            if has is None:
                continue
            missing = [c for c in wanted if c not in has]
            if missing:
                owner = (
                    f"model {entry.target.model!r}"
                    if entry.target.model is not None
                    else f"backends.{entry.target.backend}.models.{entry.target.model_id!r}"
                )
                yield Finding(
                    CODE,
                    entry.path,
                    f"{entry.label} of {chain.model.name!r} does not declare "
                    f"{', '.join(missing)}, which {chain.model.name!r} declares (policy "
                    f"fallback-capabilities): fall back to a model that declares "
                    f"{', '.join(wanted)}, or add the missing ones to {owner} if it has them",
                    at_key=False,
                )
