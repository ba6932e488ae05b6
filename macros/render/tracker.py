"""The recommendation tracker: a full HTML table that reads without JavaScript; filters are added by JS.

What it lists is decided here; ``tracker.html`` and ``status-vocabulary.html`` lay it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from macros.index import Index, label
from macros.model import Annotation

from macros.render.cards import badge, force
from macros.render.citation import human_date, marked
from macros.render.templates import render
from macros.render.urls import EditLinks, Urls

if TYPE_CHECKING:
    from macros.render.kit import Kit

COLUMNS = ("id", "summary", "report", "date", "addressees", "topics", "status", "as_of", "url",
           "force", "force_wording", "checked", "latest_evidence_date", "latest_evidence_outlet")
"""The columns of the tracker's CSV and JSON exports (``exports.tracker_rows``)."""
_HEADS = (("id", "ID"), ("summary", "Recommendation"), ("report", "Report"), ("date", "Date"),
          ("addressees", "Addressees"), ("topics", "Topics"), ("status", "Status"), ("as_of", "As of"))


def _filter(name: str, pairs: list[tuple[str, str]], key: str) -> dict[str, Any]:
    """A labelled filter; ``key`` is what tracker.js filters on and the address keeps (?status=...)."""
    return {"name": name, "label": name.capitalize(), "key": key, "options": [{"value": v, "text": t} for v, t in pairs]}


def filters(index: Index) -> list[dict[str, Any]]:
    """The filters, each offering only the values some recommendation has."""
    recs = index.recommendations
    used_actors = {a for r in recs for a in r.actors}
    used_topics = {t for r in recs for t in r.topics}
    return [
        _filter("statuses", [(s, label(s)) for s, _ in index.vocab.statuses], "status"),
        _filter("actors", [(a.id, a.name) for a in index.actors if a.id in used_actors], "actor"),
        _filter("topics", [(t.id, t.title) for t in index.topics if t.id in used_topics], "topic"),
        _filter("reports", [(r.slug, r.display_title) for r in index.reports if index.by_report.get(r.slug)], "report"),
    ]


def _row(ann: Annotation, index: Index, base: str, edit: EditLinks, urls: Urls) -> dict[str, Any]:
    report = index.report(ann)
    return {"ann": ann, "source": edit.at_line(ann.origin.path, ann.origin.line),
            "summary_href": base + urls.passage(ann), "report": report, "report_href": base + urls.report(report.slug),
            # The sort key keeps an unverified date's mark too: the browser's download copies it into the date column.
            "date": marked(human_date(report.date), report, "date"), "date_sort": marked(report.date, report, "date"),
            "force": force(ann),
            "actors": [{"href": base + urls.actor(a), "text": index.corpus.actors[a].name} for a in ann.actors],
            "topics": [{"href": base + urls.topic(t), "text": index.corpus.topics[t].title} for t in ann.topics],
            "badge": badge(ann.status), "as_of": human_date(ann.as_of) if ann.as_of else "", "as_of_sort": ann.as_of}


def tracker(kit: Kit, base: str) -> Markup:
    """Filters, how many recommendations stand at each status (zeros included), then every recommendation."""
    index = kit.index
    recs = index.recommendations
    return render(kit.templates, "tracker.html", filters=filters(index), shown=len(recs),
                  totals=[{"badge": badge(status), "count": n} for status, n in index.status_counts()],
                  columns=[{"key": k, "title": t} for k, t in _HEADS],
                  caption=f"{len(recs)} recommendations from {len(index.reports)} reports",
                  rows=[_row(a, index, base, kit.edit, kit.urls) for a in recs])


def status_vocabulary(kit: Kit) -> Markup:
    """The status vocabulary explained, from its one definition in the schema."""
    return render(kit.templates, "status-vocabulary.html",
                  statuses=[{"badge": badge(s), "description": d} for s, d in kit.index.vocab.statuses])
