"""The ``resolve`` panel and the ``list`` table on a terminal, fitted to its width.

A model id, a number, a price, a URL or a variable name is never split across lines:
lines break only between words (a list breaks between its items). When the table or the
label column does not fit, the view changes layout instead: the list drops its least
useful columns, then stacks each model's fields under its name; the panel puts each value
under its label, and each chain entry's details under it. Only a single word wider than
the whole terminal is left for the terminal to wrap.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

from modelmap.cli.resolve_view import (
    LIST_HEADERS,
    _extra_lines,
    _params,
    _secret,
    list_rows,
    resolution_rows,
)

_GAP = 2
# Columns the list drops first on a narrow terminal: the provider usually repeats the
# backend's name; aliases and capabilities are lists `resolve` shows in full.
_DROP_ORDER = ("provider", "aliases", "capabilities")
_LISTS = {"aliases", "capabilities"}


def _wrap(text: str, width: int, indent: str = "", more: str = "") -> list[str]:
    """``text`` broken between words only (never inside one) to ``width`` columns; lines
    after the first are indented by ``more`` beyond ``indent``."""
    return textwrap.wrap(
        text,
        width=max(width, 1),
        initial_indent=indent,
        subsequent_indent=indent + more,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _wrap_line(line: str, width: int) -> list[str]:
    """A line of text wrapped under its own indentation, continued two columns in."""
    lead = " " * (len(line) - len(line.lstrip()))
    return _wrap(line.strip(), width, lead, "  ")


def _print_lines(console: Console, lines: list[tuple[str, str]], title: str | None) -> None:
    """Lines of (bold part, rest), in a panel titled ``title`` when one is given."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    texts = []
    for bold, rest in lines:
        text = Text(no_wrap=True, overflow="ignore")
        text.append(bold, style="bold")
        text.append(rest)
        texts.append(text)
    if title is None:
        for text in texts:
            console.print(text, soft_wrap=True)
    else:
        console.print(Panel(Group(*texts), title=Text(title), expand=False))


def _rows(data: dict[str, Any], width: int) -> list[tuple[str, str]]:
    """The label/value rows: side by side when every one fits, else each value under its
    label."""
    rows = resolution_rows(data)
    label_width = max(len(label) for label, _ in rows)
    side = [(label.ljust(label_width), f"  {value}") for label, value in rows]
    if max(len(bold + rest) for bold, rest in side) <= width:
        return side
    lines: list[tuple[str, str]] = []
    for label, value in rows:
        lines.append((label, ""))
        lines += [("", line) for line in _wrap(value, width, "  ")]
    return lines


def _chain(data: dict[str, Any], explain: bool, width: int) -> list[tuple[str, str]]:
    """The chain: one line an entry when each fits, else its details under it."""
    lines: list[tuple[str, str]] = [("", ""), ("chain", "")]
    entries = []
    for i, entry in enumerate(data["chain"], 1):
        via = entry["via"] + (f": {entry['model']}" if entry["model"] and i > 1 else "")
        target = f"{entry['backend']}/{entry['model_id']}"
        key = f"key {_secret(entry['api_key'])}"
        params = f"parameters: {_params(entry['parameters'])}" if explain else ""
        entries.append((f"{i}. ", target, entry["base_url"], key, f"[{via}]", params))
    one_line = all(len(f"{n}{t}  {u}  {k}  {v}") <= width for n, t, u, k, v, _ in entries)
    for number, target, url, key, via, params in entries:
        if one_line:
            lines.append((number, f"{target}  {url}  {key}  {via}"))
            details = [params] if params else []
        else:
            first, *rest = _wrap(f"{target}  {via}", width - len(number), "", "  ")
            lines.append((number, first))
            lines += [("", " " * len(number) + line) for line in rest]
            details = [url, key, *([params] if params else [])]
        for detail in details:
            lines += [("", line) for line in _wrap(detail, width, "   ", "  ")]
    for extra in _extra_lines(data, explain):
        lines += [("", line) for line in _wrap_line(extra, width)]
    return lines


def _widest_word(lines: list[tuple[str, str]]) -> int:
    return max((len(word) for bold, rest in lines for word in (bold + rest).split()), default=0)


def rich_resolution(data: dict[str, Any], console: Console, explain: bool = False) -> None:
    """The resolution as a panel fitted to the terminal (see the module docstring)."""
    inner = console.width - 4  # the panel's borders and padding
    lines = _rows(data, inner) + _chain(data, explain, inner)
    if _widest_word(lines) + 4 <= inner:
        _print_lines(console, lines, data["requested"])
    else:  # a word wider than any panel: no border, the whole width for it
        width = console.width
        _print_lines(console, _rows(data, width) + _chain(data, explain, width), None)


def _table_width(widths: list[int]) -> int:
    """Columns and the two spaces between them (no box, no edge padding)."""
    return sum(widths) + _GAP * (len(widths) - 1)


def _min_width(header: str, cells: list[str], listed: bool) -> int:
    words = [len(w) for w in header.split()]
    if listed:  # breaks between items
        words += [len(item) for cell in cells for item in cell.split(", ")]
    else:
        words += [len(cell) for cell in cells]
    return max(words)


def rich_list(models: list[dict[str, Any]], console: Console) -> None:
    """The model table fitted to the terminal (see the module docstring)."""
    from rich.table import Table
    from rich.text import Text

    rows = list_rows(models)
    columns = list(LIST_HEADERS)
    cells = {name: [row[i] for row in rows] for i, name in enumerate(columns)}
    for dropped in range(len(_DROP_ORDER) + 1):
        shown = [c for c in columns if c not in _DROP_ORDER[:dropped]]
        widths = [_min_width(c, cells[c], c in _LISTS) for c in shown]
        if _table_width(widths) <= console.width:
            break
    else:
        _stacked_list(rows, console)
        return
    # Fixed widths: each token column as wide as its widest cell, the lists sharing what is
    # left up to their whole length (rich would otherwise narrow them below an item).
    spare = console.width - _table_width(widths)
    for i, name in enumerate(shown):
        if name in _LISTS:
            grow = min(spare, max(len(cell) for cell in [name, *cells[name]]) - widths[i])
            widths[i] += max(grow, 0)
            spare -= max(grow, 0)
    for i, name in enumerate(shown):  # then whole headers, where there is room
        grow = min(spare, len(name) - widths[i])
        if grow > 0:
            widths[i] += grow
            spare -= grow
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    for name, width in zip(shown, widths, strict=True):
        table.add_column(name, width=width, overflow="fold")
    for i in range(len(rows)):
        table.add_row(*(Text(cells[name][i]) for name in shown))
    console.print(table)


def _stacked_list(rows: list[tuple[str, ...]], console: Console) -> None:
    """One block per model: its name, then one field a line (a list wraps between items)."""
    labels = LIST_HEADERS[1:]
    width = max(len(label) for label in labels)
    lines: list[tuple[str, str]] = []
    for row in rows:
        lines.append((row[0], ""))
        for label, value in zip(labels, row[1:], strict=True):
            items = value.split(", ") if label in _LISTS else [value]
            joined = ", ".join(i.replace(" ", "\u00a0") for i in items)
            room = console.width - width - 4
            if max(len(item) for item in items) > room:  # the value under its label
                lines.append(("", f"  {label}"))
                wrapped = _wrap(joined, console.width, "    ")
            else:
                wrapped = [
                    (f"  {label.ljust(width)}  " if n == 0 else " " * (width + 4)) + line
                    for n, line in enumerate(_wrap(joined, room))
                ]
            lines += [("", line.replace("\u00a0", " ")) for line in wrapped]
    _print_lines(console, lines, None)
