"""'Did you mean' suggestions from the names actually present."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates that look like ``word``, best first."""
    pool = [c for c in dict.fromkeys(candidates) if isinstance(c, str)]
    if not pool:
        return []
    hits = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if not hits:
        lowered = {c.lower(): c for c in pool}
        hits = [lowered[h] for h in difflib.get_close_matches(word.lower(), lowered, n=n)]
    return hits


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean 'x'?' or an empty string."""
    hits = closest(word, candidates, n=1)
    return f"; did you mean {hits[0]!r}?" if hits else ""
