"""Migration keeps the meaning: every name and alias resolves to the same place.

Fixed fixtures and examples first, then a property test over generated legacy files written
in varied styles (block or flow entries, bare strings, quoting, comments, CRLF, BOM).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from migrate_helpers import EXAMPLES, FIXTURES, OPTIONS, comments, lint

from modelmap.config.model import Config
from modelmap.errors import ConfigError
from modelmap.migrate import MigrateOptions, migrate_bytes
from modelmap.provider_types import infer_provider
from modelmap.resolve import resolve


def _config(raw: bytes) -> Config:
    checked = lint(raw)
    assert checked.errors == [], checked.errors
    assert checked.config is not None
    return checked.config


def _summary(config: Config, name: str) -> Any:
    try:
        found = resolve(config, name)
    except ConfigError:  # a legacy model whose backend cannot be inferred
        return None
    primary = found.primary
    return (
        found.model,
        primary.backend,
        primary.provider,
        primary.model_id,
        primary.base_url,
        dict(primary.parameters),
        primary.api_key,
        found.capabilities,
        found.description,
        tuple((t.backend, t.provider, t.model_id) for t in found.chain),
    )


def assert_equivalent(before: bytes, after: bytes) -> int:
    """Every name and alias of ``before`` resolves alike in ``after``; returns how many."""
    old, new = _config(before), _config(after)
    names = old.names()
    assert new.names() == names
    for name in names:
        summary = _summary(old, name)
        if summary is not None:
            assert _summary(new, name) == summary, name
    return len(names)


# The list format ignored these top-level sections; after migration they take effect.
ACTIVATES = ("flow", "items")
CASES = [
    *[
        pytest.param(FIXTURES / f"{p.name.removesuffix('.before.yaml')}.before.yaml", id=p.name)
        for p in sorted(FIXTURES.glob("*.before.yaml"))
        if p.name.removesuffix(".before.yaml") not in ACTIVATES
    ],
    *[pytest.param(p, id=p.name) for p in sorted(EXAMPLES.glob("*.yaml"))],
]


@pytest.mark.parametrize("path", CASES)
def test_fixtures_and_examples_resolve_alike(path: Path) -> None:
    name = path.name.removesuffix(".before.yaml")
    raw = path.read_bytes()
    result = migrate_bytes(raw, path.name, MigrateOptions(**OPTIONS.get(name, {})))
    assert assert_equivalent(raw, result.migrated) > 0


def test_default_backend_models_now_resolve() -> None:
    raw = (FIXTURES / "default_backend.before.yaml").read_bytes()
    after = migrate_bytes(raw, "x.yaml", MigrateOptions(default_backend="ollama")).migrated
    found = resolve(_config(after), "mistral").primary
    assert (found.backend, found.provider, found.model_id) == ("ollama", "ollama", "mistral")


# --- generated legacy files -------------------------------------------------------------

_RESERVED = re.compile(r"^(y|n|yes|no|on|off|true|false|null|~)$", re.IGNORECASE)
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*(:[A-Za-z0-9_.-]+)?$")
_WORD = st.text(alphabet=st.sampled_from("abcXYZ019-_.,:!?#'\"/()éü模型→"), min_size=1, max_size=6)
_TEXT = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_PART = st.text(alphabet=st.sampled_from("abz019-._éü模"), min_size=1, max_size=5)
_SUFFIX = st.lists(_PART, min_size=1, max_size=2).map(":".join)
_NAMES = st.builds(
    lambda prefix, suffix: prefix + suffix,
    st.sampled_from(["gpt-", "claude-", "gemini-", "o1-", "text-embedding-", "", "Local_"]),
    _SUFFIX,
)
_PROVIDERS = ["openai", "anthropic", "google", "gemini", "ollama", "together", "huggingface"]
_CAPABILITIES = ["chat", "completion", "embedding", "vision", "tools", "json_mode"]


@st.composite
def _scalar(draw: st.DrawFn, value: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "plain" and _PLAIN.match(value) and not _RESERVED.match(value):
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@st.composite
def _comment(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", "", "  # note", "   # 说明: see docs", " # a#b"]))


@st.composite
def legacy_files(draw: st.DrawFn) -> tuple[bytes, int]:
    """A valid legacy file in a random style, and how many models it has."""
    names = draw(st.lists(_NAMES, min_size=1, max_size=6, unique=True))
    taken = set(names)
    lines = draw(st.sampled_from([[], ["# header"], ["# header", "---"]]))
    lines.append("models:" + draw(_comment()))
    indent = draw(st.sampled_from([0, 2, 4]))
    pad = " " * indent
    for name in names:
        if draw(st.booleans()):
            lines.append(pad + "# about " + name)
        entry: list[tuple[str, str]] = []
        provider = draw(st.sampled_from([None, *_PROVIDERS]))
        model_id = draw(st.none() | _NAMES.map(lambda s: "org/" + s))
        if provider is None and infer_provider(model_id or name) is None:
            provider = draw(st.sampled_from(_PROVIDERS))
        if provider is None and model_id is None and draw(st.booleans()):
            lines.append(f"{pad}- {draw(_scalar(name))}{draw(_comment())}")
            continue
        entry.append(("name", draw(_scalar(name))))
        if provider is not None:
            entry.append(("provider", draw(_scalar(provider))))
        if model_id is not None:
            entry.append(("model", draw(_scalar(model_id))))
        if draw(st.booleans()):
            entry.append(("description", draw(_scalar(draw(_TEXT)))))
        if draw(st.booleans()):
            temperature = draw(st.sampled_from(["0", "0.5", "1.25", "2"]))
            tokens = draw(st.integers(1, 100_000))
            entry.append(("parameters", f"{{temperature: {temperature}, max_tokens: {tokens}}}"))
        aliases = draw(st.lists(_NAMES.filter(lambda a: a not in taken), max_size=2, unique=True))
        taken.update(aliases)
        if aliases:
            entry.append(("aliases", "[" + ", ".join(draw(_scalar(a)) for a in aliases) + "]"))
        if draw(st.booleans()):
            caps = draw(st.lists(st.sampled_from(_CAPABILITIES), min_size=1, unique=True))
            entry.append(("capabilities", "[" + ", ".join(caps) + "]"))
        order = draw(st.permutations(entry))
        if draw(st.booleans()):
            body = ", ".join(f"{k}: {v}" for k, v in order)
            lines.append(f"{pad}- {{{body}}}{draw(_comment())}")
        else:
            for i, (key, value) in enumerate(order):
                lead = f"{pad}- " if i == 0 else pad + "  "
                lines.append(f"{lead}{key}: {value}{draw(_comment())}")
    if draw(st.booleans()):
        lines.append("# the end")
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    if draw(st.booleans()):
        raw = b"\xef\xbb\xbf" + raw
    return raw, len(names)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legacy_files())
def test_generated_legacy_files_migrate_equivalently(case: tuple[bytes, int]) -> None:
    raw, count = case
    result = migrate_bytes(raw, "models.yaml")
    assert result.legacy and result.models == count
    assert lint(result.migrated).errors == []
    assert assert_equivalent(raw, result.migrated) >= count
    assert sorted(comments(result.migrated)) == sorted(comments(raw))
    again = migrate_bytes(result.migrated, "models.yaml")
    assert not again.legacy and again.migrated == result.migrated
