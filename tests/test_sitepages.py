"""macros/sitepages.py: a hand-written page's front matter checked, and template code only where the site allows it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from macros.glue.config import load_project
from macros.sitepages import HandPage, load_page
from tests.sitebuild import ROOT

BASE = load_project(ROOT)  # this site's template pages and macro names; each test swaps the root
MACROS = "build_date, recommendation_tracker, report_list"


@pytest.fixture
def project(tmp_path: Path):
    (tmp_path / "annotations").mkdir()
    shutil.copy(ROOT / "annotations" / "schema.json", tmp_path / "annotations" / "schema.json")
    return dataclasses.replace(BASE, root=tmp_path, template_pages=frozenset({"home.md", "sub/tpl.md"}),
                               macro_names=frozenset({"report_list", "recommendation_tracker", "build_date"}))


def load(project, source: str | bytes, src: str = "home.md"):
    file = project.docs_dir / src
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))
    return load_page(project, file, src)


def located(problems) -> list[tuple[str, int, int, str]]:
    return [(p.path, p.line, p.col, p.code) for p in problems]


def test_a_template_page_calling_our_macros(project) -> None:
    source = "---\ntitle: Home\n---\n\n# Home\n\n{{ report_list() }}\n\nText {{build_date()}} and {{ recommendation_tracker()}}\n"
    page, problems = load(project, source)
    assert problems == []
    assert page == HandPage("home.md", "docs/home.md", {"title": "Home"},
                            "# Home\n\n{{ report_list() }}\n\nText {{build_date()}} and {{ recommendation_tracker()}}\n", True)
    assert page.meta == {"title": "Home"}  # meta is not compared by ==


@pytest.mark.parametrize("line, snippet", [
    ("{% if true %}x{% endif %}", "{% if true %}x{% endif %}"),
    ("{# a comment #}", "{# a comment #}"),
    ("{{ config.site_name }}", "{{ config.site_name }}"),
    ("{{ report_list }}", "{{ report_list }}"),
    ("{{ report_list( ) }}", "{{ report_list( ) }}"),
    ("{{  report_list() }}", "{{  report_list() }}"),
    ("{{ report_list()|safe }}", "{{ report_list()|safe }}"),
    ("{{ report_list('x') }}", "{{ report_list('x') }}"),
    ("{{ unknown_macro() }}", "{{ unknown_macro() }}"),
    ("{{ Report_List() }}", "{{ Report_List() }}"),
    ("{{ lipsum() }}", "{{ lipsum() }}"),
    ("{{ report_list() }", "{{ report_list() }"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "{{ cycler.__init__.__globals__.os.popen("),  # 40 characters shown
])
def test_other_template_code_is_refused_at_its_place(project, line: str, snippet: str) -> None:
    source = f"---\ntitle: Home\n---\n\n# Home\n\nSee: {line}\n"
    page, problems = load(project, source)
    assert page is not None and page.template
    first = problems[0]
    assert (first.path, first.line, first.col, first.subject, first.code) == ("docs/home.md", 7, 6, "-", "template-code")
    assert first.message == f"template code that is not a call to one of our macros: {snippet!r}"
    assert f"(macros: {MACROS})" in first.hint


def test_every_opener_is_located(project) -> None:
    source = "---\ntitle: T\n---\n\n\n{{ report_list() }} {% x %}\nété {# c #} {{ report_list() }}{{ y }}\n{{{ report_list() }}}\n"
    _, problems = load(project, source)
    # line 6 is the body's first line; columns count characters ('été' is 3)
    assert located(problems) == [("docs/home.md", 6, 21, "template-code"), ("docs/home.md", 7, 5, "template-code"),
                                 ("docs/home.md", 7, 32, "template-code"), ("docs/home.md", 8, 1, "template-code")]


def test_template_code_on_a_page_without_front_matter(project) -> None:
    _, problems = load(project, "{% raw %}\n")
    assert located(problems) == [("docs/home.md", 1, 1, "template-code")]


def test_a_template_page_in_a_sub_folder(project) -> None:
    _, problems = load(project, "# T\n\n{{ x() }}\n", src="sub/tpl.md")
    assert located(problems) == [("docs/sub/tpl.md", 3, 1, "template-code")]


def test_no_macro_names_no_calls(project) -> None:
    _, problems = load(dataclasses.replace(project, macro_names=frozenset()), "{{ report_list() }}\n")
    assert located(problems) == [("docs/home.md", 1, 1, "template-code")] and "(macros: none)" in problems[0].hint


def test_braces_in_the_front_matter_of_a_template_page(project) -> None:
    source = '---\ntitle: "{{ report_list() }}"\ndescription: "a {% b"\n---\n\nText\n'
    _, problems = load(project, source)
    assert located(problems) == [("docs/home.md", 1, 1, "template-code")] * 2
    assert [p.message for p in problems] == ["front matter field 'title' holds template code",
                                             "front matter field 'description' holds template code"]


def test_a_page_that_is_not_a_template_may_hold_template_text(project) -> None:
    source = '---\ntitle: "{{ x }}"\n---\n\nWrite {% raw %} and {{ anything() }} and {# this #}.\n'
    page, problems = load(project, source, src="about.md")
    assert problems == []
    assert page == HandPage("about.md", "docs/about.md", {"title": "{{ x }}"}, "Write {% raw %} and {{ anything() }} and {# this #}.\n", False)


@pytest.mark.parametrize("value", ["true", "false", "yes"])
def test_render_macros_is_refused(project, value: str) -> None:
    for src in ("home.md", "about.md"):
        _, problems = load(project, f"---\ntitle: T\nrender_macros: {value}\n---\n\nText\n", src=src)
        assert located(problems) == [(f"docs/{src}", 3, 1, "template-page")]
        assert problems[0].message == "a page may not switch template rendering on or off"


def test_render_macros_located_at_its_key(project) -> None:
    _, problems = load(project, "---\ntitle: T\nsearch:\n  exclude: true\n   \nrender_macros:   true\n---\n", src="about.md")
    assert located(problems) == [("docs/about.md", 6, 1, "template-page")]


@pytest.mark.parametrize("meta, line, col, code", [
    ("title: T\nhide: [navigation, sidebar]\n", 3, 20, "bad-enum"),
    ("title: 5\n", 2, 8, "bad-type"),
    ("title: T\n\ncolour: red\n", 4, 1, None),
    ("title: T\nsearch:\n  exclude: maybe\n", 4, 12, "bad-type"),
    ('title: "  "\n', 2, 8, "empty"),
    ("title: [unclosed\n", None, None, "yaml-syntax"),
    ("title: T\ntitle: U\n", 3, 1, "duplicate-key"),
])
def test_page_meta_problems_are_located(project, meta: str, line, col, code) -> None:
    page, problems = load(project, f"---\n{meta}---\n\nText\n", src="about.md")
    assert page is not None and page.body == "Text\n"
    (problem,) = problems
    assert problem.path == "docs/about.md"
    if line:
        assert (problem.line, problem.col) == (line, col)
    else:
        assert 2 <= problem.line <= 3  # the YAML parser's own place, moved under the '---' line
    if code:
        assert problem.code == code


def test_a_front_matter_that_is_not_a_mapping(project) -> None:
    page, problems = load(project, "---\n- a\n- b\n---\n\nText\n", src="about.md")
    assert page.meta == {} and [p.code for p in problems] == ["bad-type"]


def test_a_page_without_front_matter(project) -> None:
    page, problems = load(project, "# About\n\nText\n", src="about.md")
    assert problems == [] and page == HandPage("about.md", "docs/about.md", {}, "# About\n\nText\n", False)


@pytest.mark.parametrize("source, code", [
    ("title: About\n\nText\n", "loose-metadata"),
    ("---\ntitle: About\n\nText\n", "no-front-matter"),
    (b"---\ntitle: \xff\n---\n", "not-utf8"),
])
def test_pages_that_cannot_be_read(project, source, code: str) -> None:
    page, problems = load(project, source, src="about.md")
    assert page is None and [p.code for p in problems] == [code]


def test_newlines_and_byte_order_mark_as_mkdocs_reads_them(project) -> None:
    page, problems = load(project, b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n\r\nText {% x %}\r\n")
    assert page.body == "Text {% x %}\n" and located(problems) == [("docs/home.md", 5, 6, "template-code")]
