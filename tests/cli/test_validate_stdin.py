"""``validate -`` reads standard input, as linters do; a discovered config is named."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app

from .conftest import BAD, GOOD, Invoke


def _stdin(*args: str, text: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["validate", *args], input=text)
    return result.exit_code, result.stdout, result.stderr


def test_dash_reads_standard_input_and_names_it_stdin() -> None:
    code, out, _ = _stdin("-", text=BAD)
    assert code == 1
    assert "<stdin>:5:5: MM101 [error] unknown key 'bakend'" in out
    assert out.rstrip().endswith("in 1 file")


def test_stdin_filename_is_the_path_findings_name() -> None:
    code, out, _ = _stdin("--stdin-filename", "config/llm.yaml", "-f", "github", "-", text=BAD)
    assert code == 1
    assert "::error file=config/llm.yaml,line=5,col=5,title=MM101::" in out
    assert "<stdin>" not in out


def test_good_standard_input_passes_and_json_names_it() -> None:
    code, out, _ = _stdin("-f", "json", "-", text=GOOD)
    assert code == 0
    assert json.loads(out)["summary"]["errors"] == 0


def test_stdin_beside_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _stdin("good.yaml", "-", text=BAD)
    assert code == 1
    assert "<stdin>:5:5:" in out and "good.yaml:" not in out
    assert "in 2 files" in out


def test_piped_into_the_console_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "modelmap", "validate", "-"],
        input="models: [unclosed\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.startswith("<stdin>:") and "MM001" in done.stdout
    assert done.stderr == ""


def test_validate_without_files_names_the_file_it_found(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "models.yaml").write_text(GOOD, encoding="utf-8")
    result = invoke("validate", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "ok: 0 errors, 0 warnings, 0 infos in 1 file (found models.yaml)"
    )
    named = invoke("validate", "models.yaml", cwd=tmp_path)
    assert "found" not in named.stdout
