"""The text of a file as migrate edits it: line endings, BOM, and where the comments are."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

try:  # libyaml is ~10x faster; its marks count characters too, like the Python scanner's
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

BOM = "\ufeff"


@dataclass(frozen=True)
class Source:
    """Decoded text with ``\\n`` line breaks, plus what it takes to write it back alike."""

    text: str
    bom: bool
    crlf: bool  # new line breaks are "\r\n" (most of the original's were)
    crlf_after: tuple[bool, ...] = ()  # for each line of ``text``: was its break "\r\n"

    def encode(self, text: str) -> bytes:
        """``text`` (``\\n`` line breaks) in the original's encoding details.

        In a file with mixed line endings, the lines kept at the start and at the end keep
        their own; the others get the most common one.
        """
        if any(self.crlf_after) and not all(self.crlf_after):
            text = self._mixed(text)
        elif self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")

    def _mixed(self, text: str) -> str:
        old, new = self.text.split("\n"), text.split("\n")
        same = min(len(old), len(new))

        def kept(i: int, step: int, left: int) -> bool:  # a lone changed line is kept too
            return old[i] == new[i] or (left > 1 and old[i + step] == new[i + step])

        head = next((i for i in range(same) if not kept(i, 1, same - i)), same)
        rest = same - head
        tail = next((k for k in range(rest) if not kept(-1 - k, -1, rest - k)), rest)
        shift = len(old) - len(new)
        out = []
        for j, line in enumerate(new[:-1]):
            if j < head:
                crlf = self.crlf_after[j]
            elif j + 1 >= len(new) - tail and j + shift >= 0:
                crlf = self.crlf_after[j + shift]
            else:
                crlf = self.crlf
            out.append(line + ("\r\n" if crlf else "\n"))
        return "".join(out) + new[-1]


def decode(raw: bytes) -> Source:
    """Split ``raw`` (valid UTF-8) into text and the details needed to write it back."""
    text = raw.decode("utf-8")
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    lines = text.split("\n")
    crlf_after = tuple(line.endswith("\r") for line in lines[:-1])
    crlf = 2 * sum(crlf_after) > len(crlf_after)
    return Source(text.replace("\r\n", "\n"), bom, crlf, crlf_after)


# Line breaks to YAML besides "\n" (they may stand inside quoted values); the rewrite
# splits lines at "\n" only, so node positions are counted the same way.
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def compose(text: str) -> yaml.Node | None:
    """The node graph of ``text``, with the line and column of every node in ``\\n`` lines."""
    root = yaml.compose(text, Loader=_Loader)
    if root is not None and _OTHER_BREAKS.search(text):
        starts = [0] + [match.end() for match in re.finditer("\n", text)]
        _remark(root, starts, set())
    return root


def _mark(mark: yaml.Mark, starts: list[int]) -> yaml.Mark:
    line = bisect.bisect_right(starts, mark.index) - 1
    return yaml.Mark(mark.name, mark.index, line, mark.index - starts[line], None, 0)


def _remark(node: yaml.Node, starts: list[int], seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    node.start_mark = _mark(node.start_mark, starts)
    node.end_mark = _mark(node.end_mark, starts)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _remark(key, starts, seen)
            _remark(value, starts, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _remark(item, starts, seen)


def scan(text: str) -> Iterator[yaml.Token]:
    """The tokens of ``text``, with their positions."""
    return yaml.scan(text, Loader=_Loader)


@dataclass(frozen=True)
class Comment:
    """A ``# ...`` comment: 0-based line and column, and its text (from ``#`` to line end)."""

    line: int
    column: int
    text: str


def find_comments(text: str) -> dict[int, Comment]:
    """Every comment of ``text`` by 0-based line.

    PyYAML drops comments, but it gives every token's span: a ``#`` outside all token
    spans (and after whitespace or at a line start) is where a comment begins.
    """
    spans: list[tuple[int, int]] = [
        (token.start_mark.index, token.end_mark.index)
        for token in yaml.scan(text, Loader=_Loader)
        if token.end_mark.index > token.start_mark.index
    ]
    starts = [start for start, _ in spans]
    comments: dict[int, Comment] = {}
    offset = 0
    for number, line in enumerate(text.split("\n")):
        column = line.find("#")
        while column >= 0:
            index = offset + column
            i = bisect.bisect_right(starts, index) - 1
            inside = i >= 0 and spans[i][0] <= index < spans[i][1]
            if not inside and (column == 0 or line[column - 1] in " \t"):
                comments[number] = Comment(number, column, line[column:].rstrip())
                break
            column = line.find("#", column + 1)
        offset += len(line) + 1
    return comments
