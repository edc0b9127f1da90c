"""The published pre-commit hooks, run for real with ``pre-commit try-repo`` on this checkout.

try-repo builds a virtualenv and pip-installs this project from the configured package
index, so the first run of each hook takes ~30 s; the environments live in one temporary
PRE_COMMIT_HOME per module and are reused by later runs.

The hooks are tried at the checkout's HEAD commit (``--ref``). Without it, try-repo adds the
working tree's uncommitted edits to tracked files but not new untracked files, so a
half-finished change elsewhere in the tree breaks the install; and in CI (a clean clone)
HEAD is the working tree anyway. Commit hook changes before running this test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


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


def try_repo(repo: Path, hook: str, filename: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo <this checkout> HOOK --files FILE`` inside ``repo``."""
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(home)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, env=_git_env(), capture_output=True, text=True
    ).stdout.strip()
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--ref", head]
    return subprocess.run(
        [*command, "--files", filename, "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


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


def test_validate_hook_fails_with_located_diagnostic_then_passes(
    user_repo: Path, pre_commit_home: Path
) -> None:
    _commit(user_repo, "modelmap.yaml", BROKEN)
    failed = try_repo(user_repo, "modelmap-validate", "modelmap.yaml", pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "modelmap validate" in failed.stdout and "Failed" in failed.stdout
    assert "modelmap.yaml:3:5: MM101 [error] unknown key 'backnd'" in failed.stdout
    assert "did you mean 'backend'?" in failed.stdout

    _commit(user_repo, "modelmap.yaml", FIXED)
    passed = try_repo(user_repo, "modelmap-validate", "modelmap.yaml", pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout and "MM101" not in passed.stdout


def test_both_hooks_are_published() -> None:
    assert {"modelmap-validate", "modelmap-migrate-check"} <= HOOK_IDS


def test_migrate_check_hook_fails_on_a_legacy_file_then_passes_once_migrated(
    user_repo: Path, pre_commit_home: Path
) -> None:
    _commit(user_repo, "models.yaml", LEGACY)
    failed = try_repo(user_repo, "modelmap-migrate-check", "models.yaml", pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "modelmap migrate --check" in failed.stdout and "Failed" in failed.stdout
    assert "models.yaml: would be migrated" in failed.stdout

    migrate = Path(sys.executable).parent / "modelmap"
    subprocess.run([str(migrate), "migrate", "models.yaml", "-w"], cwd=user_repo, check=True)
    _commit(user_repo, "models.yaml", (user_repo / "models.yaml").read_text(encoding="utf-8"))
    passed = try_repo(user_repo, "modelmap-migrate-check", "models.yaml", pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
