"""Positions in settings files, which tomllib does not give: keys, table items, array items."""

from __future__ import annotations

import pytest

from modelmap.settings.locate import Locator

TEXT = '''\
strict = true
select = [
  "MM2",  # references
  'MM999',
]
note = """
[policy]
not = "a header"
"""
severity = { MM207 = "error", "MM303" = 'info' }
policy.require-fallback = true

[policy]
max-price = { input = 0.01, scope = "chain" }

[per-file-ignores]
"legacy/*.yaml" = ["MM110"]
'''


@pytest.mark.parametrize(
    ("path", "item", "expected"),
    [
        (("strict",), None, (1, 1)),
        (("select",), "MM999", (4, 3)),
        (("select",), "MM2", (3, 3)),
        (("severity", "MM303"), None, (10, 31)),
        (("severity", "MM207"), None, (10, 14)),
        (("policy", "require-fallback"), None, (11, 1)),
        (("policy", "max-price", "scope"), None, (14, 29)),
        (("policy", "max-price"), None, (14, 1)),
        (("policy", "unknown"), None, (13, 2)),  # not written: its table
        (("per-file-ignores", "legacy/*.yaml"), "MM110", (17, 20)),
        (("nowhere",), None, (1, 1)),
    ],
)
def test_keys_and_items_are_found_where_written(
    path: tuple[str, ...], item: str | None, expected: tuple[int, int]
) -> None:
    assert Locator(TEXT).find(path, item) == expected


def test_a_header_inside_a_multiline_string_is_text() -> None:
    assert Locator(TEXT).find(("policy", "not")) == (13, 2)


def test_pyproject_keys_are_found_below_the_tool_table() -> None:
    text = (
        '[project]\nname = "x"\n\n[tool.modelmap]\nstrict = true\n\n'
        "[tool.modelmap.policy]\nrequire-fallback = 1\n"
    )
    locator = Locator(text, ("tool", "modelmap"))
    assert locator.find(("strict",)) == (5, 1)
    assert locator.find(("policy", "require-fallback")) == (8, 1)
