"""What select, ignore, severity, strict, per-file-ignores and inline suppressions do to
the findings and the exit code, with and without --strict."""

from __future__ import annotations

import json

import pytest

from .conftest import Validate, Write

# MM101 (error) at 5:5 and MM402 (warning) at 4:26.
BAD = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    capabilities: [chat, telepathy]
    bakend: x
"""
# Only MM402 (warning) at 4:26.
WARN = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    capabilities: [chat, telepathy]
"""


def test_without_settings_the_findings_are_the_rules_own(write: Write, validate: Validate) -> None:
    run = validate(write("m.yaml", BAD))
    assert (run.exit_code, run.found) == (1, [(4, 26, "MM402"), (5, 5, "MM101")])


@pytest.mark.parametrize(
    ("settings", "found", "plain", "strict"),
    [
        ("ignore = ['MM101']", [(4, 26, "MM402")], 0, 1),
        ("ignore = ['unknown-key']", [(4, 26, "MM402")], 0, 1),
        ("ignore = ['MM1', 'MM4']", [], 0, 0),
        ("ignore = ['MM']", [], 0, 0),
        ("select = ['MM4']", [(4, 26, "MM402")], 0, 1),
        ("select = ['MM1']", [(5, 5, "MM101")], 1, 1),
        (
            "select = ['MM101', 'MM402']\nignore = ['MM4']",
            [(4, 26, "MM402"), (5, 5, "MM101")],
            1,
            1,
        ),
        ("select = ['MM402']\nignore = ['MM4']", [(4, 26, "MM402")], 0, 1),  # longer wins
        ("select = ['MM4']\nignore = ['MM4']", [], 0, 0),  # a tie: ignore wins
        ("severity = { MM101 = 'warning' }", [(4, 26, "MM402"), (5, 5, "MM101")], 0, 1),
        ("severity = { MM101 = 'info', MM4 = 'info' }", [(4, 26, "MM402"), (5, 5, "MM101")], 0, 0),
        ("severity = { unknown-capability = 'error' }", [(4, 26, "MM402"), (5, 5, "MM101")], 1, 1),
    ],
)
def test_settings_change_findings_and_exit_code(
    write: Write,
    validate: Validate,
    settings: str,
    found: list[tuple[int, int, str]],
    plain: int,
    strict: int,
) -> None:
    write(".modelmap.toml", settings + "\n")
    path = write("m.yaml", BAD)
    run = validate(path)
    assert (run.found, run.exit_code) == (found, plain)
    assert validate(path, "--strict").exit_code == strict


def test_severity_is_what_every_format_shows(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "severity = { MM402 = 'error' }\n")
    path = write("m.yaml", WARN)
    run = validate(path)
    assert run.exit_code == 1
    assert run.diagnostics[0]["severity"] == "error"
    assert "::error file=m.yaml,line=4,col=26,title=MM402::" in validate(path, fmt="github").stdout
    sarif = json.loads(validate(path, fmt="sarif").stdout)
    assert sarif["runs"][0]["results"][0]["level"] == "error"


def test_strict_in_settings_equals_the_flag(write: Write, validate: Validate) -> None:
    path = write("m.yaml", WARN)
    assert validate(path).exit_code == 0
    write(".modelmap.toml", "strict = true\n")
    run = validate(path)
    assert run.exit_code == 1
    assert json.loads(run.stdout)["summary"]["strict"] is True
    assert validate(path, fmt="text").stdout.endswith(
        "failed (strict): 0 errors, 1 warning, 0 infos in 1 file\n"
    )


def test_strict_applies_to_the_files_under_its_settings_only(
    write: Write, validate: Validate
) -> None:
    write("strict/.modelmap.toml", "strict = true\n")
    lenient = write("lenient/m.yaml", WARN)
    strict = write("strict/m.yaml", WARN.replace("telepathy", "chat"))
    assert validate(lenient, strict).exit_code == 0  # the warning is in the lenient file
    write("strict/m.yaml", WARN)
    assert validate(lenient, strict).exit_code == 1


@pytest.mark.parametrize(
    ("pattern", "where", "strict"),
    [
        ("legacy/*.yaml", "legacy/m.yaml", 0),
        ("legacy/*.yaml", "current/m.yaml", 1),
        ("m.yaml", "deep/er/m.yaml", 0),  # no '/': the file name, in any directory
        ("deep/**", "deep/er/m.yaml", 0),
        ("./deep/*/m.yaml", "deep/er/m.yaml", 0),
        ("*.yml", "m.yaml", 1),
    ],
)
def test_per_file_ignores_match_paths_relative_to_the_settings_file(
    write: Write, validate: Validate, pattern: str, where: str, strict: int
) -> None:
    write(".modelmap.toml", f"[per-file-ignores]\n'{pattern}' = ['unknown-capability']\n")
    path = write(where, WARN)
    assert validate(path).exit_code == 0
    assert validate(path, "--strict").exit_code == strict


def test_per_file_ignores_from_a_subdirectory_cwd(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "[per-file-ignores]\n'legacy/*.yaml' = ['MM402']\n")
    path = write("legacy/m.yaml", WARN)
    assert validate(path, "--strict").exit_code == 0
    assert validate(str(path.resolve()), "--strict").exit_code == 0


# -- inline suppressions -------------------------------------------------------------


@pytest.mark.parametrize(
    "comment",
    [
        "# modelmap: ignore[MM402]",
        "# modelmap: ignore[unknown-capability]",
        "# modelmap: ignore[MM4]",
        "# modelmap: ignore",
        "#modelmap:ignore[MM101, MM402]  private fine-tune",
    ],
)
def test_a_trailing_suppression_hides_the_finding_on_its_line(
    write: Write, validate: Validate, comment: str
) -> None:
    text = WARN.replace("telepathy]", f"telepathy]  {comment}")
    run = validate(write("m.yaml", text), "--strict")
    if "MM101" in comment:  # one of the two codes suppressed nothing
        assert run.found == [(4, text.splitlines()[3].index("MM101") + 1, "MM901")]
        assert run.diagnostics[0]["message"] == (
            "unused suppression: no finding of 'MM101' on this line; remove it"
        )
    else:
        assert run.found == []
    assert run.exit_code == 0


def test_a_suppression_on_another_line_does_not_hide_the_finding(
    write: Write, validate: Validate
) -> None:
    text = WARN.replace('"openai/gpt-4"', '"openai/gpt-4"  # modelmap: ignore[MM402]')
    run = validate(write("m.yaml", text))
    column = text.splitlines()[2].index("MM402") + 1
    assert run.found == [(3, column, "MM901"), (4, 26, "MM402")]
    assert run.exit_code == 0  # a warning and an info
    assert validate(write("m.yaml", text), "--strict").exit_code == 1


def test_a_suppression_of_another_code_leaves_the_error(write: Write, validate: Validate) -> None:
    path = write("m.yaml", BAD.replace("bakend: x", "bakend: x  # modelmap: ignore[MM402]"))
    run = validate(path)
    assert run.exit_code == 1
    assert (5, 5, "MM101") in run.found
    assert (5, 35, "MM901") in run.found


def test_ignore_file_hides_a_code_everywhere(write: Write, validate: Validate) -> None:
    text = "# modelmap: ignore-file[MM402, unknown-key]\n" + BAD
    run = validate(write("m.yaml", text), "--strict")
    assert (run.exit_code, run.found) == (0, [])


def test_an_unused_ignore_file_code_is_reported(write: Write, validate: Validate) -> None:
    text = WARN + "# modelmap: ignore-file[MM402,MM303]\n"
    run = validate(write("m.yaml", text), "--strict")
    assert run.found == [(5, len("# modelmap: ignore-file[MM402,") + 1, "MM901")]
    assert run.diagnostics[0]["message"] == (
        "unused suppression: no finding of 'MM303' in this file; remove it"
    )
    assert run.exit_code == 0


@pytest.mark.parametrize(
    ("comment", "column", "message"),
    [
        ("# modelmap: ignore-file", 1, "'ignore-file' needs codes"),
        ("# modelmap: ignor[MM402]", 1, "unknown suppression 'ignor'; did you mean 'ignore'?"),
        ("# modelmap: ignore[MM4O2]", 20, "unknown rule code or name 'MM4O2' in a suppression"),
        ("# modelmap: ignore[MM402", 1, "suppression without a closing ']'"),
        ("# modelmap: ignore[]", 1, "empty suppression list"),
        ("# modelmap: ignore[MM001]", 20, "'MM001' cannot be suppressed"),
    ],
)
def test_a_malformed_suppression_is_a_located_warning(
    write: Write, validate: Validate, comment: str, column: int, message: str
) -> None:
    run = validate(write("m.yaml", comment + "\n" + WARN.replace("telepathy", "chat")))
    assert run.found == [(1, column, "MM902")]
    assert str(run.diagnostics[0]["message"]).startswith(message)
    assert run.exit_code == 0
    assert (
        validate(
            write("m.yaml", comment + "\n" + WARN.replace("telepathy", "chat")), "--strict"
        ).exit_code
        == 1
    )


def test_load_findings_cannot_be_suppressed(write: Write, validate: Validate) -> None:
    text = "models:\n  a:\n    backend: openai/x\n  a:  # modelmap: ignore\n    backend: openai/y\n"
    run = validate(write("m.yaml", text))
    assert "MM002" in run.codes()
    assert run.exit_code == 1


def test_settings_apply_to_suppression_findings_too(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "ignore = ['MM402']\nseverity = { unused-suppression = 'warning' }\n")
    text = WARN.replace("telepathy]", "telepathy]  # modelmap: ignore[MM402]")
    path = write("m.yaml", text)
    run = validate(path)
    # the settings already ignore MM402, so the comment suppresses nothing
    assert run.found == [(4, text.splitlines()[3].index("MM402") + 1, "MM901")]
    assert run.diagnostics[0]["severity"] == "warning"
    assert (run.exit_code, validate(path, "--strict").exit_code) == (0, 1)


def test_a_suppression_inside_a_quoted_value_is_not_a_comment(
    write: Write, validate: Validate
) -> None:
    text = WARN + "    description: \"see #modelmap: ignore\"\n    aliases: ['#modelmap: x']\n"
    assert validate(write("m.yaml", text)).found == [(4, 26, "MM402")]


def test_json_shape_is_unchanged_by_settings(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "strict = true\n")
    out = json.loads(validate(write("m.yaml", WARN)).stdout)
    assert set(out) == {"diagnostics", "summary"}
    assert set(out["summary"]) == {"files", "errors", "warnings", "infos", "strict", "ok"}
    assert set(out["diagnostics"][0]) == {"file", "line", "column", "code", "severity", "message"}
