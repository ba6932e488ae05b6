"""The built site carries nothing live that is not ours, whatever contributors wrote (see tests/crawl.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.crawl import unsafe_markup
from tests.sitebuild import MINI_REPORT_BODY, MINI_REPORT_META, build_site, make_project, write

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">j</a>' \
      '<iframe src="https://evil.example"></iframe><a href=" data:text/html,x">d</a><b id="__drawer">dup</b>'
TPL = "{{ 7*7 }} {% raw %} {# c #}"
TITLE = '</title><script>alert(4)</script>{{ 7*7 }}'

PAGE = f"""---
title: {json.dumps(TITLE)}
description: {json.dumps('"><script>alert(5)</script>')}
---

# Notes {XSS}

A page anyone may edit by pull request. {XSS} {TPL}

[link](javascript:alert(6)) <div onclick="alert(7)">click</div>
"""
CONTRIBUTING = f"# Contributing {XSS}\n\nSee {TPL}. {XSS}\n"
REPORT = f"---\n{MINI_REPORT_META}---\n\n{MINI_REPORT_BODY}\n{XSS} {TPL}\n"


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("p") / "p", reports={"test-report": REPORT})
    write(root / "docs" / "notes.md", PAGE)
    write(root / "CONTRIBUTING.md", CONTRIBUTING)
    return build_site(root, tmp_path_factory.mktemp("site"))


def test_the_real_site_has_nothing_live_that_is_not_ours(site: Path) -> None:
    assert unsafe_markup(site) == []


@pytest.mark.slow
def test_hand_written_pages_and_the_guide_come_out_inert(hostile_pages: Path) -> None:
    assert unsafe_markup(hostile_pages) == []


@pytest.mark.slow
@pytest.mark.parametrize("url", ["notes/", "contributing/", "reports/test-report/"])
def test_template_syntax_on_contributed_pages_is_printed_as_written(hostile_pages: Path, url: str) -> None:
    html = (hostile_pages / url / "index.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner.*?</article>', html, re.S).group(0)
    text = re.sub(r"<[^>]+>", "", article)
    assert "{{ 7*7 }}" in text and "{% raw %}" in text and "{# c #}" in text
    assert not re.search(r"\b49\b", text)


@pytest.mark.slow
def test_page_title_and_description_are_escaped(hostile_pages: Path) -> None:
    html = (hostile_pages / "notes" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;/title&gt;&lt;script&gt;" in title and "{{ 7*7 }}" in title
    assert 'content="&#34;&gt;&lt;script&gt;alert(5)&lt;/script&gt;"' in html


@pytest.mark.parametrize("markup, finding", [
    ('<script>alert(1)</script>', "a script that is not the site's own"),
    ('<script src="https://evil.example/x.js"></script>', "a script that is not the site's own"),
    ('<img src=x onerror="alert(1)">', "event handler onerror="),
    ('<a href=" java\tscript:alert(1)">x</a>', "script URL in href="),
    ('<a href="DATA:text/html,x">x</a>', "script URL in href="),
    ('<iframe src="https://evil.example"></iframe>', "<iframe> element"),
    ('<p id="x"></p><p id="x"></p>', "id 'x' is used 2 times"),
    ('<script type="text/plain">alert(1)</script>', "a script that is not the site's own"),
    ('<script type="module">alert(1)</script>', "a script that is not the site's own"),
    ('<script type="application/ld+json" src="https://evil.example/x.js"></script>', "a script that is not the site's own"),
    ('<script type="application/ld+json">alert(1)</script>', "application/ld+json block that is not JSON"),
    ('<script type="application/ld+json">{"a": "<!--"}</script>', "not one object free of '<'"),
    ('<script type="application/ld+json">["a"]</script>', "not one object free of '<'"),
])
def test_the_crawl_finds_each_kind_of_live_markup(tmp_path: Path, markup: str, finding: str) -> None:
    theme = '<html><head><script src="assets/app.js"></script></head><body>{}</body></html>'
    write(tmp_path / "404.html", theme.format(""))
    write(tmp_path / "page" / "index.html", theme.format(markup).replace("assets/app.js", "../assets/app.js"))
    found = unsafe_markup(tmp_path)
    assert len(found) == 1 and found[0].startswith("page/index.html: ") and finding in found[0], found


def _one_page(tmp_path: Path, markup: str) -> list[str]:
    theme = '<html><head><script src="assets/app.js"></script></head><body>{}</body></html>'
    write(tmp_path / "404.html", theme.format(""))
    write(tmp_path / "page" / "index.html", theme.format(markup))
    return unsafe_markup(tmp_path)


def test_the_crawl_accepts_a_json_ld_data_block(tmp_path: Path) -> None:
    assert _one_page(tmp_path, '<script type="application/ld+json">{"name": "a \\u003c/script\\u003e b"}</script>') == []


def test_the_crawl_finds_a_json_ld_block_broken_out_of(tmp_path: Path) -> None:
    """A value written raw into the block closes it: the rest of the block is a script of its own."""
    found = _one_page(tmp_path, '<script type="application/ld+json">{"name": "</script><script>alert(1)</script>"}</script>')
    assert any("block that is not JSON" in f for f in found) and any("alert(1)" in f for f in found), found


