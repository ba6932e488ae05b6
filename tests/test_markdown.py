"""macros/glue/markdown.py: generated pages as Markdown, their HTML blocks kept out of the parser and put back."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from macros.glue.config import load_project
from macros.glue.markdown import Blocks, heading, md_escape, to_markdown
from macros.render.document import Heading
from tests.sitebuild import ROOT


def convert(source: str) -> str:
    return markdown.markdown(source, extensions=["toc", "attr_list", "md_in_html"])


def test_to_markdown_writes_headings_and_a_placeholder_per_block() -> None:
    blocks = Blocks()
    md = to_markdown([Heading(1, "Title"), Markup("<p>one</p>"), Heading(2, "Sec *a*", "sec-a"), Markup("<div>two</div>")],
                     blocks)
    assert md == ("# Title\n\n\n\n<!--pr-block-0-->\n\n\n\n## Sec \\*a\\* {#sec-a}\n\n\n\n<!--pr-block-1-->\n\n")
    assert len(blocks) == 2


def test_headings_with_and_without_ids_through_markdown() -> None:
    blocks = Blocks()
    document = [Heading(1, "A & B <c>"), Heading(2, "Trade [2021]", "trade"), Markup("<p>*kept*</p>"),
                Heading(3, "Done.", None)]
    html = blocks.fill(convert(to_markdown(document, blocks)))
    doc = BeautifulSoup(html, "html.parser")
    assert [(h.name, h.get("id"), h.get_text()) for h in doc.find_all(["h1", "h2", "h3"])] == [
        ("h1", "a-b-c", "A & B <c>"), ("h2", "trade", "Trade [2021]"), ("h3", "done", "Done.")]
    assert "<p>*kept*</p>" in html and "<em>" not in html and len(blocks) == 0


def test_heading_levels() -> None:
    assert heading(Heading(1, "x")) == "\n\n# x\n\n"
    assert heading(Heading(4, "x", "y")) == "\n\n#### x {#y}\n\n"


def test_a_document_that_starts_with_a_block() -> None:
    blocks = Blocks()
    assert to_markdown([Markup("<p>x</p>")], blocks) == "<!--pr-block-0-->\n\n"
    assert to_markdown([], blocks) == ""


def test_blocks_put_refuses_plain_strings() -> None:
    blocks = Blocks()
    for value in ("<p>x</p>", b"<p>x</p>", None):
        with pytest.raises(TypeError, match="Blocks.put takes Markup"):
            blocks.put(value)
    assert len(blocks) == 0


def test_blocks_put_stands_a_paragraph_of_its_own_for_each_block() -> None:
    blocks = Blocks()
    assert blocks.put(Markup("<p>a</p>")) == "\n\n<!--pr-block-0-->\n\n"
    assert blocks.put(Markup("<p>a</p>")) == "\n\n<!--pr-block-1-->\n\n"  # the same HTML twice: two blocks
    assert len(blocks) == 2


def test_fill_replaces_every_placeholder_once() -> None:
    blocks = Blocks()
    first, second = blocks.put(Markup("<p>1</p>")).strip(), blocks.put(Markup("<p>2</p>")).strip()
    html = f"<h1>T</h1>\n{second}\n<p>mid</p>\n{first}\n{first}"
    assert blocks.fill(html) == f"<h1>T</h1>\n<p>2</p>\n<p>mid</p>\n<p>1</p>\n{first}"
    assert len(blocks) == 0
    assert blocks.fill(html) == html  # forgotten once used


def test_fill_does_not_look_into_blocks() -> None:
    blocks = Blocks()
    blocks.put(Markup("<p><!--pr-block-1--></p>"))
    blocks.put(Markup("<b>two</b>"))
    assert blocks.fill("<!--pr-block-0-->") == "<p><!--pr-block-1--></p>" and len(blocks) == 1


def test_unknown_placeholders_are_left_as_they_are() -> None:
    assert Blocks().fill("<p>a</p><!--pr-block-7--><!--pr-block-x-->") == "<p>a</p><!--pr-block-7--><!--pr-block-x-->"


def test_clean_is_applied_only_between_placeholders() -> None:
    blocks = Blocks()
    blocks.put(Markup("<p>block zero</p>"))
    blocks.put(Markup("<p>block one</p>"))
    seen = []

    def clean(part: str) -> str:
        seen.append(part)
        return part.upper()

    html = "<p>a</p><!--pr-block-0--><p>b</p><!--pr-block-1--><!--pr-block-9-->"
    assert blocks.fill(html, clean) == "<P>A</P><p>block zero</p><P>B</P><p>block one</p><!--pr-block-9-->"
    assert seen == ["<p>a</p>", "<p>b</p>", "", ""]


def test_blocks_round_trip_through_markdown() -> None:
    blocks = Blocks()
    source = "# T" + blocks.put(Markup("<div><p>*not emphasis*</p>\n\n<p>x</p></div>")) + "## H {#h}" + blocks.put(Markup("<p>two</p>"))
    html = blocks.fill(markdown.markdown(source, extensions=["toc", "attr_list"]))
    assert '<div><p>*not emphasis*</p>\n\n<p>x</p></div>' in html and "<p>two</p>" in html and '<h2 id="h">H</h2>' in html


@pytest.mark.parametrize("text, escaped", [
    ("plain words", "plain words"),
    ("*a* _b_", "\\*a\\* \\_b\\_"),
    ("1. x", "1\\. x"),
    ("[l](u) `c`", "\\[l\\]\\(u\\) \\`c\\`"),
    ("<b>x</b> & \"q\"", "&lt;b&gt;x&lt;/b&gt; &amp; \"q\""),
    ("{#id} {: .c}", "\\{\\#id\\} \\{: \\.c\\}"),
    ("a\\b |+!", "a\\\\b \\|\\+\\!"),  # '~' stays as it is (see test_md_escape_of_a_tilde)
])
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


SITE_EXTENSIONS = list(load_project(ROOT).markdown_extensions)  # the Markdown the site's pages go through


@pytest.mark.parametrize("text", ["*bold* _x_ [link](http://x) `code` # h", "<b>x</b> & {: .cls} {#id}", "1. not a list",
                                  "a \\*b\\* c", "==m== ^^i^^ &amp; &lt; a | b", "- item", "+ item", "# h #", "> q"])
def test_md_escape_leaves_only_text(text: str) -> None:
    rendered = markdown.markdown("## " + md_escape(text), extensions=SITE_EXTENSIONS)
    assert BeautifulSoup(rendered, "html.parser").get_text() == text
    assert "<b>" not in rendered and "<em>" not in rendered and "<a " not in rendered and "<code>" not in rendered


def test_md_escape_of_a_tilde() -> None:
    rendered = markdown.markdown("## " + md_escape("About ~5%"), extensions=SITE_EXTENSIONS)
    assert BeautifulSoup(rendered, "html.parser").get_text() == "About ~5%"
