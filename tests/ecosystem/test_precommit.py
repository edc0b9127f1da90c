"""The published pre-commit hooks, run for real with ``pre-commit try-repo`` on this checkout.

try-repo builds a virtualenv and pip-installs this project from the configured package
index on every call (its store lives in a temporary directory, whatever PRE_COMMIT_HOME
says), ~30 s each, so each phase runs every published hook in one call.

The hooks are tried at the checkout's HEAD commit (``--ref``). Without it, try-repo adds the
working tree's uncommitted edits to tracked files but not new untracked files, so a
half-finished change elsewhere in the tree breaks the install; and in CI (a clean clone)
HEAD is the working tree anyway. Commit hook changes before running this test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# Read once, so both phases try the same commit.
HEAD = (
    subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    if shutil.which("git")
    else ""
)
HOOK_IDS = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

BROKEN = """\
models:
  gpt-4:
    backnd: "openai/gpt-4"
"""
FIXED = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
"""
LEGACY = """\
models:
  - "gpt-4"
  - name: "llama3"
    provider: ollama
    model: "llama3.1:8b"
"""


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        NO_COLOR="1",
    )
    return env


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=_git_env(), check=True, capture_output=True)


@pytest.fixture
def user_repo(tmp_path: Path) -> Iterator[Path]:
    """A user's repository with a .pre-commit-config.yaml that uses the modelmap hooks."""
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    hooks = "".join(f"      - id: {hook}\n" for hook in sorted(HOOK_IDS))
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_uri()}\n    rev: HEAD\n    hooks:\n{hooks}", encoding="utf-8"
    )
    yield repo


def _commit(repo: Path, name: str, text: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", f"edit {name}")


def try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo <this checkout> --ref HEAD --files FILES...``: every hook."""
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--ref", HEAD]
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(repo.parent / "pre-commit-home")  # never the user's cache
    return subprocess.run(
        [*command, "--files", *files, "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


_STATUS = re.compile(r"^(\S.*?)\.{3,}\(?[^.]*(Passed|Failed|Skipped)$", re.MULTILINE)


def _hook_output(output: str, name: str) -> str:
    """What pre-commit printed for the hook called ``name``: its status line and output."""
    statuses = list(_STATUS.finditer(output))
    for i, status in enumerate(statuses):
        if status.group(1) == name:
            end = statuses[i + 1].start() if i + 1 < len(statuses) else len(output)
            return output[status.start() : end]
    raise AssertionError(f"no status line for {name!r} in:\n{output}")


def test_both_hooks_are_published() -> None:
    assert {"modelmap-validate", "modelmap-migrate-check"} <= HOOK_IDS


def test_user_config_is_a_valid_pre_commit_config(user_repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=user_repo,
        env=_git_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hooks_fail_with_located_diagnostics_then_pass_once_fixed(user_repo: Path) -> None:
    # One try-repo run per phase: try-repo installs a fresh environment every time (it
    # keeps its store in a temporary directory), about 30 s each.
    _commit(user_repo, "modelmap.yaml", BROKEN)
    _commit(user_repo, "models.yaml", LEGACY)
    failed = try_repo(user_repo, "modelmap.yaml", "models.yaml")
    out = failed.stdout
    assert failed.returncode == 1, out + failed.stderr
    validate = _hook_output(out, "modelmap validate")
    assert "Failed" in validate
    assert "modelmap.yaml:3:5: MM101 [error] unknown key 'backnd'" in validate
    assert "did you mean 'backend'?" in validate
    legacy_lines = [line for line in validate.splitlines() if line.startswith("models.yaml:")]
    assert legacy_lines and all("[info]" in line for line in legacy_lines)  # not an error
    migrate_check = _hook_output(out, "modelmap migrate --check")
    assert "Failed" in migrate_check
    assert "models.yaml: would be migrated" in migrate_check
    assert "modelmap.yaml: would be migrated" not in migrate_check

    _commit(user_repo, "modelmap.yaml", FIXED)
    modelmap = Path(sys.executable).parent / "modelmap"
    subprocess.run([str(modelmap), "migrate", "models.yaml", "-w"], cwd=user_repo, check=True)
    _commit(user_repo, "models.yaml", (user_repo / "models.yaml").read_text(encoding="utf-8"))
    passed = try_repo(user_repo, "modelmap.yaml", "models.yaml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "modelmap validate" in passed.stdout and "modelmap migrate --check" in passed.stdout
    assert "Failed" not in passed.stdout and "MM101" not in passed.stdout
