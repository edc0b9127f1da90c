"""What migrate refuses, and the rarer shapes it still handles."""

from __future__ import annotations

import pytest
from migrate_helpers import lint

from modelmap.errors import ConfigError, ModelmapError, UsageError
from modelmap.migrate import MigrateOptions, migrate_bytes


def _migrate(text: str, **options: object) -> str:
    opts = MigrateOptions(**options)  # type: ignore[arg-type]
    return migrate_bytes(text.encode(), "m.yaml", opts).migrated.decode()


def test_undeterminable_backends_name_each_model_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        _migrate("models:\n  - gpt-4\n  - name: foo\n  - bar\n")
    message = str(caught.value)
    assert "cannot tell the backend of 2 models: 'foo' (line 3), 'bar' (line 4)" in message
    assert "--default-backend" in message


def test_default_backend_may_name_a_declared_backend() -> None:
    text = (
        "models:\n  - name: mine\nbackends:\n  lab:\n    provider: custom\n"
        '    base_url: "http://127.0.0.1:8000/v1"\n'
    )
    result = migrate_bytes(text.encode(), "m.yaml", MigrateOptions(default_backend="lab"))
    assert result.migrated.decode() == (
        'models:\n  mine:\n    backend: "lab/mine"\nbackends:\n  lab:\n    provider: custom\n'
        '    base_url: "http://127.0.0.1:8000/v1"\n'
    )
    assert any("'backends' was ignored by the list format" in note for note in result.notes)
    assert lint(result.migrated).errors == []


def test_default_backend_must_exist() -> None:
    with pytest.raises(UsageError, match="'lab' is neither a provider type"):
        _migrate("models:\n  - name: mine\n", default_backend="lab")


def test_default_backend_custom_needs_a_declared_backend_with_a_base_url() -> None:
    # The implicit 'custom' backend has no address: the result would not validate (MM205).
    with pytest.raises(UsageError, match="'custom' has no base_url"):
        _migrate("models:\n  - name: mine\n", default_backend="custom")


def test_a_result_that_would_not_validate_is_refused_unless_forced() -> None:
    # The list format ignores top-level 'backends'; the mapping format checks it.
    text = "models:\n  - gpt-4\nbackends: 5\n"
    with pytest.raises(ConfigError, match="the migrated file would not validate") as caught:
        _migrate(text)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.code) == ("m.yaml (after migration)", 4, "MM102")
    assert "backends: 5\n" in _migrate(text, force=True)


def test_forced_migration_still_refuses_what_cannot_be_carried_over() -> None:
    with pytest.raises(ConfigError, match="'gpt-4' \\(line 3\\) is listed twice"):
        _migrate("models:\n  - gpt-4\n  - gpt-4\n", force=True)
    with pytest.raises(ConfigError, match="the item at line 2 has no name"):
        _migrate("models:\n  - description: nameless\n", force=True)


def test_unloadable_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="cannot be loaded"):
        _migrate("models: [a\n")


def test_comment_inside_a_multiline_flow_list_is_refused_not_lost() -> None:
    text = "models: [gpt-4,  # first\n  claude-3]\n"
    with pytest.raises(ModelmapError, match="'# first' would be lost"):
        _migrate(text)


@pytest.mark.parametrize(
    "text",
    [
        "models:\n  - name: a1\n    provider: &p ollama\n  - name: a2\n    provider: *p\n",
        "models:\n  - &m\n    name: a1\n    provider: ollama\n  - name: a2\n    <<: *m\n",
        "defaults: &p {top_k: 5}\nmodels:\n  - name: a1\n    provider: ollama\n"
        "    parameters: *p\n",
    ],
)
def test_aliases_in_the_models_list_are_refused_with_the_line_and_the_fix(text: str) -> None:
    with pytest.raises(ConfigError, match=r"line \d+ uses the YAML alias \*[mp] in the models"):
        _migrate(text, force=True)


def test_an_anchor_in_the_models_list_used_below_it_still_migrates() -> None:
    text = (
        "models:\n  - name: a1\n    provider: ollama\n    parameters: &p {top_k: 5}\n"
        "model_defaults: *p\n"
    )
    assert "    parameters: &p {top_k: 5}\nbackends:\n" in _migrate(text)


def test_version_1_becomes_2_and_quoted_names_stay_quoted() -> None:
    assert _migrate("version: 1  # old\nmodels:\n  - name: 'o1'\n    model: 'o1-2024'\n") == (
        "version: 2  # old\nmodels:\n  'o1':\n    backend: 'openai/o1-2024'\n"
        'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n'
    )


def test_names_that_need_quoting_as_keys_are_quoted() -> None:
    # forced: the mapping format refuses whitespace in the model id (MM201)
    out = _migrate('models:\n  - name: "a\\tb"\n    provider: ollama\n', force=True)
    assert out.startswith('models:\n  "a\\tb":\n    backend: "ollama/a\\tb"\n')


def test_nested_comments_and_block_values_move_with_their_model() -> None:
    text = (
        "models:\n"
        "  - parameters:\n"
        "      # sampling\n"
        "      temperature: 0.3\n"
        "    name: claude-3-haiku  # small\n"
        "    aliases:\n"
        "      - haiku   # short\n"
    )
    assert _migrate(text) == (
        "models:\n"
        "  claude-3-haiku:  # small\n"
        '    backend: "anthropic/claude-3-haiku"\n'
        "    parameters:\n"
        "      # sampling\n"
        "      temperature: 0.3\n"
        "    aliases:\n"
        "      - haiku   # short\n"
        "backends:\n"
        "  anthropic:\n"
        '    api_key: "${ANTHROPIC_API_KEY}"\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        "models: [gpt-4o]\nmodels:\n  - gpt-4\n",
        "models: {a: {backend: openai/x}}\nmodels:\n  - gpt-4\n",
        "models:\n  - gpt-4\nversion: 1\nmodels:\n  - gpt-4o\n",
    ],
)
def test_a_top_level_key_written_twice_is_refused_with_its_lines(text: str) -> None:
    # Only --force gets this far (validate reports MM002); it was an internal error.
    with pytest.raises(ConfigError, match=r"top-level 'models' is written twice \(lines 1 and"):
        _migrate(text, force=True)


def test_keep_chomped_block_scalar_keeps_its_trailing_blank_lines() -> None:
    # `|+` keeps the blank lines after it as part of the value; the generated backends
    # section must come after them, not between (it was refused as a changed value).
    text = (
        "models:\n  - name: gpt-4\n    description: |+\n      text\n\n"
        "  - name: gpt-4o\n    description: >+\n      keep\n\n\n# tail\nversion: 1\n"
    )
    assert _migrate(text) == (
        'models:\n  gpt-4:\n    backend: "openai/gpt-4"\n    description: |+\n      text\n\n'
        '  gpt-4o:\n    backend: "openai/gpt-4o"\n    description: >+\n      keep\n\n\n'
        'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n# tail\nversion: 2\n'
    )
    end = "models:\n  - name: gpt-4\n    description: |+\n      text\n\n"
    assert _migrate(end) == (
        'models:\n  gpt-4:\n    backend: "openai/gpt-4"\n    description: |+\n      text\n\n'
        'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n'
    )


def test_comment_between_a_folded_key_and_its_value_moves_above_the_backend() -> None:
    text = (
        "models:\n  - name:\n      gpt-4\n"
        "    model:   # pinned\n      # the dated one\n      gpt-4-0613\n"
    )
    assert _migrate(text) == (
        "models:\n  gpt-4:\n    # pinned\n    # the dated one\n"
        '    backend: "openai/gpt-4-0613"\n'
        'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n'
    )
