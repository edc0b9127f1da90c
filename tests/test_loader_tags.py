"""Explicit YAML tags that do not fit their value are located findings, never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap import ConfigError, load_config, load_config_text
from modelmap.cli.main import app
from modelmap.loader import load_text
from modelmap.migrate import migrate_bytes

BAD_VALUES = [
    '!!int ""',
    "!!int",
    "!!int abc",
    "!!int 0.5",
    "!!float x",
    '!!float ""',
    "!!bool maybe",
    '!!bool ""',
    "!!null foo",
    "!<tag:yaml.org,2002:int> x",
    "!<tag:yaml.org,2002:bool> perhaps",
    "!!timestamp zz",
    "!!timestamp 2024-13-45",
    '!!binary "@@@"',
    "!!map [a]",
    "!!seq {a: 1}",
    "!!set [a]",
    "!!omap {a: 1}",
    "!!str [a]",
    "!!int {a: 1}",
    "!!python/object x",
]


def _mapping_file(value: str) -> str:
    return f"models:\n  m:\n    backend: openai/gpt-4o\n    parameters:\n      seed: {value}\n"


def _legacy_file(value: str) -> str:
    return f"models:\n  - name: gpt-4\n    parameters:\n      seed: {value}\n"


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_tag_that_does_not_fit_is_located(value: str) -> None:
    result = load_text(_mapping_file(value), "t.yaml")
    assert result.document is None
    assert [(p.line, p.column, p.code) for p in result.problems] == [(5, 13, "MM007")]


@pytest.mark.parametrize(
    "text",
    ['models:\n  !!int "": {backend: openai/x}\n', "models:\n  !!bool maybe: {}\n"],
)
def test_a_bad_tag_on_a_key(text: str) -> None:
    result = load_text(text, "t.yaml")
    assert [(p.line, p.column, p.code) for p in result.problems] == [(2, 3, "MM007")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!int 12", 12),
        ("!!int 0x10", 16),
        ("!!float 1", 1.0),
        ("!!float .5", 0.5),
        ("!!bool Y", True),
        ("!!bool off", False),
        ("!!null ~", None),
        ("!!null", None),
        ("!!str 3", "3"),
        ("!!timestamp 2024-01-31", "2024-01-31"),
        ('!!binary "aGVsbG8="', "aGVsbG8="),
        ("!!seq [1]", [1]),
        ("!!map {a: 1}", {"a": 1}),
        ("!local text", "text"),
    ],
)
def test_tags_that_fit_keep_their_value(value: str, expected: object) -> None:
    result = load_text(_mapping_file(value), "t.yaml")
    assert result.problems == []
    assert result.document is not None
    assert result.document.data["models"]["m"]["parameters"]["seed"] == expected


def test_the_message_does_not_quote_the_value() -> None:
    secret = "hunter2-very-secret-value"
    result = load_text(f"backends:\n  openai:\n    api_key: !!int {secret}\n", "t.yaml")
    assert secret not in result.problems[0].message
    assert "!!int" in result.problems[0].message


@pytest.mark.parametrize("value", ['!!int ""', "!!bool maybe", "!!map [a]"])
def test_library_entry_points_raise_config_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "models.yaml"
    path.write_text(_mapping_file(value), encoding="utf-8")
    for call in (
        lambda: load_config(path),
        lambda: load_config_text(_mapping_file(value)),
        lambda: migrate_bytes(_legacy_file(value).encode(), "old.yaml"),
    ):
        with pytest.raises(ConfigError) as caught:
            call()
        assert [p.code for p in caught.value.problems] == ["MM007"]


@pytest.mark.parametrize("value", ['!!int ""', "!!bool maybe", "!<tag:yaml.org,2002:int> x"])
@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{file}"],
        ["resolve", "-c", "{file}", "m"],
        ["list", "-c", "{file}"],
        ["export", "-c", "{file}", "--format", "litellm"],
        ["migrate", "{file}"],
        ["migrate", "{file}", "--check"],
        ["migrate", "{file}", "-w"],
    ],
)
def test_every_command_reports_instead_of_crashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, command: list[str]
) -> None:
    monkeypatch.delenv("MODELMAP_DEBUG", raising=False)
    path = tmp_path / "models.yaml"
    text = _legacy_file(value) if command[0] == "migrate" else _mapping_file(value)
    path.write_text(text, encoding="utf-8")
    args = [part.format(file=path) for part in command]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == (1 if command[0] == "validate" else 2), result.output
    assert "MM007" in result.output or "cannot be loaded" in result.output
    assert "internal error" not in result.output
    assert path.read_text(encoding="utf-8") == text
