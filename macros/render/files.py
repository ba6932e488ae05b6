"""Where each export file lives in the site: the one place their paths are named.

Exports write them; cards and the tracker link to them."""

from __future__ import annotations

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
