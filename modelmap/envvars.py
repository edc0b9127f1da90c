"""``${VAR}`` references in string values: parsing, interpolation and the environment.

Forms (README, "Environment variables and secrets"): ``${VAR}``, ``${VAR:-default}``
(unset or empty), ``${VAR-default}`` (unset only), ``${VAR:?message}`` /
``${VAR?message}`` (required), ``$$`` for a literal ``$``. A ``$`` followed by anything
else is kept as written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from modelmap.errors import ConfigError, EnvFileNotFoundError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = (":-", ":?", "-", "?")


@dataclass(frozen=True)
class EnvRef:
    """One ``${...}`` reference: variable name, operator ('' when none) and its argument."""

    name: str
    op: str
    arg: str
    start: int  # offset of '$' in the string
    end: int  # offset just past '}'

    @property
    def required(self) -> bool:
        """True when an unset variable is an error rather than a default."""
        return self.op in ("", ":?", "?")


class EnvSyntaxError(ValueError):
    """A malformed reference; ``offset`` is where in the string it starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class UnsetVariableError(LookupError):
    """A required variable is unset (or empty, for ``:?``)."""

    def __init__(self, ref: EnvRef) -> None:
        self.ref = ref
        detail = f": {ref.arg}" if ref.op in (":?", "?") and ref.arg else ""
        super().__init__(f"{ref.name} is not set{detail}")


def parse(text: str) -> list[str | EnvRef]:
    """Split ``text`` into literal pieces and references; raises :class:`EnvSyntaxError`."""
    parts: list[str | EnvRef] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        dollar = text.find("$", i)
        if dollar < 0:
            literal.append(text[i:])
            break
        literal.append(text[i:dollar])
        nxt = text[dollar + 1 : dollar + 2]
        if nxt == "$":
            literal.append("$")
            i = dollar + 2
            continue
        if nxt != "{":
            literal.append("$")
            i = dollar + 1
            continue
        close = text.find("}", dollar + 2)
        if close < 0:
            raise EnvSyntaxError("'${' without a closing '}'", dollar)
        body = text[dollar + 2 : close]
        match = _NAME.match(body)
        if match is None:
            shown = body or "(empty)"
            raise EnvSyntaxError(
                f"'${{{body}}}': {shown!r} is not a variable name (letters, digits, '_'; "
                "write '$$' for a literal '$')",
                dollar,
            )
        rest = body[match.end() :]
        op = next((o for o in _OPS if rest.startswith(o)), "")
        if rest and not op:
            raise EnvSyntaxError(
                f"'${{{body}}}': expected '}}', ':-', '-', ':?' or '?' after {match.group()!r}",
                dollar,
            )
        if "${" in rest:
            raise EnvSyntaxError(
                f"'${{{body}}}': a reference inside a default or message is not supported; "
                "write the default as plain text",
                dollar,
            )
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(EnvRef(match.group(), op, rest[len(op) :], dollar, close + 1))
        i = close + 1
    if literal and "".join(literal):
        parts.append("".join(literal))
    return parts


def references(text: str) -> list[EnvRef]:
    """The references in ``text``; raises :class:`EnvSyntaxError` when one is malformed."""
    return [p for p in parse(text) if isinstance(p, EnvRef)]


def interpolate(text: str, environ: Mapping[str, str]) -> str:
    """``text`` with every reference replaced; raises :class:`UnsetVariableError`."""
    out: list[str] = []
    for part in parse(text):
        if isinstance(part, str):
            out.append(part)
            continue
        value = environ.get(part.name)
        unset = not value if part.op in (":-", ":?") else value is None
        if not unset:
            out.append(value or "")
        elif part.op in (":-", "-"):
            out.append(part.arg)
        else:
            raise UnsetVariableError(part)
    return "".join(out)


@contextmanager
def _lines_named(path: Path) -> Iterator[None]:
    """python-dotenv logs an unparsable line by number only; say which file, and that the
    line is ignored."""
    import logging

    def name(record: logging.LogRecord) -> bool:
        if record.msg.startswith("python-dotenv could not parse statement"):
            record.msg = "%s:%s: cannot parse this line of the env file; it is ignored"
            record.args = (str(path), *(record.args or ()))
        return True

    logger = logging.getLogger("dotenv.main")
    logger.addFilter(name)
    try:
        yield
    finally:
        logger.removeFilter(name)


def load_environment(
    env_file: str | Path | None = None, *, use_env_file: bool = True
) -> dict[str, str]:
    """The process environment over the values of a ``.env`` file (the process wins).

    ``env_file`` None means ``./.env`` when it exists; a named file must exist.
    Raises :class:`ConfigError` for a named file that does not exist (an
    ``EnvFileNotFoundError``, also a FileNotFoundError) and for a file that cannot be read
    or is not UTF-8.
    """
    values: dict[str, str] = {}
    if use_env_file:
        path = Path(env_file) if env_file is not None else Path(".env")
        if env_file is not None and not path.is_file():
            raise EnvFileNotFoundError(f"env file not found: {path}")
        if path.is_file():
            from dotenv import dotenv_values  # imported only when a .env file exists

            try:
                with _lines_named(path):
                    parsed = dotenv_values(path)
            except UnicodeDecodeError:
                raise ConfigError(
                    f"{path}: the env file is not valid UTF-8; save it as UTF-8"
                ) from None
            except OSError as exc:
                raise ConfigError(
                    f"{path}: cannot read the env file: {exc.strerror or exc}"
                ) from None
            values = {k: v for k, v in parsed.items() if v is not None}
    values.update(os.environ)
    return values
