"""macros/render/urls.py: where each page lives in both URL styles, relative links, and edit links."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from macros.model import Annotation, Origin, Quote
from macros.render.urls import EditLinks, Urls, base_for


def ann(ident: str, report: str) -> Annotation:
    return Annotation(ident, "claim", report, Quote("x"), "s", (), (), Origin(f"annotations/{report}.yml"))


DIRECTORY = {
    "page": ("tracker", "tracker/"),
    "index": ("topics", "topics/"),
    "report": ("spf-2021", "reports/spf-2021/"),
    "topic": ("trade", "topics/trade/"),
    "actor": ("japan-mofa", "actors/japan-mofa/"),
}
FILES = {
    "page": ("tracker", "tracker.html"),
    "index": ("topics", "topics/index.html"),
    "report": ("spf-2021", "reports/spf-2021.html"),
    "topic": ("trade", "topics/trade.html"),
    "actor": ("japan-mofa", "actors/japan-mofa.html"),
}


@pytest.mark.parametrize("directory, table", [(True, DIRECTORY), (False, FILES)])
def test_every_page_kind_in_both_styles(directory: bool, table: dict) -> None:
    urls = Urls(directory=directory)
    for kind, (arg, expected) in table.items():
        assert getattr(urls, kind)(arg) == expected, kind


def test_directory_urls_are_the_default() -> None:
    assert Urls() == Urls(directory=True) and Urls().report("x") == "reports/x/"


def test_nested_pages() -> None:
    assert Urls(True).page("guide/how-to") == "guide/how-to/" and Urls(False).page("guide/how-to") == "guide/how-to.html"
    assert Urls(False).index("reports") == "reports/index.html"


def test_passage_links_to_the_annotation_on_its_report() -> None:
    a = ann("spf-committee", "spf-2021")
    assert Urls(True).passage(a) == "reports/spf-2021/#spf-committee"
    assert Urls(False).passage(a) == "reports/spf-2021.html#spf-committee"


@pytest.mark.parametrize("page_url, base", [
    ("", ""), ("index.html", ""), ("tracker/", "../"), ("tracker.html", ""), ("topics/x/", "../../"),
    ("topics/x.html", "../"), ("topics/", "../"), ("topics/index.html", "../"), ("a/b/c/", "../../../"),
])
def test_base_for(page_url: str, base: str) -> None:
    assert base_for(page_url) == base


@pytest.mark.parametrize("directory", [True, False])
def test_relative_links_resolve_to_the_target_from_every_page(directory: bool) -> None:
    urls = Urls(directory)
    home = "" if directory else "index.html"  # the home page's URL in each style
    pages = [home, urls.page("tracker"), urls.index("topics"), urls.topic("trade"), urls.actor("a"), urls.report("r"),
             urls.page("guide/deep/page")]
    site = "https://example.org/site/"
    for here in pages:
        for there in pages + [urls.passage(ann("n", "r"))]:
            assert urljoin(site + here, base_for(here) + there) == site + there, (here, there)


def test_edit_links() -> None:
    links = EditLinks("https://github.com/o/r")
    assert links.edit("annotations/x.yml") == "https://github.com/o/r/edit/main/annotations/x.yml"
    assert links.at_line("annotations/x.yml", 12) == "https://github.com/o/r/blob/main/annotations/x.yml#L12"


def test_edit_links_on_another_branch_and_with_a_trailing_slash() -> None:
    links = EditLinks("https://gitlab.example/g/p///", branch="dev")
    assert links.edit("docs/reports/r.md") == "https://gitlab.example/g/p/edit/dev/docs/reports/r.md"
    assert links.at_line("docs/reports/r.md", 1) == "https://gitlab.example/g/p/blob/dev/docs/reports/r.md#L1"


def test_edit_links_without_a_repository_are_empty() -> None:
    for links in (EditLinks(), EditLinks(""), EditLinks("/")):
        assert links.edit("a.yml") == "" and links.at_line("a.yml", 3) == ""
