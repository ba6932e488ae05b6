"""macros/frontmatter.py: a page split into front matter and body exactly as MkDocs splits it."""

from __future__ import annotations

import pytest
import yaml
from mkdocs.utils import meta as mkdocs_meta

from macros.frontmatter import YAML_RE, Page, split, split_front_matter

PATH = "docs/reports/r.md"


def test_split_body_and_body_line() -> None:
    source = "---\ntitle: x\n---\n\nBody line\nmore\n"
    # line 1 '---', 2 'title: x', 3 '---', 4 blank, 5 'Body line'
    assert split(source) == Page("title: x\n", "Body line\nmore\n", 5, True)


def test_split_body_directly_after_the_closing_line() -> None:
    assert split("---\na: 1\nb: 2\n---\n# H\n") == Page("a: 1\nb: 2\n", "# H\n", 5, True)


def test_every_leading_blank_line_is_stripped_from_the_body() -> None:
    page = split("---\na: 1\n---\n\n\n\nText\n")
    assert page.body == "Text\n" and page.body_line == 7


def test_only_newlines_are_stripped_not_spaces() -> None:
    # MkDocs strips '\n' only: an indented first line stays indented (it may be a code block).
    page = split("---\na: 1\n---\n\n    code\n")
    assert page.body == "    code\n" and page.body_line == 5


def test_dots_close_the_front_matter() -> None:
    assert split("---\na: 1\n...\nBody\n") == Page("a: 1\n", "Body\n", 4, True)


@pytest.mark.parametrize("opening, closing", [("--- ", "---"), ("---\t", "--- \t"), ("---", "...  ")])
def test_spaces_and_tabs_after_the_markers(opening: str, closing: str) -> None:
    page = split(f"{opening}\na: 1\n{closing}\nBody\n")
    assert page.has_front_matter and page.meta_text == "a: 1\n" and page.body == "Body\n" and page.body_line == 4


def test_an_indented_marker_does_not_close() -> None:
    source = "---\ntitle: x\n  ---\nrender_macros: true\n---\nBody\n"
    page = split(source)
    assert page.meta_text == "title: x\n  ---\nrender_macros: true\n"
    assert page.body == "Body\n" and page.body_line == 6


def test_a_marker_followed_by_other_text_does_not_close() -> None:
    page = split("---\na: 1\n--- x\nb: 2\n---\nBody\n")
    assert page.meta_text == "a: 1\n--- x\nb: 2\n" and page.body == "Body\n"


@pytest.mark.parametrize("source", ["Just text\n", "\n---\na: 1\n---\nBody\n", " ---\na: 1\n---\nBody\n",
                                    "---\na: 1\n---", "----\na: 1\n----\nBody\n", ""])
def test_no_front_matter(source: str) -> None:
    assert split(source) == Page("", source, 1, False)


def test_split_front_matter_accepts_a_closed_block() -> None:
    page, problem = split_front_matter("---\na: 1\n---\nBody\n", PATH, "r")
    assert problem is None and page == Page("a: 1\n", "Body\n", 4, True)


@pytest.mark.parametrize("source", ["---\na: 1\nBody\n", "---  \na: 1\n  ---\nBody\n", "---\n"])
def test_unclosed_front_matter(source: str) -> None:
    page, problem = split_front_matter(source, PATH, "r")
    assert page is None
    assert (problem.path, problem.line, problem.col, problem.subject, problem.code) == (PATH, 1, 1, "r", "no-front-matter")
    assert problem.message == "the front matter is not closed"


@pytest.mark.parametrize("first", ["title: A report", "   Title: x", "render_macros: true", "a-b_C9:", "Not: ", "https://example.org/a"])
def test_a_multimarkdown_first_line_is_refused(first: str) -> None:
    for required in (True, False):
        page, problem = split_front_matter(f"{first}\n\nBody\n", PATH, "-", required=required)
        assert page is None and problem.code == "loose-metadata" and (problem.line, problem.col) == (1, 1)
        assert repr(first)[1:-1] in problem.message


def test_a_long_metadata_line_is_clipped_in_the_message() -> None:
    first = "title: " + "x" * 200
    _, problem = split_front_matter(first + "\n", PATH, "-")
    assert first[:59] + "…" in problem.message and first not in problem.message


@pytest.mark.parametrize("first", ["    title: indented four", "# Title: a heading", "no colon here", "a.b: c"])
def test_lines_that_are_not_metadata(first: str) -> None:
    # Four spaces make a code block, '#' a heading; a key is letters, digits, '_' and '-' only.
    page, problem = split_front_matter(f"{first}\n", PATH, "-", required=False)
    assert problem is None and page == Page("", f"{first}\n", 1, False)
    assert mkdocs_meta.get_data(f"{first}\n")[1] == {}  # MkDocs agrees: no metadata


def test_front_matter_required_by_default() -> None:
    page, problem = split_front_matter("# A page\n\nText\n", PATH, "r")
    assert page is None and problem.code == "no-front-matter" and problem.message == "the page has no front matter"


def test_a_page_without_front_matter_when_not_required() -> None:
    page, problem = split_front_matter("# A page\n\nText\n", PATH, "-", required=False)
    assert problem is None and page == Page("", "# A page\n\nText\n", 1, False)


def test_the_pattern_is_mkdocs_own() -> None:
    assert (YAML_RE.pattern, YAML_RE.flags) == (mkdocs_meta.YAML_RE.pattern, mkdocs_meta.YAML_RE.flags)


TRICKY = [
    "---\ntitle: x\n---\nBody\n",
    "---\ntitle: x\n---\n\n\nBody\n",
    "---\ntitle: x\n...\nBody\n",
    "--- \t\ntitle: x\n---  \nBody\n",
    "---\ntitle: x\n  ---\nrender_macros: true\n---\nBody\n",
    "---\ntitle: x\n ...\nrender_macros: true\n...\n\nBody\n",
    "---\ntitle: x\n---\n---\nb: 2\n---\nBody\n",
    "---\ntitle: |\n  ---\n  text\n---\nBody\n",
    "---\ntitle: x\n---\n\n    indented\n",
    "---\ntitle: x\n---\n",
    "---\ntitle: x\n---\n\n",
    "---\ntitle: x\n---",
    "---\ntitle: x\n",
    "---\n- a list\n---\nBody\n",
    "---\njust a string\n---\nBody\n",
    "---\n\n---\nBody\n",
    "---\ntitle: [unclosed\n---\nBody\n",
    "\n---\ntitle: x\n---\nBody\n",
    "title: x\n\nBody\n",
    "Title: x\n    continued\nBody\n",
    "# Heading\n\nBody\n",
    "---\ntitle: \"a: b\"\nk: v\n---\n---\n",
    "https://example.org/report\n\nBody\n",
]


@pytest.mark.parametrize("source", TRICKY)
def test_same_split_as_mkdocs(source: str) -> None:
    mkdocs_body, mkdocs_data = mkdocs_meta.get_data(source)
    match = mkdocs_meta.YAML_RE.match(source)
    yaml_mapping = bool(match) and isinstance(_safe_load(match.group(1)), dict)
    ours, problem = split_front_matter(source, PATH, "-", required=False)
    if yaml_mapping:
        assert problem is None and ours.has_front_matter
        assert ours.body == mkdocs_body and ours.meta_text == match.group(1)
        assert source.split("\n")[ours.body_line - 1:] == mkdocs_body.split("\n")  # body_line is where the body starts
    elif mkdocs_data:  # MkDocs read MultiMarkdown metadata: the check must not let it through
        assert ours is None and problem.code == "loose-metadata"
    elif not match and source.split("\n", 1)[0] == "---":  # an opening line that MkDocs finds no end to
        assert ours is None and problem.code == "no-front-matter"
    elif not match:  # nothing is taken off the page (MkDocs also drops leading blank lines: same HTML)
        assert problem is None and ours.body == source and ours.body.lstrip("\n") == mkdocs_body


def test_the_differential_list_covers_each_outcome() -> None:
    # Guard the list above: it must keep sources of each kind, or the comparison proves little.
    kinds = set()
    for source in TRICKY:
        match = mkdocs_meta.YAML_RE.match(source)
        if match:
            kinds.add("mapping" if isinstance(_safe_load(match.group(1)), dict) else "other-yaml")
        else:
            kinds.add("metadata" if mkdocs_meta.get_data(source)[1] else "none")
    assert kinds == {"mapping", "other-yaml", "metadata", "none"}


def _safe_load(text: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None
