"""Sanitising contributor HTML: note Markdown by a small allowlist, report HTML by a document allowlist."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from macros.sanitize import clean_report_html, markdown_to_safe_html
from macros.text import html_text, markdown_html

NOTE_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "blockquote", "br"}
SAFE_SCHEME = re.compile(r"(https?|mailto):", re.I)


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def hrefs(html: str) -> list[str | None]:
    return [a.get("href") for a in parse(html).find_all("a")]


def no_live_content(html: str) -> None:
    """Nothing that runs: no script or style element, no event handler, no style, no unsafe link."""
    doc = parse(html)
    assert doc.find(["script", "style", "iframe", "img", "object", "embed", "form"]) is None, html
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on") and name != "style", (tag, name)
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", str(value), re.I), (tag, value)


# ----------------------------------------------------------------------------- note Markdown


def test_script_is_removed_with_its_content() -> None:
    out = markdown_to_safe_html("Before <script>alert(1)</script> after")
    no_live_content(out)
    assert "alert" not in out and parse(out).get_text(" ").split() == ["Before", "after"]


def test_event_handlers_are_removed_and_the_element_kept() -> None:
    out = markdown_to_safe_html("<a href=\"https://example.org\" onclick=\"steal()\" onmouseover=\"x()\">site</a>")
    no_live_content(out)
    assert hrefs(out) == ["https://example.org"] and "steal" not in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(2)</script>",
                                 "vbscript:msgbox(1)"])
def test_links_with_unsafe_schemes_lose_their_address(url: str) -> None:
    for source in (f"[click]({url})", f"<a href=\"{url}\">click</a>"):
        out = markdown_to_safe_html(source)
        no_live_content(out)
        assert "click" in parse(out).get_text()
        assert all(h is None for h in hrefs(out)), out


def test_style_elements_and_attributes_are_removed() -> None:
    out = markdown_to_safe_html("<p style=\"position:fixed\">text</p><style>body { display: none }</style>")
    no_live_content(out)
    assert "position" not in out and "display" not in out and "text" in parse(out).get_text()


def test_other_tags_are_dropped_but_their_words_kept() -> None:
    out = markdown_to_safe_html("# Heading\n\n<div onclick=\"x()\">in a div</div> <img src=x onerror=alert(1)> "
                                "<iframe src=\"https://evil.example\"></iframe>")
    no_live_content(out)
    assert {t.name for t in parse(out).find_all(True)} <= NOTE_TAGS
    text = parse(out).get_text()
    assert "Heading" in text and "in a div" in text


def test_comments_are_stripped() -> None:
    assert "<!--" not in markdown_to_safe_html("Text <!-- hidden <script>x</script> -->")


def test_allowed_markup_is_kept() -> None:
    source = "*em* **strong** `code` [site](https://example.org \"Title\")  \nnext\n\n> quoted\n\n- one\n- two\n\nThen:\n\n1. first\n"
    doc = parse(markdown_to_safe_html(source))
    assert doc.find("em").get_text() == "em" and doc.find("strong").get_text() == "strong"
    assert doc.find("code").get_text() == "code" and doc.find("br") is not None
    assert doc.find("blockquote").get_text(strip=True) == "quoted"
    assert [li.get_text(strip=True) for li in doc.select("ul > li")] == ["one", "two"]
    assert doc.select_one("ol > li").get_text(strip=True) == "first"
    link = doc.find("a")
    assert (link["href"], link["title"], link.get_text()) == ("https://example.org", "Title", "site")


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://example.org", "mailto:editor@example.org"])
def test_http_and_mailto_links_are_kept(url: str) -> None:
    assert hrefs(markdown_to_safe_html(f"[x]({url})")) == [url]


def test_every_link_gets_a_safe_rel_and_no_target() -> None:
    out = markdown_to_safe_html("[a](https://example.org) <a href=\"https://example.org\" target=\"_blank\" rel=\"opener\">b</a>")
    links = parse(out).find_all("a")
    assert len(links) == 2
    for link in links:
        assert set(link["rel"]) == {"noopener", "noreferrer", "nofollow"}
        assert not link.has_attr("target")


def test_template_syntax_stays_text() -> None:
    assert parse(markdown_to_safe_html("{{ 7*7 }} {% raw %}")).get_text() == "{{ 7*7 }} {% raw %}"


# ----------------------------------------------------------------------------- report HTML


REPORT = """\
## Findings {#findings}

Trade fell[^1] by *8.6 percent* in [2017](https://example.org/data).

| Year | Trade |
|------|-------|
| 2017 | -8.6% |

> A quotation, with `code` and **strong** words.

[^1]: Ministry data.
"""


def test_report_markup_survives_cleaning() -> None:
    rendered = markdown_html(REPORT)
    doc = parse(clean_report_html(rendered))
    assert doc.find("h2", id="findings") is not None
    ref = doc.select_one("sup[id='fnref:1'] a.footnote-ref")
    assert ref is not None and ref["href"] == "#fn:1"
    backref = doc.select_one("div.footnote li[id='fn:1'] a.footnote-backref")
    assert backref is not None and backref["href"] == "#fnref:1"
    assert [td.get_text() for td in doc.select("table tbody td")] == ["2017", "-8.6%"]
    assert doc.find("a", href="https://example.org/data") is not None
    assert doc.find("blockquote").find("code") is not None


def test_cleaning_keeps_the_text_quotes_anchor_in() -> None:
    """The check anchors in the rendered Markdown, the build in the cleaned HTML: both must read alike."""
    rendered = markdown_html(REPORT)
    assert html_text(clean_report_html(rendered)) == html_text(rendered)


def test_report_links_get_no_rel() -> None:
    link = parse(clean_report_html('<p><a href="https://example.org">x</a></p>')).find("a")
    assert not link.has_attr("rel")


def test_raw_html_in_a_report_is_made_inert() -> None:
    body = ("Text.\n\n<script>alert(1)</script>\n\n<p style=\"color:red\" onclick=\"x()\">Styled <a href=\"javascript:alert(2)\">"
            "link</a> <img src=x onerror=alert(3)></p>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n"
            "<form action=\"https://evil.example\"><input name=\"q\"></form>\n")
    out = clean_report_html(markdown_html(body))
    no_live_content(out)
    doc = parse(out)
    assert "alert" not in out and doc.find("input") is None
    assert doc.find("p", string="Text.") is not None and "Styled link" in doc.get_text()


def test_report_keeps_ids_and_classes_but_no_other_attributes() -> None:
    out = clean_report_html('<p id="a" class="b" title="c" lang="en" data-x="y" style="z">t</p>')
    assert parse(out).find("p").attrs == {"id": "a", "class": ["b"], "title": "c"}
