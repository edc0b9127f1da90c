"""Tab completion and ``--help`` cover the commands merged beside the completion work:
diff, cost, catalog and migrate --from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ecosystem import test_completion as completion
from typer.testing import CliRunner

from modelmap.cli.main import COMMANDS, app

CONFIG = """\
version: 2
models:
  gpt-4:
    backend: openai/gpt-4
    aliases: [smart]
  fast:
    backend: openai/gpt-4o-mini
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "modelmap.yaml").write_text(CONFIG)
    return tmp_path


@completion.needs_bash
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("modelmap diff --format ", ["text", "markdown", "json", "github"]),
        ("modelmap diff -f m", ["markdown"]),
        ("modelmap diff --fail-on ", ["breaking", "any"]),
        ("modelmap migrate --from ", ["litellm"]),
        ("modelmap migrate --from=l", ["litellm"]),
        ("modelmap cost ", ["gpt-4", "fast", "smart"]),
        ("modelmap cost gpt-4 ", ["fast", "smart"]),
        ("modelmap cost -c modelmap.yaml f", ["fast"]),
        ("modelmap catalog u", ["update"]),
    ],
)
def test_bash_completes_the_merged_commands(project: Path, line: str, expected: list[str]) -> None:
    assert completion.bash_complete(line, project) == expected


@completion.needs_bash
def test_catalog_completes_only_what_it_can_list(project: Path) -> None:
    """'update' and the provider types the catalog covers; not ollama or custom, which
    it has no entries for."""
    offered = completion.bash_complete("modelmap catalog ", project)
    assert offered == ["update", "openai", "anthropic", "google", "together", "huggingface"]
    for provider in offered[1:]:
        result = CliRunner().invoke(app, ["catalog", provider])
        assert result.exit_code == 0, result.stderr


def test_catalog_of_an_uncovered_provider_type_says_so() -> None:
    result = CliRunner().invoke(app, ["catalog", "ollama"])
    assert result.exit_code == 2
    assert "no entries for provider type 'ollama'" in result.stderr
    assert "unknown provider type" not in result.stderr
    result = CliRunner().invoke(app, ["catalog", "olama"])
    assert "unknown provider type 'olama'" in result.stderr


def test_help_lists_every_command_once_with_its_whole_summary(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "modelmap", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    listed = done.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.strip()] == [c.name for c in COMMANDS]
    for command, line in zip(COMMANDS, listed, strict=True):
        assert line.split(None, 1)[1] == command.short_help  # one line, not cut short
    migrate = next(c for c in COMMANDS if c.name == "migrate")
    assert "LiteLLM" in migrate.short_help  # it converts LiteLLM configs too
