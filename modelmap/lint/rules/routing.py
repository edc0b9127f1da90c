"""The Router's settings: a model's strategy and weights, and the router: section."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import lookup
from modelmap.problems import Severity
from modelmap.suggest import did_you_mean

WEIGHTS_UNUSED = "MM801"
WEIGHT_NOT_IN_CHAIN = "MM802"
WEIGHTED_WITHOUT_WEIGHTS = "MM803"
WEIGHTS_ALL_ZERO = "MM804"
BACKOFF_INVERTED = "MM805"

RULES = (
    Rule(
        WEIGHTS_UNUSED,
        "weights-without-weighted",
        Severity.WARNING,
        "A model has 'weights' but its 'strategy' is not 'weighted', so the weights are "
        "ignored; write 'strategy: weighted' or remove them.",
    ),
    Rule(
        WEIGHT_NOT_IN_CHAIN,
        "weight-not-in-chain",
        Severity.ERROR,
        "A 'weights' key that is neither the model's 'backend' value nor one of its "
        "'fallbacks' items, written exactly as there; the weight would apply to nothing.",
    ),
    Rule(
        WEIGHTED_WITHOUT_WEIGHTS,
        "weighted-without-weights",
        Severity.ERROR,
        "A model with 'strategy: weighted' and no 'weights': give each chain entry (its "
        "'backend' value and its 'fallbacks' items, as written) a weight.",
    ),
    Rule(
        WEIGHTS_ALL_ZERO,
        "weights-sum-zero",
        Severity.ERROR,
        "Every weight of a weighted model is 0, so no entry can be chosen by weight; give at "
        "least one entry a weight above 0 (negative weights are out of range, MM103).",
    ),
    Rule(
        BACKOFF_INVERTED,
        "backoff-initial-above-max",
        Severity.WARNING,
        "router.backoff.initial is above router.backoff.max: every wait is cut to max, so "
        "the backoff never grows; lower initial or raise max.",
    ),
)


_OTHERS = ("ordered", "cheapest", "latency")  # a misspelt strategy is MM105 already


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check(context: LintContext) -> Iterator[Finding]:
    """Check each model's strategy and weights, and the router: section's backoff."""
    data = context.document.data
    if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
        return
    for name, entry in data["models"].items():
        if isinstance(entry, dict):
            yield from _model(str(name), entry)
    backoff = lookup(data, ("router", "backoff"))
    if isinstance(backoff, dict):
        initial: Any = backoff.get("initial")
        most: Any = backoff.get("max")
        if _number(initial) and _number(most) and initial > most:
            yield Finding(
                BACKOFF_INVERTED,
                ("router", "backoff", "initial"),
                f"router.backoff.initial ({initial:g} s) is above backoff.max ({most:g} s); "
                "lower initial or raise max",
            )


def _model(name: str, entry: dict[Any, Any]) -> Iterator[Finding]:
    path = ("models", name)
    strategy = entry.get("strategy")
    weights = entry.get("weights")
    if isinstance(weights, dict) and strategy in (None, *_OTHERS):
        shown = f"is {strategy!r}" if isinstance(strategy, str) else "is not written (ordered)"
        yield Finding(
            WEIGHTS_UNUSED,
            (*path, "weights"),
            f"model {name!r} has weights but its strategy {shown}, so they are ignored; "
            "write 'strategy: weighted' or remove the weights",
        )
    if strategy == "weighted" and not isinstance(weights, dict):
        yield Finding(
            WEIGHTED_WITHOUT_WEIGHTS,
            (*path, "strategy"),
            f"model {name!r} has strategy weighted but no weights; add 'weights:' with a "
            "weight per chain entry",
        )
    if not isinstance(weights, dict):
        return
    chain = [entry.get("backend")]
    fallbacks = entry.get("fallbacks")
    chain += fallbacks if isinstance(fallbacks, list) else []
    entries = [e for e in chain if isinstance(e, str)]
    for key in weights:
        if key not in entries:
            yield Finding(
                WEIGHT_NOT_IN_CHAIN,
                (*path, "weights", key),
                f"weights key {key!r} of model {name!r} is not in its chain "
                f"({', '.join(entries) or 'empty'}){did_you_mean(str(key), entries)}",
            )
    values = [v for v in weights.values() if _number(v)]
    if strategy == "weighted" and values and len(values) == len(weights) and not any(values):
        yield Finding(
            WEIGHTS_ALL_ZERO,
            (*path, "weights"),
            f"every weight of model {name!r} is 0; give at least one entry a weight above 0",
        )
