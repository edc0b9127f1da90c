"""Quick paths give what the slow ones give: escaping report text, locating findings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.loader import Document, load_text
from modelmap.report.text import _CONTROL, escaped

TEXT = """\
models:
  a:
    backend: openai/gpt-4o
    parameters: {temperature: 0.1, top_p: 1, temp1: 2}
    aliases: [x, y]
  b: {backend: openai/gpt-4o, fallbacks: [a]}
backends:
  openai: {provider: openai, models: {gpt-4o: {context_window: 1}}}
"""
PATHS = [
    ("models", "a", "parameters", "temp1"),
    ("models", "a", "parameters", "top_p"),
    ("models", "a", "parameters", "missing"),
    ("models", "a", "aliases", 1),
    ("models", "a", "aliases", 7),
    ("models", "b", "fallbacks", 0),
    ("models", "b"),
    ("models",),
    (),
    ("backends", "openai", "models", "gpt-4o", "context_window"),
    ("models", "a", "backend", "deeper"),
    ("nothing", "here"),
]


def fresh(path: tuple[str | int, ...]) -> tuple[int, int, int, int]:
    """Where the plain walk from the root (nothing reused) finds ``path``."""
    loaded = load_text(TEXT, "t.yaml").document
    assert loaded is not None and loaded._root is not None
    key_node, node, _ = loaded._walk(loaded._root, loaded._root, path)
    key, value = key_node.start_mark, node.start_mark
    return (key.line + 1, key.column + 1, value.line + 1, value.column + 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PATHS), max_size=30))
def test_locating_in_any_order_matches_a_fresh_document(order: list[tuple[str | int, ...]]) -> None:
    document = load_text(TEXT, "t.yaml").document
    assert isinstance(document, Document)
    for path in order:
        assert tuple(document.locate(path)) == fresh(path), path


def test_a_key_is_located_on_its_line() -> None:
    document = load_text(TEXT, "t.yaml").document
    assert document is not None
    assert document.locate(("models", "a", "parameters", "temp1"))[:2] == (4, 46)
    assert document.locate(("models", "a", "parameters", "missing"))[:2] == (4, 5)


@given(st.text())
def test_escaping_equals_translating_every_character(text: str) -> None:
    assert escaped(text) == text.translate(_CONTROL)


def test_control_characters_are_escaped() -> None:
    assert escaped("a\nb\x1b[31m\x7f") == "a\\nb\\x1b[31m\\x7f"
    assert escaped("plain – ü") == "plain – ü"
