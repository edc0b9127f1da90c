"""-o key=value parsing: typed values, clear errors."""

from __future__ import annotations

from typing import Any

import pytest

from modelmap.errors import UsageError
from modelmap.resolve import check_overrides, parse_overrides, parse_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("-3", -3),
        ("0.2", 0.2),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("null", None),
        ('["a", "b"]', ["a", "b"]),
        ('{"type": "json_object"}', {"type": "json_object"}),
        ("hello world", "hello world"),
        ("gpt-4", "gpt-4"),
        ("", ""),
    ],
)
def test_values_are_typed(text: str, value: Any) -> None:
    parsed = parse_value(text)
    assert parsed == value and type(parsed) is type(value)


def test_overrides_later_wins_and_value_may_contain_equals() -> None:
    assert parse_overrides(["a=1", "b=x=y", "a=2"]) == {"a": 2, "b": "x=y"}


@pytest.mark.parametrize("item", ["temperature", "=1", " =1"])
def test_malformed_items_are_usage_errors(item: str) -> None:
    with pytest.raises(UsageError, match="key=value"):
        parse_overrides([item])


def test_broken_json_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="JSON"):
        parse_value("[1, 2")


@pytest.mark.parametrize("text", ["1e400", "-1e999", "[1e400]", '{"a": NaN}', "[Infinity]"])
def test_numbers_json_cannot_carry_are_usage_errors(text: str) -> None:
    # a request body is JSON: an infinite or NaN value could never be sent
    with pytest.raises(UsageError, match="finite"):
        parse_value(text)


def test_known_parameters_are_checked_as_validate_checks_them() -> None:
    check_overrides(parse_overrides(["temperature=0.2", "stop=END", "vendor_knob=x"]))
    with pytest.raises(UsageError, match=r"^-o stop\.0: must be a string, not integer 1$"):
        check_overrides(parse_overrides(["stop=[1]"]))
    with pytest.raises(UsageError, match="-o temperature: must be at most 2"):
        check_overrides({"temperature": 2.5})
