"""`modelmap migrate` from the command line: outputs, --check, --diff, -o, -w, refusals."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke
from migrate_helpers import FIXTURES

Copy = Callable[[str], Path]
MIGRATED = b'version: 2\nmodels:\n  gpt-4:\n    backend: "openai/gpt-4"\n'


def _after(name: str) -> bytes:
    return (FIXTURES / f"{name}.after.yaml").read_bytes()


def test_default_prints_the_migrated_yaml(invoke: Invoke, fixture_copy: Copy) -> None:
    path = fixture_copy("comments")
    before = path.read_bytes()
    result = invoke(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == _after("comments")
    assert path.read_bytes() == before


def test_already_migrated_is_left_byte_for_byte(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "models.yaml"
    path.write_bytes(MIGRATED)
    result = invoke(str(path))
    assert result.exit_code == 0
    assert result.stdout_bytes == MIGRATED
    assert "already migrated" in result.stderr
    result = invoke("-w", str(path))
    assert result.exit_code == 0
    assert "already migrated" in result.stderr
    assert path.read_bytes() == MIGRATED


def test_check_exit_codes_and_changes_nothing(
    invoke: Invoke, fixture_copy: Copy, tmp_path: Path
) -> None:
    legacy = fixture_copy("items")
    before = legacy.read_bytes()
    done = tmp_path / "done.yaml"
    done.write_bytes(MIGRATED)
    result = invoke("--check", str(legacy))
    assert result.exit_code == 1
    assert str(legacy) in result.stderr and result.stdout == ""
    assert legacy.read_bytes() == before
    assert invoke("--check", str(done)).exit_code == 0
    assert invoke("--check", str(done), str(legacy)).exit_code == 1
    assert invoke("--check", str(tmp_path / "missing.yaml")).exit_code == 2


def test_diff_prints_a_unified_diff(invoke: Invoke, fixture_copy: Copy, tmp_path: Path) -> None:
    path = fixture_copy("default_backend")
    before = path.read_bytes()
    result = invoke("--diff", "--default-backend", "ollama", str(path))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"--- {path}" and lines[1] == f"+++ {path}"
    assert lines[2].startswith("@@ -1,")
    assert "-  - name: mistral" in lines and "+  mistral:" in lines
    assert '+    backend: "ollama/mistral"' in lines
    assert path.read_bytes() == before
    done = tmp_path / "done.yaml"
    done.write_bytes(MIGRATED)
    assert invoke("--diff", str(done)).stdout == ""
    # --check --diff: the diff, and exit 1 while something would change.
    assert invoke("--check", "--diff", "--default-backend", "ollama", str(path)).exit_code == 1


def test_write_rewrites_in_place_and_keeps_the_mode(invoke: Invoke, fixture_copy: Copy) -> None:
    path = fixture_copy("crlf")
    path.chmod(0o640)
    result = invoke("-w", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == _after("crlf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp file left
    assert "migrated 2 models" in result.stderr


def test_write_several_files(invoke: Invoke, fixture_copy: Copy) -> None:
    first, second = fixture_copy("comments"), fixture_copy("flow")
    assert invoke("-w", str(first), str(second)).exit_code == 0
    assert first.read_bytes() == _after("comments")
    assert second.read_bytes() == _after("flow")


def test_output_writes_a_new_file_and_refuses_to_clobber(
    invoke: Invoke, fixture_copy: Copy, tmp_path: Path
) -> None:
    path = fixture_copy("docmarker")
    out = tmp_path / "new.yaml"
    assert invoke(str(path), "-o", str(out)).exit_code == 0
    assert out.read_bytes() == _after("docmarker")
    out.write_bytes(b"# mine\n")
    result = invoke(str(path), "-o", str(out))
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == b"# mine\n"
    assert invoke(str(path), "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes() == _after("docmarker")


def test_undeterminable_backends_are_listed_and_nothing_is_written(
    invoke: Invoke, fixture_copy: Copy, tmp_path: Path
) -> None:
    good = fixture_copy("comments")
    bad = fixture_copy("default_backend")
    before_good, before_bad = good.read_bytes(), bad.read_bytes()
    result = invoke("-w", str(good), str(bad))
    assert result.exit_code == 2
    assert "'llama3.1:8b' (line 3)" in result.stderr
    assert "'mistral' (line 4)" in result.stderr
    assert "--default-backend" in result.stderr
    assert "gpt-4" not in result.stderr.split("backend of")[1]  # inferred ones are not listed
    assert good.read_bytes() == before_good and bad.read_bytes() == before_bad
    out = tmp_path / "out.yaml"
    assert invoke(str(bad), "-o", str(out)).exit_code == 2
    assert not out.exists()
    assert invoke(str(bad)).stdout == ""


def test_validate_errors_refuse_unless_forced(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "models.yaml"
    path.write_text("models:\n  - name: gpt-4\n    temperature: 3\n")
    result = invoke(str(path))
    assert result.exit_code == 2
    assert f"{path}:3:5: MM101 [error]" in result.stderr
    assert "--force" in result.stderr and result.stdout == ""
    forced = invoke("--force", str(path))
    assert forced.exit_code == 0
    assert "    temperature: 3\n" in forced.stdout


def test_unknown_default_backend_is_a_usage_error(invoke: Invoke, fixture_copy: Copy) -> None:
    result = invoke("--default-backend", "olama", str(fixture_copy("default_backend")))
    assert result.exit_code == 2
    assert "'olama'" in result.stderr and "ollama" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["-w", "-o", "x.yaml"], ["--check", "-w"], ["--diff", "-o", "x.yaml"]],
)
def test_conflicting_options(invoke: Invoke, fixture_copy: Copy, args: list[str]) -> None:
    path = fixture_copy("items")
    before = path.read_bytes()
    result = invoke(*args, str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("modelmap: error:")
    assert path.read_bytes() == before


def test_several_files_need_a_mode(invoke: Invoke, fixture_copy: Copy) -> None:
    first, second = fixture_copy("items"), fixture_copy("flow")
    assert invoke(str(first), str(second)).exit_code == 2
    assert invoke(str(first), str(second), "-o", "out.yaml").exit_code == 2


def test_notes_go_to_stderr(invoke: Invoke, fixture_copy: Copy) -> None:
    result = invoke(str(fixture_copy("flow")))
    assert "'model_defaults' was ignored by the list format" in result.stderr
    assert "model_defaults" not in result.stderr.split("\n", 1)[1]  # said once
    assert result.stdout_bytes == _after("flow")


def test_registering_the_command_stays_cheap() -> None:
    code = (
        "import sys, modelmap.cli.main\n"
        "print(sorted(m for m in sys.modules if m.startswith('modelmap.migrate')"
        " or m.split('.')[0] in ('httpx', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_precommit_hook_runs_migrate_check() -> None:
    import yaml

    hooks_file = Path(__file__).parents[2] / ".pre-commit-hooks.yaml"
    hooks = {hook["id"]: hook for hook in yaml.safe_load(hooks_file.read_text())}
    hook = hooks["modelmap-migrate-check"]
    assert hook["entry"] == "modelmap migrate --check"
    assert hook["files"] == hooks["modelmap-validate"]["files"]
    assert hook["language"] == "python"


def test_write_says_one_model_in_the_singular(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_bytes(b"models:\n  - gpt-4\n")
    result = invoke("-w", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"{path}: migrated 1 model (backends: openai)" in result.stderr
