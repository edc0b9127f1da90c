"""Every rule in one list: code, name, severity and a one-line summary of its doc."""

from __future__ import annotations

import re


def summary(doc: str) -> str:
    """The first sentence of a rule's doc, on one line."""
    text = " ".join(doc.split())
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z'(])", text)
    return text[: match.start()] if match else text


def rule_index() -> list[dict[str, str]]:
    """One row per rule, sorted by code: ``code``, ``name``, ``severity``, ``summary``."""
    from modelmap.lint.registry import RULES

    return [
        {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity.value,
            "summary": summary(rule.doc),
        }
        for rule in sorted(RULES.values(), key=lambda r: r.code)
    ]


def render_index(rows: list[dict[str, str]]) -> str:
    """The rows as aligned text lines: ``MM001  yaml-syntax  error    The file ...``."""
    name_width = max((len(row["name"]) for row in rows), default=0)
    return "".join(
        f"{row['code']}  {row['name']:<{name_width}}  {row['severity']:<7}  {row['summary']}\n"
        for row in rows
    )
