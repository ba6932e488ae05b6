"""Printing: pages printed to PDF by Chromium (scripts/pdf.py, as `make pdf` does) with docs/assets/print.css,
then read back with pypdf. Quotes, citations and addresses come from the YAML, not from the page under test."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.render.citation import short
from tests.browser.helpers import new_context, pdf_pages, pdf_script, squeeze

pytestmark = pytest.mark.browser

SITE_NAME = "Policy Reports, Annotated"
# Site chrome that must not reach paper: tab labels, search, the footer, buttons (each is on the screen page).
CHROME_ON_SCREEN = ["Skip to content", "Tracker", "Briefing book", "Contribute", "Report texts belong to their authors"]
CHROME_NEVER = CHROME_ON_SCREEN + ["Search", "Made with", "Material for MkDocs", "Print this page", "Back to top",
                                   "Edit", "Previous", "Next", "Download CSV"]
A4_POINTS, LETTER_POINTS = (595.3, 841.9), (612.0, 792.0)
# Printable width in CSS pixels: paper less print.css's 14 mm side margins (A4 is the narrower).
PRINT_WIDTH = {"A4": round((210 - 28) / 25.4 * 96), "Letter": round((215.9 - 28) / 25.4 * 96)}


def _print(browser, base_url: str, url: str, path: Path, paper: str = "A4", **context_options) -> list[str]:
    context = new_context(browser, base_url, **context_options)
    try:
        pdf_script.print_to_pdf(context.new_page(), base_url + url, path, paper)
    finally:
        context.close()
    return pdf_pages(path)


def the_topic(index):
    """The topic whose page is printed, chosen by what the tests need of it, not by how busy it is: it quotes
    several reports and has evidence links (the most links first). A new report never changes what it has."""
    def needs(t) -> tuple[bool, int, int]:
        anns = index.by_topic.get(t.id, [])
        return len({a.report for a in anns}) > 1, sum(len(a.evidence) for a in anns), len({a.report for a in anns})
    return max(index.topics, key=needs)


def citation(ann, index, public_root: str) -> str:
    """The text under a printed quote: short citation, the report's address, the passage's address."""
    report = index.report(ann)
    return f"— {short(report)}. {report.url} Read in context: {public_root}reports/{report.slug}/#{ann.id}"


@pytest.fixture(scope="module")
def topic(index):
    return the_topic(index)


@pytest.fixture(scope="module")
def topic_pdf(browser, base_url, tmp_path_factory, topic) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("pdf") / f"{topic.id}.pdf"
    return path, _print(browser, base_url, f"topics/{topic.id}/", path)


def test_topic_pdf_has_every_quote_with_its_full_citation(topic_pdf, topic, index, public_root):
    _, pages = topic_pdf
    text = squeeze("".join(pages))
    anns = index.by_topic[topic.id]
    assert len({a.report for a in anns}) > 1, "the test wants a topic quoting several reports"
    missing = [a.id for a in anns if squeeze(a.quote.exact + citation(a, index, public_root)) not in text]
    assert not missing, f"quotes missing from the PDF of topics/{topic.id}/, or not followed by their citation: {missing}"


def test_topic_pdf_keeps_each_card_on_one_page(topic_pdf, topic, index, public_root):
    """No card split across pages (they are all shorter than a page): title, quote, citation on one page."""
    _, pages = topic_pdf
    squeezed = [squeeze(p) for p in pages]
    split = [a.id for a in index.by_topic[topic.id]
             if not any(squeeze(a.summary + a.quote.exact + citation(a, index, public_root)) in p for p in squeezed)]
    assert not split, f"cards split across pages in the PDF of topics/{topic.id}/: {split}"


def stranded_headings(pages: list[str], html: Path | list[Path], selector: str) -> list[tuple[int, str]]:
    """(page, heading) for each page but the last whose text ends with one of the pages' section headings.
    Titles of topics and actors are left out: chips on a card, which may end a page, read the same."""
    headings = {squeeze(h.get_text().replace("¶", "")) for path in (html if isinstance(html, list) else [html])
                for h in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(selector)}
    assert len(headings) > 3, "the test wants a page with several section headings"
    return [(number, h) for number, page in enumerate(pages[:-1], 1) for h in headings if squeeze(page).endswith(h)]


def test_topic_pdf_never_ends_a_page_with_a_heading(topic_pdf, topic, site):
    """A report's heading, and "Recommendations (n)" / "Claims (n)", stay with the card that follows."""
    _, pages = topic_pdf
    stranded = stranded_headings(pages, site / "topics" / topic.id / "index.html",
                                 ".md-content h2, .md-content h3:not(.card-title)")
    assert not stranded, f"headings left alone at the bottom of a page: {stranded}"


def test_topic_pdf_first_page_has_title_build_date_and_address(topic_pdf, topic, public_root):
    _, pages = topic_pdf
    first = " ".join(pages[0].split())
    assert SITE_NAME in first and topic.title in first
    found = re.search(r"Status as of (\d{1,2} [A-Z][a-z]+ \d{4})", first)  # the site's one date format
    assert found, f"no 'Status as of <date>' on the first page: {first[:300]}"
    built = datetime.datetime.strptime(found.group(1), "%d %B %Y").date()
    assert built >= datetime.date.today() - datetime.timedelta(days=1)
    assert squeeze(f"{public_root}topics/{topic.id}/") in squeeze(pages[0])
    assert "Status as of" not in " ".join(pages[1:]), "the print header belongs on the first page only"


def test_topic_pdf_has_no_navigation(topic_pdf, topic, page):
    _, pages = topic_pdf
    page.goto(f"topics/{topic.id}/")
    screen = page.inner_text("body")
    assert all(s in screen for s in CHROME_ON_SCREEN), "the screen page should show the chrome the PDF leaves out"
    text = " ".join(" ".join(pages).split())
    found = [s for s in CHROME_NEVER if re.search(rf"\b{re.escape(s)}\b", text)]
    assert not found, f"site navigation printed on the PDF of topics/{topic.id}/: {found}"


def test_topic_pdf_shows_external_link_targets_only(topic_pdf, topic, index, base_url, public_root):
    _, pages = topic_pdf
    text = squeeze("".join(pages))
    sources = {e.source for a in index.by_topic[topic.id] for e in a.evidence}
    assert sources, "the test wants a topic with evidence links"
    assert not [s for s in sources if squeeze(f"<{s}>") not in text], "evidence links printed without their address"
    assert squeeze(base_url) not in text, "the local server's address was printed"
    assert squeeze(f"<{public_root}") not in text, "internal links (chips, lists) should not print their address"


def test_topic_pdf_in_letter_has_the_same_content(browser, base_url, tmp_path, topic, index, public_root, topic_pdf):
    from pypdf import PdfReader

    a4_path, _ = topic_pdf
    pages = _print(browser, base_url, f"topics/{topic.id}/", tmp_path / "letter.pdf", "Letter")
    for path, size in ((a4_path, A4_POINTS), (tmp_path / "letter.pdf", LETTER_POINTS)):
        box = PdfReader(str(path)).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=1)
    text = squeeze("".join(pages))
    assert all(squeeze(a.quote.exact + citation(a, index, public_root)) in text for a in index.by_topic[topic.id])


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_nothing_is_wider_than_the_paper(browser, base_url, index, topic, paper):
    """In print layout at the printable width of the paper, no page scrolls sideways (the tracker's wide
    table included)."""
    report = index.reports[0].slug
    context = new_context(browser, base_url)
    page = context.new_page()
    page.set_viewport_size({"width": PRINT_WIDTH[paper], "height": 1000})
    page.emulate_media(media="print")
    wide = {}
    for url in ("tracker/", f"topics/{topic.id}/", f"reports/{report}/", f"actors/{index.actors[0].id}/"):
        page.goto(url)
        # The page's width, and the right edge of every element (one clipped in a scrolling box counts too).
        width = page.evaluate("""() => Math.max(document.documentElement.scrollWidth,
            ...[...document.querySelectorAll('.md-content *')].map(e => Math.floor(e.getBoundingClientRect().right)))""")
        if width > PRINT_WIDTH[paper]:
            wide[url] = width
    context.close()
    assert not wide, f"wider than {paper} paper ({PRINT_WIDTH[paper]}px): {wide}"


def test_site_chrome_and_tools_are_hidden_in_print(page, topic):
    page.goto(f"topics/{topic.id}/")
    page.emulate_media(media="print")
    selectors = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
                 ".print-button", ".md-top", ".card-tools", ".card-cite"]
    shown = page.evaluate("""(sels) => sels.filter(s => [...document.querySelectorAll(s)]
                              .some(e => e.getClientRects().length > 0))""", selectors)
    assert not shown, f"visible in print: {shown}"
    assert page.locator(".print-header").is_visible()


def test_print_is_black_on_white_in_the_dark_scheme(browser, base_url, topic):
    context = new_context(browser, base_url, color_scheme="dark")
    page = context.new_page()
    page.goto(f"topics/{topic.id}/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('.md-typeset blockquote.anno-quote p')).color,
        getComputedStyle(document.querySelector('.md-typeset .card-title')).color]""")
    context.close()
    assert colours[0] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    for colour in colours[1:]:
        channels = [float(c) for c in re.findall(r"[\d.]+", colour)[:3]]
        assert max(channels) < 80, f"light text on paper in the dark scheme: {colours}"


@pytest.fixture(scope="module")
def small_report(index):
    """The report with the fewest annotations (a short page to print)."""
    return min(index.reports, key=lambda r: len(index.by_report.get(r.slug, [])))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_report_pdf_expands_details_and_keeps_the_citation(browser, base_url, tmp_path, small_report, index, public_root,
                                                          javascript):
    """The citation's "Cite this report" <details> prints open: by annotations.js's beforeprint handler, and
    by print.css alone when scripts do not run."""
    pages = _print(browser, base_url, f"reports/{small_report.slug}/", tmp_path / "report.pdf",
                   java_script_enabled=javascript)
    text = squeeze("".join(pages))
    assert squeeze("BibTeX:") in text and squeeze("@techreport{" + small_report.slug) in text
    assert squeeze("CSL-JSON:") not in text and squeeze("TY  - RPRT") not in text  # each card's "Cite" is screen-only
    assert not [a.id for a in index.by_report[small_report.slug] if squeeze("@techreport{" + a.id) in text]
    assert squeeze(small_report.url) in text
    assert squeeze(f"{public_root}reports/{small_report.slug}/") in squeeze(pages[0])
    flat = " ".join(" ".join(pages).split())
    assert not [s for s in CHROME_NEVER if re.search(rf"\b{re.escape(s)}\b", flat)]
    for ann in index.by_report[small_report.slug]:
        assert squeeze(ann.summary) in text


def test_actor_pdf_has_every_quote_and_no_navigation(browser, base_url, tmp_path, index, public_root):
    actor = max(index.actors, key=lambda a: (len({x.kind for x in index.by_actor.get(a.id, [])}),
                                             -len(index.by_actor.get(a.id, []))))
    pages = _print(browser, base_url, f"actors/{actor.id}/", tmp_path / "actor.pdf")
    text = squeeze("".join(pages))
    assert squeeze(actor.name) in squeeze(pages[0]) and "Status as of" in pages[0]
    missing = [a.id for a in index.by_actor[actor.id] if squeeze(a.quote.exact + citation(a, index, public_root)) not in text]
    assert not missing
    flat = " ".join(" ".join(pages).split())
    assert not [s for s in CHROME_NEVER if re.search(rf"\b{re.escape(s)}\b", flat)]


def test_tracker_pdf_lists_every_recommendation_under_a_repeated_head(browser, base_url, tmp_path, index):
    pages = _print(browser, base_url, "tracker/", tmp_path / "tracker.pdf")
    ids = [squeeze(a.summary) for a in index.recommendations]  # the id is no column: a row is its summary
    text = squeeze("".join(pages))
    assert not [i for i in ids if i not in text], "recommendations missing from the printed tracker"
    head = squeeze("Recommendation Report Addressees Topics Force Status Latest evidence Last checked")
    with_rows = [n for n, p in enumerate(pages, 1) if any(i in squeeze(p) for i in ids)]
    assert len(with_rows) > 1, "the test wants a tracker longer than a page"
    headless = [n for n in with_rows if head not in squeeze(pages[n - 1])]
    assert not headless, f"pages of the printed tracker without the table head: {headless}"
    flat = " ".join(" ".join(pages).split())
    assert not [s for s in CHROME_NEVER if re.search(rf"\b{re.escape(s)}\b", flat)]


def test_tracker_print_states_the_filter(page):
    page.goto("tracker/?status=implemented")
    page.emulate_media(media="print")
    shown = page.locator(".tracker-table caption")
    assert shown.is_visible()
    count = page.locator(".tracker-table tbody tr:visible").count()
    assert shown.inner_text().startswith(f"{count} of ") and shown.inner_text().endswith(": status implemented")


def test_briefing_book_pdf_numbers_its_contents(browser, base_url, tmp_path, index, public_root, site):
    context = new_context(browser, base_url)
    path = tmp_path / "briefing-book.pdf"
    try:
        pdf_script.print_briefing_book(context.new_page(), base_url + "briefing/", path)
    finally:
        context.close()
    pages = pdf_pages(path)
    contents = " ".join(pages[0].split())
    for topic in index.topics:
        found = re.search(re.escape(topic.title) + r" (\d+)\b", contents)
        assert found, f"{topic.title} has no page number in the contents"
        number = int(found.group(1))
        assert squeeze(pages[number - 1]).startswith(squeeze(topic.title)), \
            f"{topic.title}: the contents say page {number}, which starts otherwise"
    stranded = stranded_headings(pages, sorted(site.glob("briefing/*/index.html")),
                                 ".md-content h2, .md-content h3:not(.card-title)")
    assert not stranded, f"headings left alone at the bottom of a page of the briefing book: {stranded}"
    text = squeeze("".join(pages))
    missing = {a.id for t in index.topics for a in index.by_topic.get(t.id, [])
               if squeeze(a.quote.exact + citation(a, index, public_root)) not in text}
    assert not missing, f"quotes missing from the briefing book: {sorted(missing)}"


@pytest.mark.parametrize("kind", ["topic", "actor", "briefing"])
def test_print_button_prints(page, index, kind):
    url = {"topic": f"topics/{index.topics[0].id}/", "actor": f"actors/{index.actors[0].id}/", "briefing": "briefing/"}[kind]
    page.goto(url)
    button = page.locator(".print-button")
    assert button.is_visible()
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    button.click()
    assert page.evaluate("window.__printed") == 1
