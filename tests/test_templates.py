"""Templates: every value escaped exactly once, every builder returns Markup, a site's override wins.

The corpus is built in memory (no YAML, no MkDocs) with ``&``, quotes, ``<`` and an already-escaped
``&amp;`` in every text and URL field. Parsed back with an HTML parser, each value must read exactly
as written: escaped zero times, ``&amp;`` would come back as ``&``; escaped twice, ``&`` would come
back as ``&amp;``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from macros.index import Vocabulary, build_index, label
from macros.model import (Actor, Annotation, Author, Corpus, Evidence, Figure, HistoryEntry, Origin, Quote, Relation,
                          Report, Topic, Uncertain)
from macros.render import citation, pages, tracker
from macros.glue.markdown import Blocks
from macros.render.document import Heading
from macros.render.cards import card
from macros.render.exports import data_page_table
from macros.render.highlight import highlight
from macros.render.templates import PACKAGE_TEMPLATES, environment, package_environment
from macros.render.urls import EditLinks
from macros.sanitize import clean_report_html, markdown_to_safe_html
from tests.sitebuild import build_site, make_project, page

H = """&amp; & "q" 'a' <b>x</b> &lt; {{ 7*7 }}"""  # text; {{ }} proves values are data, never template source
U = """https://example.org/p?a=1&b=2&amp;c="d"&e='f'<g>"""  # a URL
REPO = """https://git.example/o/r?x=1&y="z"'<"""


def T(name: str) -> str:
    return f"{name} {H}"


@pytest.fixture(scope="module")
def kit() -> pages.Kit:
    report = Report(slug="r", title=T("Title"), title_supplied=True,
                    authors=(Author(T("Ada"), T("Inst")), Author(T("Bo"))), authors_statement=T("Statement"),
                    publisher=T("Pub"), series=T("Series"), number=T("7"), date="2021-03-18", date_precision="day",
                    url=U + "report", captured_from=U + "captured", completeness="excerpt",
                    completeness_note=T("Note"), uncertain=(Uncertain("number", T("Unsure")),),
                    origin=Origin("docs/reports/r.md"))
    topic = Topic("t", T("Topic"), T("About"), Origin("annotations/topics.yml", 2))
    other_topic = Topic("u", T("Other topic"), T("Other"), Origin("annotations/topics.yml", 5))
    actor = Actor("x", T("Actor"), "country", T("Land"), T("Desc"), Origin("annotations/actors.yml", 2))
    rec = Annotation("a1", "recommendation", "r", Quote(T("Exact")), T("Summary"), ("t", "u"), ("x",),
                     Origin("annotations/r.yml", 3), note="Plain note", status="implemented", as_of="2024-01-01",
                     evidence=(Evidence("2023-05", T("Event"), U + "evidence"),),
                     history=(HistoryEntry("in-progress", "2022-01-01", T("History")),))
    claim = Annotation("c1", "claim", "r", Quote(T("Claim exact")), T("Claim"), ("t",), ("x",),
                       Origin("annotations/r.yml", 20), claim_type="statistic",
                       figures=(Figure(3.5, T("measures"), T("unit"), None, T("period")),),
                       relations=(Relation("supports", "a1"),))
    corpus = Corpus({"r": report}, {"t": topic, "u": other_topic}, {"x": actor}, [rec, claim])
    vocab = Vocabulary(statuses=(("not-yet-assessed", T("Nobody")), ("in-progress", T("Steps")), ("implemented", T("Done"))),
                       relation_types=(("supports", T("Gives reasons")),), inverse={"supports": "supported by"},
                       actor_kinds=(("country", T("A country")),), claim_types=(("statistic", T("Numbers")),))
    return pages.Kit(build_index(corpus, vocab), EditLinks(REPO))


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def texts(doc: BeautifulSoup, selector: str) -> list[str]:
    return [e.get_text() for e in doc.select(selector)]


def test_card_shows_every_value_as_written(kit: pages.Kit) -> None:
    index = kit.index
    rec, claim, report = index.annotations["a1"], index.annotations["c1"], index.corpus.reports["r"]
    edit = kit.edit.at_line(rec.origin.path, rec.origin.line)
    doc = soup(card(kit.templates, rec, index, "../../", with_quote=True, edit_url=edit))
    assert texts(doc, ".card-title") == [rec.summary]
    assert texts(doc, "blockquote.anno-quote > p") == [rec.quote.exact]
    assert texts(doc, ".quote-cite .print-url") == [report.url + " "]
    assert texts(doc, ".quote-cite") == [f"— {citation.short(report)}. {report.url} Read in context"]
    assert texts(doc, ".card-actors a.chip") == [index.corpus.actors["x"].name]
    assert texts(doc, ".card-topics a.chip") == [index.corpus.topics["t"].title, index.corpus.topics["u"].title]
    assert texts(doc, ".evidence li") == [f"May 2023 {rec.evidence[0].event} source"]
    assert [a["href"] for a in doc.select("a.ev-source")] == [rec.evidence[0].source]
    assert texts(doc, ".history li") == [f"In progress · as of 1 January 2022 {rec.history[0].note}"]
    assert [a["href"] for a in doc.select("a.edit-annotation")] == [REPO + "/blob/main/annotations/r.yml#L3"]
    assert texts(doc, ".relations .rel-link") == [claim.summary]

    doc = soup(card(kit.templates, claim, index, "../../", with_quote=False))
    assert texts(doc, "h3.card-title") == [claim.summary] and doc.select_one("h3")["id"] == "card-c1"
    assert texts(doc, ".figures li") == [f"3.5 {claim.figures[0].unit} ({claim.figures[0].period}) — {claim.figures[0].measures}"]
    assert texts(doc, ".relations li") == [f"supports {rec.summary} ({citation.short(report)})"]
    assert [a["data-rel"] for a in doc.select("a.rel-link")] == ["supports"]

    doc = soup(card(kit.templates, rec, index, "", with_quote=True, compact=True))
    assert texts(doc, ".card-actors") == [f"Asks: {index.corpus.actors['x'].name}"]


def test_citation_block_shows_every_value_as_written(kit: pages.Kit) -> None:
    report = kit.index.corpus.reports["r"]
    doc = soup(citation.citation_block(report, kit.templates))
    facts = dict(zip(texts(doc, ".cite-facts dt"), texts(doc, ".cite-facts dd")))
    a, b = report.authors
    assert facts["Authors"] == f"{a.name} ({a.affiliation}); {b.name}"
    assert facts["Publisher"] == report.publisher
    assert facts["Series"] == f"{report.series}, no. {report.number} unverified"
    assert facts["Original"] == report.url and facts["Captured from"] == report.captured_from
    assert facts["Text on this page"] == f"Excerpt — {report.completeness_note}"
    assert [a["href"] for a in doc.select(".cite-facts a")] == [report.url, report.captured_from]
    assert [a["href"] for a in doc.select(".cite-excerpt a")] == [report.url]
    assert texts(doc, ".cite-uncertain li") == [f"number unverified: {report.uncertain[0].note}"]  # each note keeps the mark
    assert texts(doc, "pre.cite-chicago") == [citation.chicago(report)]
    assert texts(doc, "pre.cite-bibtex") == [citation.bibtex(report)]
    nobody = soup(citation.citation_block(Report(**{**report.__dict__, "authors": ()})))
    assert texts(nobody, ".cite-facts dd em") == [report.authors_statement]


def test_tracker_shows_every_value_as_written(kit: pages.Kit) -> None:
    index = kit.index
    rec, report, actor = index.annotations["a1"], index.corpus.reports["r"], index.corpus.actors["x"]
    doc = soup(tracker.tracker(kit, "../"))
    row = doc.select_one("tr#rec-a1")
    assert [a["href"] for a in row.select("a.tracker-edit")] == [REPO + "/blob/main/annotations/r.yml#L3"]
    assert texts(row, ".col-summary > a") == [rec.summary]
    assert texts(row, ".col-report a") == [report.display_title]
    assert texts(row, ".col-actors a") == [actor.name]
    assert texts(row, ".col-topics a") == [index.corpus.topics[t].title for t in rec.topics]
    options = {s["data-filter"]: texts(s, "option")[1:] for s in doc.select("select")}
    assert options["actor"] == [actor.name] and options["report"] == [report.display_title]
    assert options["topic"] == [t.title for t in index.topics]
    vocabulary = soup(tracker.status_vocabulary(kit))
    assert texts(vocabulary, "dd") == [d for _, d in index.vocab.statuses]
    rule = " ".join(texts(vocabulary, "p.status-dates")[0].split())
    assert "on or after the report’s date" in rule and "a meeting or an announcement alone is not enough" in rule


def test_pages_show_every_value_as_written(kit: pages.Kit) -> None:
    index = kit.index
    report, topic, actor = index.corpus.reports["r"], index.corpus.topics["t"], index.corpus.actors["x"]
    listing = soup(pages.report_list(kit, ""))
    assert texts(listing, "a.report-link") == [report.display_title]
    assert texts(listing, ".report-cite") == [citation.chicago(report)]

    [topic_doc] = pages.topic_pages(kit, topic).values()
    topic_page = soup(html_of(topic_doc))
    assert texts(topic_page, ".topic-description") == [topic.description]
    assert texts(topic_page, ".side-box a") == [index.corpus.topics["u"].title, actor.name]
    assert set(texts(topic_page, ".report-cite")) == {citation.chicago(report)}

    [actor_doc] = pages.actor_pages(kit, actor).values()
    actor_page = soup(html_of(actor_doc))
    assert texts(actor_page, ".actor-facts") == [f"{label(actor.kind)} · {actor.country}"]
    assert texts(actor_page, ".actor-description") == [actor.description]

    topics = soup(html_of(pages.topics_index_page(kit)))
    assert topics.find("p", string=topic.description) is not None
    actors = soup(html_of(pages.actors_index_page(kit)))
    assert texts(actors, ".kind-description") == [index.vocab.actor_kinds[0][1]]
    assert texts(actors, ".actor-list a") == [actor.name] and f"({actor.country})" in actors.select_one(".actor-list li").get_text()

    book = soup(html_of(pages.briefing_book(kit, "")))
    assert texts(book, ".briefing-toc a") == [t.title for t in index.topics]
    assert [a["href"] for a in book.select(".briefing-toc a")] == [f"briefing/{t.id}/" for t in index.topics]
    section = soup(html_of(pages.briefing_page(kit, topic)))
    assert texts(section, "h1") == [topic.title] and texts(section, ".topic-description") == [topic.description]
    assert texts(section, "h2") == [report.display_title]
    assert [a["data-anno"] for a in section.select("article.anno-card")] == [a.id for a in index.by_topic[topic.id]]


def html_of(document) -> str:
    """A page the core hands over (headings and HTML blocks) as plain HTML."""
    if isinstance(document, Markup):
        return str(document)
    return "".join(f"<h{p.level}>{escape(p.text)}</h{p.level}>" if isinstance(p, Heading) else str(p) for p in document)


def test_every_html_builder_returns_markup(kit: pages.Kit) -> None:
    index, report, rec = kit.index, kit.index.corpus.reports["r"], kit.index.annotations["a1"]
    built = [card(kit.templates, rec, index, "", with_quote=True), citation.citation_block(report, kit.templates),
             citation.citation_block(report), tracker.tracker(kit, ""), tracker.status_vocabulary(kit),
             data_page_table(kit, "", defaultdict(int)), pages.report_list(kit, ""), pages.report_annotations(kit, "r", ""),
             pages.report_annotations(kit, "no-such-report", ""), kit.card(rec, "", with_quote=False, heading="h3"),
             highlight(clean_report_html("<p>x</p>"), [], report)[0], markdown_to_safe_html("*x*"),
             clean_report_html("<p>x</p>")]
    assert [type(html).__name__ for html in built] == ["Markup"] * len(built)


def test_blocks_take_markup_only() -> None:
    """Pages reach HTML only through blocks, so a page cannot hold HTML nobody escaped."""
    blocks = Blocks()
    with pytest.raises(TypeError):
        blocks.put("<p>not escaped by anyone</p>")  # type: ignore[arg-type]
    assert blocks.fill(blocks.put(Markup("<p>ok</p>"))).strip() == "<p>ok</p>"


def test_an_override_replaces_the_package_template(kit: pages.Kit, tmp_path: Path) -> None:
    (tmp_path / "card.html").write_text('<div class="my-card" data-id="{{ ann.id }}">{{ ann.summary }}</div>', encoding="utf-8")
    (tmp_path / "status-badge.html").write_text(  # a macro library: the package's tracker.html imports it from here
        '{% macro status_badge(badge) %}<b class="my-badge">{{ badge.label }}</b>{% endmacro %}', encoding="utf-8")
    env = environment([tmp_path])
    rec = kit.index.annotations["a1"]
    doc = soup(card(env, rec, kit.index, "", with_quote=True))
    assert [(d["class"], d["data-id"], d.get_text()) for d in doc.select("div")] == [(["my-card"], "a1", rec.summary)]
    table = soup(tracker.tracker(pages.Kit(kit.index, templates=env), ""))
    assert texts(table, ".col-status b.my-badge") == ["Implemented"] and table.select(".status-badge") == []
    assert soup(card(package_environment(), rec, kit.index, "", with_quote=True)).select("article.anno-card")


def test_an_override_with_an_unknown_name_fails(kit: pages.Kit, tmp_path: Path) -> None:
    (tmp_path / "card.html").write_text("<div>{{ ann.summray }}</div>", encoding="utf-8")
    with pytest.raises(UndefinedError):
        card(environment([tmp_path]), kit.index.annotations["a1"], kit.index, "", with_quote=True)


def test_the_site_build_uses_overrides_from_the_theme_folder(tmp_path: Path) -> None:
    """The glue passes <theme custom_dir>/annotations/ first: overridden card and citation on the built site."""
    root = make_project(tmp_path / "p")
    folder = root / "overrides" / "annotations"
    folder.mkdir()
    (folder / "card.html").write_text('<article class="my-card" id="my-{{ ann.id }}">{{ ann.summary }}</article>',
                                      encoding="utf-8")
    (folder / "citation.html").write_text('<div class="my-citation" id="citation">{{ report.publisher }}</div>',
                                          encoding="utf-8")
    site = build_site(root, tmp_path / "site")
    report = soup(page(site, "reports/test-report/"))
    assert texts(report, ".my-citation") == ["Test Institute"] and report.select(".report-citation") == []
    assert "Create a committee on economic security." in texts(report, "article.my-card")
    assert report.select(".anno-card") == []
    briefing = soup(page(site, "briefing/security/"))  # cards off the report page: the briefing book's compact ones
    assert texts(briefing, "article.my-card#my-test-committee") == ["Create a committee on economic security."]


README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_template_and_its_example_works(kit: pages.Kit, tmp_path: Path) -> None:
    names = sorted(p.name for p in PACKAGE_TEMPLATES.glob("*.html"))
    listed = sorted(re.findall(r"^\| `([a-z-]+\.html)` \|", README, re.M))
    assert listed == names
    example = re.search(r"```jinja\n(.*?)```", README, re.S).group(1)
    (tmp_path / "card.html").write_text(example, encoding="utf-8")
    rec = kit.index.annotations["a1"]
    doc = soup(card(environment([tmp_path]), rec, kit.index, "", with_quote=True))
    assert texts(doc, "article .card-title") == [rec.summary] and texts(doc, "blockquote p") == [rec.quote.exact]
    assert texts(doc, "article > p .status-badge") == ["Implemented · as of 1 January 2024"]
