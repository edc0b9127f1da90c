"""``modelmap diff`` on the command line: formats, exit codes, and --base with git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import Invoke

FIXTURES = Path(__file__).parent / "fixtures"

SMALL = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    aliases: [smart]
"""


def test_markdown_is_the_pull_request_comment(invoke: Invoke) -> None:
    result = invoke("diff", "old.yaml", "new.yaml", "--format", "markdown", cwd=FIXTURES)
    assert result.exit_code == 0
    assert result.stdout == (FIXTURES / "pr_comment.md").read_text(encoding="utf-8")


def test_json_has_the_documented_keys(invoke: Invoke) -> None:
    result = invoke("diff", "old.yaml", "new.yaml", "--format", "json", cwd=FIXTURES)
    data = json.loads(result.stdout)
    assert set(data) == {"changes", "summary"}
    assert data["summary"] == {"added": 1, "removed": 2, "changed": 3, "breaking": 4}
    for change in data["changes"]:
        assert set(change) == {"name", "kind", "breaking", "before", "after", "file", "line"}
    by_key = {(c["name"], c["kind"]): c for c in data["changes"]}
    assert by_key[("gpt-4", "model_id")] == {
        "name": "gpt-4",
        "kind": "model_id",
        "breaking": False,
        "before": "gpt-4",
        "after": "gpt-4o",
        "file": "new.yaml",
        "line": 3,
    }
    # a removed name points into OLD, where it was defined
    assert by_key[("smart", "removed")]["file"] == "old.yaml"
    assert by_key[("smart", "removed")]["line"] == 5
    assert by_key[("summariser", "added")]["line"] == 15


def test_github_annotations_point_at_new_lines(invoke: Invoke) -> None:
    result = invoke("diff", "old.yaml", "new.yaml", "--format", "github", cwd=FIXTURES)
    lines = result.stdout.splitlines()
    assert (
        "::error file=new.yaml,line=12,title=modelmap diff%3A fast::enabled: enabled -> disabled"
        in lines
    )
    assert any(line.startswith("::notice file=new.yaml,line=3,") for line in lines)
    # a removed name has no line in NEW: the annotation is on the file
    assert any(
        line.startswith("::error file=new.yaml,title=modelmap diff%3A smart::") for line in lines
    )


def test_text_groups_changes_per_name_without_colour_when_piped(invoke: Invoke) -> None:
    result = invoke("diff", "old.yaml", "new.yaml", cwd=FIXTURES)
    assert "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "old.yaml -> new.yaml"
    start = lines.index("gpt-4 (aliases: gpt4)  new.yaml:3")
    assert lines[start + 1 : start + 3] == [
        "    model id: gpt-4 -> gpt-4o",
        "  ! capabilities: chat, tools -> chat [breaking]",
    ]
    assert lines[-1] == "4 breaking changes; 1 name added, 2 removed, 3 changed"


@pytest.mark.parametrize(
    ("new", "fail_on", "code"),
    [
        (SMALL, None, 0),
        (SMALL, "any", 0),
        (SMALL.replace('gpt-4"', 'gpt-4o"'), "breaking", 0),  # a change, not breaking
        (SMALL.replace('gpt-4"', 'gpt-4o"'), "any", 1),
        (SMALL.replace("[smart]", "[]"), None, 0),
        (SMALL.replace("[smart]", "[]"), "breaking", 1),
    ],
)
def test_exit_codes(
    invoke: Invoke, tmp_path: Path, new: str, fail_on: str | None, code: int
) -> None:
    (tmp_path / "old.yaml").write_text(SMALL)
    (tmp_path / "new.yaml").write_text(new)
    args = ["diff", "old.yaml", "new.yaml"] + (["--fail-on", fail_on] if fail_on else [])
    result = invoke(*args, cwd=tmp_path)
    assert result.exit_code == code, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["old.yaml"], "name two files"),
        (["old.yaml", "new.yaml", "--format", "xml"], "unknown format 'xml'"),
        (["old.yaml", "new.yaml", "--fail-on", "some"], "--fail-on 'some'"),
        (["old.yaml", "missing.yaml"], "missing.yaml: no such file"),
    ],
)
def test_usage_errors_exit_2(invoke: Invoke, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "old.yaml").write_text(SMALL)
    (tmp_path / "new.yaml").write_text(SMALL)
    result = invoke("diff", *args, cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_side_with_errors_shows_its_diagnostics_and_exits_2(
    invoke: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "old.yaml").write_text(SMALL)
    (tmp_path / "new.yaml").write_text(SMALL.replace("aliases", "alaises"))
    result = invoke("diff", "old.yaml", "new.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "new.yaml:4:5: MM" in result.stderr
    assert "new.yaml: 1 error in the configuration" in result.stderr
    assert result.stdout == ""


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit has conf/models.yaml = SMALL."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.com")
    git(tmp_path, "config", "commit.gpgsign", "false")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "models.yaml").write_text(SMALL)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def test_base_reads_the_old_side_from_git(invoke: Invoke, repo: Path) -> None:
    (repo / "conf" / "models.yaml").write_text(SMALL.replace("[smart]", "[clever]"))
    result = invoke("diff", "--base", "HEAD", "conf/models.yaml", "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    changes = {
        (c["name"], c["kind"], c["breaking"], c["file"])
        for c in json.loads(result.stdout)["changes"]
    }
    assert changes == {
        ("clever", "added", False, "conf/models.yaml"),
        ("smart", "removed", True, "HEAD:conf/models.yaml"),
    }


def test_base_from_a_subdirectory_with_the_discovered_config(invoke: Invoke, repo: Path) -> None:
    (repo / "conf" / "models.yaml").write_text(SMALL.replace("[smart]", "[]"))
    result = invoke("diff", "--base", "HEAD", "--fail-on", "breaking", cwd=repo / "conf")
    assert result.exit_code == 1
    assert "! removed (was alias of gpt-4) [breaking]" in result.stdout


def test_base_file_new_since_the_revision_is_all_added(invoke: Invoke, repo: Path) -> None:
    (repo / "other.yaml").write_text(SMALL)
    result = invoke("diff", "--base", "HEAD", "other.yaml", "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"] == {"added": 2, "removed": 0, "changed": 0, "breaking": 0}


def test_base_whose_old_side_has_errors_shows_them_and_exits_2(invoke: Invoke, repo: Path) -> None:
    (repo / "conf" / "models.yaml").write_text(SMALL.replace("aliases", "alaises"))
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "conf" / "models.yaml").write_text(SMALL)
    result = invoke("diff", "--base", "HEAD", "conf/models.yaml", cwd=repo)
    assert result.exit_code == 2
    assert "HEAD:conf/models.yaml:4:5: MM" in result.stderr
    assert result.stdout == ""


def test_base_with_an_unknown_revision_exits_2(invoke: Invoke, repo: Path) -> None:
    result = invoke("diff", "--base", "no-such-branch", "conf/models.yaml", cwd=repo)
    assert result.exit_code == 2
    assert "unknown revision" in result.stderr


def test_base_outside_a_git_repository_exits_2(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "models.yaml").write_text(SMALL)
    result = invoke("diff", "--base", "HEAD", cwd=tmp_path)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr


def test_colour_on_request_and_never_with_no_color(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = invoke("diff", "old.yaml", "new.yaml", cwd=FIXTURES)
    assert "\x1b[31m! capabilities" in coloured.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = invoke("diff", "old.yaml", "new.yaml", cwd=FIXTURES)
    assert "\x1b[" not in plain.stdout
