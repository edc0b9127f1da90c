"""The explicit list of rule modules. Adding a rule means adding a module and a line here."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from types import ModuleType

from modelmap.lint.base import Check, Finding, LintContext, Rule
from modelmap.lint.rules import (
    aliases,
    backends,
    catalog,
    environment,
    legacy,
    load,
    provider_catalog,
    references,
    routing,
    schema,
    secrets,
    suppressions,
    vocabulary,
    yamlversion,
)
from modelmap.lint.rules.keyshapes import redact
from modelmap.lint.rules.policy import (
    allowed_providers,
    denied_providers,
    fallback_capabilities,
    fallback_context,
    max_price,
    require_description,
    require_fallback,
    unknown_fact,
)

MODULES: tuple[ModuleType, ...] = (
    load,
    schema,
    legacy,
    references,
    backends,
    catalog,
    aliases,
    vocabulary,
    secrets,
    environment,
    provider_catalog,
    routing,
    require_fallback,
    fallback_capabilities,
    fallback_context,
    max_price,
    allowed_providers,
    denied_providers,
    require_description,
    unknown_fact,
    suppressions,
    yamlversion,
)

RULES: dict[str, Rule] = {rule.code: rule for module in MODULES for rule in module.RULES}


def _redacted(check: Check) -> Check:
    """``check`` with any well-known key in its messages cut to 4 characters."""

    def run(context: LintContext) -> Iterator[Finding]:
        findings = list(check(context))
        # one search over all the messages rules out the usual case (no key in any of
        # them) at C speed; a key shape cannot span the newline between two messages
        if len(findings) < 2 or redact(joined := "\n".join(f.message for f in findings)) != joined:
            findings = [_redact(finding) for finding in findings]
        return iter(findings)

    return run


def _redact(finding: Finding) -> Finding:
    message = redact(finding.message)
    return finding if message == finding.message else dataclasses.replace(finding, message=message)


CHECKS: tuple[Check, ...] = tuple(_redacted(module.check) for module in MODULES)
