"""The legacy list format (format 1): a migration note, uninferable providers, repeated names."""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.loader import Path
from modelmap.problems import Severity

LEGACY_FORMAT = "MM110"
CANNOT_INFER = "MM111"
DUPLICATE_MODEL = "MM112"

RULES = (
    Rule(
        LEGACY_FORMAT,
        "legacy-format",
        Severity.INFO,
        "The file uses the old list format ('models' is a list). It still works; "
        "'modelmap migrate FILE -w' rewrites it in the mapping format (format 2), keeping "
        "comments, so that backends, fallbacks and catalogs become available.",
    ),
    Rule(
        CANNOT_INFER,
        "legacy-cannot-infer",
        Severity.WARNING,
        "A legacy model without 'provider' whose 'model' id and name are both of no known "
        "family (gpt-*, chatgpt-*, o1*, o3*, o4*, text-embedding-* are openai; claude-* "
        "anthropic; gemini-* google), so modelmap cannot tell where it runs. Add 'provider:'.",
    ),
    Rule(
        DUPLICATE_MODEL,
        "duplicate-model",
        Severity.ERROR,
        "The same model name appears twice in a legacy list; only the first one is used. "
        "Remove or rename the other.",
    ),
)


def check(context: LintContext) -> Iterator[Finding]:
    """Note the legacy format, then find repeated and uninferable names."""
    config = context.config
    if config.format != 1:
        return
    shown = context.document.path
    yield Finding(
        LEGACY_FORMAT,
        ("models",),
        f"legacy list format; run 'modelmap migrate {shown} -w' to rewrite it in the "
        "mapping format",
    )
    first: dict[str, Path] = {}
    items = context.document.data.get("models")
    for i, item in enumerate(items if isinstance(items, list) else []):
        name = (
            item if isinstance(item, str) else item.get("name") if isinstance(item, dict) else None
        )
        if not isinstance(name, str) or not name:
            continue
        where: Path = ("models", i) if isinstance(item, str) else ("models", i, "name")
        if name in first:
            line = context.document.pos(first[name], key=False)[0]
            yield Finding(
                DUPLICATE_MODEL,
                where,
                f"model {name!r} is already listed at line {line}; only the first is used",
                at_key=False,
            )
            continue
        first[name] = where
        model = config.models.get(name)
        if model is not None and not model.backend_ref:
            yield Finding(
                CANNOT_INFER,
                where,
                f"cannot infer the provider of {name!r} from its name or model id; add "
                "'provider:' "
                "(openai, anthropic, google, ollama, together, huggingface or custom)",
                at_key=False,
            )
