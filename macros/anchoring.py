"""Find a TextQuoteSelector (exact, prefix, suffix) in a report's text, or explain why it cannot be found."""

from __future__ import annotations

import difflib
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
        hits = [i for i in self._occurrences(needle) if self._context_ok(i, len(needle), prefix, suffix)]
        if len(hits) == 1:
            i = hits[0]
            return Match(self._map.original(i), self._map.original(i + len(needle) - 1) + 1, 1)
        if hits:
            return Match(count=len(hits))
        return Match(count=0, closest=self.closest(needle))

    def _occurrences(self, needle: str) -> list[int]:
        hits, i = [], self.norm.find(needle)
        while i != -1:
            hits.append(i)
            i = self.norm.find(needle, i + 1)
        return hits

    def _context_ok(self, i: int, length: int, prefix: str, suffix: str) -> bool:
        before = self.norm[:i].rstrip()
        after = self.norm[i + length:].lstrip()
        return (not prefix or before.endswith(normalize_quote(prefix))) and \
               (not suffix or after.startswith(normalize_quote(suffix)))

    def closest(self, needle: str, width: int = 160) -> str:
        """The passage of the text most like ``needle`` (to show a contributor what they probably meant)."""
        matcher = difflib.SequenceMatcher(None, self.norm, needle, autojunk=False)
        block = matcher.find_longest_match(0, len(self.norm), 0, len(needle))
        if block.size == 0:
            return ""
        start = max(0, block.a - block.b)
        passage = self.norm[start:start + max(len(needle), 40)]
        return passage if len(passage) <= width else passage[: width - 1] + "…"


def quote_problem(ann: Annotation, page: str, match: Match) -> Problem:
    """Why ``ann``'s quote did not anchor in ``page``: the one wording for the check and the build."""
    line, col = ann.origin.at("quote", "exact")
    if match.count:
        return Problem(ann.origin.path, line, col, ann.id, f"quote occurs {match.count} times in {page}",
                       "add quote.prefix or quote.suffix with the few words just before or after the passage you mean",
                       "ambiguous-quote")
    context = " with this prefix/suffix" if ann.quote.prefix or ann.quote.suffix else ""
    hint = f"closest passage: “{match.closest}”" if match.closest else "copy the passage from the report page exactly"
    return Problem(ann.origin.path, line, col, ann.id, f"quote not found in {page}{context}", hint, "quote-not-found")
