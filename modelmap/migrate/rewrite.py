"""Rewrite the text of a legacy file from a plan, copying source slices and comments.

Nothing is re-serialised: every value that is carried over is the exact text the source
had (quoting, flow or block style, block scalars, inner comments), shifted to its new
indentation. Only the new keys, the ``backend:`` lines and the generated ``backends``
section are written fresh.
"""

from __future__ import annotations

import bisect
import re

import yaml

from modelmap.migrate.plan import Item, Plan, backend_entry
from modelmap.migrate.source import Comment, scan

_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_KEEP = re.compile(r"[|>]\d?\+")  # the header of a block scalar that keeps its final breaks


class _Text:
    """The source text with line lookups."""

    def __init__(self, text: str, comments: dict[int, Comment]) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.comments = comments
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def where(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line, index - self.starts[line]

    def end(self, node: yaml.Node) -> int:
        """Index just after the last character that belongs to ``node``."""
        if isinstance(node, yaml.ScalarNode):
            start, stop = node.start_mark.index, node.end_mark.index
            header = self.text[start:stop].split("\n")[0].split("#")[0]
            if node.style in ("|", ">") and _KEEP.search(header):
                # `|+` keeps its trailing blank lines: they are the value, up to the last break
                return int(stop - 1 if self.text[stop - 1 : stop] == "\n" else stop)
            while stop > start and self.text[stop - 1] in " \t\n":
                stop -= 1  # block scalars end after their trailing line breaks
            return int(stop)
        assert isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        if node.flow_style or not node.value:
            return int(node.end_mark.index)
        last = node.value[-1]
        return self.end(last[1] if isinstance(node, yaml.MappingNode) else last)

    def end_line(self, node: yaml.Node) -> int:
        return self.where(self.end(node))[0]

    def beside(self, index: int) -> str:
        """The comment after ``index`` on its line, with the spacing before it, or ''."""
        line, column = self.where(index)
        comment = self.comments.get(line)
        if comment is None or comment.column < column:
            return ""
        gap = self.lines[line][column : comment.column]
        return (gap if gap.strip() == "" and gap else "  ") + comment.text

    def comment_lines(self, first: int, last: int, delta: int, fallback: int) -> list[str]:
        """Lines ``first..last`` (comments and blank lines between entries), re-indented."""
        out: list[str] = []
        for number in range(first, last + 1):
            line = self.lines[number]
            comment = self.comments.get(number)
            if not line.strip():
                out.append("")
            elif comment is not None and line.lstrip().startswith("#"):
                out.append(" " * max(0, comment.column + delta) + comment.text)
            elif comment is not None:  # e.g. a lone "- # note" before the entry's first key
                out.append(" " * fallback + comment.text)
        return out


def shift(line: str, delta: int) -> str:
    """Indent ``line`` by ``delta`` columns (negative: remove), leaving empty lines empty."""
    if not line or delta == 0:
        return line
    if delta > 0:
        return " " * delta + line
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, -delta) :]


class _Emitter:
    def __init__(self, src: _Text, plan: Plan, key_indent: int, child_indent: int) -> None:
        self.src = src
        self.plan = plan
        self.key_indent = key_indent
        self.child_indent = child_indent
        # In a flow list every item shares the line of the comment after "]", which stays
        # beside "models:"; only items of a block list own the comment on their line.
        self.inline = not plan.models.flow_style

    def _beside(self, node: yaml.Node) -> str:
        return self.src.beside(self.src.end(node)) if self.inline else ""

    def item(self, item: Item) -> list[str]:
        node = item.node
        head = " " * self.key_indent + item.key_text + ":"
        backend = " " * self.child_indent + "backend: " + item.ref_text
        if isinstance(node, yaml.ScalarNode):
            return [head + self._beside(node), backend]
        assert isinstance(node, yaml.MappingNode)
        if node.flow_style:
            parts = ["backend: " + item.ref_text]
            for key, value in item.kept:
                piece = self.src.text[key.start_mark.index : self.src.end(value)]
                parts.append(_BREAK.sub(" ", piece))
            return [head + " {" + ", ".join(parts) + "}" + self._beside(node)]
        return self._block(item, head, backend)

    def _block(self, item: Item, head: str, backend: str) -> list[str]:
        src = self.src
        pairs = list(item.node.value)
        delta = self.child_indent - pairs[0][0].start_mark.column
        name_beside = ""
        above_backend: list[str] = []
        backend_beside: list[str] = []
        body: list[str] = []
        previous_end = None
        for key, value in pairs:
            start_line = key.start_mark.line
            leading: list[str] = (
                src.comment_lines(previous_end + 1, start_line - 1, delta, self.child_indent)
                if previous_end is not None
                else []
            )
            previous_end = src.end_line(value)
            if (key, value) in item.folded:
                above_backend.extend(line for line in leading if line)
                above_backend.extend(  # e.g. "model:  # note" with the value on the next line
                    " " * self.child_indent + src.comments[number].text
                    for number in range(start_line, previous_end)
                    if number in src.comments
                )
                comment = src.beside(src.end(value))
                if key.value == "name":
                    name_beside = comment
                elif comment:
                    backend_beside.append(comment)
                continue
            segment = src.text[key.start_mark.index : src.end(value)]
            segment += src.beside(src.end(value))
            first, *rest = segment.split("\n")
            body.extend(leading)
            body.append(" " * self.child_indent + first)
            body.extend(shift(line, delta) for line in rest)
        if backend_beside:
            # a '# modelmap: ignore[...]' on 'provider:' or 'model:' was about the value that
            # 'backend:' now holds: it must stay on that line to keep suppressing it
            backend_beside.sort(key=lambda c: "modelmap:" not in c)
            backend += backend_beside[0]
            above_backend.extend(" " * self.child_indent + c.strip() for c in backend_beside[1:])
        return [head + name_beside, *above_backend, backend, *body]

    def backends(self, top: int) -> list[str]:
        if not self.plan.backends:
            return []
        out = [" " * top + "backends:"]
        for name in self.plan.backends:
            entry = backend_entry(name)
            if not entry:
                out.append(" " * self.key_indent + name + ": {}")
                continue
            out.append(" " * self.key_indent + name + ":")
            out.extend(" " * self.child_indent + line for line in entry)
        return out


def _dash_column(src: _Text, models: yaml.SequenceNode) -> int:
    """The column of the list's first ``-``: the node starts at its anchor or tag, if any."""
    start = models.start_mark.index
    if src.text[start : start + 1] != "-":
        for token in scan(src.text[start:]):
            if isinstance(token, yaml.BlockEntryToken):
                return src.where(start + token.start_mark.index)[1]
    return int(models.start_mark.column)


def rewrite(text: str, comments: dict[int, Comment], plan: Plan) -> str:
    """The migrated text of ``text`` (``\\n`` line breaks) following ``plan``."""
    src = _Text(text, comments)
    lines = list(src.lines)
    version = plan.version
    if version is not None and version.start_mark.line == version.end_mark.line:
        row = version.start_mark.line
        lines[row] = (
            lines[row][: version.start_mark.column] + "2" + lines[row][version.end_mark.column :]
        )
    top = plan.models_key.start_mark.column
    models = plan.models
    key_line = plan.models_key.start_mark.line
    if models.flow_style:
        emitter = _Emitter(src, plan, top + 2, top + 4)
        block = [line for item in plan.items for line in emitter.item(item)]
        first, last = models.start_mark.line, models.end_mark.line
        before = lines[first][: models.start_mark.column].rstrip()
        after = lines[last][models.end_mark.column :]
        if not plan.items:
            before += " {}"
        head = [before + after] if before.strip() else ([after.strip()] if after.strip() else [])
        new = head + block + emitter.backends(top)
        return "\n".join(lines[:first] + new + lines[last + 1 :])

    dash = _dash_column(src, models)
    step = dash - top if dash > top else 2
    emitter = _Emitter(src, plan, top + step, top + 2 * step)
    block = []
    previous_end = key_line
    for item in plan.items:
        block.extend(
            src.comment_lines(
                previous_end + 1, item.node.start_mark.line - 1, top + step - dash, top + step
            )
        )
        block.extend(emitter.item(item))
        previous_end = src.end_line(item.node)
    # Indented comments right after the last model still belong to it.
    while (
        previous_end + 1 < len(lines)
        and (previous_end + 1) in comments
        and lines[previous_end + 1].lstrip().startswith("#")
        and comments[previous_end + 1].column > top
    ):
        previous_end += 1
        block.append(shift(lines[previous_end], top + step - dash))
    new = block + emitter.backends(top)
    return "\n".join(lines[: key_line + 1] + new + lines[previous_end + 1 :])
