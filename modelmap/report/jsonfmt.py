"""One JSON object: ``{"diagnostics": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from modelmap.report.base import Report


class JsonReporter:
    """Machine-readable output for CI scripts."""

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        del color, quiet

    def render(self, report: Report) -> str:
        """The whole report as one JSON document."""
        payload = {
            "diagnostics": [p.as_dict() for p in report.problems],
            "summary": report.summary(),
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
