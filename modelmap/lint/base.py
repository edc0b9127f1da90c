"""What a lint rule is: a code, a name, a default severity, a docstring and a generator."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modelmap.config.model import Config
from modelmap.loader import Document, Path
from modelmap.problems import Severity
from modelmap.settings.model import Policy

if TYPE_CHECKING:  # annotations only: validate's start-up does not import datetime
    from datetime import date
    from pathlib import Path as FilePath


@dataclass(frozen=True)
class Finding:
    """What a rule yields: which code, where (a path into the document) and what."""

    code: str
    path: Path
    message: str
    at_key: bool = True  # point at the key that names the value, else at the value


@dataclass(frozen=True)
class Rule:
    """A documented rule code. ``doc`` is what ``validate --explain CODE`` prints."""

    code: str
    name: str
    severity: Severity
    doc: str


@dataclass(frozen=True)
class LintOptions:
    """Switches that change what is checked."""

    check_env: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    # The model catalog rules (MM7xx) run for validate only: loading a config for use
    # never fails on them (README "Catalog").
    use_catalog: bool = False
    catalog_path: FilePath | None = None  # --catalog; None: the active catalog
    as_of: date | None = None  # the day lifecycle is judged on; None: today
    policy: Policy = field(default_factory=Policy)  # the [policy] settings; all off by default


@dataclass(frozen=True)
class LintContext:
    """Everything a rule may look at."""

    document: Document
    config: Config
    options: LintOptions


Check = Callable[[LintContext], Iterator[Finding]]
