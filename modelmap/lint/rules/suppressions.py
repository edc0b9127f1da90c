"""Findings about the file's own ``# modelmap:`` suppression comments.

The settings package reports these while applying the comments; this module documents them.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.problems import Severity

RULES = (
    Rule(
        "MM901",
        "unused-suppression",
        Severity.INFO,
        "A '# modelmap: ignore[...]' comment (or 'ignore-file[...]') suppresses nothing: no "
        "finding with that code is reported on its line (or in the file), for example "
        "because the problem was fixed or the settings already ignore the code. Remove it, "
        "so that it does not hide a future finding.",
    ),
    Rule(
        "MM902",
        "invalid-suppression",
        Severity.WARNING,
        "A '# modelmap:' comment that cannot be understood: an unknown directive (only "
        "'ignore' and 'ignore-file'), an unknown code or rule name, a missing ']', an empty "
        "list, 'ignore-file' without codes, or a load finding (MM00x), which cannot be "
        "suppressed. It suppresses nothing.",
    ),
)


def check(context: LintContext) -> Iterator[Finding]:
    """Documentation only: suppressions are applied after the rules have run."""
    return iter(())
