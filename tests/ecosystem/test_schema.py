"""The JSON Schema: committed copy in step with the models, documented, and used by examples."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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


def _errors(document: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Where each error is, as validators report it: the best match within each."""
    validator = jsonschema.Draft7Validator(_committed())
    found = []
    for error in validator.iter_errors(document):
        best = jsonschema.exceptions.best_match([error])
        found.append((list(best.absolute_path), best.message))
    return found


def test_editors_get_the_provider_types_with_descriptions_and_flag_a_typo() -> None:
    from modelmap.provider_types import known_provider_names

    provider = _committed()["$defs"]["Backend"]["properties"]["provider"]["anyOf"][0]
    assert sorted(provider["enum"]) == sorted(known_provider_names())
    assert len(provider["enumDescriptions"]) == len(provider["enum"])
    typo = {"models": {"a": {"backend": "b/x"}}, "backends": {"b": {"provider": "anthropc"}}}
    assert [path for path, _ in _errors(typo)] == [["backends", "b", "provider"]]
    legacy = {"models": [{"name": "x", "provider": "anthropc"}]}
    assert [path for path, _ in _errors(legacy)] == [["models", 0, "provider"]]


def test_capabilities_complete_but_an_unknown_one_is_only_validates_warning() -> None:
    from modelmap.lint.rules.vocabulary import KNOWN_CAPABILITIES

    items = _committed()["$defs"]["ModelEntry"]["properties"]["capabilities"]["anyOf"][0]
    assert items["items"]["anyOf"][0]["enum"] == list(KNOWN_CAPABILITIES)
    assert _errors({"models": {"a": {"backend": "x/y", "capabilities": ["telepathy"]}}}) == []


def test_validate_reports_a_provider_typo_once_with_its_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("models:\n  a: {backend: b/x}\nbackends:\n  b: {provider: anthropc}\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    codes = [line.split()[1] for line in result.stdout.splitlines()[:-1]]
    assert codes == ["MM203"] and "'anthropic'" in result.stdout


def test_the_format_is_chosen_by_the_shape_of_models_so_errors_point_at_the_key() -> None:
    assert _errors({"models": [{"name": "x", "bogus": 1}]}) == [
        (["models", 0], "Additional properties are not allowed ('bogus' was unexpected)")
    ]
    assert _errors({"models": {"a": {"backend": "x/y", "bogus": 1}}}) == [
        (["models", "a"], "Additional properties are not allowed ('bogus' was unexpected)")
    ]
    # a validator's own error (before any best-match search) is at the entry, not at the
    # top level's "matches neither format"
    validator = jsonschema.Draft7Validator(_committed())
    raw = validator.iter_errors({"models": [{"name": "x", "bogus": 1}]})
    assert [list(error.absolute_path) for error in raw] == [["models", 0]]
    schema = _committed()
    assert "anyOf" not in schema and {"if", "then", "else"} <= set(schema)


def test_no_id_on_a_domain_the_project_does_not_serve() -> None:
    assert "$id" not in _committed()


def test_no_hover_shows_the_same_text_twice() -> None:
    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for node in walk(_committed()):
        title, description = node.get("title"), node.get("description")
        if isinstance(title, str) and isinstance(description, str):
            assert title.rstrip(".").lower() != description.rstrip(".").lower(), node
    properties = _committed()["$defs"]["Backend"]["properties"]
    assert not [name for name, p in properties.items() if "title" in p]


CHECK_JSONSCHEMA = shutil.which("check-jsonschema") or shutil.which(
    "check-jsonschema", path=str(Path(sys.executable).parent)
)


@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema is not installed")
def test_check_jsonschema_accepts_the_examples_and_points_at_a_legacy_typo(
    tmp_path: Path,
) -> None:
    run = [str(CHECK_JSONSCHEMA), "--schemafile", str(COMMITTED)]
    good = subprocess.run([*run, *map(str, EXAMPLES)], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = tmp_path / "legacy.yaml"
    bad.write_text("models:\n  - name: x\n    provder: openai\n", encoding="utf-8")
    done = subprocess.run([*run, str(bad)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "$.models[0]" in done.stdout and "provder" in done.stdout
