"""What a request costs on a name's chain: the one computation behind ``modelmap cost`` and
the price changes of ``modelmap diff``.

Prices are the resolved targets' facts (USD per 1,000 tokens, from the config's backend
``models:`` entry or the catalog); each keeps where it came from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from modelmap.config.model import Config
from modelmap.errors import ConfigError, DisabledModelError
from modelmap.resolution import Resolution, Target

PER_MILLION = 1_000_000


@dataclass(frozen=True)
class Price:
    """A target's prices in USD per 1,000 tokens, each with its source (None: unknown)."""

    input: float | None = None
    output: float | None = None
    input_source: str | None = None
    output_source: str | None = None

    @property
    def known(self) -> bool:
        """True when at least one of the two prices is known."""
        return self.input is not None or self.output is not None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: USD per 1M tokens in and out, and where each price came from."""
        return {
            "input": per_million(self.input),
            "output": per_million(self.output),
            "per_tokens": PER_MILLION,
            "sources": {"input": self.input_source, "output": self.output_source},
        }


def price_of(target: Target) -> Price:
    """The prices a resolved target carries."""
    return Price(
        target.price_input,
        target.price_output,
        target.sources.get("price_input") if target.price_input is not None else None,
        target.sources.get("price_output") if target.price_output is not None else None,
    )


def per_million(per_thousand: float | None) -> float | None:
    """A price per 1,000 tokens as a price per 1M tokens (rounded off float noise)."""
    return None if per_thousand is None else round(per_thousand * 1000, 10)


def request_cost(price: Price, input_tokens: int, output_tokens: int) -> float | None:
    """USD for ``input_tokens`` in and ``output_tokens`` out; None when a price it needs is
    unknown (a price for zero tokens is not needed)."""
    total = 0.0
    for tokens, rate in ((input_tokens, price.input), (output_tokens, price.output)):
        if tokens:
            if rate is None:
                return None
            total += tokens / 1000 * rate
    return round(total, 10)  # no float noise (0.05000000000000001) in --json


def percent_change(before: float | None, after: float | None) -> float | None:
    """The change from ``before`` to ``after`` in percent; None when it has no meaning."""
    if before is None or after is None or before == 0:
        return None
    return (after - before) / before * 100


def usd(amount: float) -> str:
    """An amount of dollars with enough decimals to show small prices ($0.00005)."""
    if amount == 0:
        return "$0"
    if abs(amount) >= 1:
        return f"${amount:,.2f}"
    decimals = min(10, max(2, 1 - math.floor(math.log10(abs(amount))) + 1))
    text = f"{amount:.{decimals}f}".rstrip("0")
    if len(text.partition(".")[2]) < 2:
        text = f"{amount:.2f}"
    return f"${text}"


@dataclass(frozen=True)
class EntryCost:
    """One chain entry's price and the cost of the request on it."""

    entry: str  # "backend/model-id"
    price: Price
    cost: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"entry": self.entry, "price": self.price.as_dict(), "cost": self.cost}


@dataclass(frozen=True)
class NameCost:
    """What one name costs: on its primary, and on the most expensive entry of its chain."""

    name: str
    model: str
    primary: EntryCost | None
    most_expensive: EntryCost | None  # the chain entry with the highest known cost
    note: str | None = None  # "no price known", "disabled", or why it does not resolve

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "name": self.name,
            "model": self.model,
            "primary": self.primary.as_dict() if self.primary else None,
            "most_expensive": self.most_expensive.as_dict() if self.most_expensive else None,
            "note": self.note,
        }


def entry_name(target: Target) -> str:
    """A chain entry as ``backend/model-id``."""
    return f"{target.backend}/{target.model_id}"


def resolution_cost(resolution: Resolution, input_tokens: int, output_tokens: int) -> NameCost:
    """The cost of one request on a resolved name's primary and most expensive entry."""
    entries = [
        EntryCost(
            entry_name(t), price_of(t), request_cost(price_of(t), input_tokens, output_tokens)
        )
        for t in resolution.chain
    ]
    priced = [e for e in entries if e.cost is not None]
    most = max(priced, key=lambda e: e.cost or 0.0) if priced else None
    note = None if any(e.price.known for e in entries) else "no price known"
    if note is None and not priced:
        note = "price incomplete for this usage"
    return NameCost(resolution.requested, resolution.model, entries[0], most, note)


def cost_names(
    config: Config, names: Iterable[str] | None, input_tokens: int, output_tokens: int
) -> list[NameCost]:
    """The cost of one request for each of ``names`` (None: every model, in file order).

    Named names must resolve (``resolve``'s errors are raised); when every model is asked
    for, a disabled or unresolvable model gets a row with a note instead.
    """
    from modelmap.diff.index import indexed
    from modelmap.resolve import resolve

    fast = indexed(config)
    if names is not None:
        return [resolution_cost(resolve(fast, n), input_tokens, output_tokens) for n in names]
    rows = []
    for name, model in config.models.items():
        if not model.enabled:
            rows.append(NameCost(name, name, None, None, "disabled"))
            continue
        try:
            resolution = resolve(fast, name)
        except (ConfigError, DisabledModelError) as exc:
            rows.append(NameCost(name, name, None, None, str(exc)))
            continue
        rows.append(resolution_cost(resolution, input_tokens, output_tokens))
    return rows
