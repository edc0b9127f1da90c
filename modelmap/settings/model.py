"""What settings say, as plain immutable values: which codes report, how badly, and policies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from modelmap.errors import UsageError
from modelmap.problems import Severity

SETTINGS_NAME = ".modelmap.toml"
PYPROJECT = "pyproject.toml"

PRICE_SCOPES = ("primaries", "chains")


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class MaxPrice:
    """Ceilings in USD per 1,000 tokens; ``scope``: the primaries only, or whole chains."""

    input: float | None = None
    output: float | None = None
    scope: str = "primaries"


@dataclass(frozen=True)
class Policy:
    """The ``[policy]`` table: every policy is off until it is set."""

    require_fallback: bool = False
    fallback_capabilities: bool = False
    fallback_context: bool = False
    max_price: MaxPrice | None = None
    allowed_providers: tuple[str, ...] | None = None
    denied_providers: tuple[str, ...] = ()
    require_description: bool = False

    @property
    def enabled(self) -> bool:
        """True when any policy is on."""
        return self != Policy()


@dataclass(frozen=True)
class Settings:
    """Effective settings for the files under one settings file (or the defaults).

    ``select``/``ignore``/``severity`` keys and ``per-file-ignores`` values are codes,
    code prefixes or rule names, normalised to codes and prefixes when read. ``origins``
    says where each key was set (``path:line``); a key absent from it has its default.
    """

    source: Path | None = None  # the settings file; None: defaults only
    select: tuple[str, ...] | None = None  # None: every code
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=_empty)
    strict: bool = False
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    policy: Policy = field(default_factory=Policy)
    origins: Mapping[str, str] = field(default_factory=_empty)

    @property
    def base(self) -> Path | None:
        """The directory ``per-file-ignores`` globs are relative to."""
        return self.source.parent if self.source is not None else None


DEFAULTS = Settings()


class SettingsError(UsageError):
    """A settings file that cannot be used; the message is located ``file:line:col: ...``."""
