"""Settings files: where they are found, what they may say, and located mistakes (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Validate, Write

# One warning (MM402 unknown capability) at 4:26 and nothing else.
WARN = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    capabilities: [chat, telepathy]
"""


def test_settings_are_found_from_a_nested_directory(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "strict = true\n")
    path = write("deploy/prod/models.yaml", WARN)
    assert validate(path).exit_code == 1  # strict from two directories up
    write("deploy/.modelmap.toml", "ignore = ['MM402']\n")  # nearer: wins
    assert validate(path).exit_code == 0


def test_a_pyproject_without_a_modelmap_table_does_not_stop_the_search(
    write: Write, validate: Validate
) -> None:
    write(".modelmap.toml", "strict = true\n")
    write("app/pyproject.toml", '[project]\nname = "app"\ndependencies = ["modelmap"]\n')
    path = write("app/models.yaml", WARN)
    assert validate(path).exit_code == 1


def test_tool_modelmap_in_pyproject_counts_and_is_nearer(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "strict = true\n")
    write("app/pyproject.toml", '[project]\nname = "app"\n\n[tool.modelmap]\nstrict = false\n')
    path = write("app/models.yaml", WARN)
    assert validate(path, "--strict").exit_code == 1  # the flag still makes it strict
    assert validate(path).exit_code == 0


def test_modelmap_toml_wins_over_pyproject_in_the_same_directory(
    write: Write, validate: Validate
) -> None:
    write("pyproject.toml", "[tool.modelmap]\nstrict = true\n")
    write(".modelmap.toml", "strict = false\n")
    assert validate(write("models.yaml", WARN)).exit_code == 0


def test_settings_option_names_the_file_and_skips_discovery(
    write: Write, validate: Validate
) -> None:
    write(".modelmap.toml", "strict = true\n")
    other = write("ci/lenient.toml", "ignore = ['unknown-capability']\nstrict = true\n")
    path = write("models.yaml", WARN)
    run = validate("--settings", other, path)
    assert (run.exit_code, run.found) == (0, [])


def test_settings_option_accepts_a_pyproject(write: Write, validate: Validate) -> None:
    project = write("cfg/pyproject.toml", "[tool.modelmap]\nstrict = true\n")
    assert validate("--settings", project, write("models.yaml", WARN)).exit_code == 1


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            ".modelmap.toml",
            "strict = true\nselect = [\n  'MM2',\n",
            ".modelmap.toml:3:9: invalid TOML: Invalid value\n",
        ),
        (
            ".modelmap.toml",
            "strict = true\nselect = ['MM2' 'MM3']\n",
            ".modelmap.toml:2:17: invalid TOML: Unclosed array\n",
        ),
        (
            ".modelmap.toml",
            "strict = true\nstrickt = true\n",
            ".modelmap.toml:2:1: unknown settings key 'strickt'; did you mean 'strict'?",
        ),
        (
            ".modelmap.toml",
            "[policy]\nrequire-fallback = true\nrequire-fallbacks = true\n",
            ".modelmap.toml:3:1: unknown settings key 'policy.require-fallbacks'; did you mean "
            "'require-fallback'?",
        ),
        (
            ".modelmap.toml",
            "ignore = ['MM301', 'MM399']\n",
            ".modelmap.toml:1:20: unknown rule code or name 'MM399' in ignore; did you mean",
        ),
        (
            ".modelmap.toml",
            "select = ['unused-backnd']\n",
            ".modelmap.toml:1:11: unknown rule code or name 'unused-backnd' in select; did you "
            "mean 'unused-backend'?",
        ),
        (
            ".modelmap.toml",
            "\n[severity]\nMM402 = 'eror'\n",
            ".modelmap.toml:3:1: severity of 'MM402' must be one of error, warning, info, not "
            "'eror'; did you mean 'error'?",
        ),
        (
            ".modelmap.toml",
            "severity = { MM303 = 'info', MM40 = 'fatal' }\n",
            ".modelmap.toml:1:30: severity of 'MM40' must be one of error, warning, info",
        ),
        (".modelmap.toml", "strict = 'yes'\n", ".modelmap.toml:1:1: strict must be true or false"),
        (
            ".modelmap.toml",
            "ignore = 'MM402'\n",
            ".modelmap.toml:1:1: ignore must be a list of strings",
        ),
        (
            ".modelmap.toml",
            "ignore = ['MM001']\n",
            ".modelmap.toml:1:11: 'MM001' cannot be ignored or downgraded",
        ),
        (
            ".modelmap.toml",
            "[per-file-ignores]\n'legacy/*.yaml' = ['MM1100']\n",
            ".modelmap.toml:2:20: unknown rule code or name 'MM1100' in per-file-ignores."
            "legacy/*.yaml; did you mean 'MM110'?",
        ),
        (
            ".modelmap.toml",
            "[policy.max-price]\ninput = 0.01\nscope = 'chain'\n",
            ".modelmap.toml:3:1: policy.max-price.scope must be 'primaries' or 'chains', not "
            "'chain'; did you mean 'chains'?",
        ),
        (
            ".modelmap.toml",
            "[policy]\nmax-price = { inptu = 0.01 }\n",
            ".modelmap.toml:2:15: unknown settings key 'policy.max-price.inptu'; did you mean "
            "'input'?",
        ),
        (
            ".modelmap.toml",
            "[policy]\nmax-price = { input = -1 }\n",
            ".modelmap.toml:2:15: policy.max-price.input must be a number",
        ),
        (
            ".modelmap.toml",
            "[policy]\nallowed-providers = []\n",
            ".modelmap.toml:2:1: policy.allowed-providers is empty",
        ),
        (
            ".modelmap.toml",
            "[policy]\nrequire-description = 1\n",
            ".modelmap.toml:2:1: policy.require-description must be true or false",
        ),
        (
            "pyproject.toml",
            "[project]\nname = 'x'\n\n[tool.modelmap]\nstrict = true\nignor = []\n",
            "pyproject.toml:6:1: unknown settings key 'ignor'; did you mean 'ignore'?",
        ),
    ],
)
def test_broken_settings_are_located_usage_errors(
    write: Write, validate: Validate, name: str, text: str, expected: str
) -> None:
    write(name, text)
    run = validate(write("models.yaml", WARN))
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(f"modelmap: error: {expected}"), run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_a_named_settings_file_that_is_missing_or_has_no_table(
    write: Write, validate: Validate
) -> None:
    path = write("models.yaml", WARN)
    run = validate("--settings", "nope.toml", path)
    assert (run.exit_code, run.stderr) == (2, "modelmap: error: nope.toml: no such settings file\n")
    write("pyproject.toml", "[project]\nname = 'x'\n")
    run = validate("--settings", "pyproject.toml", path)
    assert run.exit_code == 2
    assert "pyproject.toml: has no [tool.modelmap] table" in run.stderr


def test_a_settings_file_that_is_not_utf8_is_located(write: Write, validate: Validate) -> None:
    path = write("models.yaml", WARN)
    (path.parent / ".modelmap.toml").write_bytes(b"strict = true\n# caf\xe9\n")
    run = validate(path)
    assert run.exit_code == 2
    assert ".modelmap.toml:2:1: the settings file is not UTF-8" in run.stderr


def test_show_settings_prints_each_value_and_where_it_came_from(
    write: Write, validate: Validate
) -> None:
    write(
        ".modelmap.toml",
        "strict = true\nignore = ['unused-backend', 'MM4']\n\n[policy]\nrequire-fallback = true\n",
    )
    path = write("sub/models.yaml", WARN)
    run = validate("--show-settings", path, fmt="text")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "# settings: .modelmap.toml"
    assert 'ignore = ["MM211", "MM4"]  # .modelmap.toml:2' in lines
    assert "strict = true  # .modelmap.toml:1" in lines
    assert 'select = ["MM"]  # default' in lines
    assert "require-fallback = true  # .modelmap.toml:5" in lines
    assert "fallback-context = false  # default" in lines


def test_show_settings_without_a_settings_file_says_so(write: Write, validate: Validate) -> None:
    run = validate("--show-settings", write("models.yaml", WARN), fmt="text")
    assert run.exit_code == 0
    assert run.stdout.startswith("# settings: none found; every value is the default\n")
    assert "strict = false  # default" in run.stdout


def test_the_readme_example_settings_are_valid(
    write: Write, validate: Validate, tmp_path: Path
) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings, suppressions and policies", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / ".modelmap.toml").write_text(example, encoding="utf-8")
    path = write("deploy/models.yaml", WARN)
    shown = validate("--show-settings", path, fmt="text").stdout
    assert 'select = ["MM"]  # .modelmap.toml:5' in shown
    assert 'ignore = ["MM211", "MM110"]  # .modelmap.toml:6' in shown
    assert "strict = true  # .modelmap.toml:2" in shown
    run = validate(path)
    assert run.exit_code == 1
    assert {"MM402", "MM601", "MM607"} <= set(run.codes())
    for line in readme.splitlines():  # the documented error messages are the real ones
        if line.startswith("modelmap: error: .modelmap.toml:") and "MM399" in line:
            (tmp_path / ".modelmap.toml").write_text(
                "# a\nstrict = true\n\nignore = ['MM211', 'MM399']\n", encoding="utf-8"
            )
            assert validate(path).stderr == line + "\n"
