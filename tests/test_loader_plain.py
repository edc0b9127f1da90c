"""The loader's quick test for plain text agrees with PyYAML's resolver on every scalar."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.loader import load_text
from modelmap.loader.scalars import TYPED_WORDS, plain_text

STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_WORDS = ["yes", "no", "true", "false", "on", "off", "null", "y", "n", "nan", "inf", "~"]


def resolved(text: str) -> str:
    """PyYAML's tag for a plain scalar written ``text``."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


def near_words() -> list[str]:
    """Every case spelling of the YAML 1.1 words, and each with a character added or cut."""
    found: set[str] = set()
    for word in _WORDS:
        for spelling in {word, word.upper(), word.capitalize(), word.swapcase()}:
            found |= {spelling, spelling[:-1], spelling + "x", spelling + "1", spelling[1:]}
            found |= {
                spelling[:i] + spelling[i].swapcase() + spelling[i + 1 :]
                for i in range(len(spelling))
            }
    return sorted(found)


def test_every_typed_word_is_typed_and_every_near_miss_agrees() -> None:
    for text in [*near_words(), "temp1", "temperature", "top_p", "n", "None", "Off1"]:
        if plain_text(text):
            assert resolved(text) == STR_TAG, text
    for word in TYPED_WORDS:
        assert not plain_text(word)
        assert resolved(word) != STR_TAG, word


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="yYnNtTfFoOrRuUeEsSlLaA01.-+_~x", max_size=7))
def test_plain_text_means_pyyaml_reads_a_string(text: str) -> None:
    if plain_text(text):
        assert resolved(text) == STR_TAG


def test_values_load_as_pyyaml_loads_them() -> None:
    words = near_words()
    text = "models:\n" + "".join(f"  k{i}: {w}\n  {w}x{i}: 1\n" for i, w in enumerate(words))
    expected = yaml.safe_load(text)
    loaded = load_text(text, "t.yaml").document
    assert loaded is not None
    for i, word in enumerate(words):
        assert loaded.data["models"][f"k{i}"] == expected["models"][f"k{i}"], word
        assert f"{word}x{i}" in loaded.data["models"]
