"""A generated page as the core hands it over: headings (for a table of contents) and blocks of HTML.

The core does not write Markdown: how headings and HTML become a page is the site generator's
business (``macros.glue.markdown`` for MkDocs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from markupsafe import Markup


@dataclass(frozen=True)
class Heading:
    """A section heading: its level (1 is the page title), its text, and its element id (None: the
    site generator makes one from the text)."""

    level: int
    text: str
    id: str | None = None


Part = Union[Heading, Markup]
Document = list[Part]
