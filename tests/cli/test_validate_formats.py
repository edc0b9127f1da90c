"""The four output formats of ``modelmap validate``: shapes that people and CI parse."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from modelmap.problems import Problem, Severity
from modelmap.report.github import format_command

from .conftest import BAD, GOOD, Invoke

LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>MM\d{3}) "
    r"\[(?P<sev>error|warning|info)\] \S.*$"
)
SUMMARY = re.compile(
    r"^(ok|failed)( \(strict\))?: \d+ errors?, \d+ warnings?, \d+ infos? in \d+ files?$"
)


def test_text_lines_then_summary(invoke: Invoke, write: Callable[[str, str], Path]) -> None:
    path = write("bad.yaml", BAD)
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    found = [LINE.match(line) for line in lines[:-1]]
    assert all(found), lines
    assert {(m["code"], m["line"], m["col"]) for m in found if m} >= {
        ("MM101", "5", "5"),
        ("MM402", "4", "26"),
    }
    assert SUMMARY.match(lines[-1])
    assert lines[-1] == "failed: 1 error, 1 warning, 0 infos in 1 file"


def test_quiet_drops_summary_and_infos(invoke: Invoke, write: Callable[[str, str], Path]) -> None:
    path = write("cfg.yaml", GOOD + "  spare:\n    provider: anthropic\n")
    loud = invoke("validate", str(path))
    assert "[info]" in loud.stdout and SUMMARY.match(loud.stdout.splitlines()[-1])
    quiet = invoke("validate", "-q", str(path))
    assert quiet.exit_code == 0
    assert quiet.stdout == ""


def test_json_object(invoke: Invoke, write: Callable[[str, str], Path]) -> None:
    path = write("bad.yaml", BAD)
    result = invoke("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"diagnostics", "summary"}
    for diagnostic in payload["diagnostics"]:
        assert set(diagnostic) == {"file", "line", "column", "code", "severity", "message"}
    assert payload["summary"] == {
        "files": 1,
        "errors": 1,
        "warnings": 1,
        "infos": 0,
        "strict": False,
        "ok": False,
    }


def test_github_workflow_commands(invoke: Invoke, write: Callable[[str, str], Path]) -> None:
    path = write("bad.yaml", BAD)
    messages = [
        d["message"]
        for d in json.loads(invoke("validate", "-f", "json", str(path)).stdout)["diagnostics"]
    ]
    result = invoke("validate", "-f", "github", "bad.yaml", cwd=path.parent)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::warning file=bad.yaml,line=4,col=26,title=MM402::{messages[0]}",
        f"::error file=bad.yaml,line=5,col=5,title=MM101::{messages[1]}",
    ]


def test_github_escaping() -> None:
    problem = Problem("dir,a/x:y.yaml", 3, 7, "MM101", Severity.INFO, "50% off\r\nnext: a,b")
    assert format_command(problem) == (
        "::notice file=dir%2Ca/x%3Ay.yaml,line=3,col=7,title=MM101::50%25 off%0D%0Anext: a,b"
    )


def test_formats_never_show_a_literal_key(
    invoke: Invoke, write: Callable[[str, str], Path]
) -> None:
    secret = "sk-proj-" + "Zq7Xw2Lm9Rt4Vb8Nc3Kd6Hf1Jg5Sa0Pe"
    path = write(
        "leak.yaml",
        'models:\n  a:\n    backend: "openai/gpt-4"\n'
        f'backends:\n  openai:\n    api_key: "{secret}"\n',
    )
    for fmt in ("text", "json", "github", "sarif"):
        result = invoke("validate", "-f", fmt, str(path))
        assert result.exit_code == 1
        assert "MM501" in result.stdout
        assert secret[8:] not in result.stdout + result.stderr


def test_text_keeps_one_line_per_finding_whatever_the_keys_hold(
    invoke: Invoke, write: Callable[[str, str], Path]
) -> None:
    path = write("ctl.yaml", 'models:\n  "d\\ne\\e[2J": {backend: openai/x, "x\\ny": 1}\n')
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert SUMMARY.match(lines[-1])
    assert "\x1b" not in result.stdout
