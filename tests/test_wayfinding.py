"""Way-finding on the built site (issue 10, point 4): report, topic and actor pages highlight their section's
navigation tab and show a breadcrumb to it; "Skip to content" lands on the page's title, at the start of the
text; every date a page shows is written one way ("18 March 2021"), while the data exports keep ISO 8601."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.render.citation import human_date
from tests.sitebuild import page

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_FIRST = re.compile(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}\b")  # "March 18, 2021": the format the site dropped
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(page(site, url), "html.parser")


def section_pages(site: Path) -> list[tuple[str, str]]:
    """Every report, topic and actor page of the built site, with the tab it belongs under."""
    found = []
    for section, tab in (("reports", "Reports"), ("topics", "Topics"), ("actors", "Actors")):
        found += [(f"{section}/{d.name}/", tab) for d in sorted((site / section).iterdir()) if d.is_dir()]
    return found


def test_report_topic_and_actor_pages_mark_their_tab_and_show_a_breadcrumb(site: Path) -> None:
    pages = section_pages(site)
    assert {tab for _, tab in pages} == {"Reports", "Topics", "Actors"}
    for url, tab in pages:
        doc = soup(site, url)
        active = [a.get_text(strip=True) for a in doc.select(".md-tabs__item--active a")]
        assert active == [tab], f"{url}: active tabs {active}"
        crumbs = doc.select("nav.md-path[aria-label='Breadcrumb'] a")
        assert [a.get_text(strip=True) for a in crumbs] == ["Home", tab], url
        assert crumbs[-1]["href"] == "../", url


def test_only_the_current_pages_tab_is_active_elsewhere(site: Path) -> None:
    """The tab marked for a report page is unmarked again: the next page built shows its own only."""
    for url, tab in (("", "Home"), ("tracker/", "Tracker"), ("data/", "Data"), ("reports/", "Reports")):
        doc = soup(site, url)
        assert [a.get_text(strip=True) for a in doc.select(".md-tabs__item--active a")] == [tab], url
        assert doc.select_one("nav.md-path") is None, f"{url} is a tab of its own: no breadcrumb"


def test_skip_link_lands_on_the_title_of_every_page(site: Path) -> None:
    """On a report page too, where the text may have no heading at all (the East-West Center bulletin)."""
    urls = [url for url, _ in section_pages(site)] + ["", "tracker/", "data/", "about/"]
    for url in urls:
        doc = soup(site, url)
        skip = doc.select_one("a.md-skip")
        assert skip is not None, url
        target = doc.select_one(f"article [id='{skip['href'].lstrip('#')}']")
        assert target is not None and target.name == "h1", f"{url}: 'Skip to content' goes to {skip['href']}"
        assert target is doc.select_one("article h1"), url


def test_the_report_text_follows_its_title_and_citation(site: Path) -> None:
    for url, tab in section_pages(site):
        if tab != "Reports":
            continue
        article = soup(site, url).select_one("article")
        order = [el for el in article.find_all(True) if el.name == "h1" or "report-citation" in (el.get("class") or [])
                 or "report-text" in (el.get("class") or [])]
        assert [el.name if el.name == "h1" else el["class"][0] for el in order] == ["h1", "report-citation", "report-text"], url


# The elements where the site itself writes a date (contributor text, report passages and quotes, may write
# dates any way their authors did): the citation box, the list of reports, evidence, statuses, the tracker.
SITE_DATES = ".cite-facts dd, .report-cite, .ev-date, .status-badge, td.col-date, td.col-asof, .print-asof"
DAY_MONTH_YEAR = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")


def test_one_date_format_on_every_page(site: Path) -> None:
    written = 0
    for path in site.rglob("index.html"):
        for el in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(SITE_DATES):
            text = el.get_text(" ")
            other = MONTH_FIRST.search(text) or ISO_DAY.search(text)
            assert not other, f"{path.relative_to(site)}: {other.group(0)} in {text.strip()[:80]!r}"
            written += len(DAY_MONTH_YEAR.findall(text))
    assert written > 100, "the site writes dates in these places: the selectors no longer find them"


def test_the_print_header_states_the_build_date_in_words(site: Path) -> None:
    header = soup(site, "").select_one(".print-asof").get_text()
    assert re.match(rf"Status as of \d{{1,2}} (?:{MONTHS}) \d{{4}} · ", header), header


def test_data_exports_keep_iso_dates(site: Path) -> None:
    rows = json.loads((site / "data" / "tracker.json").read_text(encoding="utf-8"))
    rows = rows if isinstance(rows, list) else next(v for v in rows.values() if isinstance(v, list))
    dates = [r["date"] for r in rows if r.get("date")]
    assert dates and all(re.match(r"\d{4}(-\d{2}(-\d{2})?)?( \[date unverified\])?$", d) for d in dates), dates


@pytest.mark.parametrize(("iso", "words"), [("2021-03-18", "18 March 2021"), ("2022-04-07", "7 April 2022"),
                                            ("2020-06", "June 2020"), ("2020", "2020")])
def test_human_date_is_day_month_year(iso: str, words: str) -> None:
    assert human_date(iso) == words
