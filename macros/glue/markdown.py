"""Generated pages as Markdown for MkDocs: headings as Markdown lines, HTML kept out of the parser.

A placeholder goes into the page source where a block of HTML goes, and the HTML replaces it after
conversion.

Python-Markdown parses raw HTML blocks in time that grows faster than their size (a 3.7 MB block
took 8x as long as a 1 MB one), and cards, tables and lists built by the renderers need no Markdown.
So generated pages and macro output carry an HTML comment where the HTML goes, and the build puts
the HTML back once MkDocs has converted the page. Headings stay in Markdown: they feed the table of
contents and the search index.
"""

from __future__ import annotations

import html as html_lib
import itertools
import re
import zlib
from typing import Callable

from markupsafe import Markup

from macros.render.document import Document, Heading

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # not '~': no extension here reads '\~' as an escape
_KEY = re.compile(r"<!--pr-block-\d+-->")
_SPLIT = re.compile(r"(<!--pr-block-\d+-->)")


class Blocks:
    """The HTML blocks of one build, each used once.

    Every generated page's blocks are made together (MkDocs wants its pages' Markdown before it converts
    any), and each waits, compressed, until its page is written: at 1,000 reports they are about 200 MB of
    HTML, which compresses eightfold, in well under a second.
    """

    def __init__(self) -> None:
        self._html: dict[str, bytes] = {}
        self._counter = itertools.count()

    def put(self, html: Markup) -> str:
        """Store ``html`` and return the Markdown that stands for it (a paragraph of its own).

        Only ``Markup`` is taken: a plain string here would be HTML nobody escaped, going into a page.
        """
        if not isinstance(html, Markup):
            raise TypeError(f"Blocks.put takes Markup (HTML escaped once), not {type(html).__name__}")
        key = f"<!--pr-block-{next(self._counter)}-->"
        self._html[key] = zlib.compress(html.encode("utf-8"), 1)
        return f"\n\n{key}\n\n"

    def fill(self, html: str, clean: Callable[[str], str] = lambda part: part) -> str:
        """Replace every placeholder in converted HTML by its block (and forget the block).

        ``clean`` is applied to the converted HTML between the placeholders (the page's own Markdown),
        never to the blocks, which our renderers built escaped.
        """
        parts = _SPLIT.split(html)
        return "".join(self._block(part) if i % 2 else clean(part) for i, part in enumerate(parts))

    def _block(self, key: str) -> str:
        """The block behind placeholder ``key`` (now forgotten), or the placeholder itself if it is none of ours."""
        packed = self._html.pop(key, None)
        return key if packed is None else zlib.decompress(packed).decode("utf-8")

    def __len__(self) -> int:
        return len(self._html)


def md_escape(value: str) -> str:
    """Text for a Markdown line (e.g. a heading): no emphasis, links, attributes or HTML can result."""
    return html_lib.escape(_MD_SPECIAL.sub(r"\\\1", value), quote=False)


def heading(part: Heading) -> str:
    """A heading line; an explicit id when the core gives one (attr_list), else the toc extension's."""
    ident = f" {{#{part.id}}}" if part.id else ""
    return f"\n\n{'#' * part.level} {md_escape(part.text)}{ident}\n\n"


def to_markdown(document: Document, blocks: Blocks) -> str:
    """A generated page's Markdown: its headings, and a placeholder for each block of HTML."""
    return "".join(heading(part) if isinstance(part, Heading) else blocks.put(part) for part in document).lstrip("\n")
