"""The loader keeps positions, finds duplicate keys and survives hostile input."""

from __future__ import annotations

import pytest

from modelmap.loader import load_bytes, load_text


def codes(text: str) -> list[tuple[int, int, str]]:
    result = load_text(text, "t.yaml")
    return [(p.line, p.column, p.code) for p in result.problems]


def test_positions_of_keys_and_values() -> None:
    doc = load_text("models:\n  gpt-4:\n    backend: openai/gpt-4\n", "t.yaml").document
    assert doc is not None
    assert doc.pos(("models", "gpt-4", "backend")) == (3, 5)
    assert doc.pos(("models", "gpt-4", "backend"), key=False) == (3, 14)
    assert doc.pos(("models", "gpt-4", "missing")) == (2, 3)


def test_duplicate_keys_at_any_depth() -> None:
    text = "models:\n  a:\n    backend: x/y\n    backend: x/z\n  a: {}\n"
    assert codes(text) == [(4, 5, "MM002"), (5, 3, "MM002")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "MM003"),
        ("# only a comment\n", "MM003"),
        ("- a\n- b\n", "MM004"),
        ("just text\n", "MM004"),
        ("models: [\n", "MM001"),
        ("a: &x [*x]\n", "MM006"),
    ],
)
def test_unusable_files(text: str, code: str) -> None:
    result = load_text(text, "t.yaml")
    assert result.document is None
    assert [p.code for p in result.problems] == [code]


def test_billion_laughs_is_refused() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    result = load_text("\n".join(lines) + "\n", "t.yaml")
    assert result.document is None
    assert result.problems[0].code == "MM006"


def test_deep_nesting_is_refused() -> None:
    result = load_text("a: " + "[" * 100 + "]" * 100 + "\n", "t.yaml")
    assert result.document is None
    assert result.problems[0].code == "MM006"


def test_invalid_utf8_is_located() -> None:
    result = load_bytes(b"models:\n  caf\xe9: {}\n", "t.yaml")
    assert [(p.line, p.column, p.code) for p in result.problems] == [(2, 6, "MM005")]


def test_merge_keys_are_applied() -> None:
    text = "base: &b {temperature: 1, top_p: 0.5}\nm:\n  <<: *b\n  temperature: 2\n"
    doc = load_text(text, "t.yaml").document
    assert doc is not None
    assert doc.data["m"] == {"temperature": 2, "top_p": 0.5}
