"""Find a TextQuoteSelector (exact, prefix, suffix) in a report's text, or explain why it cannot be found."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from macros.model import Annotation
from macros.problems import Problem
from macros.text import Normalized, normalize_quote


@dataclass(frozen=True)
class Match:
    """Outcome of anchoring one quote: a unique span (offsets in the original text), or why not."""

    start: int = -1
    end: int = -1
    count: int = 0
    closest: str = ""

    @property
    def found(self) -> bool:
        return self.count == 1


class SearchText:
    """A text prepared once for many quote look-ups (normalised, with offsets back to the original)."""

    def __init__(self, text: str):
        self.text = text
        self._map = Normalized(text)
        self.norm = self._map.text

    def anchor(self, exact: str, prefix: str = "", suffix: str = "") -> Match:
        """Locate ``exact``; prefix/suffix must agree when given. Unique match -> span; else count/closest."""
        needle = normalize_quote(exact)
        if not needle:
            return Match()
        hits = [i for i in self.occurrences(needle) if self.context_fits(i, len(needle), prefix, suffix)]
        if len(hits) == 1:
            i = hits[0]
            return Match(self._map.original(i), self._map.original(i + len(needle) - 1) + 1, 1)
        if hits:
            return Match(count=len(hits))
        return Match(count=0, closest=self.closest(needle))

    def original(self, index: int) -> int:
        """Offset in the original text of normalised offset ``index``."""
        return self._map.original(index)

    def occurrences(self, needle: str) -> list[int]:
        """Every normalised offset where the normalised ``needle`` starts (overlapping ones included)."""
        hits, i = [], self.norm.find(needle)
        while i != -1:
            hits.append(i)
            i = self.norm.find(needle, i + 1)
        return hits

    def context_fits(self, i: int, length: int, prefix: str, suffix: str) -> bool:
        """Whether the text just before and after normalised span ``i``..``i + length`` agrees with prefix/suffix."""
        before = self.norm[:i].rstrip()
        after = self.norm[i + length:].lstrip()
        return (not prefix or before.endswith(normalize_quote(prefix))) and \
               (not suffix or after.startswith(normalize_quote(suffix)))

    def closest(self, needle: str, width: int = 160) -> str:
        """The passage of the text most like ``needle`` (to show a contributor what they probably meant).

        Bounded work whatever the report's size: up to ``PROBES`` runs of three words from the quote
        (else two, else single long words) are looked up (each a fast substring search, at most ``HITS`` places each), and each place
        votes for where the quote would start; the passage with the most votes wins. A full fuzzy
        alignment (difflib) took seconds per quote on a multi-megabyte report.
        """
        votes: Counter[int] = Counter()
        for size in (3, 2, 1):  # shorter runs only when no longer one is found (a typo in a short quote)
            for offset, gram in _probes(needle, size):
                i, hits = self.norm.find(gram), 0
                while i != -1 and hits < HITS:
                    votes[max(0, i - offset)] += 1
                    i, hits = self.norm.find(gram, i + 1), hits + 1
            if votes:
                break
        if not votes:
            return ""
        start = min(votes, key=lambda at: (-votes[at], at))
        passage = self.norm[start:start + max(len(needle), 40)]
        return passage if len(passage) <= width else passage[: width - 1] + "…"


PROBES = 12
HITS = 50
_WORDS = re.compile(r"\S+")


def _probes(needle: str, size: int) -> list[tuple[int, str]]:
    """Up to PROBES runs of ``size`` words, spread over the quote, each with its offset in the quote."""
    words = list(_WORDS.finditer(needle))
    if len(words) < size:
        return []
    grams = [(words[i].start(), needle[words[i].start():words[i + size - 1].end()]) for i in range(len(words) - size + 1)]
    if size == 1:
        grams = [g for g in grams if len(g[1]) >= 5]  # short single words are everywhere
    step = max(1, len(grams) / PROBES)
    return [grams[int(k * step)] for k in range(min(PROBES, len(grams)))]


def quote_problem(ann: Annotation, page: str, match: Match) -> Problem:
    """Why ``ann``'s quote did not anchor in ``page``: the one wording for the check and the build."""
    line, col = ann.origin.at("quote", "exact")
    if match.count:
        return Problem(ann.origin.path, line, col, ann.id, f"quote occurs {match.count} times in {page}",
                       "add quote.prefix or quote.suffix with the few words just before or after the passage you mean",
                       "ambiguous-quote")
    context = " with this prefix/suffix" if ann.quote.prefix or ann.quote.suffix else ""
    hint = (f"closest passage: “{match.closest}”" if match.closest
            else "no close passage found: copy the passage from the report page exactly")
    return Problem(ann.origin.path, line, col, ann.id, f"quote not found in {page}{context}", hint, "quote-not-found")
