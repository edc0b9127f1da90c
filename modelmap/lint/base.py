"""What a lint rule is: a code, a name, a default severity, a docstring and a generator."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from modelmap.config.model import Config
from modelmap.loader import Document, Path
from modelmap.problems import Severity
from modelmap.settings.model import Policy


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
    policy: Policy = field(default_factory=Policy)  # the [policy] settings; all off by default


@dataclass(frozen=True)
class LintContext:
    """Everything a rule may look at."""

    document: Document
    config: Config
    options: LintOptions


Check = Callable[[LintContext], Iterator[Finding]]
