"""Read a YAML file into plain data while keeping the position of every key and value.

PyYAML's own loaders forget positions and silently keep the last of two duplicate keys, so
we compose the node graph (with the C parser when present) and build the data ourselves,
guarding against hostile input: size, alias expansion ("billion laughs"), nesting depth,
recursive aliases and bad encodings all become located findings instead of tracebacks.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path as FsPath

import yaml

from modelmap.loader.build import Abort, Builder
from modelmap.loader.document import Document, Key, Path, Pos
from modelmap.loader.limits import (
    BAD_TAG,
    DUPLICATE_KEY,
    EMPTY,
    ENCODING,
    LIMIT,
    MAX_BYTES,
    MAX_DEPTH,
    MIN_ALIAS_BUDGET,
    NOT_MAPPING,
    SYNTAX,
)
from modelmap.loader.scalars import ComposeLoader, TagError
from modelmap.problems import Problem, Severity

__all__ = [
    "BAD_TAG",
    "DUPLICATE_KEY",
    "EMPTY",
    "ENCODING",
    "LIMIT",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MIN_ALIAS_BUDGET",
    "NOT_MAPPING",
    "SYNTAX",
    "Document",
    "Key",
    "LoadResult",
    "Path",
    "Pos",
    "gc_paused",
    "load_bytes",
    "load_file",
    "load_text",
]


@dataclass
class LoadResult:
    """What loading produced: a document when the file could be read, and the findings."""

    document: Document | None
    problems: list[Problem]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a burst of allocation.

    Loading and linting create hundreds of thousands of small acyclic objects; the
    collector would walk the whole growing heap again and again (4x the time of a 10,000
    model file) to find no cycles. Reference counting still frees everything.
    Overlapping loads (threads) share one pause: the last to end restores the state the
    first one found.
    """
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


_pause_lock = threading.Lock()
_pauses = 0  # gc_paused blocks running now, in any thread
_was_enabled = False  # the collector's state when the first of them began


def _decode(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Problem(
            display,
            line,
            column,
            ENCODING,
            Severity.ERROR,
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        )


def _one(display: str, line: int, column: int, code: str, message: str) -> LoadResult:
    return LoadResult(None, [Problem(display, line, column, code, Severity.ERROR, message)])


def load_bytes(raw: bytes, display: str) -> LoadResult:
    """Parse ``raw`` as a YAML configuration named ``display`` in findings."""
    if len(raw) > MAX_BYTES:
        return _one(display, 1, 1, LIMIT, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    text, bad = _decode(raw, display)
    if text is None:
        assert bad is not None
        return LoadResult(None, [bad])
    return load_text(text, display)


# A line whose first non-blank character does not start a comment (searching beats
# splitting a large file into lines just to find that its first line has content).
_CONTENT = re.compile(r"^\s*[^\s#]", re.MULTILINE)


def load_text(text: str, display: str) -> LoadResult:
    """Parse YAML ``text``; ``display`` names the file in findings."""
    if _CONTENT.search(text) is None:
        return _one(display, 1, 1, EMPTY, "the file is empty; it needs at least a 'models' section")
    with gc_paused():
        return _parse(text, display)


def _parse(text: str, display: str) -> LoadResult:
    try:
        node = yaml.compose(text, Loader=ComposeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        return _one(display, line, column, SYNTAX, f"YAML syntax error: {what}{context}")
    except yaml.reader.ReaderError as exc:
        return _one(display, *_reader_position(text, exc), SYNTAX, _reader_message(exc))
    except yaml.YAMLError as exc:
        return _one(display, 1, 1, SYNTAX, f"YAML syntax error: {exc}")
    except RecursionError:
        return _one(display, 1, 1, LIMIT, "nesting is too deep to parse; flatten the structure")
    except UnicodeEncodeError as exc:  # text from a caller with a lone surrogate ('\ud800')
        where = _end_of(text[: exc.start])
        return _one(display, *where, ENCODING, "a lone surrogate, not a character; fix the text")
    if node is None:
        return _one(display, 1, 1, EMPTY, "the file is empty; it needs at least a 'models' section")
    if not isinstance(node, yaml.MappingNode):
        mark = node.start_mark
        return _one(
            display,
            mark.line + 1,
            mark.column + 1,
            NOT_MAPPING,
            "the top level must be a mapping with a 'models' key, not a "
            + ("list" if isinstance(node, yaml.SequenceNode) else "single value"),
        )
    builder = Builder(display, node, anchors="&" in text)
    try:
        data = builder.build(node, 0)
    except Abort as abort:
        return LoadResult(None, [*builder.problems, abort.problem])
    except TagError as exc:
        mark = exc.node.start_mark
        bad = Problem(display, mark.line + 1, mark.column + 1, BAD_TAG, Severity.ERROR, str(exc))
        return LoadResult(None, [*builder.problems, bad])
    except RecursionError:
        return _one(display, 1, 1, LIMIT, "nesting is too deep to parse; flatten the structure")
    return LoadResult(Document(display, text, data, node), builder.problems)


def _reader_position(text: str, exc: yaml.reader.ReaderError) -> tuple[int, int]:
    """Line and column of a character the reader refused (libyaml counts UTF-8 bytes)."""
    if isinstance(exc.character, int):
        return _end_of(text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
    return _end_of(text[: exc.position])


def _end_of(before: str) -> tuple[int, int]:
    """The 1-based line and column of the character that follows ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return (
        f"YAML syntax error: character U+{code:04X} is not allowed in YAML; remove it "
        f"(inside double quotes it may be written as the escape \\u{code:04x})"
    )


def load_file(path: FsPath, display: str | None = None) -> LoadResult:
    """Read and parse a file; an unreadable file is a finding, not an exception."""
    shown = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _one(shown, 1, 1, SYNTAX, "no such file")
    except IsADirectoryError:
        return _one(shown, 1, 1, SYNTAX, "is a directory, not a file")
    except OSError as exc:
        return _one(shown, 1, 1, SYNTAX, f"cannot read the file: {exc.strerror or exc}")
    return load_bytes(raw, shown)
