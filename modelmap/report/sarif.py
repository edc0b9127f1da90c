"""SARIF 2.1.0, the format GitHub code scanning (and most CI security dashboards) ingest.

One run with one tool: every known rule is listed with its documentation, so that a code
scanning alert can show what the rule checks; results point at files by a path relative
to the current directory (``uriBaseId`` ``%SRCROOT%``), which is the repository root in CI.
"""

from __future__ import annotations

import json
from typing import Any

from modelmap import __version__
from modelmap.problems import Severity
from modelmap.report.base import Report
from modelmap.report.paths import relative_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/modelmap/modelmap"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _first_sentence(text: str) -> str:
    head = text.strip().split(". ", 1)[0].rstrip(".")
    return head + "."


def _uri(name: str) -> str:
    from urllib.parse import quote  # only this format needs it

    return quote(relative_path(name), safe="/")


def _default_levels() -> dict[str, str]:
    from modelmap.lint.registry import RULES

    return {code: _LEVELS[rule.severity] for code, rule in RULES.items()}


def _rules(report: Report) -> list[dict[str, Any]]:
    levels = _default_levels()
    used = {p.code: _LEVELS[p.severity] for p in report.problems}
    codes = sorted(set(report.rules) | set(used))
    rules = []
    for code in codes:
        name, doc = report.rules.get(code, (code, ""))
        doc = doc.strip() or f"modelmap rule {code}."
        rules.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": _first_sentence(doc)},
                "fullDescription": {"text": doc},
                "help": {
                    "text": f"{doc}\n\nRun 'modelmap validate --explain {code}' for details.",
                    "markdown": f"**{code} {name}**\n\n{doc}\n\n"
                    f"Run `modelmap validate --explain {code}` for details.",
                },
                "defaultConfiguration": {"level": levels.get(code, used.get(code, "warning"))},
                "properties": {"tags": ["modelmap", "configuration"]},
            }
        )
    return rules


def sarif_log(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log object."""
    rules = _rules(report)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [
        {
            "ruleId": p.code,
            "ruleIndex": index[p.code],
            "level": _LEVELS[p.severity],
            "message": {"text": p.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(p.file), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": p.line, "startColumn": p.column},
                    }
                }
            ],
        }
        for p in report.problems
    ]
    driver = {
        "name": "modelmap",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}
        ],
    }


class SarifReporter:
    """SARIF for ``github/codeql-action/upload-sarif``; ``quiet`` changes nothing."""

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        del color, quiet

    def render(self, report: Report) -> str:
        """The whole report as one SARIF document."""
        return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
