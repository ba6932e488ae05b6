"""The recommendation tracker: a full HTML table that reads without JavaScript; filters are added by JS."""

from __future__ import annotations

from macros.index import Index, label
from macros.model import Annotation
from macros.render import urls
from macros.render.cards import status_badge
from macros.render.citation import human_date, short
from macros.render.html import el, esc, link, text
from macros.render.urls import EditLinks

COLUMNS = ("id", "summary", "report", "date", "addressees", "topics", "status", "as_of", "url")


def status_totals(index: Index) -> str:
    """How many recommendations stand at each status (all statuses listed, zeros included)."""
    rows = "".join(el("li", status_badge(status) + " " + text("span", str(n), class_="total", data_status=status))
                   for status, n in index.status_counts())
    return el("ul", rows, class_="status-totals")


def status_vocabulary(index: Index) -> str:
    """The status vocabulary explained, from its one definition in the schema."""
    rows = "".join(el("dt", status_badge(s)) + text("dd", d) for s, d in index.vocab.statuses)
    return el("dl", rows, class_="status-vocabulary")


def _options(name: str, pairs: list[tuple[str, str]], key: str) -> str:
    """A labelled filter; ``key`` is what tracker.js filters on and the address keeps (?status=...)."""
    opts = el("option", f"All {name}", value="") + "".join(el("option", esc(t), value=v) for v, t in pairs)
    return el("label", esc(name.capitalize()) + " " + el("select", opts, data_filter=key), class_="filter")


def filters(index: Index) -> str:
    """Filter controls, hidden until the script runs (without JS the table is simply complete)."""
    recs = index.recommendations
    used_actors = {a for r in recs for a in r.actors}
    used_topics = {t for r in recs for t in r.topics}
    controls = [
        _options("statuses", [(s, label(s)) for s, _ in index.vocab.statuses], "status"),
        _options("actors", [(a.id, a.name) for a in index.actors if a.id in used_actors], "actor"),
        _options("topics", [(t.id, t.title) for t in index.topics if t.id in used_topics], "topic"),
        _options("reports", [(r.slug, r.display_title) for r in index.reports if index.by_report.get(r.slug)], "report"),
    ]
    buttons = (el("button", "Download CSV", type="button", class_="md-button", data_download="csv")
               + el("button", "Download JSON", type="button", class_="md-button", data_download="json")
               + el("button", "Reset", type="button", class_="md-button", data_reset=True))
    shown = el("p", "Showing " + text("span", str(len(recs)), class_="shown-count") + f" of {len(recs)} recommendations.",
               class_="tracker-count", aria_live="polite")
    return el("form", "".join(controls) + el("div", buttons, class_="tracker-buttons") + shown,
              class_="tracker-filters", hidden=True, role="search", aria_label="Filter recommendations")


def _row(ann: Annotation, index: Index, base: str, edit: EditLinks) -> str:
    report = index.report(ann)
    source = edit.at_line(ann.origin.path, ann.origin.line)
    actors = [index.corpus.actors[a] for a in ann.actors]
    topics = [index.corpus.topics[t] for t in ann.topics]
    cells = [
        el("td", link(esc(source), esc(ann.id), title="Edit in the repository", rel="nofollow")
           if source else esc(ann.id), class_="col-id"),
        el("td", link(base + urls.passage(ann), esc(ann.summary)), class_="col-summary"),
        el("td", link(base + urls.report(report.slug), esc(report.display_title)), class_="col-report"),
        text("td", human_date(report.date), class_="col-date", data_sort=report.date),
        el("td", ", ".join(link(base + urls.actor(a.id), esc(a.name)) for a in actors), class_="col-actors"),
        el("td", ", ".join(link(base + urls.topic(t.id), esc(t.title)) for t in topics), class_="col-topics"),
        el("td", status_badge(ann.status), class_="col-status"),
        text("td", human_date(ann.as_of) if ann.as_of else "—", class_="col-asof", data_sort=ann.as_of),
    ]
    # Row data for the filters; the date and as-of values are read from their cells' data-sort.
    return el("tr", "".join(cells), id=f"rec-{ann.id}", data_id=ann.id, data_status=ann.status, data_report=report.slug,
              data_actors=" ".join(ann.actors), data_topics=" ".join(ann.topics))


def tracker_table(index: Index, base: str, edit: EditLinks) -> str:
    """Every recommendation, one row each, with sortable column headers."""
    heads = [("id", "ID"), ("summary", "Recommendation"), ("report", "Report"), ("date", "Date"),
             ("addressees", "Addressees"), ("topics", "Topics"), ("status", "Status"), ("as_of", "As of")]
    head = "".join(el("th", esc(t), scope="col", data_key=k, aria_sort="none") for k, t in heads)
    rows = "".join(_row(a, index, base, edit) for a in index.recommendations)
    caption = text("caption", f"{len(index.recommendations)} recommendations from {len(index.reports)} reports")
    return el("div", el("table", caption + el("thead", el("tr", head)) + el("tbody", rows), class_="tracker-table"),
              class_="tracker-wrap")


def tracker(index: Index, base: str, edit: EditLinks) -> str:
    return filters(index) + status_totals(index) + tracker_table(index, base, edit)
