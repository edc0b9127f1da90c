"""The explicit list of rule modules. Adding a rule means adding a module and a line here."""

from __future__ import annotations

from types import ModuleType

from modelmap.lint.base import Check, Rule
from modelmap.lint.rules import load, schema

MODULES: tuple[ModuleType, ...] = (load, schema)

RULES: dict[str, Rule] = {rule.code: rule for module in MODULES for rule in module.RULES}
CHECKS: tuple[Check, ...] = tuple(module.check for module in MODULES)
