"""MM403: yes/no/on/off, booleans to modelmap (YAML 1.1) but text to YAML 1.2 editors."""

from __future__ import annotations

from lint_helpers import messages, where


def test_yes_no_on_off_are_named_where_they_are_written() -> None:
    text = """\
        models:
          a: {backend: openai/x, enabled: no}
          b:
            backend: openai/y
            enabled: Off  # for now
        """
    assert where(text, "MM403") == [(2, 35, "MM403"), (5, 14, "MM403")]
    assert messages(text, "MM403") == [
        "'no' is a boolean in YAML 1.1 (modelmap) but text in YAML 1.2 editors; write false",
        "'Off' is a boolean in YAML 1.1 (modelmap) but text in YAML 1.2 editors; write false",
    ]


def test_true_false_and_quoted_words_are_not_reported() -> None:
    text = """\
        models:
          a: {backend: openai/x, enabled: false, description: "no"}
          b: {backend: openai/y, enabled: true, aliases: ['on', off-peak]}
        """
    assert where(text, "MM403") == []
