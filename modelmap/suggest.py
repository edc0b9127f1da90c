"""'Did you mean' suggestions from the names actually present."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates that look like ``word``, best first."""
    pool = [c for c in dict.fromkeys(candidates) if isinstance(c, str)]
    if not pool:
        return []
    folded = word.lower()
    same_but_case = [c for c in pool if c.lower() == folded]  # 'GPT-4o' is 'gpt-4o', not 'gpt-4'
    hits = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if not hits:
        lowered = {c.lower(): c for c in pool}
        hits = [lowered[h] for h in difflib.get_close_matches(folded, lowered, n=n)]
    return [*same_but_case, *(h for h in hits if h not in same_but_case)][:n]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean 'x'?' or an empty string."""
    hits = closest(word, candidates, n=1)
    return f"; did you mean {hits[0]!r}?" if hits else ""
