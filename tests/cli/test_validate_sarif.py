"""``validate --format sarif``: a SARIF 2.1.0 log that GitHub code scanning accepts.

The official schema is not shipped by any installed package and tests have no network, so
this checks the parts of it (and of GitHub's ingestion rules) that our output uses, with
``additionalProperties: false`` so a misspelt property fails as it would upstream.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

from modelmap.lint.registry import RULES

from .conftest import BAD, GOOD, Invoke


def _obj(required: list[str], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


_TEXT = _obj(["text"], text={"type": "string", "minLength": 1}, markdown={"type": "string"})
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_RULE = _obj(
    ["id", "shortDescription", "fullDescription", "help"],
    id={"type": "string", "pattern": "^MM[0-9]{3}$"},
    name={"type": "string"},
    shortDescription=_TEXT,
    fullDescription=_TEXT,
    help=_TEXT,
    defaultConfiguration=_obj(["level"], level=_LEVEL),
    properties={"type": "object"},
)
_LOCATION = _obj(
    ["physicalLocation"],
    physicalLocation=_obj(
        ["artifactLocation", "region"],
        artifactLocation=_obj(
            ["uri"],
            uri={"type": "string", "pattern": "^[^/\\\\][^\\\\]*$"},  # relative, '/' only
            uriBaseId={"const": "%SRCROOT%"},
        ),
        region=_obj(
            ["startLine"],
            startLine={"type": "integer", "minimum": 1},
            startColumn={"type": "integer", "minimum": 1},
        ),
    ),
)
_RESULT = _obj(
    ["ruleId", "message", "locations"],
    ruleId={"type": "string"},
    ruleIndex={"type": "integer", "minimum": 0},
    level=_LEVEL,
    message=_TEXT,
    locations={"type": "array", "minItems": 1, "maxItems": 1, "items": _LOCATION},
)
SARIF_SUBSET = _obj(
    ["version", "runs", "$schema"],
    **{"$schema": {"type": "string", "format": "uri"}},
    version={"const": "2.1.0"},
    runs={
        "type": "array",
        "minItems": 1,
        "maxItems": 1,
        "items": _obj(
            ["tool", "results"],
            tool=_obj(
                ["driver"],
                driver=_obj(
                    ["name", "version", "informationUri", "rules"],
                    name={"const": "modelmap"},
                    version={"type": "string"},
                    semanticVersion={"type": "string"},
                    informationUri={"type": "string", "pattern": "^https://"},
                    rules={"type": "array", "items": _RULE},
                ),
            ),
            results={"type": "array", "items": _RESULT},
            columnKind={"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
        ),
    },
)


def _sarif(invoke: Invoke, *args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    result = invoke("validate", "--format", "sarif", *args, cwd=cwd)
    log: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(log, SARIF_SUBSET)
    return result.exit_code, log


def test_findings_become_results(invoke: Invoke, write: Callable[[str, str], Path]) -> None:
    path = write("conf/bad.yaml", BAD)
    code, log = _sarif(invoke, str(path.resolve()), cwd=path.parent.parent)
    assert code == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    got = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in run["results"]
    ]
    # An absolute path on the command line is still reported relative to the directory.
    assert got == [
        ("MM402", "warning", "conf/bad.yaml", 4, 26),
        ("MM101", "error", "conf/bad.yaml", 5, 5),
    ]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_every_rule_documented(invoke: Invoke, write: Callable[[str, str], Path]) -> None:
    path = write("good.yaml", GOOD)
    code, log = _sarif(invoke, str(path))
    assert code == 0
    run = log["runs"][0]
    assert run["results"] == []
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == set(RULES)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for code_, rule in RULES.items():
        described = rules[code_]
        assert described["name"] == rule.name
        assert described["fullDescription"]["text"] == rule.doc
        assert described["defaultConfiguration"]["level"] == levels[rule.severity.value]


def test_paths_with_spaces_are_uri_encoded(
    invoke: Invoke, write: Callable[[str, str], Path]
) -> None:
    path = write("my configs/bad.yaml", BAD)
    _, log = _sarif(invoke, "my configs/bad.yaml", cwd=path.parent.parent)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"my%20configs/bad.yaml"}
