"""Only the command being run is built, and its plain options parse without pydantic,
whichever typer release is installed (see modelmap/cli/lazy.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from importtime import imported_modules

from modelmap.cli.main import COMMANDS

from .conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "model_config_example.yaml")


def _command_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("modelmap.cli.commands.")}


def test_validate_builds_only_validate(tmp_path: Path) -> None:
    modules, _ = imported_modules(["validate", EXAMPLE], tmp_path)
    assert _command_modules(modules) == {"modelmap.cli.commands.validate"}
    assert not {m for m in modules if m.startswith(("pydantic_core", "typer._adapters"))}


def test_help_lists_every_command_without_building_one(tmp_path: Path) -> None:
    modules, out = imported_modules(["--help"], tmp_path)
    assert _command_modules(modules) == set()
    for command in COMMANDS:
        assert f"  {command.name} " in out and command.short_help in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "0"], "0.0 is not in the range x>=0.001."),
        (["--timeout", "soon"], "'soon' is not a valid float range."),
        (["--timeout", "nan"], "nan is not a finite number of seconds"),
        (["--max-tokens", "0"], "0 is not in the range x>=1."),
        (["--temperature", "2.5"], "2.5 is not in the range 0.0<=x<=2.0."),
    ],
)
def test_numbers_are_refused_in_the_same_words(
    invoke: Invoke, args: list[str], message: str
) -> None:
    result = invoke("chat", "m", "hi", "--no-env-file", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_flag_given_a_value_by_environment_still_parses(invoke: Invoke) -> None:
    result = invoke("validate", "--explain", "MM002")
    assert result.exit_code == 0 and result.stdout.startswith("MM002 ")


def test_a_mistyped_command_gets_a_suggestion_among_the_lazy_ones(invoke: Invoke) -> None:
    result = invoke("valdate")
    assert result.exit_code == 2
    assert "No such command 'valdate'. Did you mean 'validate'?" in result.stderr
