"""The JSON Schema: committed copy in step with the models, documented, and used by examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.schema.models import json_schema

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "modelmap" / "schema.json"
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".yaml", ".yml"))
MODELINE = "# yaml-language-server: $schema="
REGENERATE = "modelmap schema -o modelmap/schema.json"


def _committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return data


def test_committed_schema_matches_the_models() -> None:
    assert _committed() == json_schema(), (
        f"modelmap/schema.json is out of date with modelmap/schema/models.py; run: {REGENERATE}"
    )


def test_schema_command_prints_the_committed_file_byte_for_byte() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    assert result.stdout == COMMITTED.read_text(encoding="utf-8"), (
        f"modelmap/schema.json differs from 'modelmap schema' output; run: {REGENERATE}"
    )


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()


def test_schema_command_reports_an_unwritable_output_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "missing-dir" / "schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "missing-dir" in result.stderr and "Traceback" not in result.stderr


def test_schema_declares_draft_7_and_is_a_valid_schema() -> None:
    schema = _committed()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def _fields(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for def_name, definition in schema["$defs"].items():
        for field, sub in definition.get("properties", {}).items():
            found.append((def_name, field, sub))
    return found


def test_every_definition_and_field_has_a_description() -> None:
    schema = _committed()
    assert _fields(schema), "no fields found: the walk is broken"
    missing = [f"{d}.{f}" for d, f, sub in _fields(schema) if not sub.get("description")]
    assert missing == [], f"fields without a description (add Field(description=...)): {missing}"
    undocumented = [name for name, d in schema["$defs"].items() if not d.get("description")]
    assert undocumented == [], f"models without a docstring: {undocumented}"


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_starts_with_the_schema_modeline(example: Path) -> None:
    first = example.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), f"{example.name}: first line must be '{MODELINE}...'"
    target = (example.parent / first[len(MODELINE) :].strip()).resolve()
    assert target == COMMITTED, f"{example.name}: the modeline must point at modelmap/schema.json"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_validates_against_the_schema(example: Path) -> None:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(_committed())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("document", "valid"),
    [
        ({"models": {"a": {"backend": "openai/gpt-4"}}}, True),
        ({"models": ["gpt-4", {"name": "x", "provider": "ollama"}]}, True),
        ({"models": {"a": {"backend": "openai/gpt-4", "bogus": 1}}}, False),
        ({"models": {"a": {"backend": "x/y", "parameters": {"temperature": 3}}}}, False),
        ({"models": {"a": {}}}, False),
    ],
)
def test_schema_accepts_and_rejects_what_validate_does(
    document: dict[str, Any], valid: bool
) -> None:
    validator = jsonschema.Draft7Validator(_committed())
    assert validator.is_valid(document) is valid
