"""Whole pages and page sections: report lists, topic and actor pages and indexes, the briefing book.

A generated page is a ``Document``: headings (they feed the table of contents and search) and blocks
of HTML rendered from templates. This module decides what each page shows, in which order and under
which headings; the templates decide the markup; the glue turns a document into the site generator's
page source.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from macros.index import label
from macros.model import Actor, Annotation, Report, Topic
from macros.render.citation import chicago
from macros.render.document import Document, Heading
from macros.render.kit import Kit
from macros.render.templates import render
from macros.render.urls import ACTORS, REPORTS, TOPICS, base_for, numbered


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def counts_line(items: list[Annotation]) -> str:
    recs = sum(a.is_recommendation for a in items)
    reports = len({a.report for a in items})
    return f"{_count(len(items) - recs, 'claim')} and {_count(recs, 'recommendation')} from {_count(reports, 'report')}."


def report_list(kit: Kit, base: str) -> Markup:
    """Every report, newest first, with its citation and annotation counts (from front matter, never by hand)."""
    by_report = kit.index.by_report
    return render(kit.templates, "report-list.html", reports=[
        {"href": base + kit.urls.report(r.slug), "title": r.display_title, "cite": chicago(r),
         "excerpt": r.completeness == "excerpt", "counts": counts_line(by_report.get(r.slug, []))}
        for r in kit.index.reports])


def reports_index_page(kit: Kit) -> Document:
    return [Heading(1, "Reports"), report_list(kit, base_for(kit.urls.index(REPORTS)))]


def report_annotations(kit: Kit, slug: str, base: str) -> Markup:
    """The "Annotations in this report" section appended to a report page (cards, in file order)."""
    anns = kit.index.by_report.get(slug, [])
    if not anns:
        return Markup()
    return render(kit.templates, "report-annotations.html", counts=counts_line(anns),
                  cards=[kit.card(a, base, with_quote=False, heading="h3") for a in anns])


def _by_report(kit: Kit, items: list[Annotation]) -> list[tuple[Report, list[Annotation]]]:
    """``items`` grouped by report, newest report first."""
    by_report: dict[str, list[Annotation]] = {}
    for ann in items:
        by_report.setdefault(ann.report, []).append(ann)
    return [(r, by_report[r.slug]) for r in kit.index.reports if r.slug in by_report]


def _report_group(kit: Kit, report: Report, mine: list[Annotation], base: str, level: int, *, kinds: bool,
                  compact: bool, heading_id: str | None) -> Markup:
    """One report's cards, each with its quote: recommendations, then claims, under group headings when
    ``kinds``. With ``heading_id`` the report's heading is part of the HTML (see ``_grouped_by_report``)."""
    if kinds:
        pairs = [(title, [a for a in mine if a.kind == kind]) for kind, title in
                 (("recommendation", "Recommendations"), ("claim", "Claims"))]
        card_level = level + 2
    else:
        pairs, card_level = [("", mine)], level + 1
    groups = [{"title": title, "count": len(group),
               "cards": [kit.card(a, base, with_quote=True, heading=f"h{card_level}", compact=compact) for a in group]}
              for title, group in pairs if group]
    head = {"level": level, "id": heading_id, "title": report.display_title} if heading_id is not None else None
    return render(kit.templates, "report-group.html", heading=head, cite=chicago(report), group_level=level + 1,
                  groups=groups)


def _grouped_by_report(kit: Kit, items: list[Annotation], base: str, level: int, id_prefix: str, kinds: bool = True,
                       compact: bool = False) -> Document:
    """Cards grouped by report (newest first): each report's heading (for the table of contents), then
    its cards in a block."""
    parts: Document = []
    for report, mine in _by_report(kit, items):
        parts.append(Heading(level, report.display_title, f"{id_prefix}{report.slug}"))
        parts.append(_report_group(kit, report, mine, base, level, kinds=kinds, compact=compact, heading_id=None))
    return parts


def _grouped_html(kit: Kit, items: list[Annotation], base: str, level: int, id_prefix: str, kinds: bool = True,
                  compact: bool = False) -> Markup:
    """Cards grouped by report as HTML, headings included: for a page that goes into one block whole."""
    return Markup("").join(_report_group(kit, report, mine, base, level, kinds=kinds, compact=compact,
                                         heading_id=f"{id_prefix}{report.slug}")
                           for report, mine in _by_report(kit, items))


def _topic_head(kit: Kit, topic: Topic, base: str, searchable: bool = False) -> Markup:
    """A topic's description, counts, related topics and actors; ``searchable``: the description is what
    search indexes of the page (its topic page; not the briefing book, so a topic's name finds its page)."""
    index = kit.index
    return render(kit.templates, "topic-head.html", topic=topic, searchable=searchable,
                  counts=counts_line(index.by_topic.get(topic.id, [])),
                  related=[{"href": base + kit.urls.topic(t.id), "text": t.title, "count": n}
                           for t, n in index.related_topics.get(topic.id, [])],
                  actors=[{"href": base + kit.urls.actor(a.id), "text": a.name, "count": n}
                          for a, n in index.topic_actors.get(topic.id, [])])


TOC_LIMIT = 40
LINES_PER_PAGE = 150
"""Lines on one page of a topic or actor page; a longer one goes on over numbered pages (``topics/x/2/``...),
each report's lines kept together. A reader scans a page, and a page stays far below 500 KB gzipped."""


def _too_many_for_contents(reports: int) -> bool:
    """Report headings feed the page's table of contents up to TOC_LIMIT reports; past that a contents
    list stops helping a reader, and rendering it costs the build more than the rest of the page."""
    return reports > TOC_LIMIT


def _print_button(kit: Kit) -> Markup:
    return render(kit.templates, "print-button.html")


Section = tuple[str, str, list[Annotation]]
"""A part of a topic or actor page: its heading, its id and its annotations (key ones lead the page)."""


def _chunks(kit: Kit, sections: list[Section]) -> list[tuple[int, Report, list[Annotation]]]:
    """(section number, report, its annotations in that section), sections in order, newest report first."""
    return [(i, report, mine) for i, (_, _, items) in enumerate(sections) for report, mine in _by_report(kit, items)]


def _paginate(chunks: list[tuple[int, Report, list[Annotation]]]) -> list[list[tuple[int, Report, list[Annotation]]]]:
    """Chunks over pages of at most LINES_PER_PAGE lines (a report's lines are never split; one longer
    than that is a page of its own)."""
    pages: list[list[tuple[int, Report, list[Annotation]]]] = [[]]
    count = 0
    for chunk in chunks:
        if pages[-1] and count + len(chunk[2]) > LINES_PER_PAGE:
            pages.append([])
            count = 0
        pages[-1].append(chunk)
        count += len(chunk[2])
    return pages


def _lines(kit: Kit, report: Report, mine: list[Annotation], base: str, heading: dict | None) -> Markup:
    return render(kit.templates, "report-lines.html", heading=heading, cite=chicago(report),
                  lines=[kit.cards.line(a, base) for a in mine])


Head = Callable[[str, bool], Markup]
"""A topic's or an actor's head (with the print button) for one of its pages, given that page's base (its
links lead back from that page's own depth: ``topics/x/2/`` is a level below ``topics/x/``) and whether it
is the first page, the one search indexes: a later page repeats the head unmarked, or a search for the
topic's words would list every page of it."""


def _line_pages(kit: Kit, path: str, title: str, head: Head, sections: list[Section]) -> dict[str, Document]:
    """A topic or actor page as numbered pages of lines grouped by section, then by report: source path
    (no suffix) -> document. Each page has the title and the head, and the pager."""
    pages = _paginate(_chunks(kit, sections))
    out: dict[str, Document] = {}
    for number, chunks in enumerate(pages, 1):
        page_path = numbered(path, number)
        base = base_for(kit.urls.page(page_path))
        pager = render(kit.templates, "pager.html", pages=[
            {"number": n, "current": n == number, "href": base + kit.urls.page(numbered(path, n))}
            for n in range(1, len(pages) + 1)]) if len(pages) > 1 else Markup()
        doc: Document = [Heading(1, title if number == 1 else f"{title} (page {number} of {len(pages)})"),
                         head(base, number == 1) + pager]
        in_toc = not _too_many_for_contents(len(chunks))
        section = -1
        for i, report, mine in chunks:
            name, ident, _ = sections[i]
            if i != section:
                doc.append(Heading(2, name, ident))
                section = i
            anchor = f"{ident}-{report.slug}"
            if in_toc:
                doc += [Heading(3, report.display_title, anchor), _lines(kit, report, mine, base, None)]
            else:
                doc.append(_lines(kit, report, mine, base, {"level": 3, "id": anchor, "title": report.display_title}))
        if pager:
            doc.append(pager)
        out[page_path] = doc
    return out


def topic_pages(kit: Kit, topic: Topic) -> dict[str, Document]:
    """A topic's page (numbered pages when long): its head, then a line per annotation grouped by report,
    recommendations and key claims first."""
    items = kit.index.by_topic.get(topic.id, [])
    sections: list[Section] = [("Recommendations and key claims", "key", [a for a in items if a.is_key]),
                               ("Supporting claims", "supporting", [a for a in items if not a.is_key])]

    def head(base: str, first: bool) -> Markup:
        return _print_button(kit) + _topic_head(kit, topic, base, searchable=first)
    return _line_pages(kit, f"{TOPICS}/{topic.id}", topic.title, head, sections)


def topics_index_page(kit: Kit) -> Document:
    """Every topic under its own heading (so that search finds a topic by name), with counts and a link."""
    index = kit.index
    base = base_for(kit.urls.index(TOPICS))
    out: Document = [Heading(1, "Topics")]
    for t in index.topics:
        out.append(Heading(2, t.title, t.id))
        out.append(render(kit.templates, "topic-entry.html", topic=t, href=base + kit.urls.topic(t.id),
                          counts=counts_line(index.by_topic.get(t.id, []))))
    return out


def actor_pages(kit: Kit, actor: Actor) -> dict[str, Document]:
    """What the reports ask of an actor and say about it (key claims first), a line each, grouped by report."""
    index = kit.index
    items = index.by_actor.get(actor.id, [])
    recs = [a for a in items if a.is_recommendation]
    claims = [a for a in items if not a.is_recommendation]

    def head(base: str, first: bool) -> Markup:  # nothing in it leads elsewhere on the site: the base is not needed
        return render(kit.templates, "actor-head.html", actor=actor, searchable=first,
                      facts=" · ".join(p for p in (label(actor.kind), actor.country) if p),
                      recommendations=_count(len(recs), "recommendation"), claims=_count(len(claims), "claim"))
    sections: list[Section] = [(f"Recommendations addressed to {actor.name}", "recommendations", recs),
                               (f"Key claims about {actor.name}", "key-claims", [a for a in claims if a.is_key]),
                               (f"Claims about {actor.name}", "claims", [a for a in claims if not a.is_key])]
    return _line_pages(kit, f"{ACTORS}/{actor.id}", actor.name, head, sections)


def actors_index_page(kit: Kit) -> Document:
    """Actors grouped by kind, in the order the vocabulary defines the kinds."""
    index = kit.index
    base = base_for(kit.urls.index(ACTORS))
    out: Document = [Heading(1, "Actors")]
    for kind, description in index.vocab.actor_kinds:
        group = [a for a in index.actors if a.kind == kind]
        if not group:
            continue
        actors = [{"href": base + kit.urls.actor(a.id), "name": a.name, "country": a.country, "counts": _actor_counts(kit, a)}
                  for a in group]
        out.append(Heading(2, label(kind), kind))
        out.append(render(kit.templates, "actor-kind.html", description=description, actors=actors))
    return out


def _actor_counts(kit: Kit, actor: Actor) -> str:
    items = kit.index.by_actor.get(actor.id, [])
    recs = sum(a.is_recommendation for a in items)
    return f"{_count(recs, 'recommendation')}, {_count(len(items) - recs, 'claim')}"


def briefing_book(kit: Kit, base: str) -> Markup:
    """The briefing book's contents (a macro's output): a link to each topic's printable page."""
    return render(kit.templates, "briefing.html", sections=[{"topic": t, "href": base + kit.urls.briefing(t.id)}
                                                            for t in kit.index.topics])


def briefing_page(kit: Kit, topic: Topic) -> Document:
    """One topic of the briefing book, a page to print: its head, then compact cards grouped by report.

    Cards are compact here: quote, citation, summary, status, actors and evidence, which is what a
    printed briefing needs; the report pages carry the rest (chips, notes, relations, edit links).
    ``scripts/pdf.py`` prints every topic's page into one PDF with numbered contents.
    """
    base = base_for(kit.urls.briefing(topic.id))
    items = kit.index.by_topic.get(topic.id, [])
    head = _print_button(kit) + _topic_head(kit, topic, base)
    if _too_many_for_contents(len({a.report for a in items})):
        return [Heading(1, topic.title), head + _grouped_html(kit, items, base, 2, "", compact=True)]
    return [Heading(1, topic.title), head, *_grouped_by_report(kit, items, base, 2, "", compact=True)]
