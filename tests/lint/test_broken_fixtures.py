"""Broken configurations in tests/fixtures/broken/ report exactly their expected findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.validate import ValidateOptions, validate

BROKEN = Path(__file__).parent.parent / "fixtures" / "broken"
FILES = sorted(BROKEN.glob("*.yaml"))


def expected(path: Path) -> list[str]:
    lines = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_there_are_broken_fixtures() -> None:
    assert len(FILES) >= 5
    assert all(path.with_suffix(".expected").is_file() for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_broken_file_reports_expected_findings(path: Path) -> None:
    report = validate(ValidateOptions(files=[path]))
    assert [f"{p.line}:{p.column} {p.code}" for p in report.problems] == expected(path)
    assert report.failed


def test_six_mistakes_litellm_accepts_are_all_reported() -> None:
    path = BROKEN / "litellm_accepts.yaml"
    result = CliRunner().invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    diagnostics = json.loads(result.stdout)["diagnostics"]
    by_code = {d["code"]: d for d in diagnostics}
    assert set(by_code) == {"MM202", "MM002", "MM301", "MM501", "MM103", "MM101"}
    assert "'openai'" in by_code["MM202"]["message"]  # typo'd backend, with a suggestion
    assert "Abcdefghij" not in result.stdout + result.stderr


def test_no_secret_reaches_any_output_format() -> None:
    path = BROKEN / "secrets.yaml"
    for fmt in ("text", "json", "github", "sarif"):
        result = CliRunner().invoke(app, ["validate", "--format", fmt, str(path)])
        assert result.exit_code == 1, (fmt, result.output)
        for fragment in ("Abcdefghij", "abcdefghijklmnop", "1234567890abcdef"):
            assert fragment not in result.stdout + result.stderr, fmt
