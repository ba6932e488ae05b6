"""Plain text of rendered report HTML, and the normalisation used to match quotes against it.

The check command and the build must see the same text, so both derive it from HTML with
``html_text``: the check renders the report Markdown itself, the build uses MkDocs' HTML.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

# The extensions MkDocs would use for mkdocs.yml; the glue passes the configured ones (see macros.project).
MARKDOWN_EXTENSIONS = ("toc", "tables", "fenced_code", "footnotes", "attr_list", "md_in_html", "admonition")
# A run this long of one Markdown punctuation character is no prose; Python-Markdown's inline
# patterns recurse on nested emphasis and brackets, and a few thousand of them exhaust the stack.
MAX_RUN = 100
_RUN = re.compile(r"([*_\[\]()<>`~!{}|\\])\1{%d,}" % (MAX_RUN - 1))
_ID = re.compile(r"""\sid=["']([^"']*)["']""")


class MarkdownTooDeep(ValueError):
    """The Markdown nests too deeply to render; ``line`` and ``col`` are in the body, 1-based."""

    def __init__(self, message: str, hint: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.hint, self.line, self.col = hint, line, col

_SINGLE = re.compile("[\u2018\u2019\u201a\u201b\u2032]")
_DOUBLE = re.compile("[\u201c\u201d\u201e\u201f\u2033]")


def straighten(text: str) -> str:
    """Curly and prime quotes made straight, one character for one (two regex passes beat str.translate)."""
    return _DOUBLE.sub('"', _SINGLE.sub("'", text))

_SPACE = re.compile(r"\s+")
_LONG_SPACE = re.compile(r"\s{2,}")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class TextChunk:
    """A run of text in the HTML: its unescaped text and where its raw form sits in the HTML string."""

    text: str
    start: int
    end: int
    hidden: bool


class Normalized:
    """Text with white space collapsed and curly quotes straightened, mapping offsets back to the original.

    Quote characters map one to one; only runs of two or more white-space characters shift offsets, so
    the map keeps one breakpoint per such run (few), not one entry per character.
    """

    __slots__ = ("text", "_starts", "_shifts", "_length")

    def __init__(self, original: str):
        straight = straighten(original)
        starts, shifts, removed = [0], [0], 0
        for run in _LONG_SPACE.finditer(straight):
            removed += run.end() - run.start() - 1
            starts.append(run.start() - removed + run.end() - run.start())  # first normalised index after the run
            shifts.append(removed)
        self.text = _SPACE.sub(" ", straight)
        self._starts, self._shifts, self._length = starts, shifts, len(original)

    def original(self, index: int) -> int:
        """Offset in the original text of normalised character ``index`` (``len(text)`` maps to the end)."""
        if index >= len(self.text):
            return self._length
        return index + self._shifts[bisect_right(self._starts, index) - 1]


def normalize_quote(text: str) -> str:
    """A quote as it is searched for: normalised and trimmed."""
    return _SPACE.sub(" ", straighten(text)).strip()


def markdown_html(body: str, extensions: tuple | list = MARKDOWN_EXTENSIONS, configs: dict | None = None) -> str:
    """Render report Markdown the way the site does (without MkDocs), or raise MarkdownTooDeep."""
    run = _RUN.search(body)
    if run:
        line = body.count("\n", 0, run.start()) + 1
        col = run.start() - (body.rfind("\n", 0, run.start()) + 1) + 1
        raise MarkdownTooDeep(f"a run of {len(run.group(0)):,} '{run.group(1)}' characters",
                              f"Markdown cannot render it: shorten the run to under {MAX_RUN} characters", line, col)
    try:
        return markdown.markdown(body, extensions=list(extensions), extension_configs=configs or {})
    except RecursionError:
        raise MarkdownTooDeep("the page nests Markdown (emphasis, brackets, quotes or lists) too deeply to render",
                              "look for long runs of *, _, [, > or indentation and simplify them") from None


def element_ids(html_source: str) -> frozenset[str]:
    """The id attributes in an HTML fragment (annotation ids must not collide with them)."""
    return frozenset(_ID.findall(html_source))


class _Chunker(HTMLParser):
    """Splits HTML into text chunks, marking those a reader does not read as part of the report text.

    Hidden: footnote reference numbers and back-links (they would glue digits to words), heading
    permalinks, scripts and styles.
    """

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.chunks: list[TextChunk] = []
        self.stack: list[bool] = []
        self._pending: tuple[int, list[str]] | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _hidden_now(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        if tag in _VOID:
            return
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        hide = (tag in ("script", "style")
                or (tag == "sup" and (attr.get("id") or "").startswith("fnref"))
                or "footnote-backref" in classes or "headerlink" in classes or "footnote-ref" in classes)
        self.stack.append(hide)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self._add(data, data)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")

    def _reference(self, written: str) -> None:
        """A character reference as written: '&amp;', or '&T' in 'AT&T' (no ';', so not a reference at all)."""
        at = self._offset() + len(written)
        raw = written + ";" if self.source.startswith(";", at) else written
        self._add(html.unescape(raw), raw)

    def handle_comment(self, data: str) -> None:
        self._flush()

    def _add(self, text: str, raw: str) -> None:
        if self._pending is None:
            self._pending = (self._offset(), [])
        self._pending[1].append(text)
        self._last_end = self._offset() + len(raw)

    def _flush(self) -> None:
        if self._pending is not None:
            start, parts = self._pending
            self.chunks.append(TextChunk("".join(parts), start, self._last_end, self._hidden_now()))
            self._pending = None

    def close(self) -> None:
        super().close()
        self._flush()


def html_chunks(source: str) -> list[TextChunk]:
    """All text chunks of an HTML fragment, in order."""
    parser = _Chunker(source)
    parser.feed(source)
    parser.close()
    return parser.chunks


def html_text(source: str) -> str:
    """The text a reader reads in an HTML fragment (hidden chunks left out)."""
    return "".join(chunk.text for chunk in html_chunks(source) if not chunk.hidden)
