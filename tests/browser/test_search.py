"""Search in a browser: Material's search (a web worker over search/search_index.json) finds an annotation
by a word of its summary and links to it on its report page."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def rare_summary_word(site, index) -> tuple[str, object]:
    """A word of some annotation's summary found in as few search documents as possible (so that the
    report page's card is among the first results), and that annotation."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    words = [set(re.findall(r"[a-z]+", (d["title"] + " " + d["text"]).lower())) for d in docs]
    best = None
    for ann in index.annotations.values():
        for word in set(re.findall(r"[a-z]{7,}", ann.summary.lower())):
            hits = sum(word in w for w in words)
            if best is None or (hits, word) < best[:2]:
                best = (hits, word, ann)
    assert best, "no annotation summary to search for"
    return best[1], best[2]


def test_search_finds_an_annotation_by_a_word_of_its_summary(page, site, index):
    word, ann = rare_summary_word(site, index)
    page.goto("")
    page.keyboard.press("/")  # Material's shortcut opens the search
    field = page.locator(".md-search__input")
    expect(field).to_be_focused()
    field.press_sequentially(word, delay=30)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=20_000)
    links = page.locator(".md-search-result a").evaluate_all("as => as.map(a => a.href)")
    wanted = re.compile(rf"/reports/{ann.report}/(\?[^#]*)?#card-{ann.id}$")
    assert any(wanted.search(href) for href in links), f"'{word}' found no link to {ann.id}'s card: {links}"
    page.locator(".md-search-result a", has_text=ann.summary[:30]).first.click()
    page.wait_for_url(re.compile(rf"/reports/{ann.report}/"))
    passage = page.locator(f"mark#{ann.id}")  # the result leads on to the highlighted passage
    expect(passage).to_be_in_viewport()
    expect(passage).to_have_class(re.compile(r"\banno-target\b"))
