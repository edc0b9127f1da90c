"""Findings made while reading the file, before any schema applies.

The loader itself reports these (modelmap/loader/limits.py); this module documents them.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap import loader
from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.problems import Severity

RULES = (
    Rule(
        loader.SYNTAX,
        "yaml-syntax",
        Severity.ERROR,
        "The file is not valid YAML (or cannot be read). The position is where the parser "
        "gave up; the mistake is often just before it.",
    ),
    Rule(
        loader.DUPLICATE_KEY,
        "duplicate-key",
        Severity.ERROR,
        "A key appears twice in the same mapping. YAML loaders silently keep the last one, "
        "so the first is lost. Remove or rename one of them.",
    ),
    Rule(
        loader.EMPTY,
        "empty-file",
        Severity.ERROR,
        "The file has no content (or only comments). A configuration needs 'models'.",
    ),
    Rule(
        loader.NOT_MAPPING,
        "top-level-not-mapping",
        Severity.ERROR,
        "The top level must be a mapping with a 'models' key.",
    ),
    Rule(
        loader.ENCODING,
        "encoding",
        Severity.ERROR,
        "The file is not valid UTF-8. Save it as UTF-8 (a BOM is accepted).",
    ),
    Rule(
        loader.LIMIT,
        "input-limit",
        Severity.ERROR,
        f"The input exceeds a safety limit: {loader.MAX_BYTES // (1024 * 1024)} MiB of text, "
        f"{loader.MAX_DEPTH} levels of nesting, aliases that expand to more than "
        f"{loader.MIN_ALIAS_BUDGET:,} nodes (or ten times the file's own), or an alias "
        "that contains itself.",
    ),
    Rule(
        loader.BAD_TAG,
        "bad-tag",
        Severity.ERROR,
        "A value with an explicit standard YAML tag that it does not fit: !!int or !!float "
        "on text that is not a number (or on nothing), !!bool on anything but YAML 1.1's "
        "booleans (true/false, yes/no, on/off, y/n, any case), !!null on anything but ~, "
        "null or nothing, !!timestamp on what is not a date, !!binary on what is not "
        "base64, a tag for single values (!!str, !!int, ...) on a list or mapping, !!map or "
        "!!set on a list, !!seq, !!omap or !!pairs on a mapping, or a tag:yaml.org,2002 "
        "type that does not exist (!!python/object). The long form "
        "!<tag:yaml.org,2002:int> is the same tag. Remove the tag (plain values are typed "
        "by how they look) or fix the value. Local tags (!thing) are read as plain values.",
    ),
)


def check(context: LintContext) -> Iterator[Finding]:
    """Nothing to do after loading: the loader has already reported these."""
    return iter(())
