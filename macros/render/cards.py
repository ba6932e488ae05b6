"""An annotation as a card: kind, summary, quote, topics, actors, status, evidence, relations, note."""

from __future__ import annotations

from macros.index import Index, label
from macros.model import Annotation
from macros.render import urls
from macros.render.citation import human_date, short
from macros.render.html import el, esc, join, link, text
from macros.sanitize import markdown_to_safe_html


def status_badge(status: str, as_of: str = "") -> str:
    """A coloured status label; the colour is keyed on the value, the words say it (not colour alone)."""
    when = f" · as of {human_date(as_of)}" if as_of else ""
    return el("span", esc(label(status)) + esc(when), class_=f"status-badge status-{status}")


def kind_badge(ann: Annotation) -> str:
    words = "Recommendation" if ann.is_recommendation else f"Claim · {label(ann.claim_type)}" if ann.claim_type else "Claim"
    return text("span", words, class_=f"kind-badge kind-{ann.kind}")


def _chips(ids: tuple[str, ...], pool: dict, href, base: str, name) -> str:
    return join((link(base + href(i), esc(name(pool[i])), class_="chip") for i in ids if i in pool), " ")


def topic_chips(ann: Annotation, index: Index, base: str) -> str:
    return _chips(ann.topics, index.corpus.topics, urls.topic, base, lambda t: t.title)


def actor_chips(ann: Annotation, index: Index, base: str) -> str:
    return _chips(ann.actors, index.corpus.actors, urls.actor, base, lambda a: a.name)


def evidence_list(ann: Annotation) -> str:
    if not ann.evidence:
        return ""
    items = "".join(el("li", text("span", human_date(e.date), class_="ev-date") + " " + esc(e.event) + " "
                       + link(esc(e.source), "source", rel="noopener nofollow", class_="ev-source")) for e in ann.evidence)
    return el("div", text("p", "What has happened since:", class_="card-label") + el("ul", items, class_="evidence"))


def history_list(ann: Annotation) -> str:
    if not ann.history:
        return ""
    items = "".join(el("li", status_badge(h.status, h.as_of) + (" " + esc(h.note) if h.note else "")) for h in ann.history)
    return el("div", text("p", "Earlier statuses:", class_="card-label") + el("ul", items, class_="history"))


def relation_list(ann: Annotation, index: Index, base: str) -> str:
    """Relations both ways (outgoing and backlinks), each a deep link to the other passage."""
    links = index.links.get(ann.id, [])
    if not links:
        return ""
    items = "".join(el("li", text("span", l.label, class_="rel-label") + " "
                       + link(base + urls.passage(l.other), esc(l.other.summary), class_="rel-link",
                              data_rel=l.label) + " " + text("span", f"({short(index.report(l.other))})", class_="rel-source"))
                    for l in links)
    return el("div", text("p", "Related:", class_="card-label") + el("ul", items, class_="relations"))


def figures_list(ann: Annotation) -> str:
    if not ann.figures:
        return ""
    def one(f) -> str:
        value = f"{f.value:,.0f}" if float(f.value).is_integer() else f"{f.value:,}"
        when = f" ({f.year})" if f.year else f" ({f.period})" if f.period else ""
        return el("li", esc(f"{value} {f.unit}".strip() + when + " — " + f.measures))
    return el("div", text("p", "Figures:", class_="card-label") + el("ul", "".join(map(one, ann.figures)), class_="figures"))


def card_body(ann: Annotation, index: Index, base: str) -> str:
    """Everything about an annotation but its summary (the card title) and quote (shown in place or above)."""
    head = el("p", kind_badge(ann) + (" " + status_badge(ann.status, ann.as_of) if ann.is_recommendation else ""), class_="card-head")
    people = "Asks: " if ann.is_recommendation else "About: "
    actors = el("p", text("span", people, class_="card-label") + actor_chips(ann, index, base), class_="card-actors") if ann.actors else ""
    topics = el("p", text("span", "Topics: ", class_="card-label") + topic_chips(ann, index, base), class_="card-topics")
    note = el("div", markdown_to_safe_html(ann.note), class_="card-note") if ann.note else ""
    return join([head, actors, topics, figures_list(ann),
                 evidence_list(ann), history_list(ann), note, relation_list(ann, index, base)])


def quote_block(ann: Annotation, index: Index, base: str) -> str:
    """The verbatim quote with its citation and a deep link to the passage."""
    report = index.report(ann)
    # In print the report's address follows the citation, then "Read in context" with the passage's address.
    cite = el("footer", "— " + esc(short(report)) + ". "
              + el("span", esc(report.url) + " ", class_="print-url")
              + link(base + urls.passage(ann), "Read in context", class_="deep-link"), class_="quote-cite")
    return el("blockquote", text("p", ann.quote.exact) + cite, class_="anno-quote")


def compact_body(ann: Annotation, index: Index) -> str:
    """What a printed briefing needs beside the quote: kind, status, who is concerned, what happened since."""
    head = el("p", kind_badge(ann) + (" " + status_badge(ann.status, ann.as_of) if ann.is_recommendation else ""), class_="card-head")
    names = ", ".join(index.corpus.actors[a].name for a in ann.actors if a in index.corpus.actors)
    people = text("p", ("Asks: " if ann.is_recommendation else "About: ") + names, class_="card-actors") if names else ""
    return head + people + evidence_list(ann)


def card(ann: Annotation, index: Index, base: str, *, with_quote: bool, heading: str = "h3", edit_url: str = "",
         compact: bool = False) -> str:
    """A card. On the report page the card id is ``card-<id>`` (the passage itself has ``<id>``).

    Only the title (the summary) goes into the search index: the rest repeats what other pages hold.
    ``compact`` cards (the briefing book, which repeats every topic page) leave out chips, notes,
    relations and tools.
    """
    title = el(heading, esc(ann.summary), class_="card-title", id=f"card-{ann.id}" if not with_quote else None)
    quote = quote_block(ann, index, base) if with_quote else ""
    if compact:
        return el("article", title + quote + el("div", compact_body(ann, index), class_="card-body", data_search_exclude=True),
                  class_=f"anno-card anno-{ann.kind}", data_anno=ann.id, data_status=ann.status or None)
    back = "" if with_quote else link(f"#{ann.id}", "↑ passage", class_="to-passage")
    edit = link(esc(edit_url), "Edit", class_="edit-annotation", rel="nofollow") if edit_url else ""
    tools = el("p", join([back, edit], " · "), class_="card-tools") if back or edit else ""
    body = el("div", card_body(ann, index, base) + tools, class_="card-body", data_search_exclude=True)
    return el("article", title + quote + body, class_=f"anno-card anno-{ann.kind}", data_anno=ann.id, data_status=ann.status or None)


class Cards:
    """Cards rendered once per build and reused: an annotation appears on each of its topic and actor
    pages and in the briefing book, in the same form wherever the page depth and heading level agree."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._memo: dict[tuple[str, str, bool, str, str, bool], str] = {}

    def __call__(self, ann: Annotation, base: str, *, with_quote: bool, heading: str = "h3", edit_url: str = "",
                 compact: bool = False) -> str:
        key = (ann.id, base, with_quote, heading, edit_url, compact)
        html = self._memo.get(key)
        if html is None:
            html = self._memo[key] = card(ann, self.index, base, with_quote=with_quote, heading=heading,
                                          edit_url=edit_url, compact=compact)
        return html
