"""``validate -`` as an editor runs it: settings found from ``--stdin-filename`` (else the
current directory), inline suppressions, ``--show-settings`` and the catalog options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app

SMALL = Path(__file__).resolve().parent.parent / "fixtures" / "catalog" / "small.json"

UNDESCRIBED = 'version: 2\nmodels:\n  a:\n    backend: "openai/gpt-4o"\n'
REQUIRE_DESCRIPTION = "[policy]\nrequire-description = true\n"


def _validate(*args: str, text: str) -> tuple[int, list[tuple[str, int, str]], str]:
    result = CliRunner().invoke(app, ["validate", "-f", "json", *args], input=text)
    if result.exit_code not in (0, 1):
        return result.exit_code, [], result.stderr
    found = json.loads(result.stdout)["diagnostics"]
    return result.exit_code, [(d["file"], d["line"], d["code"]) for d in found], result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose sub/ has its own settings; the cwd is its root."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".modelmap.toml").write_text(REQUIRE_DESCRIPTION)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODELMAP_CATALOG", str(SMALL))
    return tmp_path


def test_stdin_filename_finds_the_settings_beside_that_path(project: Path) -> None:
    code, found, _ = _validate("--stdin-filename", "sub/x.yaml", "-", text=UNDESCRIBED)
    assert (code, found) == (1, [("sub/x.yaml", 3, "MM607")])
    # elsewhere (no settings file above it): nothing is required
    assert _validate("--stdin-filename", "x.yaml", "-", text=UNDESCRIBED)[:2] == (0, [])


def test_plain_stdin_uses_the_settings_of_the_current_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _validate("-", text=UNDESCRIBED)[:2] == (0, [])
    monkeypatch.chdir(project / "sub")
    assert _validate("-", text=UNDESCRIBED)[:2] == (1, [("<stdin>", 3, "MM607")])


def test_per_file_ignores_match_the_stdin_filename(project: Path) -> None:
    (project / ".modelmap.toml").write_text('[per-file-ignores]\n"legacy/*.yaml" = ["MM701"]\n')
    typo = UNDESCRIBED.replace("gpt-4o", "gpt-4o-mnii")
    assert _validate("--stdin-filename", "legacy/x.yaml", "-", text=typo)[:2] == (0, [])
    code, found, _ = _validate("--stdin-filename", "live/x.yaml", "-", text=typo)
    assert (code, found) == (0, [("live/x.yaml", 4, "MM701")])  # a warning


def test_inline_suppressions_work_on_standard_input(project: Path) -> None:
    text = (
        "version: 2\nmodels:\n"
        '  a:  # modelmap: ignore[require-description]\n    backend: "openai/gpt-4-0613"'
        "  # modelmap: ignore[MM703, MM101]\n"
    )
    code, found, _ = _validate(
        "--stdin-filename", "sub/x.yaml", "--as-of", "2026-12-01", "-", text=text
    )
    # MM607 and the retired id are suppressed; the unused MM101 is noticed
    assert (code, found) == (0, [("sub/x.yaml", 4, "MM901")])


def test_catalog_options_apply_to_standard_input(project: Path) -> None:
    retired = UNDESCRIBED.replace("gpt-4o", "gpt-4-0613")
    args = ("--stdin-filename", "x.yaml", "--as-of", "2026-12-01")
    assert _validate(*args, "-", text=retired)[1] == [("x.yaml", 4, "MM703")]
    assert _validate(*args, "--as-of", "2026-02-01", "-", text=retired)[1] == [
        ("x.yaml", 4, "MM702")
    ]
    assert _validate(*args, "--no-catalog", "-", text=retired)[:2] == (0, [])
    empty = str(SMALL.with_name("empty.json"))
    assert _validate(*args, "--catalog", empty, "-", text=retired)[:2] == (0, [])
    code, _, err = _validate(*args, "--catalog", "missing.json", "-", text=retired)
    assert code == 2 and "missing.json" in err and "Traceback" not in err


def test_show_settings_for_stdin_names_the_settings_of_the_stdin_filename(
    project: Path,
) -> None:
    result = CliRunner().invoke(
        app, ["validate", "--show-settings", "--stdin-filename", "sub/x.yaml", "-"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("# settings: sub/.modelmap.toml\n")
    assert "require-description = true  # sub/.modelmap.toml:2" in result.stdout
    result = CliRunner().invoke(app, ["validate", "--show-settings", "-"])
    assert result.stdout.startswith("# settings: none found")
