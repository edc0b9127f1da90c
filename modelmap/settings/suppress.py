"""Inline suppressions in the checked file itself.

``# modelmap: ignore[MM301,MM302]`` (or a bare ``# modelmap: ignore``) at the end of a
line suppresses those findings on that line; ``# modelmap: ignore-file[MM301]`` anywhere
suppresses the codes in the whole file (it needs codes: silencing every check of a file
is what leaving it out of the run does). Codes, prefixes and rule names are accepted.
A suppression that suppresses nothing is MM901; one that cannot be understood is MM902.
Findings about reading the file (MM00x) are never suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from modelmap.problems import Problem, Severity
from modelmap.settings.select import LOAD_PREFIX, normalise
from modelmap.suggest import did_you_mean

MARK = "modelmap:"
UNUSED = "MM901"
INVALID = "MM902"
_COMMENT = re.compile(
    r"(?:^|(?<=\s))#\s*modelmap:\s*(?P<kind>[A-Za-z_-]*)(?P<codes>\[[^\]\n]*\]?)?"
)


@dataclass
class _Entry:
    word: str  # as written; "" for a bare ignore
    code: str | None  # normalised; None for a bare ignore
    line: int
    column: int
    whole_file: bool
    used: bool = False

    def covers(self, code: str) -> bool:
        return self.code is None or code.startswith(self.code)


class _Scan:
    """The suppressions of one text, and the MM902 findings about malformed ones."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[_Entry] = []
        self.invalid: list[Problem] = []

    def bad(self, line: int, column: int, message: str) -> None:
        self.invalid.append(Problem(self.path, line, column, INVALID, Severity.WARNING, message))

    def comment(self, number: int, match: re.Match[str]) -> None:
        column = match.start() + 1
        kind, codes = match.group("kind"), match.group("codes")
        if kind not in ("ignore", "ignore-file"):
            self.bad(
                number,
                column,
                f"unknown suppression {kind!r}{did_you_mean(kind, ['ignore', 'ignore-file'])}"
                "; write '# modelmap: ignore[CODES]' or '# modelmap: ignore-file[CODES]'",
            )
            return
        whole = kind == "ignore-file"
        if codes is None:
            if whole:
                self.bad(
                    number, column, "'ignore-file' needs codes: '# modelmap: ignore-file[MM301]'"
                )
            else:
                self.entries.append(_Entry("", None, number, column, whole))
            return
        if not codes.endswith("]"):
            self.bad(number, column, f"suppression without a closing ']': {match.group(0)!r}")
            return
        if not codes[1:-1].strip():
            self.bad(
                number,
                column,
                "empty suppression list: name codes, or write a bare '# modelmap: ignore'",
            )
            return
        start = match.start("codes") + 1
        for part in re.finditer(r"[^,\s\]]+", codes[1:-1]):
            word, at = part.group(0), start + part.start() + 1
            code, choices = normalise(word)
            if code is None:
                hint = did_you_mean(word, choices) or "; see 'modelmap validate --explain CODE'"
                self.bad(number, at, f"unknown rule code or name {word!r} in a suppression{hint}")
            elif code.startswith(LOAD_PREFIX):
                self.bad(
                    number,
                    at,
                    f"{word!r} cannot be suppressed: a file that cannot be read is not checked",
                )
            else:
                self.entries.append(_Entry(word, code, number, at, whole))


def _quoted(line: str, end: int) -> bool:
    """Whether ``line[end]`` is inside a quoted YAML scalar (a '#' there is no comment)."""
    quote = None
    previous = ""  # the last character outside quotes that is not a space
    i = 0
    while i < end:
        char = line[i]
        if quote == '"':
            if char == "\\":
                i += 1
            elif char == '"':
                quote = None
        elif quote == "'":
            if char == "'" and line[i + 1 : i + 2] == "'":
                i += 1
            elif char == "'":
                quote = None
        elif char in "\"'" and previous in ("", ":", "-", "[", "{", ",", "?"):
            quote = char
        elif not char.isspace():
            previous = char
        i += 1
    return quote is not None


def _scan(text: str, path: str) -> tuple[list[_Entry], list[Problem]]:
    scan = _Scan(path)
    for number, line in enumerate(text.splitlines(), 1):
        if MARK in line:
            for match in _COMMENT.finditer(line):
                if not _quoted(line, match.start()):
                    scan.comment(number, match)
    return scan.entries, scan.invalid


def suppress(path: str, text: str, problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` without the suppressed ones, plus MM901/MM902 about the comments."""
    problems = list(problems)
    if MARK not in text:
        return problems
    entries, invalid = _scan(text, path)
    if not entries and not invalid:
        return problems
    whole = [e for e in entries if e.whole_file]
    by_line: dict[int, list[_Entry]] = {}
    for entry in entries:
        if not entry.whole_file:
            by_line.setdefault(entry.line, []).append(entry)
    kept: list[Problem] = []
    for problem in problems:
        if problem.code.startswith(LOAD_PREFIX):
            kept.append(problem)
            continue
        hits = [e for e in (*whole, *by_line.get(problem.line, ())) if e.covers(problem.code)]
        for entry in hits:
            entry.used = True
        if not hits:
            kept.append(problem)
    for entry in entries:
        if not entry.used:
            what = f" of {entry.word!r}" if entry.word else ""
            scope = "in this file" if entry.whole_file else "on this line"
            kept.append(
                Problem(
                    path,
                    entry.line,
                    entry.column,
                    UNUSED,
                    Severity.INFO,
                    f"unused suppression: no finding{what} {scope}; remove it",
                )
            )
    return [*kept, *invalid]
