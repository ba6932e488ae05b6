"""Where each export file lives in the site: the one place their paths are named.

Exports write them; cards and the tracker link to them. The whole-corpus files come in ``Part``s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FILES = {
    "annotations": "data/annotations.jsonld",
    "context": "data/context.jsonld",
    "tracker_csv": "data/tracker.csv",
    "tracker_json": "data/tracker.json",
    "citations": "data/citations.json",
    "citations_ris": "data/citations.ris",
    "citations_csl": "data/citations.csl.json",
}


def report_citations_json_file(slug: str) -> str:
    """One report's passages' citations in every format (JSON): the "Cite" of its page's cards reads it."""
    return f"data/citations/{slug}.json"


def report_citations_file(slug: str) -> str:
    """One report's citations (the report, then its annotations) as RIS."""
    return f"data/citations/{slug}.ris"


def report_tracker_file(slug: str) -> str:
    """One report's recommendations as tracker CSV."""
    return f"data/tracker/{slug}.csv"


@dataclass(frozen=True)
class Part:
    """A piece of a file that comes in several batches, in order; ``last`` ends the file.

    The whole-corpus exports are made a batch of reports at a time, from the same annotations as those
    reports' own files: a build then holds one batch's worth of them, never a whole file (citations.json
    alone is 70 MB at 1,000 reports, and making it whole was the build's peak of memory)."""

    text: str
    last: bool = False


Content = str | Part
"""What a batch maps a site path to: a whole file, or a part of one."""


def whole(batches: Iterable[Mapping[str, Content]]) -> dict[str, str]:
    """Each file of ``batches`` whole, its parts joined: for callers that want every file in memory (tests,
    the Data page's sizes outside a build). Refuses a file given twice, or a part after its last."""
    pieces: dict[str, list[str]] = {}
    ended: set[str] = set()
    for batch in batches:
        for path, content in batch.items():
            if path in ended or (isinstance(content, str) and path in pieces):
                raise ValueError(f"{path} given again after it was complete")
            pieces.setdefault(path, []).append(content if isinstance(content, str) else content.text)
            if isinstance(content, str) or content.last:
                ended.add(path)
    unended = set(pieces) - ended
    if unended:
        raise ValueError(f"files without their last part: {sorted(unended)}")
    return {path: "".join(parts) for path, parts in pieces.items()}
