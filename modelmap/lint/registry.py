"""The explicit list of rule modules. Adding a rule means adding a module and a line here."""

from __future__ import annotations

from types import ModuleType

from modelmap.lint.base import Check, Rule
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
)

RULES: dict[str, Rule] = {rule.code: rule for module in MODULES for rule in module.RULES}
CHECKS: tuple[Check, ...] = tuple(module.check for module in MODULES)
