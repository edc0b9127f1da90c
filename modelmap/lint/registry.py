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
    references,
    schema,
    secrets,
    vocabulary,
    yamlversion,
)
from modelmap.lint.rules.keyshapes import redact

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
    yamlversion,
)

RULES: dict[str, Rule] = {rule.code: rule for module in MODULES for rule in module.RULES}


def _redacted(check: Check) -> Check:
    """``check`` with any well-known key in its messages cut to 4 characters."""

    def run(context: LintContext) -> Iterator[Finding]:
        for finding in check(context):
            message = redact(finding.message)
            yield (
                finding
                if message == finding.message
                else dataclasses.replace(finding, message=message)
            )

    return run


CHECKS: tuple[Check, ...] = tuple(_redacted(module.check) for module in MODULES)
