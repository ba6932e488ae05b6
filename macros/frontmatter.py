"""Split a report page into its YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

from macros.problems import Problem


@dataclass(frozen=True)
class Page:
    """A report page's parts: the front matter text, the body, and the line the body starts on."""

    meta_text: str
    body: str
    body_line: int


def split_front_matter(source: str, path: str, subject: str) -> tuple[Page | None, Problem | None]:
    """The front matter between the first two ``---`` lines, or a problem saying it is missing."""
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, Problem(path, 1, 1, subject, "the page has no front matter",
                             "start the file with a line '---', the bibliographic fields, and another '---'", "no-front-matter")
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return Page("".join(lines[1:i]), "".join(lines[i + 1:]), i + 2), None
    return None, Problem(path, 1, 1, subject, "the front matter is not closed",
                         "add a line '---' after the last bibliographic field", "no-front-matter")
