"""MM401, MM402: parameter and capability names."""

from __future__ import annotations

from lint_helpers import messages, where


def test_unknown_parameters_with_suggestions() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        parameters:
          temprature: 0.5
          top_p: 0.9
          stop_sequences: ["\\n"]
          reasoning_effort: low
    model_defaults:
      max_token: 100
      seed: 1
    """
    assert where(text, "MM4") == [(5, 7, "MM401"), (7, 7, "MM401"), (10, 3, "MM401")]
    found = messages(text, "MM401")
    assert "'temperature'" in found[0]
    assert "'stop'" in found[1]
    assert "'max_tokens'" in found[2]


def test_unknown_parameter_in_legacy_entry() -> None:
    text = "models:\n  - name: gpt-4\n    parameters: {tempreature: 1}\n"
    assert where(text, "MM4") == [(3, 18, "MM401")]


def test_unknown_capabilities_in_models_and_catalogs() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        capabilities: [chat, vison, tools]
    backends:
      openai:
        models:
          gpt-4: {capabilities: [chat, embeddings]}
    """
    assert where(text, "MM4") == [(4, 26, "MM402"), (8, 36, "MM402")]
    found = messages(text, "MM402")
    assert "'vision'" in found[0]
    assert "'embedding'" in found[1]
