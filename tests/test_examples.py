"""Every file in examples/ validates cleanly; each is documented and points at the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.y*ml"))
LEGACY = {"legacy_models.yaml"}


def test_examples_exist() -> None:
    assert {p.name for p in EXAMPLES} >= {
        "model_config_example.yaml",
        "legacy_models.yaml",
        "aliases.yaml",
        "failover.yaml",
        "local_ollama.yaml",
        "custom_endpoint.yaml",
        "multi_provider.yaml",
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates(path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--strict", "-f", "json", str(path)])
    assert result.exit_code == 0, result.stdout
    payload = json.loads(result.stdout)
    summary = payload["summary"]
    assert (summary["errors"], summary["warnings"]) == (0, 0), payload["diagnostics"]
    if path.name not in LEGACY:
        assert summary["infos"] == 0, payload["diagnostics"]
    else:
        assert [d["code"] for d in payload["diagnostics"]] == ["MM110"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_names_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../modelmap/schema.json"
    assert (path.parent / "../modelmap/schema.json").resolve().is_file()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_listed_in_readme(path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"examples/{path.name}" in readme
