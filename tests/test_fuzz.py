"""Property tests: no input makes the loader or the linter raise."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelmap.lint.base import LintOptions
from modelmap.lint.engine import lint_loaded
from modelmap.lint.registry import RULES
from modelmap.loader import load_bytes

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.y*ml"))
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    "models", "backends", "backend", "aliases", "fallbacks", "parameters", "provider",
    "api_key", "base_url", "headers", "capabilities", "model_defaults", "fallback_providers",
    "enabled", "max_tokens", "temperature", "context_window", "max_output_tokens", "model",
    "name", "version", "pricing", "Authorization", "openai", "custom", "gpt-4", "a", "",
]  # fmt: skip
WORDS = [
    "openai/gpt-4", "custom/x", "gemini/gemini-1.5-pro", "openai", "a/b/c", "/", "gpt-4",
    "${OPENAI_API_KEY}", "${X", "${}", "$$", "http://10.0.0.1/v1", "https://", "localhost",
    "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789", "EMPTY", "chat", "vison", "a", "",
]  # fmt: skip
OPTIONS = [LintOptions(), LintOptions(check_env=True, environ={"OPENAI_API_KEY": "k"})]


def _lint_never_raises(raw: bytes, options: LintOptions) -> None:
    _, problems = lint_loaded(load_bytes(raw, "fuzz.yaml"), options)
    for problem in problems:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.code in RULES


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=8))
small = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(keys, scalars, max_size=3),
)
entry = st.dictionaries(keys, small, max_size=5)
names = st.one_of(st.sampled_from(KEYS + WORDS), st.text(max_size=6))
# Shaped like a configuration, so that the cross-reference rules see plausible input.
configs = st.fixed_dictionaries(
    {},
    optional={
        "version": scalars,
        "models": st.one_of(
            st.dictionaries(names, entry, max_size=4),
            st.lists(st.one_of(names, entry), max_size=4),
            scalars,
        ),
        "backends": st.one_of(st.dictionaries(names, entry, max_size=3), scalars),
        "model_defaults": small,
        "fallback_providers": st.lists(st.one_of(names, entry), max_size=3),
    },
)
trees: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=12,
)


@SETTINGS
@given(st.binary(max_size=2048), st.sampled_from(OPTIONS))
def test_random_bytes(raw: bytes, options: LintOptions) -> None:
    _lint_never_raises(raw, options)


@SETTINGS
@given(st.one_of(configs, st.dictionaries(keys, trees, max_size=4)), st.sampled_from(OPTIONS))
def test_random_yaml_structures(data: dict[str, Any], options: LintOptions) -> None:
    _lint_never_raises(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"), options)


TAGS = [
    *(f"!!{name}" for name in ("int", "float", "bool", "null", "str", "timestamp", "binary")),
    *(f"!!{name}" for name in ("map", "seq", "set", "omap", "pairs", "merge", "python/object")),
    "!<tag:yaml.org,2002:int>", "!<tag:yaml.org,2002:bool>", "!<tag:yaml.org,2002:null>",
    "!local", "!",
]  # fmt: skip
TAG_VALUES = ["", '""', "abc", "1", "0x1F", "1.5", ".inf", "maybe", "y", "~", "2024-01-31"]
TAG_VALUES += ["2024-13-45", "aGk=", "@@@", "[a]", "{a: 1}", "[{a: 1}]", "<<", "sk-x"]
_TAG_SPOTS = re.compile(r"(?m): |^ *(?:- )?(?=[^\s#-])")  # where a value or a key starts


@SETTINGS
@given(
    st.sampled_from(EXAMPLES),
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1),
            st.sampled_from(TAGS),
            st.one_of(st.sampled_from(TAG_VALUES), st.text(max_size=6)),
            st.booleans(),
        ),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(OPTIONS),
)
def test_tagged_values_in_examples(
    path: Path, tags: list[tuple[float, str, str, bool]], options: LintOptions
) -> None:
    # An explicit tag put before a value or a key of a real file (`seed: !!int ""`), in
    # place of the value or in front of it.
    text = path.read_text(encoding="utf-8")
    for where, tag, value, replace in tags:
        spots = [m.end() for m in _TAG_SPOTS.finditer(text)]
        at = spots[int(where * (len(spots) - 1))]
        end = (text.find("\n", at) % (len(text) + 1)) if replace else at
        text = text[:at] + f"{tag} {value}" + ("" if replace else " ") + text[end:]
    _lint_never_raises(text.encode("utf-8"), options)


@SETTINGS
@given(
    st.sampled_from(EXAMPLES),
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "insert", "duplicate", "swap"]),
            st.floats(min_value=0, max_value=1),
            st.floats(min_value=0, max_value=1),
            st.one_of(st.sampled_from(WORDS + KEYS + [":", "- ", "\n", "  ", "{", "&a", "*a"])),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(OPTIONS),
)
def test_mutated_examples(
    path: Path, edits: list[tuple[str, float, float, str]], options: LintOptions
) -> None:
    text = path.read_text(encoding="utf-8")
    for kind, a, b, word in edits:
        i, j = sorted((int(a * len(text)), int(b * len(text))))
        if kind == "delete":
            text = text[:i] + text[i + 1 + (j - i) % 40 :]
        elif kind == "insert":
            text = text[:i] + word + text[i:]
        elif kind == "duplicate":
            text = text[:j] + text[i : min(j, i + 200)] + text[j:]
        else:
            text = text[:i] + text[j : j + 1] + text[i + 1 : j] + text[i : i + 1] + text[j + 1 :]
    _lint_never_raises(text.encode("utf-8"), options)


def test_examples_exist() -> None:
    assert EXAMPLES


@SETTINGS
@given(st.dictionaries(keys, trees, max_size=4))
def test_loaded_data_equals_pyyaml_safe_load(data: dict[str, Any]) -> None:
    # The builder resolves plain scalars itself (with caches and fast paths): it must agree
    # with PyYAML's safe loader on every value it produces.
    text = yaml.safe_dump(data, allow_unicode=True)
    document = load_bytes(text.encode("utf-8"), "fuzz.yaml").document
    assert document is not None
    assert document.data == yaml.safe_load(text)
