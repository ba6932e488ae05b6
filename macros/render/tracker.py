"""The recommendation tracker: a full HTML table that reads without JavaScript; filters are added by JS.

What it lists is decided here; ``tracker.html`` and ``status-vocabulary.html`` lay it out. The status
chart is drawn here as numbers (bar segments in the units of the longest bar) and in the template as
inline SVG, so that it prints and reads without JavaScript.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from macros.index import Index, label
from macros.model import Annotation, Evidence

from macros.render.cards import badge
from macros.render.files import FILES
from macros.render.citation import human_date, marked
from macros.render.templates import render
from macros.render.urls import EditLinks, Urls
from macros.sanitize import markdown_to_safe_html

if TYPE_CHECKING:
    from macros.render.kit import Kit

COLUMNS = ("id", "summary", "report", "date", "addressees", "topics", "status", "as_of", "url",
           "force", "force_wording", "checked", "latest_evidence_date", "latest_evidence_outlet")
"""The columns of the tracker's CSV and JSON exports (``exports.tracker_rows``)."""
FORCES = (("urged", "Urged"), ("proposed", "Proposed"), ("option", "Option"))
"""A recommendation's force, strongest first (annotations/schema.json defines the levels)."""
_FORCE_RANK = {level: i for i, (level, _) in enumerate(FORCES)}

_HEADS = (("summary", "Recommendation"), ("report", "Report"), ("addressees", "Addressees"), ("topics", "Topics"),
          ("force", "Force"), ("status", "Status"), ("evidence", "Latest evidence"), ("checked", "Last checked"))


def _filter(name: str, pairs: list[tuple[str, str]], key: str, title: str = "") -> dict[str, Any]:
    """A labelled filter; ``key`` is what tracker.js filters on and the address keeps (?actor=...)."""
    return {"name": name, "label": title or name.capitalize(), "key": key,
            "options": [{"value": v, "text": t} for v, t in pairs]}


def filters(index: Index) -> list[dict[str, Any]]:
    """The drop-down filters, each offering only the values some recommendation has (status has chips)."""
    recs = index.recommendations
    used_actors = {a for r in recs for a in r.actors}
    used_topics = {t for r in recs for t in r.topics}
    used_forces = {r.force.level for r in recs if r.force}
    return [
        _filter("forces", [(v, t) for v, t in FORCES if v in used_forces], "force", "Force"),
        _filter("actors", [(a.id, a.name) for a in index.actors if a.id in used_actors], "actor"),
        _filter("topics", [(t.id, t.title) for t in index.topics if t.id in used_topics], "topic"),
        _filter("reports", [(r.slug, r.display_title) for r in index.reports if index.by_report.get(r.slug)], "report"),
    ]


def latest_evidence(ann: Annotation) -> Evidence | None:
    """The newest evidence of what happened since the report (background is not that; ISO dates, partial or
    whole, sort as text), as the exports' ``latest_evidence_*`` columns give it; None when there is none."""
    return max((e for e in ann.evidence if not e.background), key=lambda e: e.date, default=None)


def last_checked(ann: Annotation) -> str:
    """When someone last looked for evidence: ``checked``, or the status's own date when that is later
    (assessing a status is a check too); "" when nobody has looked."""
    return max(ann.checked, ann.as_of)


def _row(ann: Annotation, index: Index, base: str, edit: EditLinks, urls: Urls, rank: dict[str, int]) -> dict[str, Any]:
    report = index.report(ann)
    latest, checked = latest_evidence(ann), last_checked(ann)
    return {"ann": ann, "source": edit.at_line(ann.origin.path, ann.origin.line),
            "summary_href": base + urls.passage(ann), "report": report, "report_href": base + urls.report(report.slug),
            "date": marked(human_date(report.date), report, "date"), "date_sort": report.date,
            "actors": [{"href": base + urls.actor(a), "text": index.corpus.actors[a].name} for a in ann.actors],
            "topics": [{"href": base + urls.topic(t), "text": index.corpus.topics[t].title} for t in ann.topics],
            "force": {"level": ann.force.level, "label": label(ann.force.level), "wording": ann.force.wording,
                      "sort": str(_FORCE_RANK.get(ann.force.level, len(FORCES)))} if ann.force else None,
            "badge": badge(ann.status), "status_sort": f"{rank.get(ann.status, len(rank)):02d}",
            "as_of": human_date(ann.as_of) if ann.as_of else "",
            "evidence": {"date": human_date(latest.date), "date_sort": latest.date, "outlet": latest.outlet,
                         "href": latest.source, "event": latest.event} if latest else None,
            "evidence_count": len(ann.evidence),
            "checked": human_date(checked) if checked else "", "checked_sort": checked,
            "rationale": markdown_to_safe_html(ann.note) if ann.note else ""}


def _bar(name: str, href: str, items: Iterable[Annotation], statuses: list[str]) -> dict[str, Any]:
    """One bar of the chart: its segments in vocabulary order, each ``x`` and ``count`` in recommendations."""
    counts = Counter(a.status for a in items)
    segments, x = [], 0
    for status in statuses:
        if counts.get(status):
            segments.append({"status": status, "label": label(status), "count": counts[status], "x": x})
            x += counts[status]
    words = ", ".join(f"{s['count']} {s['label'].lower()}" for s in segments)
    total = f"{x} recommendation{'s' * (x != 1)}"
    return {"name": name, "href": href, "total": x, "segments": segments, "description": f"{name}: {total}: {words}"}


def chart(index: Index, base: str, urls: Urls) -> dict[str, Any]:
    """How many recommendations stand at each status, per report and per topic (topics with any)."""
    statuses = [s for s, _ in index.vocab.statuses]
    recs = index.recommendations
    groups = [
        {"title": "By report", "bars": [_bar(r.display_title, base + urls.report(r.slug),
                                              [a for a in recs if a.report == r.slug], statuses)
                                         for r in index.reports]},
        {"title": "By topic", "bars": [_bar(t.title, base + urls.topic(t.id),
                                             [a for a in recs if t.id in a.topics], statuses)
                                        for t in index.topics]},
    ]
    for group in groups:
        group["bars"] = sorted((b for b in group["bars"] if b["total"]), key=lambda b: -b["total"])
    used = {s["status"] for g in groups for b in g["bars"] for s in b["segments"]}
    longest = max((b["total"] for g in groups for b in g["bars"]), default=1)
    return {"groups": groups, "longest": longest,
            "legend": [{"status": s, "label": label(s)} for s in statuses if s in used]}


def tracker(kit: Kit, base: str) -> Markup:
    """The status chart, the status chips (zeros included), the filters, then every recommendation."""
    index = kit.index
    recs = index.recommendations
    rank = {s: i for i, (s, _) in enumerate(index.vocab.statuses)}
    reports = len({a.report for a in recs})
    return render(kit.templates, "tracker.html", filters=filters(index), shown=len(recs),
                  totals=[{"badge": badge(status), "count": n} for status, n in index.status_counts()],
                  columns=[{"key": k, "title": t} for k, t in _HEADS],
                  caption=f"{len(recs)} recommendation{'s' * (len(recs) != 1)} from {reports} report{'s' * (reports != 1)}",
                  chart=chart(index, base, kit.urls),
                  downloads={k: base + FILES[f"tracker_{k}"] for k in ("csv", "json")},
                  rows=[_row(a, index, base, kit.edit, kit.urls, rank) for a in recs])


def status_vocabulary(kit: Kit) -> Markup:
    """The status vocabulary explained, from its one definition in the schema."""
    return render(kit.templates, "status-vocabulary.html",
                  statuses=[{"badge": badge(s), "description": d} for s, d in kit.index.vocab.statuses])
