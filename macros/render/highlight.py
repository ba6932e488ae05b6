"""Highlight annotated passages in a report's rendered HTML, from the spans the check anchored.

The report Markdown stays pristine: the check found each quote in the report's text (see
``macros.text``), once; here the text nodes each span covers in the page's HTML are wrapped in
``<mark>`` elements. The page's text must be the text the check read, or nothing is highlighted. A passage may cross element boundaries
(emphasis, links) and passages may overlap; each text node is split at every boundary that falls in it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from macros.model import Annotation, Report
from macros.problems import Problem
from macros.text import TextChunk, html_chunks


def esc(value: str) -> str:
    """Escape text and attribute values (quotes included). Plain ``str`` work, wrapped in Markup once at
    the end: a report has thousands of text pieces, and Markup's checks would be paid on each."""
    return escape(value, quote=True)


@dataclass(frozen=True)
class Span:
    ann: Annotation
    start: int
    end: int


def highlight(source: Markup, annotations: list[Annotation], report: Report) -> tuple[Markup, list[Problem]]:
    """Wrap every annotation's passage (its ``span`` in the report's text) in marks.

    ``source`` is safe HTML (a sanitised report page); each text piece a passage covers is taken as
    text and escaped again as it is wrapped, so the result is safe HTML too. If the page's text is
    not the text the check anchored the quotes in, that is a problem (the spans would mark the wrong
    words), located at the first character that differs.
    """
    page = str(source)  # plain str work on the page: Markup's methods would re-check every slice
    chunks = [c for c in html_chunks(page) if not c.hidden]
    text = "".join(c.text for c in chunks)
    if text != report.text:
        return source, [_text_problem(report, text)]
    spans = [Span(ann, *ann.span) for ann in annotations if ann.span[0] >= 0]
    return Markup(_wrap(page, chunks, spans)), []


def _text_problem(report: Report, built: str) -> Problem:
    at = next((i for i, (a, b) in enumerate(zip(report.text, built)) if a != b), min(len(report.text), len(built)))
    return Problem(report.origin.path, 1, 1, report.slug,
                   f"the built page's text differs from the text the check read, at character {at}: "
                   f"{report.text[at:at + 30]!r} / {built[at:at + 30]!r}",
                   "report this to the maintainers: the site and the check render the page differently", "text-differs")


def _wrap(source: str, chunks: list[TextChunk], spans: list[Span]) -> str:
    """Rebuild the HTML, splitting each covered text chunk at span boundaries and wrapping the pieces."""
    if not spans:
        return source
    starts = [0]
    for chunk in chunks:
        starts.append(starts[-1] + len(chunk.text))
    edits: dict[int, list[Span]] = {}
    for span in spans:
        first = bisect_right(starts, span.start) - 1
        last = bisect_right(starts, span.end - 1) - 1
        for i in range(first, last + 1):
            edits.setdefault(i, []).append(span)
    opened: set[str] = set()
    out, pos = [], 0
    for i in sorted(edits):
        chunk = chunks[i]
        out.append(source[pos:chunk.start])
        out.append(_wrap_chunk(chunk.text, starts[i], edits[i], opened))
        pos = chunk.end
    out.append(source[pos:])
    return "".join(out)


def _wrap_chunk(text: str, offset: int, spans: list[Span], opened: set[str]) -> str:
    """One text chunk split at every span edge inside it; each covered piece nested in its marks."""
    cuts = sorted({0, len(text)} | {min(max(p - offset, 0), len(text)) for s in spans for p in (s.start, s.end)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        covering = [s for s in spans if s.start < offset + b and s.end > offset + a]
        for span in sorted(covering, key=lambda s: (s.start, -s.end), reverse=True):
            piece = _mark(span.ann, piece, first=span.ann.id not in opened)
            opened.add(span.ann.id)
        pieces.append(piece)
    return "".join(pieces)


def _mark(ann: Annotation, inner: str, first: bool) -> str:
    ident = f' id="{esc(ann.id)}" tabindex="0"' if first else ""
    status = f" status-{esc(ann.status)}" if ann.status else ""
    weight = "key" if ann.is_key else ann.weight  # recommendations count as key: a reader's "key only" keeps them
    weighed = f' data-weight="{esc(weight)}"' if weight else ""
    return (f'<mark class="anno anno-{esc(ann.kind)}{status}"{ident} data-anno="{esc(ann.id)}"{weighed}'
            f' aria-describedby="card-{esc(ann.id)}">{inner}</mark>')
