"""No chain entry costs more than the ceilings, in USD per 1,000 tokens (a policy: off
until the settings turn it on).

Turn it on with ``max-price = { input = 0.01, output = 0.03 }`` under ``[policy]``
(either ceiling alone is fine). ``scope = "primaries"`` (the default) checks each model's
primary only; ``scope = "chains"`` checks every fallback too, since a failover bills at
the fallback's price. Prices are read from the resolved chain (the backend's ``models:``
entry ``pricing``, or another source resolution knows); an entry whose price is unknown
is reported as MM608 (info) instead of guessed. The finding points at the model's
``backend:`` (or the fallback) and names the price and the ceiling.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.policy import unknown_fact
from modelmap.lint.rules.policy.chains import chains, fact_source, where_to_state
from modelmap.problems import Severity

CODE = "MM604"
RULES = (Rule(CODE, "max-price", Severity.ERROR, (__doc__ or "").strip()),)


def check(context: LintContext) -> Iterator[Finding]:
    """Find chain entries priced above a ceiling."""
    ceiling = context.options.policy.max_price
    if ceiling is None:
        return
    for chain in chains(context):
        entries = chain.entries if ceiling.scope == "chains" else chain.entries[:1]
        for entry in entries:
            target = entry.target
            for kind, limit, price, fact in (
                ("input", ceiling.input, target.price_input, "price_input"),
                ("output", ceiling.output, target.price_output, "price_output"),
            ):
                if limit is None:
                    continue
                owner = f" of {chain.model.name!r}"
                if price is None:
                    yield Finding(
                        unknown_fact.CODE,
                        entry.path,
                        f"policy max-price cannot check {entry.label}{owner}: its {kind} "
                        "price is unknown; " + where_to_state(target, f"pricing.{kind}"),
                        at_key=False,
                    )
                elif price > limit:
                    yield Finding(
                        CODE,
                        entry.path,
                        f"{entry.label}{owner} costs ${price:g} per 1,000 {kind} tokens"
                        f"{fact_source(target, fact)}, above the ceiling of ${limit:g} "
                        f"(policy max-price): choose a cheaper model, or raise "
                        f"max-price.{kind}",
                        at_key=False,
                    )
