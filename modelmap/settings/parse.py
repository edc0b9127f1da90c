"""Read a settings file strictly: every key known, every code real, every type right.

A mistake is a :class:`SettingsError` located at ``file:line:col`` in the settings file,
with the closest valid name where there is one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any

from modelmap.problems import Severity
from modelmap.report.paths import relative_path
from modelmap.settings.locate import Locator
from modelmap.settings.model import (
    PRICE_SCOPES,
    PYPROJECT,
    MaxPrice,
    Policy,
    Settings,
    SettingsError,
)
from modelmap.settings.select import LOAD_PREFIX, normalise
from modelmap.suggest import did_you_mean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

KEYS = ("select", "ignore", "severity", "strict", "per-file-ignores", "policy")
POLICY_FLAGS = (
    "require-fallback",
    "fallback-capabilities",
    "fallback-context",
    "require-description",
)
POLICY_KEYS = (*POLICY_FLAGS, "max-price", "allowed-providers", "denied-providers")
PRICE_KEYS = ("input", "output", "scope")
SEVERITIES = tuple(s.value for s in Severity)
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")


class _Reader:
    """Check one settings table, raising at the first mistake with its position."""

    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.shown = relative_path(str(path))
        self.locator = Locator(text, prefix)
        self.origins: dict[str, str] = {}

    def fail(self, where: tuple[str, ...], message: str, item: str | None = None) -> SettingsError:
        line, column = self.locator.find(where, item)
        return SettingsError(f"{self.shown}:{line}:{column}: {message}")

    def seen(self, where: tuple[str, ...]) -> None:
        self.origins[".".join(where)] = f"{self.shown}:{self.locator.find(where)[0]}"

    def keys(self, table: dict[str, Any], known: tuple[str, ...], where: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                name = ".".join((*where, key))
                hint = did_you_mean(key, known) or f"; known: {', '.join(known)}"
                raise self.fail((*where, key), f"unknown settings key {name!r}{hint}")

    def flag(self, value: Any, where: tuple[str, ...]) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"{'.'.join(where)} must be true or false, not {value!r}")
        return value

    def strings(self, value: Any, where: tuple[str, ...], example: str) -> list[str]:
        name = ".".join(where)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, f"{name} must be a list of strings, e.g. {example}")
        return value

    def codes(self, value: Any, where: tuple[str, ...], ignoring: bool) -> tuple[str, ...]:
        out = []
        for word in self.strings(value, where, '["MM3", "unused-backend"]'):
            out.append(self.code(word, where, ignoring, item=word))
        return tuple(out)

    def code(self, word: str, where: tuple[str, ...], ignoring: bool, item: str | None) -> str:
        code, candidates = normalise(word)
        if code is None:
            raise self.fail(
                where,
                f"unknown rule code or name {word!r} in {'.'.join(where)}"
                + (did_you_mean(word, candidates) or "; see 'modelmap validate --explain CODE'"),
                item,
            )
        if ignoring and code.startswith(LOAD_PREFIX):
            raise self.fail(
                where,
                f"{word!r} cannot be ignored or downgraded: a file that cannot be read is "
                "never checked; fix the file instead",
                item,
            )
        return code


def _table(reader: _Reader, value: Any, where: tuple[str, ...], example: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise reader.fail(where, f"{'.'.join(where)} must be a table, e.g. {example}")
    return value


def _severity(reader: _Reader, value: Any) -> MappingProxyType[str, Severity]:
    table = _table(reader, value, ("severity",), '{ MM207 = "error" }')
    out: dict[str, Severity] = {}
    for word, level in table.items():
        code = reader.code(word, ("severity", word), ignoring=True, item=None)
        if level not in SEVERITIES:
            hint = did_you_mean(level, SEVERITIES) if isinstance(level, str) else ""
            raise reader.fail(
                ("severity", word),
                f"severity of {word!r} must be one of {', '.join(SEVERITIES)}, not {level!r}"
                + hint,
            )
        out[code] = Severity(level)
    return MappingProxyType(out)


def _per_file(reader: _Reader, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = _table(reader, value, ("per-file-ignores",), '{ "legacy/*.yaml" = ["MM110"] }')
    out = []
    for glob, codes in table.items():
        where = ("per-file-ignores", glob)
        if not glob.strip():
            raise reader.fail(where, "a per-file-ignores pattern must not be empty")
        out.append((glob, reader.codes(codes, where, ignoring=True)))
    return tuple(out)


def _price(reader: _Reader, value: Any) -> MaxPrice:
    where = ("policy", "max-price")
    table = _table(reader, value, where, '{ input = 0.01, output = 0.03, scope = "chains" }')
    reader.keys(table, PRICE_KEYS, where)
    ceilings: dict[str, float] = {}
    for key in ("input", "output"):
        if key in table:
            number = table[key]
            if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
                raise reader.fail(
                    (*where, key),
                    f"policy.max-price.{key} must be a number of USD per 1,000 tokens, "
                    f"0 or more, not {number!r}",
                )
            ceilings[key] = float(number)
    if not ceilings:
        raise reader.fail(
            where, "policy.max-price needs 'input', 'output' or both (USD per 1,000 tokens)"
        )
    scope = table.get("scope", "primaries")
    if scope not in PRICE_SCOPES:
        hint = did_you_mean(scope, PRICE_SCOPES) if isinstance(scope, str) else ""
        raise reader.fail(
            (*where, "scope"),
            f"policy.max-price.scope must be {' or '.join(repr(s) for s in PRICE_SCOPES)}, "
            f"not {scope!r}{hint}",
        )
    return MaxPrice(ceilings.get("input"), ceilings.get("output"), scope)


def _providers(reader: _Reader, value: Any, key: str) -> tuple[str, ...]:
    from modelmap.provider_types import SYNONYMS

    where = ("policy", key)
    names = reader.strings(value, where, '["openai", "anthropic"]')
    if key == "allowed-providers" and not names:
        raise reader.fail(
            where,
            "policy.allowed-providers is empty, so it allows nothing; remove it to allow "
            "every provider",
        )
    for name in names:
        if not name.strip():
            raise reader.fail(where, f"policy.{key} has an empty name", name)
    return tuple(SYNONYMS.get(name, name) for name in names)


def _policy(reader: _Reader, value: Any) -> Policy:
    table = _table(reader, value, ("policy",), "[policy] with require-fallback = true")
    reader.keys(table, POLICY_KEYS, ("policy",))
    options: dict[str, Any] = {}
    for key, item in table.items():
        where = ("policy", key)
        reader.seen(where)
        if key in POLICY_FLAGS:
            options[key.replace("-", "_")] = reader.flag(item, where)
        elif key == "max-price":
            options["max_price"] = _price(reader, item)
        else:
            options[key.replace("-", "_")] = _providers(reader, item, key)
    return Policy(**options)


def _settings(reader: _Reader, path: Path, table: dict[str, Any]) -> Settings:
    reader.keys(table, KEYS, ())
    options: dict[str, Any] = {}
    for key, value in table.items():
        if key != "policy":
            reader.seen((key,))
        if key in ("select", "ignore"):
            options[key] = reader.codes(value, (key,), ignoring=key == "ignore")
        elif key == "severity":
            options["severity"] = _severity(reader, value)
        elif key == "strict":
            options["strict"] = reader.flag(value, ("strict",))
        elif key == "per-file-ignores":
            options["per_file_ignores"] = _per_file(reader, value)
        else:
            options["policy"] = _policy(reader, value)
    return Settings(source=path, origins=MappingProxyType(reader.origins), **options)


def load_settings(path: Path, explicit: bool = False) -> Settings | None:
    """The settings in ``path``; None for a pyproject.toml without ``[tool.modelmap]``
    (unless ``explicit``: then that is an error, as is a missing file)."""
    shown = relative_path(str(path))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SettingsError(f"{shown}: no such settings file") from None
    except IsADirectoryError:
        raise SettingsError(f"{shown}: is a directory; name a settings file") from None
    except OSError as exc:
        raise SettingsError(f"{shown}: cannot read the settings file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SettingsError(f"{shown}:{line}:1: the settings file is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _AT.search(message)
        if at:
            place = f"{at.group(1)}:{at.group(2)}"
        else:  # "(at end of document)": after the last character
            lines = text.splitlines() or [""]
            place = f"{len(lines)}:{len(lines[-1]) + 1}"
        reason = _END.sub("", _AT.sub("", message))
        raise SettingsError(f"{shown}:{place}: invalid TOML: {reason}") from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("modelmap") if isinstance(tool, dict) else None
        if table is None:
            if explicit:
                raise SettingsError(f"{shown}: has no [tool.modelmap] table")
            return None
        prefix = ("tool", "modelmap")
        data = table
    reader = _Reader(path, text, prefix)
    if not isinstance(data, dict):
        raise reader.fail((), "[tool.modelmap] must be a table")
    return _settings(reader, path, data)
