"""Answer one Tab press: the candidates for the word under the cursor.

The shell scripts (``modelmap completion SHELL``) run ``modelmap`` with
``_MODELMAP_COMPLETE`` set to the shell's name, ``_MODELMAP_WORDS`` holding the words
before the cursor (one a line, the program name first) and ``_MODELMAP_INCOMPLETE`` the
word being completed. bash gets one candidate a line; zsh and fish get a first line
``files`` (complete file names) or ``values``, then ``value<TAB>help`` lines.

What the CLI accepts comes from ``spec.json`` (generated from the CLI), so this module
imports no typer, rich or linter code: one Tab press costs about one interpreter start.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelmap.completion import SHELLS, find_config, model_names

Candidates = list[tuple[str, str]]
FILES = "files"
VALUES = "values"


def _spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        Path(__file__).with_name("spec.json").read_text(encoding="utf-8")
    )
    return data


def _starting(items: Candidates, incomplete: str) -> Candidates:
    return [(value, help_text) for value, help_text in items if value.startswith(incomplete)]


def _options(options: list[Any], incomplete: str, used: set[str]) -> Candidates:
    """Flags starting with ``incomplete``; a flag already given is offered again only when
    it takes a value (such as ``-o KEY=VALUE``, which repeats)."""
    found: Candidates = []
    for flags, takes_value, _values, help_text in options:
        if not takes_value and used.intersection(flags):
            continue
        found.extend((flag, help_text) for flag in flags if flag.startswith(incomplete))
    return sorted(found, key=lambda item: (not item[0].startswith("--"), item[0]))


def _values(
    values: Any, incomplete: str, config: str | None, given: list[str]
) -> tuple[str, Candidates]:
    """(kind, candidates) for a value of kind ``values``: choices, a file or a model."""
    if values == "file":
        return FILES, []
    if values == "model":
        path = find_config(config)
        if path is None:
            return VALUES, []
        names = [
            (n, h) for n, h in model_names(path) if n not in given and not set(n + h) & {"\n", "\t"}
        ]
        return VALUES, _starting(names, incomplete)
    if isinstance(values, list):
        return VALUES, _starting([(str(v), str(h)) for v, h in values], incomplete)
    return VALUES, []


def candidates(words: list[str], incomplete: str) -> tuple[str, Candidates]:
    """What may follow ``words`` (the program name first) in place of ``incomplete``."""
    spec = _spec()
    args = words[1:]
    position = 0
    while position < len(args) and args[position].startswith("-"):
        position += 1  # root options are flags (--version, --help)
    if position == len(args):
        if incomplete.startswith("-"):
            return VALUES, _options(spec["root"], incomplete, set(args))
        commands = [(name, c["summary"]) for name, c in spec["commands"].items()]
        return VALUES, _starting(commands, incomplete)
    command = spec["commands"].get(args[position])
    if command is None:
        return VALUES, []
    options = command["options"]
    by_flag = {flag: option for option in options for flag in option[0]}
    positional: list[str] = []
    used: set[str] = set()
    given: dict[str, str] = {}  # first flag of an option -> its value
    pending: list[Any] | None = None  # the option whose value comes next
    only_arguments = False
    for word in args[position + 1 :]:
        if pending is not None:
            if word == "=":  # bash splits --format=json into --format, =, json
                continue
            given[pending[0][0]] = word
            pending = None
        elif only_arguments or word == "-" or not word.startswith("-"):
            positional.append(word)
        elif word == "--":
            only_arguments = True
        else:
            flag, equals, value = word.partition("=")
            option = by_flag.get(flag)
            if option is None:
                continue
            used.add(flag)
            if option[1]:
                if equals:
                    given[option[0][0]] = value
                else:
                    pending = option
    config = given.get("-c", given.get("--config"))
    if pending is not None:
        return _values(pending[2], incomplete, config, [])
    if incomplete.startswith("-") and not only_arguments:
        flag, equals, value = incomplete.partition("=")
        option = by_flag.get(flag)
        if equals and option is not None and option[1]:  # --format=js (zsh, fish)
            kind, found = _values(option[2], value, config, [])
            return kind, [(f"{flag}={v}", h) for v, h in found]
        return VALUES, _options(options, incomplete, used)
    arguments = command["arguments"]
    if not arguments:
        return VALUES, []
    index = len(positional)
    if index >= len(arguments):
        if not arguments[-1][1]:  # the last argument does not repeat: nothing more
            return VALUES, []
        index = len(arguments) - 1
    return _values(arguments[index][0], incomplete, config, positional)


def respond(environ: Mapping[str, str]) -> str:
    """The text a shell's completion function reads, for the request in ``environ``."""
    shell = environ.get("_MODELMAP_COMPLETE", "")
    if shell not in SHELLS:
        return ""  # an older script's protocol: regenerate it with `modelmap completion`
    words = environ.get("_MODELMAP_WORDS", "").split("\n")
    kind, found = candidates(words, environ.get("_MODELMAP_INCOMPLETE", ""))
    if shell == "bash":
        return "".join(f"{value}\n" for value, _ in found)
    lines = [kind] + [
        f"{value}\t{' '.join(help_text.split())}" if help_text else value
        for value, help_text in found
    ]
    return "\n".join(lines) + "\n"
