"""``modelmap migrate`` keeps suppression comments on the line of the same key or value,
so a legacy file that validates clean still does once migrated."""

from __future__ import annotations

from modelmap.migrate import migrate_bytes

from .conftest import Validate, Write

SETTINGS = '[policy]\nrequire-description = true\nallowed-providers = ["anthropic"]\n'
LEGACY = """\
version: 1
models:
  - name: gpt-4o  # modelmap: ignore[require-description]
    provider: openai  # modelmap: ignore[allowed-providers]
    model: gpt-4o  # pinned
    capabilities: [chat, telepathy]  # modelmap: ignore[MM402]
"""


def test_suppressions_survive_migration_on_the_same_key_or_value(
    write: Write, validate: Validate
) -> None:
    write(".modelmap.toml", SETTINGS)
    before = write("m.yaml", LEGACY)
    assert validate(before, "--strict").codes() == ["MM110"]  # legacy-format (info) only
    after = migrate_bytes(LEGACY.encode(), "m.yaml").migrated.decode()
    lines = after.splitlines()
    assert "  gpt-4o:  # modelmap: ignore[require-description]" in lines
    assert '    backend: "openai/gpt-4o"  # modelmap: ignore[allowed-providers]' in lines
    assert "    capabilities: [chat, telepathy]  # modelmap: ignore[MM402]" in lines
    run = validate(write("m.yaml", after), "--strict")
    assert (run.exit_code, run.found) == (0, [])


def test_a_suppression_on_the_model_line_moves_beside_the_backend(
    write: Write, validate: Validate
) -> None:
    legacy = LEGACY.replace(
        "provider: openai  # modelmap: ignore[allowed-providers]", "provider: openai  # direct"
    ).replace("model: gpt-4o  # pinned", "model: gpt-4o  # modelmap: ignore[MM605]")
    after = migrate_bytes(legacy.encode(), "m.yaml").migrated.decode()
    lines = after.splitlines()
    assert '    backend: "openai/gpt-4o"  # modelmap: ignore[MM605]' in lines
    assert "    # direct" in lines  # the other comment is kept, above
    write(".modelmap.toml", SETTINGS)
    run = validate(write("m.yaml", after), "--strict")
    assert (run.exit_code, run.found) == (0, [])
