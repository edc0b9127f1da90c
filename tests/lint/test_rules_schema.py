"""Schema findings (MM10x) as validate reports them."""

from __future__ import annotations

from lint_helpers import messages, where


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


def test_a_null_model_says_null_once() -> None:
    text = "models:\n  a:\n  b: {backend: openai/gpt-4}\n"
    assert where(text, "MM1") == [(2, 5, "MM102")]
    assert messages(text, "MM102") == ["'models.a' must be a mapping, not null"]


def test_a_model_written_as_a_reference_says_how_to_write_it() -> None:
    text = "models:\n  gpt-4: openai/gpt-4\n"
    assert where(text, "MM1") == [(2, 10, "MM102")]
    assert messages(text, "MM102")[0].endswith("; write gpt-4: {backend: openai/gpt-4}")


def test_exponent_numbers_that_yaml_reads_as_text_get_a_spelling_that_works() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        parameters: {temperature: 1e-1}
    backends:
      openai:
        models:
          gpt-4: {context_window: 1.28e5, pricing: {input: 1e-10}}
    """
    assert where(text, "MM1") == [(4, 31, "MM102"), (8, 31, "MM102"), (8, 56, "MM102")]
    found = messages(text, "MM102")
    assert "write 0.1" in found[0]
    assert "write 128000" in found[1]
    assert "write 1.0e-10" in found[2]


def test_a_single_string_where_a_list_belongs_says_the_list_to_write() -> None:
    text = """\
    models:
      a: {backend: openai/gpt-4, aliases: smart, capabilities: "chat, vision"}
    fallback_providers: anthropic
    """
    assert where(text, "MM1") == [(2, 39, "MM102"), (2, 60, "MM102"), (3, 21, "MM102")]
    assert [m.split("; ")[-1] for m in messages(text, "MM102")] == [
        "write [smart]",
        "write [chat, vision]",
        "write [anthropic]",
    ]


def test_a_version_that_does_not_fit_the_shape_of_models_says_what_decides() -> None:
    text = "version: 2\nmodels:\n  - gpt-4\n"
    assert where(text, "MM1") == [(1, 10, "MM105"), (2, 1, "MM110")]
    assert messages(text, "MM105") == [
        "'version' must be 1, not 2 when 'models' is a list (format 1); or remove the line: "
        "the shape of 'models' decides the format"
    ]
