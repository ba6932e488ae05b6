"""Page metadata for reference managers and link previews: citation_* tags, Open Graph, descriptions, JSON-LD.

The report pages of the built site are compared with their front matter (read with plain PyYAML);
an unverified field is in none of the machine-readable metadata; every page describes itself; and a
title, author or publisher written to break out of the JSON-LD block stays inert data.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from macros.model import Origin, report_from
from macros.render.metadata import clip, first_paragraph, jsonld_text, report_meta
from tests.crawl import unsafe_markup
from tests.sitebuild import MINI_REPORT_BODY, ROOT, build_site, make_project
from tests.test_feeds import REPORTS

BREAKOUT = '"></script><script>alert(1)</script><!--'  # out of an attribute, out of a script block


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def metas(page: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in page.find_all("meta", attrs={"name": name})] + \
        [m["content"] for m in page.find_all("meta", attrs={"property": name})]


def jsonld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", attrs={"type": "application/ld+json"})]


def expected_tags(meta: dict) -> dict[str, list[str]]:
    """The citation tags a report's front matter calls for, unverified fields left out (the rule, written again)."""
    unverified = {u["field"] for u in meta.get("uncertain", [])}
    title = f"[{meta['title']}]" if meta.get("title_supplied") else meta["title"]
    authors = [a["name"] for a in meta.get("authors", [])]
    tags = {"citation_title": [title] if "title" not in unverified else [],
            "citation_author": ([] if "authors" in unverified else authors or
                                ([meta["publisher"]] if "publisher" not in unverified else [])),
            "citation_date": [meta["date"].replace("-", "/")] if "date" not in unverified else [],
            "citation_publisher": [meta["publisher"]] if "publisher" not in unverified else [],
            "citation_technical_report_number": [meta["number"]] if meta.get("number") and "number" not in unverified else [],
            "citation_pdf_url": []}
    return tags


def test_every_report_page_carries_its_front_matter_and_no_unverified_fact(site: Path) -> None:
    assert REPORTS
    for slug, meta in REPORTS.items():
        page = soup(site / "reports" / slug / "index.html")
        for name, values in expected_tags(meta).items():
            assert metas(page, name) == values, (slug, name)
        (data,) = jsonld(page)
        assert data["@type"] == "Report" and data["@context"] == "https://schema.org"
        unverified = {u["field"] for u in meta.get("uncertain", [])}
        assert ("datePublished" in data) == ("date" not in unverified) and data.get("datePublished", meta["date"]) == meta["date"]
        assert ("reportNumber" in data) == (bool(meta.get("number")) and "number" not in unverified), slug
        assert data["publisher"]["name"] == meta["publisher"] and data["url"] == meta["url"]
        assert [a["name"] for a in data.get("author", [])] == [a["name"] for a in meta.get("authors", [])]
        description = metas(page, "description")
        assert len(description) == 1 and metas(page, "og:description") == description
        if "date" in unverified:  # the date is stated nowhere a machine reads it
            year = meta["date"][:4]
            assert year not in description[0] and meta["date"] not in json.dumps(data) and not metas(page, "citation_date")
        assert metas(page, "og:title") == [f"[{meta['title']}]" if meta.get("title_supplied") else meta["title"]]


def html_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def test_every_page_describes_itself_and_links_the_feeds(site: Path) -> None:
    descriptions = {}
    for path in html_pages(site):
        page = soup(path)
        rel = path.relative_to(site).as_posix()
        for name in ("og:title", "og:description", "description", "og:type", "og:url"):
            assert len(metas(page, name)) == 1 and metas(page, name)[0].strip(), (rel, name)
        assert metas(page, "og:description") == metas(page, "description"), rel
        descriptions[rel] = metas(page, "description")[0]
        feeds = page.find_all("link", attrs={"rel": "alternate", "type": "application/atom+xml"})
        assert feeds, rel
        for link in feeds:
            target = Path(posixpath.normpath((path.parent / link["href"]).as_posix()))
            assert target.is_file() and not feedparser.parse(target.read_bytes()).bozo, (rel, link["href"])
    topics = {p.parent.name for p in (site / "topics").glob("*/index.html")}
    for topic in topics:  # a topic page describes its topic, and offers its own feed first
        page = soup(site / "topics" / topic / "index.html")
        assert page.find("link", attrs={"type": "application/atom+xml"})["href"].endswith(f"feeds/topics/{topic}.xml")
    assert len(set(descriptions.values())) > len(topics), "pages share one description: not their own"


def test_every_feed_link_reaches_its_passage(site: Path) -> None:
    for feed_path in sorted((site / "feeds").rglob("*.xml")):
        for entry in feedparser.parse(feed_path.read_bytes()).entries:
            url, _, fragment = entry.link.partition("#")
            page = site / url.split("/", 3)[3] / "index.html"
            assert page.is_file(), entry.link
            assert not fragment or soup(page).find(id=fragment) is not None, entry.link


# The rules on small inputs (fast).

def _report(**extra):
    meta = {"title": "T", "authors": [{"name": "Ada Writer", "affiliation": "Inst"}], "publisher": "Pub", "series": "S",
            "number": "7", "date": "2021-03-18", "date_precision": "day", "url": "https://example.org/r"} | extra
    return report_from("r", meta, Origin("docs/reports/r.md"), "")


@pytest.mark.parametrize("field, names, keys", [
    ("date", ["citation_date"], ["datePublished"]),
    ("number", ["citation_technical_report_number"], ["reportNumber"]),
    ("authors", ["citation_author"], ["author"]),
    ("publisher", ["citation_publisher", "citation_technical_report_institution"], ["publisher"]),
    ("title", ["citation_title"], ["name"]),
    ("series", ["citation_series_title"], ["isPartOf"]),
    ("url", [], ["url"]),
])
def test_an_unverified_field_is_left_out(field: str, names: list[str], keys: list[str]) -> None:
    full = report_meta(_report(), "https://example.org/site/reports/r/", "Site")
    flagged = report_meta(_report(uncertain=[{"field": field, "note": "n"}]), "https://example.org/site/reports/r/", "Site")
    for name in names:
        assert name in dict(full.tags) and name not in dict(flagged.tags), name
    for key in keys:
        assert key in full.jsonld and key not in flagged.jsonld, key
    assert not any(name.startswith("citation_pdf") for name, _ in full.tags)


def test_json_ld_cannot_close_its_script_block() -> None:
    data = {"name": BREAKOUT + " & <!-- \u2028"}
    text = jsonld_text(data)
    assert not set("<>&\u2028") & set(text) and json.loads(text) == data


def test_descriptions_are_plain_one_line_and_clipped() -> None:
    assert clip("a  b\n c") == "a b c"
    long = clip("word " * 100)
    assert len(long) <= 200 and long.endswith("…") and not long.endswith(" …")
    assert first_paragraph("<h1>T</h1><p></p><p>First <b>one</b>.</p><p>Second.</p>") == "First one."


# A hostile report: every bibliographic field tries to close the JSON-LD block and run a script.

HOSTILE = f"""---
title: {json.dumps("Report " + BREAKOUT)}
title_supplied: false
authors:
  - name: {json.dumps("Ada " + BREAKOUT)}
publisher: {json.dumps("Pub " + BREAKOUT)}
series: {json.dumps("Series " + BREAKOUT)}
number: "7"
date: "2021-03-18"
date_precision: day
url: "https://example.org/report"
completeness: full
completeness_note: "The whole text."
---

{MINI_REPORT_BODY}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("p") / "p", reports={"test-report": HOSTILE})
    return build_site(root, tmp_path_factory.mktemp("site"))


def test_a_hostile_title_author_and_publisher_stay_inert_data(hostile_site: Path) -> None:
    assert unsafe_markup(hostile_site) == []
    page = soup(hostile_site / "reports" / "test-report" / "index.html")
    (data,) = jsonld(page)
    assert (data["name"], data["author"][0]["name"], data["publisher"]["name"], data["isPartOf"]["name"]) == (
        "Report " + BREAKOUT, "Ada " + BREAKOUT, "Pub " + BREAKOUT, "Series " + BREAKOUT)
    assert metas(page, "citation_title") == ["Report " + BREAKOUT] and metas(page, "citation_author") == ["Ada " + BREAKOUT]
    assert metas(page, "citation_publisher") == ["Pub " + BREAKOUT]
    assert all("alert" not in s.get_text() for s in page.find_all("script") if s.get("type") != "application/ld+json")
