"""Split a page into its YAML front matter and Markdown body exactly as MkDocs does, keeping line numbers.

What the check validates must be what MkDocs hands to its plugins: a looser split (any line whose
stripped text is ``---``) once let an indented ``  ---`` hide ``render_macros: true`` from the check
while MkDocs still read it. So this module uses MkDocs' own pattern (``mkdocs.utils.meta.YAML_RE``,
copied here because the core must not import MkDocs; ``tests/test_frontmatter.py`` compares the two
on tricky inputs), and it also recognises MkDocs' fallback: without a ``---`` block, MkDocs reads
leading ``key: value`` lines (MultiMarkdown style) as metadata, which we refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from macros.problems import Problem

# Same pattern as mkdocs.utils.meta (MkDocs 1.6): '---' line, YAML, then a '---' or '...' line.
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
# MkDocs' MultiMarkdown metadata line, tried when there is no YAML block.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")


@dataclass(frozen=True)
class Page:
    """A page's parts: the front matter text ('' when none), the body MkDocs renders, and the body's first line."""

    meta_text: str
    body: str
    body_line: int
    has_front_matter: bool = True


def split(source: str) -> Page:
    """The page as MkDocs splits it: the YAML block (if any) and the body, with leading blank lines removed."""
    match = YAML_RE.match(source)
    if not match:
        return Page("", source, 1, False)
    rest = source[match.end():]
    body = rest.lstrip("\n")
    body_line = source[: match.end()].count("\n") + 1 + (len(rest) - len(body))
    return Page(match.group(1), body, body_line)


def split_front_matter(source: str, path: str, subject: str, required: bool = True) -> tuple[Page | None, Problem | None]:
    """The page's front matter and body, or the problem that keeps MkDocs and the check from agreeing on it.

    ``source`` is the text as MkDocs reads it (see ``macros.sourcetext``: newlines already translated).
    """
    page = split(source)
    if page.has_front_matter:
        return page, None
    first = source.split("\n", 1)[0]
    if first.rstrip(" \t") == "---":
        return None, Problem(path, 1, 1, subject, "the front matter is not closed",
                             "add a line '---' (at the start of the line) after the last field", "no-front-matter")
    if META_RE.match(first):
        return None, Problem(path, 1, 1, subject, f"the first line looks like a metadata line ('{_clip(first)}')",
                             "MkDocs would read such lines as page settings: put them between two '---' lines, "
                             "or start the page with a heading", "loose-metadata")
    if required:
        return None, Problem(path, 1, 1, subject, "the page has no front matter",
                             "start the file with a line '---', the bibliographic fields, and another '---'", "no-front-matter")
    return page, None


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
