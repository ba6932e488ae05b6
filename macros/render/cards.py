"""An annotation as a card: what it shows is decided here; ``card.html`` lays it out.

What a card shows: kind, weight, status, force, last check, quote, chips, figures, evidence, relations, note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from macros.index import Index, label
from macros.model import Annotation, Evidence, Figure
from macros.render.urls import Urls
from macros.render.citation import human_date, short
from macros.render.files import report_citations_file, report_citations_json_file
from macros.render.templates import render
from macros.sanitize import markdown_to_safe_html


def badge(status: str, as_of: str = "") -> dict[str, str]:
    """What a status label shows (``status-badge.html``): the value, its words, and since when."""
    return {"status": status, "label": label(status), "as_of": human_date(as_of) if as_of else ""}


FORCE_LABELS = {"urged": "The authors urge", "proposed": "The authors propose", "option": "The authors float as an option"}
"""How a card introduces a recommendation's force, so that a floated idea never reads like a demand."""


def force(ann: Annotation) -> dict[str, str] | None:
    """The force as a card shows it: its level, the words introducing it, and the report's own wording."""
    if ann.force is None or not ann.is_recommendation:
        return None
    return {"level": ann.force.level, "label": FORCE_LABELS.get(ann.force.level, ""), "wording": ann.force.wording}


def evidence(ann: Annotation) -> list[dict[str, Any]]:
    """Evidence oldest first (whatever the file's order), each linked under its outlet's name."""
    return [{"date": human_date(e.date), "event": e.event, "source": e.source, "outlet": e.outlet or "source",
             "background": e.background} for e in sorted(ann.evidence, key=_date_of)]


def _date_of(e: Evidence) -> str:
    return e.date


def kind_label(ann: Annotation) -> str:
    if ann.is_recommendation:
        return "Recommendation"
    return f"Claim · {label(ann.claim_type)}" if ann.claim_type else "Claim"


def _chips(ids: tuple[str, ...], pool: dict[str, Any], href: Callable[[str], str], base: str,
           name: Callable[[Any], str]) -> list[dict[str, str]]:
    """Links to the entries ``ids`` names that exist (the check reports the others)."""
    return [{"href": base + href(i), "text": name(pool[i])} for i in ids if i in pool]


def _figure(f: Figure) -> dict[str, str]:
    value = f"{f.value:,.0f}" if float(f.value).is_integer() else f"{f.value:,}"
    return {"amount": f"{value} {f.unit}".strip(), "when": str(f.year) if f.year else f.period, "measures": f.measures}


def _relations(ann: Annotation, index: Index, base: str, urls: Urls) -> list[dict[str, str]]:
    """Relations both ways (outgoing and backlinks), each a deep link to the other passage."""
    return [{"label": l.label, "href": base + urls.passage(l.other), "summary": l.other.summary,
             "source": short(index.report(l.other))} for l in index.links.get(ann.id, [])]


def card_context(ann: Annotation, index: Index, base: str, *, with_quote: bool, heading: str = "h3",
                 edit_url: str = "", compact: bool = False, urls: Urls = Urls()) -> dict[str, Any]:
    """Everything ``card.html`` shows, computed here so that an override only changes the markup.

    On the report page (no quote: the passage is highlighted above) the title has the id ``card-<id>``.
    ``compact`` cards (the briefing book, which repeats every topic page) leave out chips, notes,
    relations and tools, and name the actors in plain text.
    ``cite`` is where the passage's citation is in every form: the report's own citation files (``json``, ``ris``),
    on the report page's card only, which reads it from there when a reader asks (printed on each card, the
    four formats were half of every report page); the other full cards link to that card's "Cite"
    (``cite_href``); compact cards have neither.
    """
    report = index.report(ann)
    actors, topics = index.corpus.actors, index.corpus.topics
    full = not compact
    return {
        "ann": ann, "heading": heading, "title_id": "" if with_quote else f"card-{ann.id}", "compact": compact,
        "kind_label": kind_label(ann), "badge": badge(ann.status, ann.as_of) if ann.is_recommendation else None,
        "quote": {"cite": short(report), "url": report.url, "href": base + urls.passage(ann)} if with_quote else None,
        "actor_names": ", ".join(actors[a].name for a in ann.actors if a in actors) if compact else "",
        "actors": _chips(ann.actors, actors, urls.actor, base, lambda a: a.name) if full and ann.actors else None,
        "topics": _chips(ann.topics, topics, urls.topic, base, lambda t: t.title) if full else [],
        "figures": [_figure(f) for f in ann.figures] if full else [],
        "force": force(ann), "weight": ann.weight, "checked": human_date(ann.checked) if ann.checked else "",
        "evidence": evidence(ann),
        "history": [{"badge": badge(h.status, h.as_of), "note": h.note}
                    for h in sorted(ann.history, key=lambda h: h.as_of)] if full else [],
        "note": markdown_to_safe_html(ann.note) if full and ann.note else "",
        "relations": _relations(ann, index, base, urls) if full else [],
        "back": "" if with_quote or compact else f"#{ann.id}",
        "edit_url": edit_url if full else "",
        "cite": {"json": base + report_citations_json_file(ann.report), "ris": base + report_citations_file(ann.report)}
        if full and not with_quote else None,
        "cite_href": f"{base}{urls.report(ann.report)}#cite-{ann.id}" if full and with_quote else "",
    }


def line_context(ann: Annotation, index: Index, base: str, urls: Urls = Urls()) -> dict[str, Any]:
    """What one line of ``report-lines.html`` shows (topic and actor pages): kind, status, the summary linking
    to the full card (which lives on the report page only), and, behind a <details> that print opens, the
    quote with its citation and passage address, the addressees and the evidence."""
    report = index.report(ann)
    actors = index.corpus.actors
    return {"ann": ann, "kind_label": kind_label(ann),
            "badge": badge(ann.status, ann.as_of) if ann.is_recommendation else None,
            "card_href": f"{base}{urls.report(ann.report)}#card-{ann.id}",
            "quote": {"cite": short(report), "url": report.url, "href": base + urls.passage(ann)},
            "actor_names": ", ".join(actors[a].name for a in ann.actors if a in actors),
            "evidence": evidence(ann)}


def card(env: Environment, ann: Annotation, index: Index, base: str, *, with_quote: bool, heading: str = "h3",
         edit_url: str = "", compact: bool = False, urls: Urls = Urls()) -> Markup:
    """A card, rendered with ``card.html`` (see ``card_context``)."""
    return render(env, "card.html", **card_context(ann, index, base, with_quote=with_quote, heading=heading,
                                                   edit_url=edit_url, compact=compact, urls=urls))


class Cards:
    """Cards rendered once per build and reused: an annotation appears on each of its topic and actor
    pages and in the briefing book, in the same form wherever the page depth and heading level agree.

    A report page's own card (no quote: the passage is above it) is shown there alone, so it is rendered
    and not kept: kept, those cards (the largest, with every citation format) held 45 MB of the build's
    memory at 200 reports until the end of the build."""

    def __init__(self, index: Index, env: Environment, urls: Urls = Urls()) -> None:
        self.index = index
        self.env = env
        self.urls = urls
        self._memo: dict[tuple[str, str, bool, str, str, bool], Markup] = {}
        self._lines: dict[tuple[str, str], Markup] = {}

    def forget(self) -> None:
        """Drop the memos: the glue calls this once the pages that repeat cards and lines are made (kept, the
        cards of every topic, actor and briefing page stayed in memory to the end of the build)."""
        self._memo.clear()
        self._lines.clear()

    def line(self, ann: Annotation, base: str) -> Markup:
        """An annotation's line on topic and actor pages (``anno-line.html``), rendered once per page depth:
        an annotation has a line on each of its topics' and actors' pages, the same wherever the depth agrees."""
        html = self._lines.get((ann.id, base))
        if html is None:
            html = self._lines[(ann.id, base)] = render(self.env, "anno-line.html",
                                                        l=line_context(ann, self.index, base, self.urls))
        return html

    def __call__(self, ann: Annotation, base: str, *, with_quote: bool, heading: str = "h3", edit_url: str = "",
                 compact: bool = False) -> Markup:
        if not with_quote:
            return card(self.env, ann, self.index, base, with_quote=with_quote, heading=heading, edit_url=edit_url,
                        compact=compact, urls=self.urls)
        key = (ann.id, base, with_quote, heading, edit_url, compact)
        html = self._memo.get(key)
        if html is None:
            html = self._memo[key] = card(self.env, ann, self.index, base, with_quote=with_quote, heading=heading,
                                          edit_url=edit_url, compact=compact, urls=self.urls)
        return html
