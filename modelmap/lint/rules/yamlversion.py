"""Booleans that YAML 1.1 and YAML 1.2 read differently.

modelmap reads files as YAML 1.1 (PyYAML), where ``yes``, ``no``, ``on`` and ``off`` are
booleans; YAML 1.2, the default of the yaml-language-server and most editors, reads them
as text, so the editor flags ``enabled: no`` as "expected boolean" while validate accepts
it. This rule names the gap at each such value. (Numbers such as ``1e6``, text in YAML 1.1
but a number in YAML 1.2, are reported where a number belongs by MM102, with the
spelling both read alike.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.loader import Path
from modelmap.problems import Severity

YAML11_BOOLEAN = "MM403"
_WORDS = {"yes": "true", "on": "true", "no": "false", "off": "false"}
# A cheap pre-check on the text: most files have no such word after ':', '-', ',' or '['.
_CANDIDATE = re.compile(r"[:\-,\[{]\s*(?:yes|no|on|off)\s*(?:[,}\]#]|$)", re.I | re.M)

RULES = (
    Rule(
        YAML11_BOOLEAN,
        "yaml-version-gap",
        Severity.WARNING,
        "A value written yes, no, on or off. modelmap reads it as a boolean (YAML 1.1), but "
        "YAML 1.2 editors, the yaml-language-server among them, read it as text and flag "
        "it. Write true or false, which both read alike (or set yaml.yamlVersion to 1.1 in "
        "the editor).",
    ),
)


def _booleans(value: Any, path: Path) -> Iterator[Path]:
    if isinstance(value, bool):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _booleans(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _booleans(item, (*path, i))


def check(context: LintContext) -> Iterator[Finding]:
    """Each boolean whose source text is a YAML 1.1 word (yes/no/on/off)."""
    document = context.document
    if not _CANDIDATE.search(document.text):
        return
    lines = document.text.splitlines()
    for path in _booleans(document.data, ()):
        found = document.locate(path)
        if not 0 < found.line <= len(lines):
            continue
        word = re.match(r"\w+", lines[found.line - 1][found.column - 1 :])
        if word is None or word.group().lower() not in _WORDS:
            continue
        written = word.group()
        yield Finding(
            YAML11_BOOLEAN,
            path,
            f"{written!r} is a boolean in YAML 1.1 (modelmap) but text in YAML 1.2 editors; "
            f"write {_WORDS[written.lower()]}",
            at_key=False,
        )
