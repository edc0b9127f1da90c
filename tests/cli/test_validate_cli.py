"""``modelmap validate``: exit codes, several files, discovery, --check-env, --explain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import BAD, GOOD, WARN, Invoke

Write = Callable[[str, str], Path]
NEEDS_VAR = GOOD.replace("${OPENAI_API_KEY}", "${MM_TEST_KEY}")


def _codes(stdout: str) -> list[str]:
    return [d["code"] for d in json.loads(stdout)["diagnostics"]]


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (GOOD, (), 0),
        (BAD, (), 1),
        (WARN, (), 0),
        (WARN, ("--strict",), 1),
        (GOOD, ("--strict",), 0),
    ],
)
def test_exit_codes(
    invoke: Invoke, write: Write, text: str, args: tuple[str, ...], expected: int
) -> None:
    result = invoke("validate", *args, str(write("c.yaml", text)))
    assert result.exit_code == expected, result.stdout


def test_strict_summary_says_so(invoke: Invoke, write: Write) -> None:
    result = invoke("validate", "--strict", str(write("c.yaml", WARN)))
    assert (
        result.stdout.splitlines()[-1] == "failed (strict): 0 errors, 1 warning, 0 infos in 1 file"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("validate", "missing.yaml"), "missing.yaml: no such file"),
        (("validate", "--format", "xml", "c.yaml"), "unknown format 'xml'"),
        (("validate", "--explain", "MM999"), "unknown rule code 'MM999'"),
        (("validate",), "no config found"),
    ],
)
def test_usage_errors_exit_2(
    invoke: Invoke, write: Write, args: tuple[str, ...], message: str
) -> None:
    path = write("c.yaml", GOOD)
    result = invoke(*args, cwd=path.parent)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("modelmap: error: ")
    assert len(result.stderr.splitlines()) == 1


def test_several_files_in_one_run(invoke: Invoke, write: Write) -> None:
    good, bad = write("a/models.yaml", GOOD), write("b/models.yaml", BAD)
    result = invoke("validate", "-f", "json", str(good), str(bad))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert {d["file"] for d in payload["diagnostics"]} == {str(bad)}
    assert payload["summary"]["files"] == 2
    text = invoke("validate", str(good), str(bad))
    assert text.stdout.splitlines()[-1].endswith("in 2 files")


def test_a_file_named_twice_is_checked_once(invoke: Invoke, write: Write) -> None:
    good, bad = write("a/models.yaml", GOOD), write("b/models.yaml", BAD)
    again = bad.parent / ".." / "b" / "models.yaml"
    result = invoke("validate", "-f", "json", str(bad), str(good), str(again))
    payload = json.loads(result.stdout)
    assert payload["summary"]["files"] == 2
    assert {d["file"] for d in payload["diagnostics"]} == {str(bad)}


@pytest.mark.parametrize("name", ["modelmap.yaml", "modelmap.yml", "models.yaml", "models.yml"])
def test_discovers_default_names(invoke: Invoke, write: Write, name: str) -> None:
    path = write(name, BAD)
    result = invoke("validate", cwd=path.parent)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith(f"{name}:5:5: MM101 ")


def test_discovery_prefers_modelmap_config(invoke: Invoke, write: Write) -> None:
    write("modelmap.yaml", BAD)
    other = write("elsewhere/config.yaml", GOOD)
    result = invoke("validate", cwd=other.parent.parent, env={"MODELMAP_CONFIG": str(other)})
    assert result.exit_code == 0
    assert result.stdout == f"ok: 0 errors, 0 warnings, 0 infos in 1 file (found {other})\n"


def test_no_config_found_suggests_what_validate_accepts(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "-c FILE" not in result.stderr
    assert "name the files to check" in result.stderr


def test_modelmap_config_missing_is_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", cwd=tmp_path, env={"MODELMAP_CONFIG": "nope.yaml"})
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr and "MODELMAP_CONFIG" in result.stderr


class TestCheckEnv:
    """Unset variables are findings only with --check-env (MM504)."""

    @pytest.fixture(autouse=True)
    def _unset(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("MM_TEST_KEY", raising=False)

    def test_not_checked_by_default(self, invoke: Invoke, write: Write) -> None:
        path = write("c.yaml", NEEDS_VAR)
        assert invoke("validate", str(path)).exit_code == 0

    def test_unset_variable_is_an_error(self, invoke: Invoke, write: Write) -> None:
        path = write("c.yaml", NEEDS_VAR)
        result = invoke("validate", "--check-env", "-f", "json", "c.yaml", cwd=path.parent)
        assert result.exit_code == 1
        assert _codes(result.stdout) == ["MM504"]
        diagnostic = json.loads(result.stdout)["diagnostics"][0]
        assert (diagnostic["line"], diagnostic["severity"]) == (8, "error")
        assert "MM_TEST_KEY" in diagnostic["message"]

    def test_process_environment(
        self, invoke: Invoke, write: Write, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = write("c.yaml", NEEDS_VAR)
        monkeypatch.setenv("MM_TEST_KEY", "sk-test-value")
        assert invoke("validate", "--check-env", str(path)).exit_code == 0

    def test_dot_env_in_current_directory(self, invoke: Invoke, write: Write) -> None:
        path = write("c.yaml", NEEDS_VAR)
        write(".env", "MM_TEST_KEY=sk-from-dotenv\n")
        assert invoke("validate", "--check-env", "c.yaml", cwd=path.parent).exit_code == 0
        skipped = invoke("validate", "--check-env", "--no-env-file", "c.yaml")
        assert skipped.exit_code == 1
        assert "MM504" in skipped.stdout

    def test_named_env_file(self, invoke: Invoke, write: Write) -> None:
        path = write("c.yaml", NEEDS_VAR)
        env = write("secrets/ci.env", "MM_TEST_KEY=sk-from-file\n")
        result = invoke("validate", "--check-env", "--env-file", str(env), str(path))
        assert result.exit_code == 0
        assert "sk-from-file" not in result.stdout + result.stderr

    def test_missing_env_file_is_usage_error(self, invoke: Invoke, write: Write) -> None:
        path = write("c.yaml", NEEDS_VAR)
        result = invoke("validate", "--check-env", "--env-file", "nope.env", str(path))
        assert result.exit_code == 2
        assert "nope.env" in result.stderr

    def test_env_file_that_is_not_utf8_is_a_usage_error(
        self, invoke: Invoke, write: Write, tmp_path: Path
    ) -> None:
        write("c.yaml", NEEDS_VAR)
        (tmp_path / "bad.env").write_bytes(b"MM_TEST_KEY=\xff\xfe\n")
        result = invoke("validate", "--check-env", "--env-file", "bad.env", "c.yaml", cwd=tmp_path)
        assert result.exit_code == 2
        assert result.stderr.startswith("modelmap: error: bad.env")
        assert "UTF-8" in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("code", ["MM101", "mm101", "unknown-key"])
def test_explain(invoke: Invoke, code: str) -> None:
    result = invoke("validate", "--explain", code)
    assert result.exit_code == 0
    first, _, rest = result.stdout.partition("\n")
    assert first == "MM101 unknown-key [error]"
    assert "did you mean" in rest or "typo" in rest


@pytest.mark.parametrize(
    ("asked", "hint"),
    [
        ("MM10", "codes that start so: MM101, MM102, MM103, MM104, MM105"),
        ("mm2099", "did you mean 'MM209'?"),
        ("unknown-kye", "did you mean 'unknown-key'?"),
    ],
)
def test_explain_suggests_close_codes_and_names(invoke: Invoke, asked: str, hint: str) -> None:
    result = invoke("validate", "--explain", asked)
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(hint)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "MM005"),
        (b"models: [unclosed\n  - {a: \n", "MM001"),
        (b"\x00\x01\x02 binary", "MM001"),
        (b"- just\n- a list\n", "MM004"),
        (b"", "MM003"),
        (b"models:\n  a: &x [*x]\n", "MM006"),
    ],
)
def test_bad_input_is_a_finding_not_a_traceback(
    invoke: Invoke, tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(content)
    result = invoke("validate", "-f", "json", str(path))
    assert result.exit_code == 1
    assert code in _codes(result.stdout)
    assert "Traceback" not in result.stdout + result.stderr


def test_directory_is_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    assert "Traceback" not in result.stderr
    named = invoke("validate", cwd=tmp_path, env={"MODELMAP_CONFIG": str(tmp_path)})
    assert named.exit_code == 2
    assert "is a directory" in named.stderr and "no such" not in named.stderr
    special = invoke("validate", cwd=tmp_path, env={"MODELMAP_CONFIG": os.devnull})
    assert special.exit_code == 2
    assert "is not a regular file" in special.stderr and "no such" not in special.stderr


def _subprocess(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "modelmap", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_piped_output_has_no_escape_codes(write: Write) -> None:
    path = write("c.yaml", BAD)
    result = _subprocess(["validate", "c.yaml"], path.parent)
    assert result.returncode == 1
    assert "MM101" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr


def test_no_color_beats_force_color(invoke: Invoke, write: Write) -> None:
    path = write("c.yaml", BAD)
    forced = invoke("validate", str(path), env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    both = invoke("validate", str(path), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b" not in both.stdout


def test_the_console_script_flushes_everything_before_its_fast_exit(write: Write) -> None:
    # validate ends the process without freeing memory; large piped output must survive.
    paths = [write(f"c{i}.yaml", BAD) for i in range(200)]
    result = _subprocess(["validate", "-f", "json", *[p.name for p in paths]], paths[0].parent)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 200
    assert len({d["file"] for d in report["diagnostics"]}) == 200
