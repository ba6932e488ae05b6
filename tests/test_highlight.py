"""macros/render/highlight.py: annotated passages marked in a report's HTML, from the spans the check found."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from macros.anchoring import SearchText
from macros.model import Annotation, Origin, Quote, Report, report_from
from macros.render.highlight import highlight
from macros.text import html_text


def ann(ident: str, exact: str, kind: str = "claim", status: str = "", **quote) -> Annotation:
    return Annotation(ident, kind, "r", Quote(exact, **quote), "s", (), (), Origin("annotations/r.yml"), status=status)


def checked(html: str, annotations: list[Annotation]) -> tuple[list[Annotation], Report]:
    """What the check hands the build: each annotation with its span in the page's text, and the report."""
    text = html_text(html)
    search = SearchText(text)
    spans = [search.anchor(a.quote.exact, a.quote.prefix, a.quote.suffix) for a in annotations]
    anchored = [dataclasses.replace(a, span=(m.start, m.end) if m.found else (-1, -1)) for a, m in zip(annotations, spans)]
    return anchored, report_from("r", {}, Origin("docs/reports/r.md"), text)


def mark(ident: str, inner: str, first: bool = False, cls: str = "anno anno-claim", weight: str = "") -> str:
    """A mark as the module writes it (the id and tabindex only on an annotation's first mark)."""
    extra = f' id="{ident}" tabindex="0"' if first else ""
    weighed = f' data-weight="{weight}"' if weight else ""
    return f'<mark class="{cls}"{extra} data-anno="{ident}"{weighed} aria-describedby="card-{ident}">{inner}</mark>'


def test_one_passage_in_one_text_node() -> None:
    html = "<p>One two. Three.</p>"
    out, problems = highlight(Markup(html), *checked(html, [ann("a", "two.")]))
    assert problems == [] and isinstance(out, Markup)
    assert out == f"<p>One {mark('a', 'two.', first=True)} Three.</p>"


def test_kind_and_status_are_classes() -> None:
    html = "<p>We should act.</p>"
    out, _ = highlight(Markup(html), *checked(html, [ann("rec", "should act", kind="recommendation", status="implemented")]))
    assert out == f"<p>We {mark('rec', 'should act', True, 'anno anno-recommendation status-implemented', 'key')}.</p>"


@pytest.mark.parametrize("kind, weight, shown", [("claim", "key", "key"), ("claim", "supporting", "supporting"),
                                                 ("claim", "", ""), ("recommendation", "", "key")])
def test_the_weight_is_a_data_attribute_for_a_key_only_filter(kind: str, weight: str, shown: str) -> None:
    html = "<p>We should act.</p>"
    weighed = dataclasses.replace(ann("a", "should act", kind=kind), weight=weight)
    out, _ = highlight(Markup(html), *checked(html, [weighed]))
    marks = BeautifulSoup(str(out), "html.parser").select("mark")
    assert [m.get("data-weight", "") for m in marks] == [shown]


def test_a_passage_ending_at_an_element_edge_stays_inside_it() -> None:
    html = "<p><em>abc</em>def</p>"
    out, _ = highlight(Markup(html), *checked(html, [ann("a", "abc")]))
    assert out == f"<p><em>{mark('a', 'abc', True)}</em>def</p>"
    out, _ = highlight(Markup(html), *checked(html, [ann("b", "def")]))
    assert out == f"<p><em>abc</em>{mark('b', 'def', True)}</p>"


def test_a_passage_across_elements_is_marked_in_each_and_only_the_first_mark_has_the_id() -> None:
    html = '<p>Start <a href="#x">the <strong>bold</strong> link</a> end.</p>'
    out, _ = highlight(Markup(html), *checked(html, [ann("a", "Start the bold link end")]))
    assert out == (f"<p>{mark('a', 'Start ', True)}<a href=\"#x\">{mark('a', 'the ')}<strong>{mark('a', 'bold')}</strong>"
                   f"{mark('a', ' link')}</a>{mark('a', ' end')}.</p>")


def test_nested_passages_each_get_their_first_mark() -> None:
    html = "<p>abc def ghi</p>"
    out, _ = highlight(Markup(html), *checked(html, [ann("a", "abc def ghi"), ann("b", "def")]))
    # the longer passage is the outer mark; the inner one carries its own id on its first (only) mark
    assert out == f"<p>{mark('a', 'abc ', True)}{mark('a', mark('b', 'def', True))}{mark('a', ' ghi')}</p>"


def test_overlapping_passages() -> None:
    html = "<p>one two three</p>"
    out, _ = highlight(Markup(html), *checked(html, [ann("b", "two three"), ann("a", "one two")]))
    assert out == f"<p>{mark('a', 'one ', True)}{mark('a', mark('b', 'two', True))}{mark('b', ' three')}</p>"


def test_highlight_across_elements_and_overlapping() -> None:
    html = "<p>Hello <em>brave</em> new &amp; world. Again hello world.</p>"
    out, problems = highlight(Markup(html), *checked(html, [ann("a", "brave new & world"), ann("b", "new & world. Again"),
                                                            ann("c", "hello world", prefix="Again")]))
    assert problems == []
    doc = BeautifulSoup(out, "html.parser")
    assert "".join(m.get_text() for m in doc.select('mark[data-anno="a"]')) == "brave new & world"
    assert doc.select_one("#a").name == "mark" and doc.select_one("#a").find_parent("em") is not None
    assert "".join(m.get_text() for m in doc.select('mark[data-anno="b"]')) == "new & world. Again"
    assert doc.select_one('mark[data-anno="b"] mark[data-anno="a"], mark[data-anno="a"] mark[data-anno="b"]') is not None
    assert doc.select_one("#c").get_text() == "hello world"
    assert doc.get_text() == BeautifulSoup(html, "html.parser").get_text()  # the text itself is untouched
    for ident in "abc":
        marks = doc.select(f'mark[data-anno="{ident}"]')
        assert [m.get("id") for m in marks] == [ident] + [None] * (len(marks) - 1)
        assert [m.get("tabindex") for m in marks] == ["0"] + [None] * (len(marks) - 1)


def test_marked_text_is_escaped_again() -> None:
    html = '<p>x &lt;b&gt; &amp; "y"</p>'
    out, _ = highlight(Markup(html), *checked(html, [ann("a", 'x <b> & "y"')]))
    assert out == f"<p>{mark('a', 'x &lt;b&gt; &amp; &quot;y&quot;', True)}</p>"
    assert BeautifulSoup(out, "html.parser").get_text() == 'x <b> & "y"' and "<b>" not in out


def test_an_annotation_that_did_not_anchor_is_not_marked() -> None:
    html = "<p>One two. Three.</p>"
    anchored, report = checked(html, [ann("a", "missing words"), ann("b", "Three")])
    assert anchored[0].span == (-1, -1)
    out, problems = highlight(Markup(html), anchored, report)
    assert problems == [] and out == f"<p>One two. {mark('b', 'Three', True)}.</p>"
    out, problems = highlight(Markup(html), anchored[:1], report)
    assert problems == [] and out == html


def test_no_annotations_leaves_the_page_as_it_is() -> None:
    html = "<p>a <!-- c --> b <em>x</em></p>"
    out, problems = highlight(Markup(html), *checked(html, []))
    assert problems == [] and out == html and isinstance(out, Markup)


def test_highlight_stops_when_the_page_text_is_not_what_the_check_read() -> None:
    anchored, report = checked("<p>One two. Three.</p>", [ann("a", "Three")])
    source = Markup("<p>One two. Three!</p>")
    out, problems = highlight(source, anchored, report)
    assert [(p.path, p.line, p.col, p.subject, p.code) for p in problems] == [("docs/reports/r.md", 1, 1, "r", "text-differs")]
    assert problems[0].message == ("the built page's text differs from the text the check read, at character 14: "
                                   "'.' / '!'")
    assert out is source and "<mark" not in out


def test_a_page_shorter_than_the_text_read_differs_at_its_end() -> None:
    anchored, report = checked("<p>One two.</p>", [ann("a", "two")])
    out, problems = highlight(Markup("<p>One</p>"), anchored, report)
    assert [p.code for p in problems] == ["text-differs"] and "at character 3: ' two.' / ''" in problems[0].message


def test_highlight_skips_footnote_numbers() -> None:
    html = '<p>high-tech industries<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>. These two</p>'
    out, problems = highlight(Markup(html), *checked(html, [ann("a", "high-tech industries. These two")]))
    assert problems == [] and 'href="#fn:1">1</a>' in out and len(BeautifulSoup(out, "html.parser").select("mark")) == 2
