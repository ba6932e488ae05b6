"""Pure render functions, tested on a small corpus without MkDocs."""

from __future__ import annotations


import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from macros.glue.config import load_project
from macros.index import Vocabulary, build_index, label
from macros.model import Author, Evidence, Force, HistoryEntry, Origin, Report
from macros.glue.markdown import Blocks, to_markdown
from macros.render import citation, pages, tracker, urls
from macros.render.cards import card
from macros.render.templates import package_environment
from macros.render.urls import EditLinks
from macros.validation import load_checked
from tests.sitebuild import make_project


@pytest.fixture
def index(tmp_path: Path):
    root = make_project(tmp_path / "p")
    corpus, problems = load_checked(load_project(root))
    assert problems == []
    return build_index(corpus, Vocabulary.from_schema(load_project(root).schema))


def report(**changes) -> Report:
    base = dict(slug="r", title="A Title", title_supplied=False, authors=(Author("Ada B. Writer", "Inst"),),
                authors_statement="", publisher="Pub", series="", number="", date="2021-03-18", date_precision="day",
                url="https://example.org/r", captured_from="", completeness="full", completeness_note="All.",
                uncertain=(), origin=Origin("docs/reports/r.md"))
    return Report(**(base | changes))


def test_core_imports_nothing_from_mkdocs() -> None:
    code = ("import sys, macros.validation, macros.index, macros.render.pages, macros.render.tracker, "
            "macros.render.exports, macros.render.highlight, macros.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_macros')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("authors, expected", [
    ((Author("Ada B. Writer"),), "Writer, Ada B. “A Title.” Pub, 18 March 2021. https://example.org/r"),
    ((Author("Sarah Sieloff"), Author("Sean Connell")), "Sieloff, Sarah, and Sean Connell. “A Title.” Pub, 18 March 2021. https://example.org/r"),
    ((Author("A One"), Author("B Two"), Author("C Three")), "One, A, B Two, and C Three. “A Title.” Pub, 18 March 2021. https://example.org/r"),
    ((), "Pub. “A Title.” 18 March 2021. https://example.org/r"),  # the publisher as corporate author, once
])
def test_chicago(authors, expected: str) -> None:
    assert citation.chicago(report(authors=authors)) == expected


def test_chicago_series_supplied_title_month_and_uncertain() -> None:
    from macros.model import Uncertain
    r = report(title_supplied=True, series="Bulletin", number="7", date="2020-06", date_precision="month",
               uncertain=(Uncertain("number", "n"),))
    assert citation.chicago(r) == "Writer, Ada B. “[A Title].” Bulletin, no. 7 [number unverified]. Pub, June 2020. https://example.org/r"


def test_the_short_citation_marks_each_unverified_fact_it_shows() -> None:
    from macros.model import Uncertain
    marks = tuple(Uncertain(f, "n") for f in ("authors", "title", "publisher", "date"))
    assert citation.short(report(uncertain=marks)) == (
        f"Ada B. Writer [authors unverified], “A Title,” [title unverified] Pub [publisher unverified], "
        f"{citation.human_date('2021-03-18')} [date unverified]")
    assert citation.short(report(authors=(), uncertain=marks[2:])) == (
        f"Pub [publisher unverified], “A Title,” {citation.human_date('2021-03-18')} [date unverified]")


def test_bibtex_escapes_and_notes() -> None:
    r = report(title="R&D {costs} 100% #1", title_supplied=True, date="2020-06", date_precision="month")
    bib = citation.bibtex(r)
    assert "title = {{[R\\&D \\{costs\\} 100\\% \\#1]}}" in bib
    assert "month = jun" in bib and "note = {Title supplied by the editors.}" in bib
    assert bib.startswith("@techreport{r,\n  author = {Writer, Ada B.}")


def test_card_escapes_and_links(index) -> None:
    a = index.annotations["test-committee"]
    html = card(package_environment(), a, index, "../../", with_quote=True, edit_url="https://git.example/blob/main/annotations/test-report.yml#L3")
    doc = BeautifulSoup(html, "html.parser")
    assert doc.select_one(".card-title").get_text() == "Create a committee on economic security."
    assert doc.select_one(".status-badge").get_text() == "Not yet assessed"
    assert doc.select_one("a.deep-link")["href"] == "../../reports/test-report/#test-committee"
    assert [c.get_text() for c in doc.select(".card-actors a.chip")] == ["The Alliance"]
    assert doc.select_one("a.edit-annotation")["href"].endswith("test-report.yml#L3")
    assert doc.select_one('a.rel-link[data-rel="supported by"]')["href"] == "../../reports/test-report/#test-trade-fell"


def test_topic_lines_show_evidence_oldest_first_under_its_outlet(index, monkeypatch) -> None:
    rec = dataclasses.replace(index.annotations["test-committee"], status="in-progress", as_of="2024-02-01", evidence=(
        Evidence("2023-05", "Second.", "https://b.example/2", "Nikkei Asia"),
        Evidence("2021-01-02", "Context.", "https://a.example/1", "The Japan Times", True)))
    monkeypatch.setitem(index.by_topic, "security", [rec])
    doc = BeautifulSoup(blocks_html(_topic_page(pages.Kit(index), index.corpus.topics["security"])), "html.parser")
    items = doc.select("li.anno-line .evidence li")
    assert [a.get_text() for a in doc.select("li.anno-line .evidence a.ev-source")] == ["The Japan Times", "Nikkei Asia"]
    assert items[0]["class"] == ["ev-background"] and items[1].get("class") is None


def test_card_shows_the_force_the_last_check_and_evidence_oldest_first_under_its_outlet(index) -> None:
    rec = dataclasses.replace(index.annotations["test-committee"], status="in-progress", as_of="2024-02-01",
                              force=Force("option", "could"), checked="2024-02-03", history=(
                                  HistoryEntry("stalled", "2023-05-01"), HistoryEntry("no-action", "2022-01-01")), evidence=(
                                  Evidence("2023-05", "Second.", "https://b.example/2", "Nikkei Asia"),
                                  Evidence("2021-01-02", "Context.", "https://a.example/1", "The Japan Times", True),
                                  Evidence("2022", "First.", "https://c.example/3")))
    doc = BeautifulSoup(card(package_environment(), rec, index, "../../", with_quote=True), "html.parser")
    assert doc.select_one("article")["data-force"] == "option"
    assert doc.select_one(".card-force").get_text() == "The authors float as an option (“could”)"
    assert doc.select_one(".card-checked").get_text() == f"Last checked {citation.human_date('2024-02-03')}"
    items = doc.select(".evidence li")
    assert [li.select_one(".ev-date").get_text() for li in items] == [citation.human_date(d) for d in ("2021-01-02", "2022", "2023-05")]
    assert [a.get_text() for a in doc.select(".evidence a.ev-source")] == ["The Japan Times", "source", "Nikkei Asia"]
    assert items[0]["class"] == ["ev-background"] and items[0].select_one(".ev-label").get_text() == "Background:"
    assert [b.get_text() for b in doc.select(".history .status-badge")] == [
        f"No action · as of {citation.human_date('2022-01-01')}", f"Stalled · as of {citation.human_date('2023-05-01')}"]
    for level, words in (("urged", "The authors urge"), ("proposed", "The authors propose")):
        urged = dataclasses.replace(rec, force=Force(level, "should"))
        text = BeautifulSoup(card(package_environment(), urged, index, "../../", with_quote=True), "html.parser")
        assert text.select_one(".card-force").get_text() == f"{words} (“should”)"


def test_a_key_claim_says_so_discreetly_and_carries_its_weight(index) -> None:
    claim = index.annotations["test-trade-fell"]
    for weight, label in (("key", ["Key claim"]), ("supporting", []), ("", [])):
        doc = BeautifulSoup(card(package_environment(), dataclasses.replace(claim, weight=weight), index, "../../",
                                 with_quote=True), "html.parser")
        assert doc.select_one("article").get("data-weight", "") == weight
        assert [b.get_text() for b in doc.select(".weight-badge")] == label
        assert doc.select(".card-force") == [] and doc.select(".card-checked") == []


def test_index_links_are_symmetric(index) -> None:
    forward = {(a, l.other.id, l.label) for a, links in index.links.items() for l in links if l.outgoing}
    backward = {(l.other.id, a, l.label) for a, links in index.links.items() for l in links if not l.outgoing}
    assert forward == {("test-trade-fell", "test-committee", "supports")}
    assert backward == {("test-trade-fell", "test-committee", "supported by")}


def _topic_page(kit, topic):
    [(path, document)] = pages.topic_pages(kit, topic).items()
    assert path == f"topics/{topic.id}"
    return document


def test_topic_page_groups_by_report_and_escapes_headings(index) -> None:
    kit = pages.Kit(index)
    blocks = Blocks()
    md = to_markdown(_topic_page(kit, index.corpus.topics["security"]), blocks)
    assert md.startswith("# Economic security\n")
    assert "## Recommendations and key claims {#key}" in md and "### A Test Report {#key-test-report}" in md
    assert "data-anno" not in md  # the lines wait in blocks, out of the Markdown parser
    html = blocks.fill(md)
    assert "1 recommendation" in html and 'data-anno="test-committee"' in html and 'data-anno="test-trade-fell"' not in html
    assert len(blocks) == 0


def test_topic_and_actor_pages_show_a_line_per_annotation_linking_to_its_card(index) -> None:
    kit = pages.Kit(index)
    doc = BeautifulSoup(blocks_html(_topic_page(kit, index.corpus.topics["security"])), "html.parser")
    [line] = doc.select("li.anno-line")
    assert line["data-anno"] == "test-committee" and not doc.select("article.anno-card")
    assert line.select_one("a.card-title")["href"] == "../../reports/test-report/#card-test-committee"
    assert line.select_one("a.card-title").get_text() == "Create a committee on economic security."
    assert line.select_one("details blockquote.anno-quote p").get_text() == \
        "The alliance should build a new committee for economic security."
    assert line.select_one("details a.deep-link")["href"] == "../../reports/test-report/#test-committee"
    assert "Asks: The Alliance" in line.select_one("details > summary").get_text()
    [(_, actor_doc)] = pages.actor_pages(kit, index.corpus.actors["officials"]).items()
    actor = BeautifulSoup(blocks_html(actor_doc), "html.parser")
    assert [l["data-anno"] for l in actor.select("li.anno-line")] == ["test-trade-fell"]
    section = "Key claims about Officials {#key-claims}" if index.annotations["test-trade-fell"].is_key else "Claims about Officials {#claims}"
    assert f"## {section}" in str(actor) and "{#recommendations}" not in str(actor)


def blocks_html(document) -> str:
    blocks = Blocks()
    return blocks.fill(to_markdown(document, blocks))


def test_long_pages_go_on_over_numbered_pages_keeping_each_report_whole(index, monkeypatch) -> None:
    monkeypatch.setattr(pages, "LINES_PER_PAGE", 1)
    kit = pages.Kit(index)
    made = pages.actor_pages(kit, index.corpus.actors["alliance"]) | pages.topic_pages(kit, index.corpus.topics["trade"])
    assert set(made) == {"actors/alliance", "topics/trade"}  # one line each: one page each
    topic = index.corpus.topics["security"]
    many = [("A", "a", [index.annotations["test-committee"]]), ("B", "b", [index.annotations["test-trade-fell"]])]
    split = pages._line_pages(kit, "topics/security", topic.title, lambda base, first: Markup(), many)
    assert list(split) == ["topics/security", "topics/security/2"]
    first, second = (BeautifulSoup(blocks_html(d), "html.parser") for d in split.values())
    assert [l["data-anno"] for l in first.select("li.anno-line")] == ["test-committee"]
    assert [l["data-anno"] for l in second.select("li.anno-line")] == ["test-trade-fell"]
    assert str(second).startswith("# Economic security \\(page 2 of 2\\)")
    assert [a["href"] for a in second.select_one(".pager").select("a")] == ["../../../topics/security/"]
    assert [a["href"] for a in first.select_one(".pager").select("a")] == ["../../topics/security/2/"]
    assert len(first.select(".pager")) == 2  # above and below the lines
    assert second.select_one(".pager-current").get_text() == "2"


def test_a_later_page_links_from_its_own_depth_and_only_the_first_is_searched(index, monkeypatch) -> None:
    """``topics/x/2/`` is a level below ``topics/x/``: its head's links (related topics, actors) lead back from
    there; and only the first page marks its head for search (else a search lists every page of a topic)."""
    import posixpath

    from macros.render.templates import Theme

    monkeypatch.setattr(pages, "LINES_PER_PAGE", 1)
    committee, trade = index.annotations["test-committee"], index.annotations["test-trade-fell"]
    assert committee.is_recommendation and not trade.is_recommendation
    # two sections each: a recommendation, then a supporting claim (one line a page: two pages each)
    monkeypatch.setitem(index.by_topic, "security", [committee, dataclasses.replace(trade, weight="supporting")])
    monkeypatch.setitem(index.by_actor, "alliance", [committee, dataclasses.replace(trade, weight="supporting")])
    kit = pages.Kit(index, theme=Theme(search_include="data-pagefind-body"))
    pages_made = {}
    for topic in index.corpus.topics.values():
        pages_made |= pages.topic_pages(kit, topic)
    for actor in index.corpus.actors.values():
        pages_made |= pages.actor_pages(kit, actor)
    later = [path for path in pages_made if path.rsplit("/", 1)[-1].isdigit()]
    assert {"topics/security/2", "actors/alliance/2"} <= set(later)
    known = {kit.urls.page(path) for path in pages_made} | {kit.urls.report(slug) for slug in index.corpus.reports}
    for path, doc in pages_made.items():
        html = BeautifulSoup(blocks_html(doc), "html.parser")
        marked = html.select("[data-pagefind-body]")
        assert bool(marked) == (path not in later), path
        here = kit.urls.page(path)
        for a in html.select(".side-box a, .pager a"):
            target = posixpath.normpath(posixpath.join(here, a["href"])) + "/"
            assert target in known, (path, a["href"])


def test_pages_lead_with_recommendations_and_key_claims(index, monkeypatch) -> None:
    kit = pages.Kit(index)
    topic = index.corpus.topics["security"]
    supporting = dataclasses.replace(index.annotations["test-trade-fell"], weight="supporting")
    monkeypatch.setitem(index.by_topic, "security", [supporting, index.annotations["test-committee"]])
    html = BeautifulSoup(blocks_html(_topic_page(kit, topic)), "html.parser")
    text = str(html)
    assert text.index("## Recommendations and key claims") < text.index("## Supporting claims")
    assert [l["data-anno"] for l in html.select("li.anno-line")] == ["test-committee", "test-trade-fell"]
    key = dataclasses.replace(index.annotations["test-trade-fell"], weight="key")
    monkeypatch.setitem(index.by_topic, "security", [key, index.annotations["test-committee"]])
    html = BeautifulSoup(blocks_html(_topic_page(kit, topic)), "html.parser")
    assert "## Supporting claims" not in str(html)  # a key claim leads, with the recommendations
    assert [l["data-anno"] for l in html.select("li.anno-line")] == ["test-trade-fell", "test-committee"]


def test_topic_and_actor_pages_link_their_sources(index) -> None:
    kit = pages.Kit(index)
    topic = dataclasses.replace(index.corpus.topics["security"], sources=("https://a.example/1", "https://b.example/2?x=<y>"))
    actor = dataclasses.replace(index.corpus.actors["alliance"], sources=("https://c.example/3",))
    for html in (str(pages._topic_head(kit, topic, "../../")), str(next(iter(pages.actor_pages(kit, actor).values()))[1])):
        assert html.count('class="entry-sources"') == 1
    topic_doc = BeautifulSoup(str(pages._topic_head(kit, topic, "../../")), "html.parser")
    assert [a["href"] for a in topic_doc.select(".entry-sources a")] == ["https://a.example/1", "https://b.example/2?x=<y>"]
    assert "x=&lt;y&gt;" in str(pages._topic_head(kit, topic, "../../"))  # escaped like every contributor value
    bare = dataclasses.replace(topic, sources=())
    assert "entry-sources" not in str(pages._topic_head(kit, bare, "../../"))


def test_tracker_totals_and_rows(index) -> None:
    doc = BeautifulSoup(tracker.tracker(pages.Kit(index, EditLinks("https://git.example/o/r")), "../"), "html.parser")
    rows = doc.select("tbody tr")
    assert [r["data-id"] for r in rows] == ["test-committee"]
    assert rows[0].select_one("a.tracker-edit")["href"] == "https://git.example/o/r/blob/main/annotations/test-report.yml#L3"
    totals = {t["data-status"]: t.get_text() for t in doc.select(".status-totals .total")}
    assert totals["not-yet-assessed"] == "1" and totals["implemented"] == "0"
    assert len(totals) == len(index.vocab.statuses)


def test_base_for_and_labels() -> None:
    assert urls.base_for("") == "" and urls.base_for("tracker/") == "../" and urls.base_for("topics/x/") == "../../"
    assert label("not-yet-assessed") == "Not yet assessed"


def test_report_headings_feed_the_contents_only_up_to_a_limit(index, monkeypatch) -> None:
    topic = index.corpus.topics["security"]
    kit = pages.Kit(index)
    assert "### A Test Report {#key-test-report}" in to_markdown(_topic_page(kit, topic), Blocks())
    monkeypatch.setattr(pages, "TOC_LIMIT", 0)  # every topic now spans "too many" reports
    kit, blocks = pages.Kit(index), Blocks()
    md = to_markdown(_topic_page(kit, topic), blocks)
    assert "A Test Report" not in md  # no Markdown heading, so no contents entry
    html = blocks.fill(md)
    assert '<h3 id="key-test-report">A Test Report</h3>' in html and 'data-anno="test-committee"' in html
