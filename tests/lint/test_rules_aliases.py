"""MM301-MM303: aliases."""

from __future__ import annotations

from lint_helpers import messages, where


def test_alias_shadows_another_model() -> None:
    text = """\
    models:
      gpt-4: {backend: openai/gpt-4, aliases: [smart, fast]}
      fast: {backend: openai/gpt-4o-mini}
    """
    assert where(text, "MM3") == [(2, 51, "MM301")]


def test_duplicate_alias_across_models_and_within_one() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        aliases: [smart, quick, smart]
      b:
        backend: openai/gpt-4o
        aliases: [quick]
    """
    assert where(text, "MM3") == [(4, 29, "MM302"), (7, 15, "MM302")]
    assert [m.split("; ")[-1] for m in messages(text, "MM302")] == [
        "remove this one",
        "remove or rename one of them",
    ]


def test_alias_repeats_own_name() -> None:
    text = "models:\n  a: {backend: openai/gpt-4, aliases: [a, b]}\n"
    assert where(text, "MM3") == [(2, 40, "MM303")]
    assert messages(text, "MM303") == ["alias 'a' repeats the model's own name; remove it"]


def test_legacy_aliases_are_checked_too() -> None:
    text = """\
    models:
      - name: gpt-4
        aliases: [claude-3]
      - claude-3
    """
    assert where(text, "MM3") == [(3, 15, "MM301")]
