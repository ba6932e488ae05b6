"""Annotated passages in a browser: deep links scroll to and highlight the passage; hovering, clicking or
Enter on a focused passage shows its card with the summary (taken from the YAML)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TARGET = re.compile(r"\banno-target\b")


@pytest.fixture(scope="module")
def report(index):
    """The report with the most annotations (the longest page: a passage far from the top)."""
    return max(index.reports, key=lambda r: len(index.by_report.get(r.slug, [])))


@pytest.fixture(scope="module")
def far(index, report):
    """An annotation in the last part of the report, whose passage is not on the first screen."""
    anns = [a for a in index.by_report[report.slug] if a.is_key]  # highlighted in the default reading mode
    return anns[len(anns) * 3 // 4]


def _mark(page, ann):
    return page.locator(f"mark.anno[id='{ann.id}']")


def _point(page, ann) -> tuple[float, float]:
    """A point on the passage's first line, in view: the middle of a passage over several lines may be
    another passage's text, or none."""
    _mark(page, ann).scroll_into_view_if_needed()
    return tuple(page.evaluate("""id => { const r = document.getElementById(id).getClientRects()[0];
                                          return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2]; }""", ann.id))


def test_deep_link_scrolls_to_and_highlights_the_passage(page, report, far):
    page.goto(f"reports/{report.slug}/#{far.id}")
    mark = _mark(page, far)
    expect(mark).to_have_class(TARGET)
    expect(mark).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 500, "the page did not scroll to the passage"
    highlighted = page.locator("mark.anno-target").evaluate_all("ms => [...new Set(ms.map(m => m.dataset.anno))]")
    assert highlighted == [far.id], "only the linked passage is highlighted"


def test_changing_the_hash_moves_the_highlight(page, report, index, far):
    first = index.by_report[report.slug][0]
    page.goto(f"reports/{report.slug}/#{first.id}")
    expect(_mark(page, first)).to_have_class(TARGET)
    page.evaluate(f"location.hash = '#{far.id}'")
    expect(_mark(page, far)).to_have_class(TARGET)
    expect(_mark(page, far)).to_be_in_viewport()
    expect(_mark(page, first)).not_to_have_class(TARGET)


def test_read_in_context_from_a_topic_page_lands_on_the_passage(page, index, far):
    """Through Material's instant navigation (no full page load): the link under a line's quote to its passage."""
    topic = far.topics[0]
    page.goto(f"topics/{topic}/")
    line = page.locator(f"li.anno-line[data-anno='{far.id}']")
    line.locator("details > summary").click()
    line.locator("a.deep-link").click()
    page.wait_for_url(re.compile(rf"/reports/{far.report}/#{far.id}$"))
    mark = _mark(page, far)
    expect(mark).to_have_class(TARGET)
    expect(mark).to_be_in_viewport()


def test_a_lines_title_leads_to_the_passage_whose_card_is_on_the_report_page(page, far):
    """The title links to the full card (#card-<id>), which annotations.js turns into its marked passage."""
    page.goto(f"topics/{far.topics[0]}/")
    page.locator(f"li.anno-line[data-anno='{far.id}'] a.card-title").click()
    page.wait_for_url(re.compile(rf"/reports/{far.report}/#{far.id}$"))
    expect(_mark(page, far)).to_have_class(TARGET)
    expect(page.locator(f".anno-list > article.anno-card[data-anno='{far.id}']")).to_have_count(1)


def test_hover_shows_the_card_with_the_summary(page, report, far, index):
    page.goto(f"reports/{report.slug}/")
    page.mouse.move(*_point(page, far))
    popover = page.locator(".anno-popover")
    expect(popover).to_be_visible()
    expect(popover.locator(".card-title").first).to_have_text(far.summary)
    expect(popover).to_contain_text("Recommendation" if far.is_recommendation else "Claim")
    page.mouse.move(5, 5)
    expect(popover).to_have_count(0)


def test_click_shows_the_card_and_escape_closes_it(page, report, index):
    ann = [a for a in index.by_report[report.slug] if a.is_key][1]
    page.goto(f"reports/{report.slug}/")
    page.mouse.click(*_point(page, ann))
    popover = page.locator(".anno-popover")
    expect(popover.locator(".card-title").first).to_have_text(ann.summary)
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)


def test_enter_on_a_focused_passage_shows_the_card(page, report, index):
    ann = next(a for a in index.by_report[report.slug] if a.is_recommendation)  # highlighted in every mode but "none"
    page.goto(f"reports/{report.slug}/")
    mark = _mark(page, ann)
    assert mark.get_attribute("tabindex") == "0"
    mark.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".anno-popover .card-title").first).to_have_text(ann.summary)
    assert page.locator(".anno-popover").get_attribute("role") == "dialog"
