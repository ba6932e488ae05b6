"""Reading a report page (issue 10, point 1), in Chromium at a phone's width (390 px) and a desktop's (1280 px):
the reading control and its counts, what each mode highlights, the mode remembered across pages, the share of
the text the default mode highlights, the margin list, and the card (inside the viewport, a close button,
focus in and back out, copy link and cite). Every expectation is computed from the data or the page, never a
count written down here: it holds for any corpus."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import new_context
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1280, 900)
MODES = ("all", "recs", "key", "none")
DEFAULT = "key"
MAX_SHARE = 0.40  # of a report's text highlighted in the default mode

# Whether a mark is drawn as a highlight (an underline or a tint), from its computed style: what the reader sees.
DRAWN = """m => { const s = getComputedStyle(m);
  return s.textDecorationLine.includes('underline') || !/rgba\\(0, 0, 0, 0\\)|transparent/.test(s.backgroundColor); }"""

# The share of the report's text (its characters, whitespace aside) inside at least one drawn mark.
SHARE = f"""() => {{
  const drawn = {DRAWN}, text = document.querySelector('.report-text');
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let all = 0, lit = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
    const n = node.data.replace(/\\s+/g, '').length;
    all += n;
    for (let el = node.parentElement; el && el !== text; el = el.parentElement) {{
      if (el.matches('mark.anno') && drawn(el)) {{ lit += n; break; }}
    }}
  }}
  return lit / all;
}}"""

BOX = """sel => { const e = document.querySelector(sel); if (!e) return null; const r = e.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          vw: document.documentElement.clientWidth, vh: innerHeight, placement: e.dataset.placement || ''}; }"""


def expected(ann, mode: str) -> bool:
    """Which annotations a mode shows, from the YAML: the same rule the page follows."""
    if mode in ("all", "none"):
        return mode == "all"
    return ann.is_recommendation or (mode == "key" and ann.is_key)


@pytest.fixture(scope="module")
def index():
    """The annotations with their passages anchored in the report texts, for their reading order."""
    from macros.glue.config import load_project
    from macros.index import Vocabulary, build_index
    from macros.validation import load_checked

    project = load_project(ROOT)
    corpus, problems = load_checked(project)
    assert not problems, problems
    return build_index(corpus, Vocabulary.from_schema(project.schema))


@pytest.fixture(scope="module")
def report(index):
    """The report with the most annotations."""
    return max(index.reports, key=lambda r: len(index.by_report.get(r.slug, [])))


@pytest.fixture(params=[PHONE, DESKTOP], ids=["390px", "1280px"])
def viewport(request):
    return request.param


@pytest.fixture
def reader(browser, base_url, viewport):
    """A page at the given width, failing the test on any script error."""
    context = new_context(browser, base_url, *viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert not errors, errors


def reading_order(index, report) -> list:
    return sorted((a for a in index.by_report[report.slug] if a.span[0] >= 0), key=lambda a: a.span)


def drawn_ids(page) -> set[str]:
    return set(page.locator(".report-text mark.anno").evaluate_all(
        f"ms => ms.filter({DRAWN}).map(m => m.dataset.anno)"))


def listed_ids(page) -> list[str]:
    return page.locator(".anno-margin li:not([hidden])").evaluate_all("lis => lis.map(li => li.dataset.anno)")


def open_from_bottom(page, ann) -> None:
    """Bring the passage's first line to the bottom of the window (the worst place for a card), click it."""
    page.evaluate("""id => { const r = document.getElementById(id).getClientRects()[0];
                             window.scrollBy(0, r.bottom - innerHeight + 12); }""", ann.id)
    x, y = page.evaluate("""id => { const r = document.getElementById(id).getClientRects()[0];
                                    return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2]; }""", ann.id)
    page.mouse.click(x, y)
    expect(page.locator(".anno-popover")).to_be_visible()


def test_the_control_counts_each_mode_and_each_mode_highlights_what_it_counts(reader, index, report):
    reader.goto(f"reports/{report.slug}/")
    anns = reading_order(index, report)
    assert reader.locator(f".anno-modes input[value='{DEFAULT}']").is_checked(), "the default mode"
    for mode in MODES:
        want = [a.id for a in anns if expected(a, mode)]
        assert reader.locator(f".anno-count[data-mode='{mode}']").inner_text() == str(len(want)), mode
        reader.locator(f".anno-modes input[value='{mode}']").check()
        assert drawn_ids(reader) == set(want), f"mode {mode}: highlighted passages"
        assert listed_ids(reader) == want, f"mode {mode}: the margin list, in reading order"
        reachable = reader.locator(".report-text mark.anno[tabindex='0']").evaluate_all("ms => ms.map(m => m.id)")
        assert reachable == want, f"mode {mode}: only highlighted passages are in the Tab order"
    counts = {m: int(reader.locator(f".anno-count[data-mode='{m}']").inner_text()) for m in MODES}
    assert counts["none"] == 0 < counts["recs"] + counts["key"] and counts["recs"] <= counts["key"] <= counts["all"]


def test_the_mode_is_remembered_across_pages(reader, index, report):
    other = next(r for r in index.reports if r.slug != report.slug and index.by_report.get(r.slug))
    reader.goto(f"reports/{report.slug}/")
    reader.locator(".anno-modes input[value='recs']").check()
    reader.goto(f"reports/{other.slug}/")
    assert reader.locator(".anno-modes input[value='recs']").is_checked()
    assert drawn_ids(reader) == {a.id for a in index.by_report[other.slug] if a.is_recommendation}
    reader.reload()
    assert reader.evaluate("document.documentElement.dataset.annoMode") == "recs"


def test_the_default_mode_highlights_under_two_fifths_of_every_report(browser, base_url, index):
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        shares = {}
        for report in index.reports:
            page.goto(f"reports/{report.slug}/")
            assert page.evaluate("document.documentElement.dataset.annoMode") == DEFAULT
            shares[report.slug] = page.evaluate(SHARE)
            page.locator(".anno-modes input[value='all']").check()
            assert page.evaluate(SHARE) >= shares[report.slug], "'all' highlights at least what the default does"
            page.locator(".anno-modes input[value='key']").check()  # back to the default for the next report
    finally:
        context.close()
    print("highlighted share in the default mode:", {k: f"{v:.1%}" for k, v in shares.items()})
    over = {slug: f"{share:.0%}" for slug, share in shares.items() if share >= MAX_SHARE}
    assert not over, (f"the default mode highlights {MAX_SHARE:.0%} or more of these reports: {over}; mark fewer "
                      "claims `weight: key` in their annotation files")


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_the_card_stays_inside_the_window(reader, index, report, viewport, where):
    reader.goto(f"reports/{report.slug}/")
    shown = [a for a in reading_order(index, report) if expected(a, DEFAULT)]
    ann = {"first": shown[0], "middle": shown[len(shown) // 2], "last": shown[-1]}[where]
    open_from_bottom(reader, ann)
    box = reader.evaluate(BOX, ".anno-popover")
    print(f"card at {viewport[0]} px ({where}): {box}")
    assert 0 <= box["left"] and box["right"] <= box["vw"] + 0.5, box
    assert 0 <= box["top"] and box["bottom"] <= box["vh"] + 0.5, box
    header = reader.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    if viewport == PHONE:
        assert box["placement"] == "sheet" and box["bottom"] == pytest.approx(box["vh"], abs=1), box
        passage = reader.evaluate("id => document.getElementById(id).getClientRects()[0].top", ann.id)
        assert header - 1 <= passage < box["top"], "the passage's start stays in sight above the sheet"
    else:
        assert box["placement"] in ("below", "above", "over") and box["top"] >= header, box
    expect(reader.locator(".anno-popover .card-title").first).to_have_text(ann.summary)


def test_the_card_takes_focus_from_the_keyboard_and_gives_it_back_on_escape(reader, index, report):
    reader.goto(f"reports/{report.slug}/")
    ann = next(a for a in reading_order(index, report) if expected(a, DEFAULT))
    mark = reader.locator(f"mark.anno[id='{ann.id}']")
    mark.focus()
    expect(reader.locator(".anno-popover")).to_have_count(0)  # focus alone opens nothing: Tab reads on
    reader.keyboard.press("Enter")
    popover = reader.locator(".anno-popover")
    expect(popover.locator(".card-title").first).to_have_text(ann.summary)
    assert reader.evaluate("document.querySelector('.anno-popover').contains(document.activeElement)")
    for _ in range(25):  # Tab walks the card's links and buttons, and stays in the card
        reader.keyboard.press("Tab")
        assert reader.evaluate("document.querySelector('.anno-popover').contains(document.activeElement)")
    reader.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    assert reader.evaluate("document.activeElement.id") == ann.id


def test_the_close_button_closes_the_card(reader, index, report):
    reader.goto(f"reports/{report.slug}/")
    ann = next(a for a in reading_order(index, report) if expected(a, DEFAULT))
    reader.locator(f"mark.anno[id='{ann.id}']").focus()
    reader.keyboard.press("Enter")
    close = reader.locator(".anno-popover .anno-close")
    expect(close).to_have_accessible_name("Close")
    close.click()
    expect(reader.locator(".anno-popover")).to_have_count(0)
    assert reader.evaluate("document.activeElement.id") == ann.id


def test_the_card_copies_its_link_and_cites_the_passage(reader, index, report, public_root):
    reader.goto(f"reports/{report.slug}/")
    ann = next(a for a in reading_order(index, report) if expected(a, DEFAULT))
    reader.locator(f"mark.anno[id='{ann.id}']").focus()
    reader.keyboard.press("Enter")
    popover = reader.locator(".anno-popover")
    popover.get_by_role("button", name="Copy link").click()
    expect(popover.locator(".anno-status")).to_have_text("Link copied")
    assert reader.evaluate("navigator.clipboard.readText()") == f"{public_root}reports/{report.slug}/#{ann.id}"
    popover.get_by_role("button", name="Copy BibTeX").click()
    expect(popover.locator(".anno-status")).to_have_text("BibTeX copied")
    assert re.match(rf"@\w+\{{{re.escape(ann.id)},", reader.evaluate("navigator.clipboard.readText()"))
    popover.get_by_role("button", name="Copy citation").click()
    chicago = reader.evaluate("navigator.clipboard.readText()")
    assert f"{public_root}reports/{report.slug}/#{ann.id}" in chicago
    popover.locator("summary", has_text="Cite").click()  # the card's own Cite block: every format
    expect(popover.locator("pre.cite-bibtex")).to_be_visible()
    csl = popover.locator("pre.cite-csl").inner_text()  # compact in the file, indented for the reader
    assert json.loads(csl)["id"] == ann.id and csl == json.dumps(json.loads(csl), indent=1, ensure_ascii=False)


def test_a_margin_list_link_scrolls_to_the_passage_and_opens_its_card(reader, index, report, viewport):
    reader.goto(f"reports/{report.slug}/")
    ann = [a for a in reading_order(index, report) if expected(a, DEFAULT)][-1]
    margin = reader.locator(".anno-margin")
    if viewport == PHONE:
        expect(margin).to_be_hidden()  # behind the button
        toggle = reader.locator(".anno-list-toggle")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    else:
        assert margin.evaluate("n => !!n.closest('.md-sidebar--secondary')"), "in the margin, beside the contents"
        expect(reader.locator(".anno-list-toggle")).to_be_hidden()
    expect(margin).to_be_visible()
    link = margin.locator(f"li[data-anno='{ann.id}'] a")
    expect(link).to_contain_text(ann.summary[:40])
    link.click()
    mark = reader.locator(f"mark.anno[id='{ann.id}']")
    expect(mark).to_be_in_viewport()
    expect(mark).to_have_class(re.compile(r"\banno-target\b"))
    expect(reader.locator(".anno-popover .card-title").first).to_have_text(ann.summary)
    assert reader.url.endswith(f"#{ann.id}")
    assert reader.evaluate("document.querySelector('.anno-popover').contains(document.activeElement)")
    if viewport == PHONE:
        expect(margin).to_be_hidden()  # the list made way for the card
    reader.keyboard.press("Escape")
    assert reader.evaluate("document.activeElement.id") == ann.id


def test_claims_recommendations_and_search_terms_look_different(reader, index, report):
    """Three styles: a claim is underlined, a recommendation tinted, a search term (Material's mark, Pagefind's
    mark) highlighted in a third way; each in the light and the dark scheme."""
    reader.goto(f"reports/{report.slug}/")
    reader.evaluate("""() => { const p = document.querySelector('.report-text p');
        for (const attrs of [['data-md-highlight', ''], ['class', 'pagefind-highlight']]) {
          const m = document.createElement('mark'); m.setAttribute(...attrs); m.textContent = 'term'; p.appendChild(m); } }""")
    reader.locator(".anno-modes input[value='all']").check()
    style = """m => { const s = getComputedStyle(m); return [s.textDecorationLine, s.backgroundColor]; }"""
    for scheme in ("default", "slate"):
        reader.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        claim = reader.locator(".report-text mark.anno-claim[id]").first.evaluate(style)
        rec = reader.locator(".report-text mark.anno-recommendation[id]").first.evaluate(style)
        search = reader.locator("mark[data-md-highlight]").evaluate(style)
        pagefind = reader.locator("mark.pagefind-highlight").evaluate(style)
        assert "underline" in claim[0] and claim[1] == "rgba(0, 0, 0, 0)", claim
        assert "underline" not in rec[0] and rec[1] != "rgba(0, 0, 0, 0)", rec
        assert search == pagefind and search[1] not in (rec[1], claim[1], "rgba(0, 0, 0, 0)"), search
