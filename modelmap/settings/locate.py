"""Lines and columns in a settings file: ``tomllib`` gives none, so keys are found in the text.

Good enough for files people write: headers ``[a.b]``, keys (bare, quoted, dotted),
inline tables and arrays (also over several lines). Anything not found points at the
nearest enclosing key, else at line 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY)


def _parts(dotted: str) -> tuple[str, ...]:
    out = []
    for match in _PART.finditer(dotted):
        word = match.group(0)
        out.append(word[1:-1] if word[0] in "\"'" else word)
    return tuple(out)


class Locator:
    """Find keys and array items of a TOML text by their path (below ``prefix``)."""

    def __init__(self, text: str, prefix: Sequence[str] = ()) -> None:
        self.prefix = tuple(prefix)
        self.lines = text.splitlines()
        # (full path, line index, column index, is a header) of every header and assignment
        self.statements: list[tuple[tuple[str, ...], int, int, bool]] = []
        table: tuple[str, ...] = ()
        in_string: str | None = None
        for i, line in enumerate(self.lines):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _HEADER.match(line)
            assign = None if header else _ASSIGN.match(line)
            if header:
                table = _parts(header.group(1))
                self.statements.append((table, i, header.start(1), True))
            elif assign:
                self.statements.append((table + _parts(assign.group(1)), i, assign.start(1), False))
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote

    def _span(self, index: int) -> str:
        """The text of statement ``index``: up to the next header or assignment."""
        start = self.statements[index][1]
        end = self.statements[index + 1][1] if index + 1 < len(self.statements) else len(self.lines)
        return "\n".join(self.lines[start:end])

    def _search(self, index: int, offset: int, pattern: str) -> tuple[int, int, int] | None:
        """(line, column, end offset) of ``pattern`` in statement ``index`` from ``offset``."""
        text = self._span(index)
        found = re.compile(pattern).search(text, offset)
        if found is None:
            return None
        before = text[: found.start()]
        line = self.statements[index][1] + before.count("\n")
        column = found.start() - (before.rfind("\n") + 1)
        return line + 1, column + 1, found.end()

    def find(self, path: Sequence[str], item: str | None = None) -> tuple[int, int]:
        """Where the key at ``path`` is written, or the string ``item`` in its value."""
        full = self.prefix + tuple(path)
        best, depth = (1, 1), 0
        for index, (keys, line, column, header) in enumerate(self.statements):
            if full[: len(keys)] != keys or len(keys) < depth:
                continue
            here = (line + 1, column + 1)
            offset = column
            if len(keys) < len(full):
                if header:
                    best, depth = here, len(keys)
                    continue
                for key in full[len(keys) :]:  # an inline table: each key in turn
                    quoted = re.escape(key)
                    hit = self._search(
                        index, offset, rf"(?<![\w\"'-])(?:{quoted}|\"{quoted}\"|'{quoted}')\s*="
                    )
                    if hit is None:
                        break
                    here, offset = hit[:2], hit[2]
                else:
                    hit = (0, 0, offset)
                if hit is None:
                    best, depth = here, len(keys)
                    continue
            if item is None:
                return here
            value = self._search(index, offset, rf"[\"']{re.escape(item)}[\"']")
            return value[:2] if value is not None else here
        return best
