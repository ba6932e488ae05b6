"""Page metadata for machines: Highwire citation_* tags, Open Graph, descriptions, schema.org JSON-LD.

Pure functions from a report, topic, actor or any page's own title and text to what its head should
carry; the glue puts it on the page and the theme's template prints it, escaped. A fact the report's
front matter marks as unverified (``uncertain:``) is left out of every machine-readable field (the
citation tags, the JSON-LD, the description) rather than stated: the page itself shows it, flagged.
There is no ``citation_pdf_url``: the front matter has no PDF address, and none is guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from macros.model import Actor, Report, Topic
from macros.render.citation import human_date

DESCRIPTION_LIMIT = 200
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class PageMeta:
    """What a page's head carries: its ``description`` (the theme prints it), ``tags`` as (name, content)
    pairs, a name starting ``og:`` being an Open Graph property; ``jsonld`` a schema.org object or None."""

    description: str
    tags: tuple[tuple[str, str], ...]
    jsonld: dict[str, Any] | None = field(default=None, hash=False)


def clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Plain text on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:.-—") + "…"


def _open_graph(title: str, description: str, url: str, site_name: str, kind: str) -> list[tuple[str, str]]:
    tags = [("og:type", kind), ("og:title", title), ("og:description", description), ("og:site_name", site_name)]
    return tags + ([("og:url", url)] if url else [])


def report_description(report: Report) -> str:
    """Title, authors (or publisher), publisher and date, each only when verified."""
    ok = lambda name: not report.is_uncertain(name)  # noqa: E731
    parts = [report.display_title if ok("title") else "A report"]
    names = [a.name for a in report.authors if a.name] if ok("authors") else []
    if names:
        parts.append("by " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]))
    if report.publisher and ok("publisher"):
        parts.append(("published by " if names else "from ") + report.publisher)
    if report.date and ok("date"):
        parts.append(human_date(report.date))
    return clip(", ".join(parts) + ". The annotated text, with its claims and recommendations.")


def report_meta(report: Report, page_url: str, site_name: str) -> PageMeta:
    """Citation tags (Highwire Press, as Zotero and Google Scholar read them), Open Graph, and a schema.org Report."""
    ok = lambda name: not report.is_uncertain(name)  # noqa: E731
    description = report_description(report)
    tags: list[tuple[str, str]] = []
    if ok("title"):
        tags.append(("citation_title", report.display_title))
    authors = [a for a in report.authors if a.name] if ok("authors") else []
    publisher = report.publisher if ok("publisher") else ""
    if authors:
        tags += [("citation_author", a.name) for a in authors]
    elif publisher and ok("authors"):  # no named author: the publishing body is the author, as Scholar reads it
        tags.append(("citation_author", publisher))
    if report.date and ok("date"):
        tags.append(("citation_date", report.date.replace("-", "/")))
    if publisher:
        tags += [("citation_publisher", publisher), ("citation_technical_report_institution", publisher)]
    if report.number and ok("number"):
        tags.append(("citation_technical_report_number", report.number))
    if report.series and ok("series"):
        tags.append(("citation_series_title", report.series))
    if page_url:
        tags.append(("citation_abstract_html_url", page_url))
    tags += _open_graph(report.display_title, description, page_url, site_name, "article")
    return PageMeta(description, tuple(tags), report_jsonld(report, page_url))


def report_jsonld(report: Report, page_url: str) -> dict[str, Any]:
    """The report as a schema.org Report: only verified facts."""
    ok = lambda name: not report.is_uncertain(name)  # noqa: E731
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Report"}
    if ok("title"):
        data["name"] = report.display_title
    if ok("authors") and any(a.name for a in report.authors):
        # a name only: an affiliation is written as free text (a position, an institution), not an organisation
        data["author"] = [{"@type": "Person", "name": a.name} for a in report.authors if a.name]
    if report.publisher and ok("publisher"):
        data["publisher"] = {"@type": "Organization", "name": report.publisher}
    if report.date and ok("date"):
        data["datePublished"] = report.date
    if report.number and ok("number"):
        data["reportNumber"] = report.number
    if report.series and ok("series"):
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": report.series}
    if report.url and ok("url"):
        data["url"] = report.url
    if page_url:
        data["mainEntityOfPage"] = page_url
    return data


def topic_meta(topic: Topic, page_url: str, site_name: str) -> PageMeta:
    description = clip(topic.description or f"Claims and recommendations on {topic.title}, from the annotated reports.")
    return _plain(topic.title, description, page_url, site_name)


def actor_meta(actor: Actor, page_url: str, site_name: str) -> PageMeta:
    description = clip(actor.description or f"What the annotated reports say about {actor.name}, and ask of it.")
    return _plain(actor.name, description, page_url, site_name)


def listing_meta(title: str, intro: str, names: list[str], page_url: str, site_name: str) -> PageMeta:
    """An index page (reports, topics, actors): what it lists, by name, as far as the description's length allows."""
    return _plain(title, clip(f"{intro}: {'; '.join(names)}." if names else f"{intro}."), page_url, site_name)


def page_meta(title: str, description: str, page_url: str, site_name: str) -> PageMeta:
    """Any other page: its title, and its own description (its front matter's, or its first paragraph)."""
    return _plain(title, clip(description), page_url, site_name)


def _plain(title: str, description: str, page_url: str, site_name: str) -> PageMeta:
    return PageMeta(description, tuple(_open_graph(title, description, page_url, site_name, "website")))


class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.done = 0, False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.depth:
            self.depth -= 1
            self.done = self.done or (self.depth == 0 and bool("".join(self.parts).strip()))

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.parts.append(data)


_FIRST_P = re.compile(r"<p[\s>]")
PARAGRAPH_WINDOW = 50_000


def first_paragraph(html: str) -> str:
    """The plain text of the first non-empty paragraph of rendered HTML ('' when there is none)."""
    start = _FIRST_P.search(html)
    if start is None:
        return ""
    parser = _FirstParagraph()
    parser.feed(html[start.start(): start.start() + PARAGRAPH_WINDOW])  # not the whole of a large page
    parser.close()
    return " ".join("".join(parser.parts).split())


def jsonld_text(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">`` block: ``<``, ``>`` and ``&`` written as
    ``\\u003c`` etc., so that no value can close the block (``</script>``) or open a comment (``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)
