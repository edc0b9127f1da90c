"""``modelmap validate`` stays fast: it must not import network, UI or pydantic model code.

Measured with ``python -X importtime`` in a fresh interpreter, the way a pre-commit hook runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importtime import imported_modules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "model_config_example.yaml"

FORBIDDEN = ("httpx", "httpcore", "rich", "dotenv", "pydantic.main", "pydantic_core", "anyio")
FORBIDDEN_PREFIXES = ("modelmap.providers", "modelmap.resolve", "modelmap.schema.models")


def _imported(args: list[str], cwd: Path) -> set[str]:
    modules, _ = imported_modules(args, cwd, exit_codes=(0, 1))
    assert "modelmap.validate" in modules  # the measurement itself works
    return modules


def _offenders(modules: set[str]) -> set[str]:
    bad = {m for m in modules if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN}
    return bad | {m for m in modules if m.startswith(FORBIDDEN_PREFIXES)}


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_validate_imports_nothing_heavy(tmp_path: Path, fmt: str) -> None:
    modules = _imported(["validate", "-f", fmt, str(EXAMPLE)], tmp_path)
    assert _offenders(modules) == set()


def test_check_env_without_dotenv_file_skips_dotenv(tmp_path: Path) -> None:
    modules = _imported(["validate", "--check-env", str(EXAMPLE)], tmp_path)
    assert _offenders(modules) == set()


def test_check_env_with_dotenv_file_uses_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-x\n", encoding="utf-8")
    modules = _imported(["validate", "--check-env", str(EXAMPLE)], tmp_path)
    assert "dotenv" in modules  # the check above would notice dotenv if it were imported
    assert "httpx" not in modules


SETTINGS_MODULES = ("tomllib", "tomli", "modelmap.settings.parse", "modelmap.settings.apply")


def test_validate_without_settings_imports_nothing_for_them(tmp_path: Path) -> None:
    modules = _imported(["validate", str(EXAMPLE)], tmp_path)
    assert {m for m in modules if m in SETTINGS_MODULES} == set()


def test_settings_without_policies_do_not_import_resolution(tmp_path: Path) -> None:
    (tmp_path / ".modelmap.toml").write_text("strict = true\nignore = ['MM211']\n")
    copy = tmp_path / "models.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    modules = _imported(["validate", str(copy)], tmp_path)
    assert "modelmap.settings.parse" in modules  # the settings were read
    assert _offenders(modules) == set()


def test_policies_import_resolution_only_when_turned_on(tmp_path: Path) -> None:
    (tmp_path / ".modelmap.toml").write_text("[policy]\nrequire-fallback = true\n")
    copy = tmp_path / "models.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    modules = _imported(["validate", str(copy)], tmp_path)
    assert "modelmap.resolve" in modules
    assert {m for m in modules if m.split(".")[0] in ("httpx", "rich")} == set()
