"""Schema: unknown keys, wrong types, out-of-range values, missing keys (modelmap/schema.json)."""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import lookup
from modelmap.problems import Severity
from modelmap.schema import check as schema

RULES = (
    Rule(
        schema.UNKNOWN_KEY,
        "unknown-key",
        Severity.ERROR,
        "A key that the format does not define, usually a typo. Suggests the closest known "
        "key. Only 'parameters' accepts names of its own (see MM401).",
    ),
    Rule(
        schema.WRONG_TYPE,
        "wrong-type",
        Severity.ERROR,
        "A value of the wrong type: a string where a number is needed, a single value "
        "where a list is needed, and so on.",
    ),
    Rule(
        schema.OUT_OF_RANGE,
        "out-of-range",
        Severity.ERROR,
        "A number outside its range: temperature 0-2, top_p 0-1, penalties -2 to 2, token "
        "counts, limits and timeouts above 0, prices not negative.",
    ),
    Rule(
        schema.MISSING_KEY,
        "missing-key",
        Severity.ERROR,
        "A required key is absent: 'models' at the top, 'backend' in each model (format 2), "
        "'name' in each legacy entry, 'provider' in a fallback_providers mapping.",
    ),
    Rule(
        schema.INVALID_VALUE,
        "invalid-value",
        Severity.ERROR,
        "A value that is not one of those allowed, such as an unsupported 'version' or an "
        "empty string where a name is needed.",
    ),
)


def check(context: LintContext) -> Iterator[Finding]:
    """Validate the document against the JSON Schema of its format."""
    data = context.document.data
    if "models" not in data:
        yield Finding(schema.MISSING_KEY, (), "the configuration needs a top-level 'models' key")
        data = {**data, "models": {}}
    for found in schema.check_data(data, context.config.format):
        if found.code == schema.MISSING_KEY and found.path == ():
            continue
        message = found.message
        if (
            found.code == schema.WRONG_TYPE
            and context.config.format == 2
            and len(found.path) == 2
            and found.path[0] == "models"
            and isinstance(value := lookup(data, found.path), str)
            and len(value) <= 100
        ):  # the shorthand `name: backend/model-id`
            message += f"; write {found.path[1]}: {{backend: {value}}}"
        elif found.code == schema.INVALID_VALUE and found.path == ("version",):
            shape = "a list (format 1)" if context.config.format == 1 else "a mapping (format 2)"
            message += (
                f" when 'models' is {shape}; or remove the line: the shape of 'models' "
                "decides the format"
            )
        yield Finding(found.code, found.path, message, found.at_key)
