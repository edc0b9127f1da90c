"""Shell completion: committed scripts in step with the CLI, and real bash completion."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.completion import DEFAULT_NAMES, completion_script, model_names

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = {
    "bash": ROOT / "completions" / "modelmap.bash",
    "zsh": ROOT / "completions" / "_modelmap",
    "fish": ROOT / "completions" / "modelmap.fish",
}
BIN = str(Path(sys.executable).parent)

CONFIG = """\
models:
  gpt-4:
    backend: openai/gpt-4
    description: "GPT-4: the big one"
    aliases: [gpt4, smart]
  gemini-pro:
    backend: google/gemini-1.5-pro
  old:
    backend: openai/gpt-3.5-turbo
    enabled: false
    aliases: [legacy]
"""
OTHER = """\
models:
  - name: claude-3
    provider: anthropic
    aliases: [claude]
  - local-llama
"""


@pytest.mark.parametrize("shell", sorted(SCRIPTS))
def test_committed_script_matches_what_the_cli_generates(shell: str) -> None:
    committed = SCRIPTS[shell].read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["completion", shell])
    assert result.exit_code == 0
    fix = f"modelmap completion {shell} > completions/{SCRIPTS[shell].name}"
    assert result.stdout == committed == completion_script(shell), f"regenerate with: {fix}"


def test_unknown_shell_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert "tcsh" in result.stderr and "bash, zsh, fish" in result.stderr


def test_default_names_match_config_discovery() -> None:
    from modelmap.config.load import DEFAULT_NAMES as DISCOVERY_NAMES

    assert DEFAULT_NAMES == DISCOVERY_NAMES


def test_model_names_lists_enabled_names_then_aliases(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    assert model_names(path) == [
        ("gpt-4", "GPT-4: the big one"),
        ("gemini-pro", "google/gemini-1.5-pro"),
        ("gpt4", "alias of gpt-4"),
        ("smart", "alias of gpt-4"),
    ]


def test_model_names_reads_the_legacy_format(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(OTHER, encoding="utf-8")
    assert [n for n, _ in model_names(path)] == ["claude-3", "local-llama", "claude"]


@pytest.mark.parametrize("text", ["models: [unclosed", "- just a list", "", "\xff"])
def test_model_names_of_a_broken_file_is_empty(tmp_path: Path, text: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="latin-1")
    assert model_names(path) == []


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_MODELMAP", "MODELMAP"))}
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def bash_complete(words: list[str], cwd: Path, **env: str) -> list[str]:
    """Candidates from the committed bash function, completing the last of ``words``."""
    script = (
        f"source {SCRIPTS['bash']}\n"
        'COMP_WORDS=("$@")\n'
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "_modelmap_completion modelmap\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", script, "bash", *words],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return [line for line in done.stdout.splitlines() if line]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@needs_bash
def test_bash_completes_command_names(tmp_path: Path) -> None:
    assert "schema" in bash_complete(["modelmap", "sc"], tmp_path)
    assert set(bash_complete(["modelmap", "completion", ""], tmp_path)) == {"bash", "zsh", "fish"}


@needs_bash
def test_bash_completes_options(tmp_path: Path) -> None:
    assert "--output" in bash_complete(["modelmap", "schema", "--o"], tmp_path)


_PROBE = """\
import json, sys
from modelmap.cli.main import main
try:
    main()
except SystemExit:
    pass
stand_in = "httpx._main"  # the CLI's empty placeholder for httpx's own CLI, not an import
heavy = sorted(
    m for m in sys.modules if m.split(".")[0] in ("httpx", "rich", "pydantic") and m != stand_in
)
heavy += sorted(m for m in sys.modules if m.startswith(("modelmap.providers", "modelmap.lint")))
sys.stderr.write("\\nMODULES " + json.dumps(heavy) + "\\n")
"""


def python_complete(shell: str, line: str, cwd: Path, **env: str) -> tuple[list[str], list[str]]:
    """Ask the CLI for candidates the way the zsh/fish/bash scripts do; also the heavy imports."""
    words = line.split()
    if shell == "bash":
        extra = {
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - (0 if line.endswith(" ") else 1)),
        }
    else:
        extra = {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=cwd,
        env=_env(_MODELMAP_COMPLETE=f"complete_{shell}", **extra, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    modules = json.loads(done.stderr.rsplit("MODULES ", 1)[1])
    return done.stdout.splitlines(), modules


def test_zsh_protocol_gives_candidates_with_help(tmp_path: Path) -> None:
    out, _ = python_complete("zsh", "modelmap completion ", tmp_path)
    assert out == ['_arguments \'*: :(("bash"', '"zsh"', '"fish"))\'']


def test_fish_protocol_gives_candidates_with_help(tmp_path: Path) -> None:
    out, _ = python_complete("fish", "modelmap sche", tmp_path)
    assert len(out) == 1 and out[0].startswith("schema\t")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "modelmap.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(OTHER, encoding="utf-8")
    return tmp_path


NAMES = ["gpt-4", "gemini-pro", "gpt4", "smart"]


@needs_bash
@pytest.mark.parametrize("command", ["resolve", "chat", "ping"])
def test_bash_completes_model_names_and_aliases(project: Path, command: str) -> None:
    assert bash_complete(["modelmap", command, ""], project) == NAMES
    assert bash_complete(["modelmap", command, "gp"], project) == ["gpt-4", "gpt4"]


@needs_bash
def test_bash_completion_follows_the_config_option(project: Path) -> None:
    for flag in ("-c", "--config"):
        words = ["modelmap", "resolve", flag, "other.yaml", "cl"]
        assert bash_complete(words, project) == ["claude-3", "claude"]


@needs_bash
def test_bash_completion_follows_modelmap_config(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    got = bash_complete(
        ["modelmap", "chat", ""], elsewhere, MODELMAP_CONFIG=str(project / "other.yaml")
    )
    assert got == ["claude-3", "local-llama", "claude"]


@needs_bash
def test_bash_ping_leaves_out_names_already_given(project: Path) -> None:
    assert bash_complete(["modelmap", "ping", "gpt-4", ""], project) == [
        "gemini-pro",
        "gpt4",
        "smart",
    ]


@needs_bash
def test_bash_chat_prompt_is_not_completed_with_names(project: Path) -> None:
    assert "gpt4" not in bash_complete(["modelmap", "chat", "gpt-4", "g"], project)


@needs_bash
def test_bash_completion_without_a_config_or_with_a_broken_one(tmp_path: Path) -> None:
    assert bash_complete(["modelmap", "resolve", ""], tmp_path) == []
    (tmp_path / "modelmap.yaml").write_text("models: {gpt-4: [unclosed", encoding="utf-8")
    assert bash_complete(["modelmap", "resolve", ""], tmp_path) == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_model_name_completion_stays_light(project: Path, shell: str) -> None:
    out, heavy = python_complete(shell, "modelmap resolve g", project)
    assert any("gpt4" in line for line in out), out
    assert heavy == [], f"completion imported {heavy}"


def test_zsh_and_fish_show_help_beside_names(project: Path) -> None:
    zsh, _ = python_complete("zsh", "modelmap resolve sm", project)
    assert zsh == ['_arguments \'*: :(("smart":"alias of gpt-4"))\'']
    fish, _ = python_complete("fish", "modelmap ping gp", project)
    assert fish == ["gpt-4\tGPT-4: the big one", "gpt4\talias of gpt-4"]
