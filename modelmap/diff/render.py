"""The output formats of ``modelmap diff``: text, markdown, json and github, picked by name."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from modelmap.diff import changes as k
from modelmap.diff.changes import Change, summarise
from modelmap.diff.describe import is_warning, label, sentence, summary_text, value_text

_RED, _GREEN, _YELLOW, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[1m", "\x1b[0m"
# Text from the files shown escaped: no escape sequence from a file reaches the terminal.
_CONTROL = {i: repr(chr(i))[1:-1] for i in (*range(32), 127)}
MARKER = "<!-- modelmap diff -->"
_NEW = (k.ADDED, k.CHAIN_ADDED)  # nothing before
_GONE = (k.REMOVED, k.CHAIN_REMOVED)  # nothing after


@dataclass(frozen=True)
class Output:
    """What a renderer needs: the changes and the names of the two files."""

    changes: Sequence[Change]
    old: str
    new: str
    color: bool = False
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # of changed models


def _groups(changes: Sequence[Change]) -> list[list[Change]]:
    """Changes grouped per name, in order; names with a breaking change first."""
    by_name: dict[str, list[Change]] = {}
    for change in changes:
        by_name.setdefault(change.name, []).append(change)
    groups = list(by_name.values())
    return sorted(groups, key=lambda g: not any(c.breaking for c in g))


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _where(change: Change) -> str:
    if change.file is None:
        return ""
    return f"  {change.file}" + (f":{change.line}" if change.line is not None else "")


def render_text(out: Output) -> str:
    """Grouped per name: a line with the name and where it is defined, then its changes."""
    lines = [f"{out.old} -> {out.new}".translate(_CONTROL)]
    for group in _groups(out.changes):
        first = group[0]
        name = _paint(first.name.translate(_CONTROL), _BOLD, out.color)
        also = out.aliases.get(first.name)
        more = f" (aliases: {', '.join(also)})" if also else ""
        lines.append(name + (more + _where(first)).translate(_CONTROL))
        for change in group:
            text = sentence(change).translate(_CONTROL)
            if change.breaking:
                text = _paint(f"! {text} [breaking]", _RED, out.color)
            elif change.kind == k.ADDED:
                text = _paint(f"+ {text}", _GREEN, out.color)
            elif change.kind == k.REMOVED:
                text = _paint(f"- {text}", _RED, out.color)
            elif is_warning(change):
                text = _paint(f"  {text}", _YELLOW, out.color)
            else:
                text = f"  {text}"
            lines.append(f"  {text}")
    lines.append(summary_text(summarise(out.changes)))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    flat = " ".join(text.split())
    return flat.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;") or " "


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text and "|" not in text and text else _cell(text)


def render_markdown(out: Output) -> str:
    """A pull-request comment: a summary line, then one table row per change, breaking first."""
    summary = summarise(out.changes)
    lines = [
        MARKER,
        "### modelmap diff",
        "",
        f"**{summary_text(summary)}** ({_code(out.old)} → {_code(out.new)})",
    ]
    if out.changes:
        lines += ["", "| | name | change | before | after |", "| --- | --- | --- | --- | --- |"]
        for group in _groups(out.changes):
            for change in sorted(group, key=lambda c: not c.breaking):
                mark = (
                    "**breaking**" if change.breaking else ("warning" if is_warning(change) else "")
                )
                before = "—" if change.kind in _NEW else _cell(value_text(change, False))
                after = "—" if change.kind in _GONE else _cell(value_text(change, True))
                name = _code(change.name)
                also = out.aliases.get(change.name)
                if also:
                    name += " (also " + ", ".join(_code(a) for a in also) + ")"
                lines.append(f"| {mark} | {name} | {_cell(label(change))} | {before} | {after} |")
    return "\n".join(lines) + "\n"


def render_json(out: Output) -> str:
    """``{"changes": [...], "summary": {...}}``."""
    data = {
        "changes": [c.as_dict() for c in out.changes],
        "summary": summarise(out.changes).as_dict(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_github(out: Output) -> str:
    """One workflow command per change, on the line of NEW that defines the name (a removed
    name: on NEW's file as a whole). Breaking: error; a lost fallback, a smaller limit or a
    higher price: warning; anything else: notice."""
    from modelmap.report.github import escape_data, escape_property
    from modelmap.report.paths import relative_path

    lines = []
    for change in out.changes:
        command = "error" if change.breaking else "warning" if is_warning(change) else "notice"
        props = [f"file={escape_property(relative_path(out.new))}"]
        if change.kind != k.REMOVED and change.line is not None:
            props.append(f"line={change.line}")
        props.append(f"title={escape_property(f'modelmap diff: {change.name}')}")
        lines.append(f"::{command} {','.join(props)}::{escape_data(sentence(change))}")
    return "".join(line + "\n" for line in lines)


RENDERERS: dict[str, Callable[[Output], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
}
