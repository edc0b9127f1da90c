"""Shell completion in the real shells: bash, zsh and fish run the committed scripts.

zsh's completion system needs a terminal, so the zsh tests run the committed function
with ``_describe`` and ``_files`` replaced by stand-ins that print what they were given;
fish answers ``complete -C`` with the committed script loaded; bash runs the function.
Each shell is skipped, with the reason, where it is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.completion import DEFAULT_NAMES, completion_script, model_names
from modelmap.completion.generate import SPEC, render

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = {
    "bash": ROOT / "completions" / "modelmap.bash",
    "zsh": ROOT / "completions" / "_modelmap",
    "fish": ROOT / "completions" / "modelmap.fish",
}
MODELMAP = Path(sys.executable).parent / "modelmap"

CONFIG = """\
models:
  gpt-4:
    backend: openai/gpt-4
    description: "GPT-4: the \\"big\\" one, it's $5 `a lot`"
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
NAMES = ["gpt-4", "gemini-pro", "gpt4", "smart"]
DESCRIPTION = 'GPT-4: the "big" one, it\'s $5 `a lot`'


@pytest.mark.parametrize("shell", sorted(SCRIPTS))
def test_committed_script_matches_what_the_cli_generates(shell: str) -> None:
    committed = SCRIPTS[shell].read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["completion", shell])
    assert result.exit_code == 0
    fix = f"modelmap completion {shell} > completions/{SCRIPTS[shell].name}"
    assert result.stdout == committed == completion_script(shell), f"regenerate with: {fix}"


def test_the_completion_spec_is_in_step_with_the_cli() -> None:
    assert SPEC.read_text(encoding="utf-8") == render(), (
        "regenerate with: python -m modelmap.completion.generate"
    )


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
        ("gpt-4", DESCRIPTION),
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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "modelmap.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(OTHER, encoding="utf-8")
    return tmp_path


@pytest.fixture
def counted(tmp_path: Path) -> tuple[Path, Path]:
    """A ``modelmap`` on PATH that logs each run, then runs the real one."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "runs.log"
    wrapper = bin_dir / "modelmap"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{MODELMAP}" "$@"\n')
    wrapper.chmod(0o755)
    return bin_dir, log


def _env(bin_dir: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_MODELMAP", "MODELMAP"))}
    env["PATH"] = os.pathsep.join([str(bin_dir or MODELMAP.parent), env.get("PATH", "")])
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


# bash ---------------------------------------------------------------------------------

needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def bash_complete(line: str, cwd: Path, bin_dir: Path | None = None, **env: str) -> list[str]:
    """Candidates of the committed bash function for ``line`` (cursor at its end), with
    the words split as bash splits them (COMP_WORDBREAKS, so ``--format=`` is 3 words)."""
    script = (
        f"source {SCRIPTS['bash']}\n"
        'COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}\n'
        # the same splitting readline does, from bash's own word-break characters
        'eval "COMP_WORDS=($(printf "%s" "$1" | sed -E "s/(=|:)/ \\1 /g"))"\n'
        '[[ "$1" == *" " || "$1" == *"=" ]] && COMP_WORDS+=("")\n'
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "_modelmap_completion modelmap\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = _run(["bash", "--norc", "-c", script, "bash", line], cwd, _env(bin_dir, **env))
    return [word for word in out.splitlines() if word]


@needs_bash
def test_bash_completes_command_names_and_options(tmp_path: Path) -> None:
    assert bash_complete("modelmap sc", tmp_path) == ["schema"]
    assert "rules" in bash_complete("modelmap ", tmp_path)
    assert bash_complete("modelmap schema --o", tmp_path) == ["--output"]


@needs_bash
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("modelmap validate --format ", ["text", "json", "github", "sarif"]),
        ("modelmap validate -f g", ["github"]),
        ("modelmap validate --format=s", ["sarif"]),
        ("modelmap export --format ", ["litellm"]),
        ("modelmap completion ", ["bash", "zsh", "fish"]),
        ("modelmap list --capability vi", ["vision"]),
        ("modelmap list --provider ol", ["ollama"]),
        ("modelmap migrate --default-backend anth", ["anthropic"]),
        ("modelmap validate --explain MM00", [f"MM00{i}" for i in range(1, 8)]),
    ],
)
def test_bash_completes_every_choice(tmp_path: Path, line: str, expected: list[str]) -> None:
    assert bash_complete(line, tmp_path) == expected


@needs_bash
@pytest.mark.parametrize("command", ["resolve", "chat", "ping"])
def test_bash_completes_model_names_and_aliases(project: Path, command: str) -> None:
    assert bash_complete(f"modelmap {command} ", project) == NAMES
    assert bash_complete(f"modelmap {command} gp", project) == ["gpt-4", "gpt4"]


@needs_bash
def test_bash_completion_follows_the_config_option(project: Path) -> None:
    for flag in ("-c", "--config"):
        assert bash_complete(f"modelmap resolve {flag} other.yaml cl", project) == [
            "claude-3",
            "claude",
        ]


@needs_bash
def test_bash_completion_follows_modelmap_config(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    got = bash_complete("modelmap chat ", elsewhere, MODELMAP_CONFIG=str(project / "other.yaml"))
    assert got == ["claude-3", "local-llama", "claude"]


@needs_bash
def test_bash_ping_leaves_out_names_already_given(project: Path) -> None:
    assert bash_complete("modelmap ping gpt-4 ", project) == ["gemini-pro", "gpt4", "smart"]


@needs_bash
def test_bash_chat_prompt_and_file_values_fall_back_to_file_names(project: Path) -> None:
    # no candidates: bash's `-o default` then completes file names
    assert bash_complete("modelmap chat gpt-4 g", project) == []
    assert bash_complete("modelmap validate --env-file ", project) == []


@needs_bash
def test_bash_completion_without_a_config_or_with_a_broken_one(tmp_path: Path) -> None:
    assert bash_complete("modelmap resolve ", tmp_path) == []
    (tmp_path / "modelmap.yaml").write_text("models: {gpt-4: [unclosed", encoding="utf-8")
    assert bash_complete("modelmap resolve ", tmp_path) == []


@needs_bash
def test_bash_runs_modelmap_once_per_tab(project: Path, counted: tuple[Path, Path]) -> None:
    bin_dir, log = counted
    assert bash_complete("modelmap resolve g", project, bin_dir) == ["gpt-4", "gemini-pro", "gpt4"]
    assert log.read_text().count("run") == 1


# zsh ----------------------------------------------------------------------------------

needs_zsh = pytest.mark.skipif(
    shutil.which("zsh") is None, reason="zsh is not installed (apt-get install zsh)"
)
ZSH_STANDINS = """\
compdef() { : }
_describe() { print -r -- "DESCRIBE"; print -rl -- "${(@P)${@[-1]}}" }
_files() { print -r -- "FILES" }
"""


def zsh_complete(words: list[str], cwd: Path, bin_dir: Path | None = None) -> list[str]:
    """What the committed zsh function hands ``_describe`` (or ``_files``) for ``words``,
    the last being the word under the cursor."""
    script = (
        ZSH_STANDINS + f"source {SCRIPTS['zsh']}\n" + 'words=("$@"); CURRENT=${#words}\n_modelmap\n'
    )
    out = _run(["zsh", "-f", "-c", script, "zsh", *words], cwd, _env(bin_dir))
    return out.splitlines()


@needs_zsh
def test_zsh_shows_descriptions_with_quotes_and_apostrophes_whole(project: Path) -> None:
    assert zsh_complete(["modelmap", "resolve", "gpt"], project) == [
        "DESCRIBE",
        f"gpt-4:{DESCRIPTION}",
        "gpt4:alias of gpt-4",
    ]


@needs_zsh
def test_zsh_completes_choices_and_commands(project: Path) -> None:
    assert zsh_complete(["modelmap", "validate", "--format", ""], project) == [
        "DESCRIBE",
        "text",
        "json",
        "github",
        "sarif",
    ]
    assert zsh_complete(["modelmap", "validate", "--format=j"], project) == [
        "DESCRIBE",
        "--format=json",
    ]
    rules = zsh_complete(["modelmap", "ru"], project)
    assert rules == ["DESCRIBE", "rules:List every rule validate applies."]


@needs_zsh
def test_zsh_escapes_colons_in_values_and_completes_files(project: Path) -> None:
    (project / "modelmap.yaml").write_text("models:\n  'a:b': {backend: x/y}\n")
    assert zsh_complete(["modelmap", "chat", "a"], project) == ["DESCRIBE", "a\\:b:x/y"]
    assert zsh_complete(["modelmap", "validate", ""], project) == ["FILES"]


@needs_zsh
def test_zsh_runs_modelmap_once_per_tab(project: Path, counted: tuple[Path, Path]) -> None:
    bin_dir, log = counted
    assert zsh_complete(["modelmap", "ping", "sm"], project, bin_dir)[1:] == [
        "smart:alias of gpt-4"
    ]
    assert log.read_text().count("run") == 1


# fish ---------------------------------------------------------------------------------

needs_fish = pytest.mark.skipif(
    shutil.which("fish") is None, reason="fish is not installed (apt-get install fish)"
)


def fish_complete(line: str, cwd: Path, bin_dir: Path | None = None) -> list[str]:
    """fish's own answer (``complete -C``) for ``line`` with the committed script loaded."""
    script = f"source {SCRIPTS['fish']}; complete -C {_fish_quote(line)}"
    out = _run(["fish", "--no-config", "-c", script], cwd, _env(bin_dir))
    return out.splitlines()


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@needs_fish
def test_fish_shows_names_with_their_descriptions(project: Path) -> None:
    # fish sorts the candidates itself
    assert sorted(fish_complete("modelmap ping gp", project)) == [
        f"gpt-4\t{DESCRIPTION}",
        "gpt4\talias of gpt-4",
    ]


@needs_fish
def test_fish_completes_choices(project: Path) -> None:
    assert fish_complete("modelmap validate --format ", project) == [
        "github",
        "json",
        "sarif",
        "text",
    ]
    assert fish_complete("modelmap completion z", project) == ["zsh"]


@needs_fish
def test_fish_completes_file_names_for_a_file_value(project: Path) -> None:
    assert "other.yaml" in fish_complete("modelmap resolve -c ot", project)


@needs_fish
def test_fish_runs_modelmap_once_per_tab(project: Path, counted: tuple[Path, Path]) -> None:
    bin_dir, log = counted
    assert fish_complete("modelmap resolve sm", project, bin_dir) == ["smart\talias of gpt-4"]
    assert log.read_text().count("run") == 1


# the completion process stays light ----------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_tab_press_imports_no_typer_rich_or_linter(project: Path, shell: str) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "modelmap"],
        cwd=project,
        env=_env(
            _MODELMAP_COMPLETE=shell,
            _MODELMAP_WORDS="modelmap\nresolve",
            _MODELMAP_INCOMPLETE="sm",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "smart" in done.stdout
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    heavy = {
        m
        for m in modules
        if m.split(".")[0] in ("typer", "click", "rich", "pydantic", "httpx")
        or m.startswith(("modelmap.lint", "modelmap.providers", "modelmap.cli.main"))
    }
    assert heavy == set()
