"""Schema findings (MM10x) as validate reports them."""

from __future__ import annotations

from lint_helpers import where


def test_nan_is_out_of_range_wherever_a_range_applies() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        parameters: {temperature: .nan, top_p: .NaN}
    backends:
      openai:
        timeout: .nan
        models:
          gpt-4: {pricing: {input: .nan}}
    """
    assert where(text, "MM1") == [
        (4, 31, "MM103"),
        (4, 44, "MM103"),
        (7, 14, "MM103"),
        (9, 32, "MM103"),
    ]
