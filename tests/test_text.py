"""The text a reader reads in report HTML, and the normalisation quotes are matched with."""

from __future__ import annotations

import html
import random
import re

import pytest
import yaml

from macros.text import Normalized, html_chunks, html_text, markdown_html, normalize_quote, straighten
from tests.sitebuild import ROOT

FOOTNOTED = """\
Trade fell[^1] sharply in 2017.

## Causes {#causes}

Tariffs rose.[^2]

[^1]: Ministry data.
[^2]: See the annex.
"""

SAMPLES = [
    '<p>Word<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> next</p>',
    '<h2 id="x">Title<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>\n<p>A &amp; B &lt;c&gt;</p>',
    "<p>one\ntwo <em>three\nfour</em> &#169; &#x2014; &nbsp;five</p>\n<script>var s = '<p>no</p>';</script>\n<p>six</p>",
    "<ul>\n<li>a<br>b<img src=x alt=ALT>c<br/>d</li>\n</ul>\n<!-- comment -->\n<p>e&#160;f</p>",
    markdown_html(FOOTNOTED),
]


# ----------------------------------------------------------------------------- html_text: what is hidden


def test_footnote_reference_numbers_are_not_glued_to_words() -> None:
    text = html_text(markdown_html(FOOTNOTED))
    assert "Trade fell sharply in 2017." in text
    assert "Tariffs rose." in text and "rose.2" not in text and "fell1" not in text


def test_footnote_back_links_are_hidden_but_the_notes_are_text() -> None:
    rendered = markdown_html(FOOTNOTED)
    assert "footnote-backref" in rendered and "&#8617;" in rendered  # the back-link is there, as ↩
    text = html_text(rendered)
    assert "Ministry data." in text and "See the annex." in text
    assert "\u21a9" not in text


def test_heading_permalinks_are_hidden() -> None:
    assert html_text('<h2 id="x">Causes<a class="headerlink" href="#x">&para;</a></h2>') == "Causes"


def test_scripts_styles_and_comments_are_not_text() -> None:
    source = "<p>a</p><script>if (1 < 2) { alert('x'); }</script><style>p { color: red }</style><p>b<!-- note -->c</p>"
    assert html_text(source) == "abc"


def test_void_elements_inside_a_hidden_element_do_not_end_it() -> None:
    source = '<p>a<span class="headerlink">x<br>y<img src="z">w</span>z</p>'
    assert html_text(source) == "az"


def test_ordinary_markup_keeps_its_text() -> None:
    rendered = markdown_html("A *b* **c** [d](https://example.org) `e`, <sup>2</sup>.\n\n| h |\n|---|\n| cell |\n")
    text = html_text(rendered)
    assert "A b c d e, 2." in text and "h" in text and "cell" in text
    assert "<" not in text


# ----------------------------------------------------------------------------- html_text: entities


def test_entities_are_unescaped() -> None:
    assert html_text("<p>A &amp; B &lt;c&gt; &quot;d&quot; &copy; &#169; &#x2014; &nbsp;</p>") == 'A & B <c> "d" © © — \u00a0'


def test_markdown_text_with_markup_characters_reads_as_written() -> None:
    body = "AT&T and R&D cost <$5> & more; 3 < 4."
    assert html_text(markdown_html(body)) == body


def test_bare_ampersand_in_raw_html_reads_as_a_browser_reads_it() -> None:
    source = "<div>AT&T and R&D.</div>"
    assert html_text(source) == "AT&T and R&D."
    assert all(html.unescape(source[c.start:c.end]) == c.text for c in html_chunks(source))


def site_markdown_extensions() -> set[str]:
    """The extension names under markdown_extensions in mkdocs.yml (its !ENV tags read as plain values)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}


def test_the_check_renders_reports_with_the_sites_markdown_extensions() -> None:
    """The extensions come from the MkDocs configuration (MkDocs adds toc, tables and fenced_code itself)."""
    from macros.glue.config import load_project

    extensions = load_project(ROOT).markdown_extensions
    assert site_markdown_extensions() <= set(extensions) <= site_markdown_extensions() | {"toc", "tables", "fenced_code"}
    assert html_text(markdown_html("!!! note\n    Inside.", extensions)).split() == ["Note", "Inside."]


# ----------------------------------------------------------------------------- html_chunks


@pytest.mark.parametrize("source", SAMPLES)
def test_each_chunk_knows_where_its_raw_text_sits(source: str) -> None:
    chunks = html_chunks(source)
    assert chunks
    for chunk in chunks:
        assert html.unescape(source[chunk.start:chunk.end]) == chunk.text, chunk
    assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))  # in order, never overlapping


@pytest.mark.parametrize("source", SAMPLES)
def test_html_text_is_the_visible_chunks_joined(source: str) -> None:
    assert html_text(source) == "".join(c.text for c in html_chunks(source) if not c.hidden)


def test_hidden_chunks_are_the_footnote_numbers() -> None:
    source = '<p>x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>y</p>'
    assert [(c.text, c.hidden) for c in html_chunks(source)] == [("x", False), ("1", True), ("y", False)]


# ----------------------------------------------------------------------------- normalisation


def test_straighten_makes_curly_and_prime_quotes_straight_one_for_one() -> None:
    curly = "\u2018a\u2019 \u201ab\u201b \u2032 \u201cc\u201d \u201ed\u201f \u2033"
    straight = straighten(curly)
    assert straight == "'a' 'b' ' \"c\" \"d\" \""
    assert len(straight) == len(curly)


def test_normalize_quote_collapses_white_space_and_trims() -> None:
    assert normalize_quote("  \u201cIt\u2019s\n\tfine,\u201d  he   said. \n") == '"It\'s fine," he said.'


def test_normalized_text_and_offsets() -> None:
    original = "  He said\n\n  \u201chi\u201d  now."
    norm = Normalized(original)
    assert norm.text == ' He said "hi" now.'
    for i, ch in enumerate(norm.text):
        src = original[norm.original(i)]
        assert straighten(src) == ch or (ch == " " and src.isspace()), i
    assert norm.original(norm.text.index("now")) == original.index("now")
    assert norm.original(norm.text.index('"hi"')) == original.index("\u201chi")
    assert norm.original(len(norm.text)) == len(original)


def test_normalized_offsets_for_random_texts() -> None:
    """Property: each normalised character maps to its own original character, in increasing order."""
    pieces = list("abc") + [" ", "   ", "\n\n", "\t", "\r\n", "\u00a0", "\u201c", "\u201d", "\u2019", "\u2032"]
    for seed in range(300):
        rnd = random.Random(seed)
        original = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 50)))
        norm = Normalized(original)
        assert norm.text == re.sub(r"\s+", " ", straighten(original)), original
        offsets = [norm.original(i) for i in range(len(norm.text))]
        assert offsets == sorted(set(offsets)), original
        for ch, at in zip(norm.text, offsets):
            assert straighten(original[at]) == ch or (ch == " " and original[at].isspace()), (original, at)
        assert "  " not in norm.text and "\n" not in norm.text
        assert norm.original(len(norm.text)) == len(original)


def test_text_without_white_space_runs_maps_one_to_one() -> None:
    original = "a \u201cb\u201d c\nd"
    norm = Normalized(original)
    assert len(norm.text) == len(original)
    assert [norm.original(i) for i in range(len(original))] == list(range(len(original)))
