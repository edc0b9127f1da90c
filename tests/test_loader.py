"""The loader keeps positions, finds duplicate keys and survives hostile input."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from modelmap import loader
from modelmap.loader import load_bytes, load_text


def codes(text: str) -> list[tuple[int, int, str]]:
    result = load_text(text, "t.yaml")
    return [(p.line, p.column, p.code) for p in result.problems]


def test_positions_of_keys_and_values() -> None:
    doc = load_text("models:\n  gpt-4:\n    backend: openai/gpt-4\n", "t.yaml").document
    assert doc is not None
    assert doc.pos(("models", "gpt-4", "backend")) == (3, 5)
    assert doc.pos(("models", "gpt-4", "backend"), key=False) == (3, 14)
    assert doc.pos(("models", "gpt-4", "missing")) == (2, 3)


def test_duplicate_keys_at_any_depth() -> None:
    text = "models:\n  a:\n    backend: x/y\n    backend: x/z\n  a: {}\n"
    assert codes(text) == [(4, 5, "MM002"), (5, 3, "MM002")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "MM003"),
        ("# only a comment\n", "MM003"),
        ("- a\n- b\n", "MM004"),
        ("just text\n", "MM004"),
        ("models: [\n", "MM001"),
        ("a: &x [*x]\n", "MM006"),
    ],
)
def test_unusable_files(text: str, code: str) -> None:
    result = load_text(text, "t.yaml")
    assert result.document is None
    assert [p.code for p in result.problems] == [code]


def test_billion_laughs_is_refused() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    result = load_text("\n".join(lines) + "\n", "t.yaml")
    assert result.document is None
    assert result.problems[0].code == "MM006"


def test_deep_nesting_is_refused() -> None:
    result = load_text("a: " + "[" * 100 + "]" * 100 + "\n", "t.yaml")
    assert result.document is None
    assert result.problems[0].code == "MM006"


def test_invalid_utf8_is_located() -> None:
    result = load_bytes(b"models:\n  caf\xe9: {}\n", "t.yaml")
    assert [(p.line, p.column, p.code) for p in result.problems] == [(2, 6, "MM005")]


def test_merge_keys_are_applied() -> None:
    text = "base: &b {temperature: 1, top_p: 0.5}\nm:\n  <<: *b\n  temperature: 2\n"
    doc = load_text(text, "t.yaml").document
    assert doc is not None
    assert doc.data["m"] == {"temperature": 2, "top_p": 0.5}


def test_positions_through_lists_merges_and_repeated_keys() -> None:
    text = (
        "base: &b {temperature: 1, top_p: 0.5}\n"
        "m:\n"
        "  <<: *b\n"
        "  top_p: 0.9\n"
        "  aliases: [x, y]\n"
        "  aliases: [z]\n"
        "  1: one\n"
    )
    doc = load_text(text, "t.yaml").document
    assert doc is not None
    assert doc.pos(("m", "temperature")) == (1, 11)  # found through the merge key
    assert doc.pos(("m", "top_p")) == (4, 3)  # the mapping's own key wins over the merge
    assert doc.pos(("m", "aliases")) == (6, 3)  # the last of a repeated key, as in the data
    assert doc.pos(("m", "aliases", 0), key=False) == (6, 13)
    assert doc.pos(("m", "aliases", 5)) == (6, 3)  # past the end: the nearest ancestor
    assert doc.pos(("m", "1"), key=False) == (7, 6)  # keys are compared as written
    assert doc.data["m"]["1"] == "one"


def test_plain_scalars_keep_yaml_types() -> None:
    text = "a: 1\nb: 0o17\nc: 1.5\nd: yes\ne: ~\nf: '1'\n"
    text += "g: 2024-01-01\nh: <<x\ni: !!str 3\nj: mmm\n"
    doc = load_text(text, "t.yaml").document
    assert doc is not None
    assert doc.data == {
        "a": 1, "b": "0o17", "c": 1.5, "d": True, "e": None, "f": "1",
        "g": "2024-01-01", "h": "<<x", "i": "3", "j": "mmm",
    }  # fmt: skip


def test_every_merge_key_of_a_file_is_applied() -> None:
    text = "b: &b {top_p: 0.5}\nm1:\n  <<: *b\nm2:\n  <<: *b\n  seed: 1\nm3: {<<: *b}\n"
    doc = load_text(text, "t.yaml").document
    assert doc is not None
    assert [doc.data[m] for m in ("m1", "m2", "m3")] == [
        {"top_p": 0.5},
        {"top_p": 0.5, "seed": 1},
        {"top_p": 0.5},
    ]


@pytest.mark.parametrize(
    ("raw", "position", "char"),
    [
        (b'models:\n  a:\n    backend: "openai/g\x00pt"\n', (3, 23), "U+0000"),
        (b'a: 1\nb: "\xc3\xa9\x07"\n', (2, 6), "U+0007"),
    ],
)
def test_control_characters_are_located_on_one_line(
    raw: bytes, position: tuple[int, int], char: str
) -> None:
    result = load_bytes(raw, "t.yaml")
    assert [(p.line, p.column, p.code) for p in result.problems] == [(*position, "MM001")]
    message = result.problems[0].message
    assert char in message
    assert "\n" not in message


def test_load_config_text_error_names_the_first_error_not_a_command() -> None:
    import modelmap

    with pytest.raises(modelmap.ConfigError) as caught:
        modelmap.load_config_text("models:\n  a:\n    backend: openai/x\n    bakend: y\n")
    message = str(caught.value)
    assert "modelmap validate" not in message
    assert "4:5" in message and "MM101" in message
    assert [p.code for p in caught.value.problems] == ["MM101"]


def test_a_lone_surrogate_from_a_library_caller_is_located() -> None:
    # only a str from code can hold one (a file is decoded from UTF-8 first)
    result = load_text('models:\n  a: {backend: "openai/\ud800x"}\n', "t.yaml")
    assert [(p.line, p.column, p.code) for p in result.problems] == [(2, 24, "MM005")]


class _SteppedGc:
    """A stand-in for the gc module that holds one thread just after it reads the state,
    as a thread switch at that moment would."""

    def __init__(self, held: Callable[[], bool]) -> None:
        self.enabled = True
        self.held = held
        self.read, self.go = threading.Event(), threading.Event()

    def isenabled(self) -> bool:
        state = self.enabled
        if self.held():
            self.read.set()
            self.go.wait(2)
        return state

    def disable(self) -> None:
        self.enabled = False

    def enable(self) -> None:
        self.enabled = True


def test_loads_overlapping_in_two_threads_leave_the_collector_enabled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = _SteppedGc(lambda: threading.current_thread() is second)
    monkeypatch.setattr(loader, "gc", fake)
    first_in, first_out = threading.Event(), threading.Event()

    def first_load() -> None:
        with loader.gc_paused():
            first_in.set()
            first_out.wait(2)

    def second_load() -> None:
        with loader.gc_paused():
            pass

    first = threading.Thread(target=first_load)
    second = threading.Thread(target=second_load)
    first.start()
    assert first_in.wait(2)
    second.start()  # reads the state while the first load has the collector paused
    fake.read.wait(0.3)
    first_out.set()  # the first load ends: it enables the collector again
    first.join(0.3)
    fake.go.set()  # the second one goes on with what it read
    first.join(2)
    second.join(2)
    assert fake.enabled
