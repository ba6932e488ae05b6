"""Whole pages and page sections: report lists, topic and actor pages and indexes, the briefing book.

Generated pages are Markdown (so that their headings feed the table of contents and search) whose
every contributor value is escaped for Markdown and HTML; the bulk is HTML built with ``html`` and
kept out of the Markdown parser in ``Blocks`` (see ``blocks.py``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from macros.index import Index, label
from macros.model import Actor, Annotation, Topic
from macros.render import urls
from macros.render.blocks import Blocks
from macros.render.cards import Cards
from macros.render.citation import chicago
from macros.render.html import el, esc, join, link, text
from macros.render.urls import EditLinks

@dataclass
class Kit:
    """What the page renderers share within one build: the index, edit links, HTML blocks, a card memo."""

    index: Index
    edit: EditLinks = field(default_factory=EditLinks)
    blocks: Blocks = field(default_factory=Blocks)
    cards: Cards = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.cards = self.cards or Cards(self.index)

    def card(self, ann: Annotation, base: str, *, with_quote: bool, heading: str, compact: bool = False) -> str:
        return self.cards(ann, base, with_quote=with_quote, heading=heading, compact=compact,
                          edit_url="" if compact else self.edit.at_line(ann.origin.path, ann.origin.line))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
PRINT_BUTTON = '<p class="page-tools"><button type="button" class="md-button print-button" hidden>Print this page</button></p>'


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


def report_list(index: Index, base: str) -> str:
    """Every report, newest first, with its citation and annotation counts (from front matter, never by hand)."""
    items = []
    for report in index.reports:
        anns = index.by_report.get(report.slug, [])
        items.append(el("li", link(base + urls.report(report.slug), esc(report.display_title), class_="report-link")
                        + text("p", chicago(report), class_="report-cite")
                        + text("p", ("Excerpt. " if report.completeness == "excerpt" else "") + counts_line(anns), class_="report-counts")))
    return el("ul", "".join(items), class_="report-list")


def reports_index_page(kit: Kit) -> str:
    return "# Reports" + kit.blocks.put(report_list(kit.index, urls.base_for(urls.REPORTS)))


def report_annotations(kit: Kit, slug: str, base: str) -> str:
    """The "Annotations in this report" section appended to a report page (cards, in file order)."""
    anns = kit.index.by_report.get(slug, [])
    if not anns:
        return ""
    cards = "".join(kit.card(a, base, with_quote=False, heading="h3") for a in anns)
    return (el("h2", "Annotations in this report", id="annotations-in-this-report")
            + text("p", counts_line(anns), class_="counts") + el("div", cards, class_="anno-list"))


def _cards(kit: Kit, items: list[Annotation], base: str, level: int, compact: bool = False) -> str:
    return el("div", "".join(kit.card(a, base, with_quote=True, heading=f"h{level}", compact=compact) for a in items),
              class_="anno-list")


def _grouped_by_report(kit: Kit, items: list[Annotation], base: str, level: int, id_prefix: str, kinds: bool = True,
                       compact: bool = False, as_html: bool = False) -> str:
    """Cards grouped by report (newest first), recommendations before claims, each with its quote.

    Report headings are Markdown (for the table of contents), each followed by a block; ``as_html``
    returns plain HTML instead, for a page that goes into one block whole (the briefing book).
    """
    by_report: dict[str, list[Annotation]] = {}
    for ann in items:
        by_report.setdefault(ann.report, []).append(ann)
    out = []
    for report in kit.index.reports:
        mine = by_report.get(report.slug)
        if not mine:
            continue
        parts = [text("p", chicago(report), class_="report-cite")]
        for kind, title in ((("recommendation", "Recommendations"), ("claim", "Claims")) if kinds else ((None, ""),)):
            group = [a for a in mine if a.kind == kind] if kind else mine
            if group and kind:
                parts.append(text(f"h{level + 1}", f"{title} ({len(group)})", class_="group-title")
                             + _cards(kit, group, base, level + 2, compact))
            elif group:
                parts.append(_cards(kit, group, base, level + 1, compact))
        ident = f"{id_prefix}{report.slug}"
        if as_html:
            out.append(text(f"h{level}", report.display_title, id=ident) + "".join(parts))
        else:
            out.append(heading(level, report.display_title, ident) + kit.blocks.put("".join(parts)))
    return "".join(out)


def _topic_head(index: Index, topic: Topic, base: str) -> str:
    """A topic's description, counts, related topics and actors."""
    items = index.by_topic.get(topic.id, [])
    related = join(el("li", link(base + urls.topic(t.id), esc(t.title)) + f" ({n})") for t, n in index.related_topics.get(topic.id, []))
    actors = join(el("li", link(base + urls.actor(a.id), esc(a.name)) + f" ({n})") for a, n in index.topic_actors.get(topic.id, []))
    side = (el("div", text("p", "Related topics", class_="side-title") + el("ul", related), class_="side-box") if related else "")
    side += (el("div", text("p", "Actors involved", class_="side-title") + el("ul", actors), class_="side-box") if actors else "")
    return (text("p", topic.description, class_="topic-description") + text("p", counts_line(items), class_="counts")
            + (el("div", side, class_="side-boxes") if side else ""))


def topic_body(kit: Kit, topic: Topic, base: str, level: int = 2, id_prefix: str = "", compact: bool = False,
               as_html: bool = False) -> str:
    """Head, then the topic's annotations grouped by report (Markdown with blocks, or HTML)."""
    items = kit.index.by_topic.get(topic.id, [])
    head = _topic_head(kit.index, topic, base)
    if not as_html and _too_many_for_contents(items):
        return kit.blocks.put(head + _grouped_by_report(kit, items, base, level, id_prefix, compact=compact, as_html=True))
    groups = _grouped_by_report(kit, items, base, level, id_prefix, compact=compact, as_html=as_html)
    return head + groups if as_html else kit.blocks.put(head) + groups


TOC_LIMIT = 40


def _too_many_for_contents(items: list[Annotation]) -> bool:
    """Report headings feed the page's table of contents up to TOC_LIMIT reports; past that a contents
    list stops helping a reader, and rendering it costs the build more than the rest of the page."""
    return len({a.report for a in items}) > TOC_LIMIT


def topic_page(kit: Kit, topic: Topic) -> str:
    base = urls.base_for(urls.topic(topic.id))
    return f"# {md_escape(topic.title)}" + kit.blocks.put(PRINT_BUTTON) + topic_body(kit, topic, base)


def topics_index_page(kit: Kit) -> str:
    """Every topic under its own heading (so that search finds a topic by name), with counts and a link."""
    index, blocks = kit.index, kit.blocks
    base = urls.base_for(urls.TOPICS)
    out = ["# Topics"]
    for t in index.topics:
        out.append(heading(2, t.title, t.id))
        out.append(blocks.put(text("p", t.description) + el("p", link(base + urls.topic(t.id), "Open the topic page", class_="topic-link")
                                                              + " " + text("span", counts_line(index.by_topic.get(t.id, [])), class_="counts"))))
    return "".join(out)


def actor_page(kit: Kit, actor: Actor) -> str:
    """What the reports ask of an actor and say about it, each part grouped by report."""
    index = kit.index
    base = urls.base_for(urls.actor(actor.id))
    items = index.by_actor.get(actor.id, [])
    recs = [a for a in items if a.is_recommendation]
    claims = [a for a in items if not a.is_recommendation]
    facts = join([label(actor.kind), actor.country], " · ")
    head = [PRINT_BUTTON, text("p", facts, class_="actor-facts")]
    if actor.description:
        head.append(text("p", actor.description, class_="actor-description"))
    head.append(text("p", f"{_count(len(recs), 'recommendation')} addressed to this actor; {_count(len(claims), 'claim')} about it.", class_="counts"))
    out = [f"# {md_escape(actor.name)}", kit.blocks.put("".join(head))]
    for title, group, ident in ((f"Recommendations addressed to {actor.name}", recs, "recommendations"),
                                (f"Claims about {actor.name}", claims, "claims")):
        if group:  # report headings one level down, so that cards are h4 as on topic pages (one rendering serves both)
            many = _too_many_for_contents(group)
            groups = _grouped_by_report(kit, group, base, 3, f"{ident}-", kinds=False, as_html=many)
            out.append(heading(2, title, ident) + (kit.blocks.put(groups) if many else groups))
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
        items = "".join(el("li", link(base + urls.actor(a.id), esc(a.name)) + (f" ({esc(a.country)})" if a.country else "") + " "
                           + text("span", _actor_counts(index, a), class_="counts")) for a in group)
        out.append(heading(2, label(kind), kind) + blocks.put(text("p", description, class_="kind-description") + el("ul", items, class_="actor-list")))
    return "".join(out)


def _actor_counts(index: Index, actor: Actor) -> str:
    items = index.by_actor.get(actor.id, [])
    recs = sum(a.is_recommendation for a in items)
    return f"{_count(recs, 'recommendation')}, {_count(len(items) - recs, 'claim')}"


def briefing_book(kit: Kit, base: str) -> str:
    """All topic pages in one printable page, with a table of contents (a macro's output).

    Cards are compact here: quote, citation, summary, status, actors and evidence, which is what a
    printed briefing needs; the topic pages carry the rest (chips, notes, relations, edit links).
    The book is one HTML block with its own contents list: as Markdown headings, its thousands of
    sections would cost Python-Markdown time that grows with the square of the corpus.
    """
    topics = kit.index.topics
    toc = el("ol", "".join(el("li", link(f"#topic-{t.id}", esc(t.title))) for t in topics), class_="briefing-toc")
    out = [el("nav", text("p", "Contents", class_="side-title") + toc, class_="briefing-contents", aria_label="Topics in this book")]
    for topic in topics:
        out.append(el("section", text("h2", topic.title, id=f"topic-{topic.id}")
                      + topic_body(kit, topic, base, level=3, id_prefix=f"{topic.id}--", compact=True, as_html=True),
                      class_="briefing-topic"))
    return kit.blocks.put("".join(out))
