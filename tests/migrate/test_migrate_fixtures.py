"""Exact before/after text: what `modelmap migrate` prints for each fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from migrate_helpers import EXAMPLES, FIXTURES, OPTIONS, comments, lint

from modelmap.config.build import detect_format
from modelmap.loader import load_bytes
from modelmap.migrate import MigrateOptions, migrate_bytes

NAMES = sorted(p.name.removesuffix(".before.yaml") for p in FIXTURES.glob("*.before.yaml"))


def _migrate(raw: bytes, name: str) -> bytes:
    return migrate_bytes(raw, f"{name}.yaml", MigrateOptions(**OPTIONS.get(name, {}))).migrated


def test_every_fixture_has_an_expected_result() -> None:
    assert len(NAMES) >= 8
    for name in NAMES:
        assert (FIXTURES / f"{name}.after.yaml").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_migrated_text_is_exactly_the_expected_text(name: str) -> None:
    before = (FIXTURES / f"{name}.before.yaml").read_bytes()
    after = (FIXTURES / f"{name}.after.yaml").read_bytes()
    assert _migrate(before, name).decode("utf-8") == after.decode("utf-8")
    assert _migrate(before, name) == after


@pytest.mark.parametrize("name", NAMES)
def test_migrating_twice_equals_migrating_once(name: str) -> None:
    once = _migrate((FIXTURES / f"{name}.before.yaml").read_bytes(), name)
    result = migrate_bytes(once, f"{name}.yaml")
    assert not result.legacy
    assert result.migrated == once


@pytest.mark.parametrize("name", NAMES)
def test_result_validates_and_is_in_the_mapping_format(name: str) -> None:
    after = _migrate((FIXTURES / f"{name}.before.yaml").read_bytes(), name)
    checked = lint(after)
    assert checked.errors == []
    loaded = load_bytes(after, "x.yaml").document
    assert loaded is not None and detect_format(loaded.data) == 2


@pytest.mark.parametrize("name", NAMES)
def test_every_comment_is_kept(name: str) -> None:
    before = (FIXTURES / f"{name}.before.yaml").read_bytes()
    kept = comments(_migrate(before, name))
    assert sorted(kept) == sorted(comments(before))
    # Header comments stay at the top.
    assert kept[:1] == comments(before)[:1]


def test_crlf_bom_and_line_breaks_are_kept() -> None:
    crlf = _migrate((FIXTURES / "crlf.before.yaml").read_bytes(), "crlf")
    assert crlf.count(b"\n") == crlf.count(b"\r\n") > 0
    bom = _migrate((FIXTURES / "unicode.before.yaml").read_bytes(), "unicode")
    assert bom.startswith(b"\xef\xbb\xbf") and bom.count(b"\xef\xbb\xbf") == 1


def test_missing_final_newline_is_not_added() -> None:
    raw = b"models:\n  - name: gpt-4\n    aliases: [a]"
    assert _migrate(raw, "x") == (
        b'models:\n  gpt-4:\n    backend: "openai/gpt-4"\n    aliases: [a]\n'
        b'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"'
    )


def test_empty_legacy_list() -> None:
    assert _migrate(b"models: []  # none yet\n", "x") == b"models: {}  # none yet\n"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_migrate_cleanly(path: Path) -> None:
    raw = path.read_bytes()
    result = migrate_bytes(raw, path.name)
    if not result.legacy:
        assert result.migrated == raw  # already migrated: byte-for-byte the same
    else:
        assert lint(result.migrated).errors == []
        assert migrate_bytes(result.migrated, path.name).migrated == result.migrated


def test_readme_before_and_after_example_is_true() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Migrate\n", 1)[1].split("\n## ", 1)[0]
    blocks = [part.split("```", 1)[0] for part in section.split("```yaml\n")[1:3]]
    before, after = (block.encode() for block in blocks)
    assert _migrate(before, "readme") == after


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_break_inside_a_quoted_value(brk: str) -> None:
    # YAML counts U+2028, U+2029 and NEL as line breaks; the rewrite must not lose its place.
    raw = (
        f'models:\n  - name: gpt-4\n    description: "a{brk}b"  # d\n'
        "  # about o\n  - name: o  # x\n    provider: ollama\n"
    ).encode()
    assert _migrate(raw, "x").decode() == (
        f'models:\n  gpt-4:\n    backend: "openai/gpt-4"\n    description: "a{brk}b"  # d\n'
        '  # about o\n  o:  # x\n    backend: "ollama/o"\n'
        'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n'
        '  ollama:\n    base_url: "http://localhost:11434"\n'
    )


def test_mixed_line_endings_are_kept_where_the_text_is_kept() -> None:
    # Mostly LF with two CRLF lines: the untouched lines keep their endings, new lines
    # take the file's usual one (LF), instead of every line turning CRLF.
    raw = b"# a\n# b\nmodels:\r\n  - gpt-4\n# tail\r\n"
    assert _migrate(raw, "x") == (
        b'# a\n# b\nmodels:\r\n  gpt-4:\n    backend: "openai/gpt-4"\n'
        b'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n# tail\r\n'
    )
    crlf = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert _migrate(crlf, "x") == _migrate(raw, "x").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_anchor_on_the_models_list_keeps_the_indentation() -> None:
    # The list node starts at its anchor, not at its first "-".
    raw = b"models: &all\n  - gpt-4  # c\n  - name: o\n    provider: ollama\n"
    assert _migrate(raw, "x") == (
        b'models: &all\n  gpt-4:  # c\n    backend: "openai/gpt-4"\n'
        b'  o:\n    backend: "ollama/o"\n'
        b'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n'
        b'  ollama:\n    base_url: "http://localhost:11434"\n'
    )


def test_mixed_line_endings_are_kept_past_the_version_line() -> None:
    # `version: 1` becomes 2 in place: the lines after it are still kept lines.
    raw = b"version: 1\r\n# a\n# b\r\nmodels:\n  - gpt-4\n"
    assert _migrate(raw, "x") == (
        b'version: 2\r\n# a\n# b\r\nmodels:\n  gpt-4:\n    backend: "openai/gpt-4"\n'
        b'backends:\n  openai:\n    api_key: "${OPENAI_API_KEY}"\n'
    )
    raw = b"models:\n  - gpt-4\n# t\r\nversion: 1\r\n# end\n"
    assert _migrate(raw, "x").endswith(b'"\n# t\r\nversion: 2\r\n# end\n')
