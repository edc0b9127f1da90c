"""'Did you mean' suggestions from the names actually present."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

BUDGET = 10_000  # word-to-candidate comparisons one Suggester makes, about (~0.15 s)
_CACHE_LIMIT = 10_000


class Suggester:
    """Suggestions for many words from one list of candidates, as a lint run needs them.

    The candidates are prepared once, each distinct word is worked out once, and the work
    is bounded: once ``budget`` comparisons (a word against each candidate) are spent, a
    new word gets no suggestion. So a file with 100,000 distinct unknown names costs a
    fixed amount of matching, not one pass over the candidates per name.
    """

    def __init__(self, candidates: Iterable[str], budget: float = BUDGET) -> None:
        self._pool = [c for c in dict.fromkeys(candidates) if isinstance(c, str)]
        self._budget = budget
        self._lowered: dict[str, str] | None = None
        self._by_case: dict[str, list[str]] = {}
        self._cache: dict[tuple[str, int], list[str]] = {}

    def closest(self, word: str, n: int = 3) -> list[str]:
        """Up to ``n`` candidates that look like ``word``, best first."""
        found = self._cache.get((word, n))
        if found is not None:
            return found
        if not self._pool or self._budget <= 0:
            return []
        self._budget -= len(self._pool)
        found = self._match(word, n)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[(word, n)] = found
        return found

    def did_you_mean(self, word: str) -> str:
        """'; did you mean 'x'?' or an empty string."""
        hits = self.closest(word, n=1)
        return f"; did you mean {hits[0]!r}?" if hits else ""

    def _match(self, word: str, n: int) -> list[str]:
        if self._lowered is None:
            self._lowered = {c.lower(): c for c in self._pool}
            for c in self._pool:
                self._by_case.setdefault(c.lower(), []).append(c)
        folded = word.lower()
        same_but_case = self._by_case.get(folded, [])  # 'GPT-4o' is 'gpt-4o', not 'gpt-4'
        hits = difflib.get_close_matches(word, self._pool, n=n, cutoff=0.6)
        if not hits:
            lowered = self._lowered
            hits = [lowered[h] for h in difflib.get_close_matches(folded, lowered, n=n)]
        return [*same_but_case, *(h for h in hits if h not in same_but_case)][:n]


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates that look like ``word``, best first."""
    return Suggester(candidates, budget=float("inf")).closest(word, n)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean 'x'?' or an empty string."""
    return Suggester(candidates, budget=float("inf")).did_you_mean(word)
