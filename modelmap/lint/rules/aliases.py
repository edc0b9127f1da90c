"""Aliases: one namespace with model names, so no alias may mean two things."""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import index, string_items
from modelmap.loader import Path
from modelmap.problems import Severity

ALIAS_SHADOWS_MODEL = "MM301"
DUPLICATE_ALIAS = "MM302"
ALIAS_REPEATS_NAME = "MM303"

RULES = (
    Rule(
        ALIAS_SHADOWS_MODEL,
        "alias-shadows-model",
        Severity.ERROR,
        "An alias is also the name of another model. Names win over aliases, so the alias "
        "silently never applies; rename or remove it.",
    ),
    Rule(
        DUPLICATE_ALIAS,
        "duplicate-alias",
        Severity.ERROR,
        "The same alias is given to two models (only the first would win), or twice to one.",
    ),
    Rule(
        ALIAS_REPEATS_NAME,
        "alias-repeats-name",
        Severity.WARNING,
        "An alias equal to the model's own name does nothing; remove it.",
    ),
)


def check(context: LintContext) -> Iterator[Finding]:
    """Find aliases that collide with a name, with another alias, or with their own model."""
    tables = index(context)
    models = context.config.models
    first: dict[str, tuple[str, Path, int]] = {}  # alias -> model, its path, list index
    for model in models.values():
        for i, alias in string_items(tables.entries[model.name], "aliases"):
            if alias not in first and alias not in models and alias != model.name:
                first[alias] = (model.name, model.path, i)  # the usual case: no finding
                continue
            where = (*model.path, "aliases", i)
            if alias == model.name:
                yield Finding(
                    ALIAS_REPEATS_NAME,
                    where,
                    f"alias {alias!r} repeats the model's own name; remove it",
                    at_key=False,
                )
            elif alias in models:
                yield Finding(
                    ALIAS_SHADOWS_MODEL,
                    where,
                    f"alias {alias!r} of {model.name!r} is also the name of another model, "
                    "which wins; rename the alias",
                    at_key=False,
                )
            else:  # already an alias
                owner, path, j = first[alias]
                line = context.document.pos((*path, "aliases", j), key=False)[0]
                whose = "this model" if owner == model.name else repr(owner)
                yield Finding(
                    DUPLICATE_ALIAS,
                    where,
                    f"alias {alias!r} is already an alias of {whose} (line {line}); remove "
                    + ("this one" if owner == model.name else "or rename one of them"),
                    at_key=False,
                )
