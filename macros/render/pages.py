"""Whole pages and page sections: report lists, topic and actor pages and indexes, the briefing book.

Generated pages are Markdown (so that their headings feed the table of contents and search) whose
every contributor value is escaped for Markdown and HTML; the bulk is HTML rendered from templates
and kept out of the Markdown parser in ``Blocks`` (see ``blocks.py``). This module decides what each
page shows, in which order and under which headings; the templates decide the markup.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from macros.index import label
from macros.model import Actor, Annotation, Report, Topic
from macros.render import urls
from macros.render.citation import chicago
from macros.render.kit import Kit  # the glue imports Kit from here
from macros.render.templates import render

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md_escape(value: str) -> str:
    """Text for a Markdown line (e.g. a heading): no emphasis, links, attributes or HTML can result."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", value), quote=False)


def heading(level: int, value: str, ident: str) -> str:
    return f"\n\n{'#' * level} {md_escape(value)} {{#{ident}}}\n\n"


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
        {"href": base + urls.report(r.slug), "title": r.display_title, "cite": chicago(r),
         "excerpt": r.completeness == "excerpt", "counts": counts_line(by_report.get(r.slug, []))}
        for r in kit.index.reports])


def reports_index_page(kit: Kit) -> str:
    return "# Reports" + kit.blocks.put(report_list(kit, urls.base_for(urls.REPORTS)))


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
                       compact: bool = False) -> str:
    """Cards grouped by report (newest first), as Markdown: each report's heading (for the table of
    contents), then its cards in a block."""
    return "".join(heading(level, report.display_title, f"{id_prefix}{report.slug}")
                   + kit.blocks.put(_report_group(kit, report, mine, base, level, kinds=kinds, compact=compact,
                                                  heading_id=None))
                   for report, mine in _by_report(kit, items))


def _grouped_html(kit: Kit, items: list[Annotation], base: str, level: int, id_prefix: str, kinds: bool = True,
                  compact: bool = False) -> Markup:
    """Cards grouped by report as HTML, headings included: for a page that goes into one block whole."""
    return Markup("").join(_report_group(kit, report, mine, base, level, kinds=kinds, compact=compact,
                                         heading_id=f"{id_prefix}{report.slug}")
                           for report, mine in _by_report(kit, items))


def _topic_head(kit: Kit, topic: Topic, base: str) -> Markup:
    """A topic's description, counts, related topics and actors."""
    index = kit.index
    return render(kit.templates, "topic-head.html", topic=topic, counts=counts_line(index.by_topic.get(topic.id, [])),
                  related=[{"href": base + urls.topic(t.id), "text": t.title, "count": n}
                           for t, n in index.related_topics.get(topic.id, [])],
                  actors=[{"href": base + urls.actor(a.id), "text": a.name, "count": n}
                          for a, n in index.topic_actors.get(topic.id, [])])


def topic_body(kit: Kit, topic: Topic, base: str) -> str:
    """Head, then the topic's annotations grouped by report, as Markdown with blocks."""
    items = kit.index.by_topic.get(topic.id, [])
    head = _topic_head(kit, topic, base)
    if _too_many_for_contents(items):
        return kit.blocks.put(head + _grouped_html(kit, items, base, 2, ""))
    return kit.blocks.put(head) + _grouped_by_report(kit, items, base, 2, "")


TOC_LIMIT = 40


def _too_many_for_contents(items: list[Annotation]) -> bool:
    """Report headings feed the page's table of contents up to TOC_LIMIT reports; past that a contents
    list stops helping a reader, and rendering it costs the build more than the rest of the page."""
    return len({a.report for a in items}) > TOC_LIMIT


def _print_button(kit: Kit) -> Markup:
    return render(kit.templates, "print-button.html")


def topic_page(kit: Kit, topic: Topic) -> str:
    base = urls.base_for(urls.topic(topic.id))
    return f"# {md_escape(topic.title)}" + kit.blocks.put(_print_button(kit)) + topic_body(kit, topic, base)


def topics_index_page(kit: Kit) -> str:
    """Every topic under its own heading (so that search finds a topic by name), with counts and a link."""
    index, blocks = kit.index, kit.blocks
    base = urls.base_for(urls.TOPICS)
    out = ["# Topics"]
    for t in index.topics:
        out.append(heading(2, t.title, t.id))
        out.append(blocks.put(render(kit.templates, "topic-entry.html", topic=t, href=base + urls.topic(t.id),
                                     counts=counts_line(index.by_topic.get(t.id, [])))))
    return "".join(out)


def actor_page(kit: Kit, actor: Actor) -> str:
    """What the reports ask of an actor and say about it, each part grouped by report."""
    index = kit.index
    base = urls.base_for(urls.actor(actor.id))
    items = index.by_actor.get(actor.id, [])
    recs = [a for a in items if a.is_recommendation]
    claims = [a for a in items if not a.is_recommendation]
    head = render(kit.templates, "actor-head.html", actor=actor,
                  facts=" · ".join(p for p in (label(actor.kind), actor.country) if p),
                  recommendations=_count(len(recs), "recommendation"), claims=_count(len(claims), "claim"))
    out = [f"# {md_escape(actor.name)}", kit.blocks.put(head)]
    for title, group, ident in ((f"Recommendations addressed to {actor.name}", recs, "recommendations"),
                                (f"Claims about {actor.name}", claims, "claims")):
        if group:  # report headings one level down, so that cards are h4 as on topic pages (one rendering serves both)
            if _too_many_for_contents(group):
                groups = kit.blocks.put(_grouped_html(kit, group, base, 3, f"{ident}-", kinds=False))
            else:
                groups = _grouped_by_report(kit, group, base, 3, f"{ident}-", kinds=False)
            out.append(heading(2, title, ident) + groups)
    return "".join(out)


def actors_index_page(kit: Kit) -> str:
    """Actors grouped by kind, in the order the vocabulary defines the kinds."""
    index, blocks = kit.index, kit.blocks
    base = urls.base_for(urls.ACTORS)
    out = ["# Actors"]
    for kind, description in index.vocab.actor_kinds:
        group = [a for a in index.actors if a.kind == kind]
        if not group:
            continue
        actors = [{"href": base + urls.actor(a.id), "name": a.name, "country": a.country, "counts": _actor_counts(kit, a)}
                  for a in group]
        out.append(heading(2, label(kind), kind)
                   + blocks.put(render(kit.templates, "actor-kind.html", description=description, actors=actors)))
    return "".join(out)


def _actor_counts(kit: Kit, actor: Actor) -> str:
    items = kit.index.by_actor.get(actor.id, [])
    recs = sum(a.is_recommendation for a in items)
    return f"{_count(recs, 'recommendation')}, {_count(len(items) - recs, 'claim')}"


def briefing_book(kit: Kit, base: str) -> str:
    """All topic pages in one printable page, with a table of contents (a macro's output).

    Cards are compact here: quote, citation, summary, status, actors and evidence, which is what a
    printed briefing needs; the topic pages carry the rest (chips, notes, relations, edit links).
    The book is one HTML block with its own contents list: as Markdown headings, its thousands of
    sections would cost Python-Markdown time that grows with the square of the corpus.
    """
    sections = [{"topic": topic,
                 "body": _topic_head(kit, topic, base)
                 + _grouped_html(kit, kit.index.by_topic.get(topic.id, []), base, 3, f"{topic.id}--", compact=True)}
                for topic in kit.index.topics]
    return kit.blocks.put(render(kit.templates, "briefing.html", sections=sections))
