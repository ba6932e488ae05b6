"""Hand-written pages: their front matter checked like any data, and template code only where the site allows it.

mkdocs-macros runs an unsandboxed Jinja on the pages it renders, so a page that became a template
could run code during the build. No page switches rendering on for itself (``render_macros`` is
refused); the site configuration lists the few pages that call our macros, and on those pages the
only template code allowed is a call such as ``{{ report_list() }}`` to one of our macros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.frontmatter import split_front_matter
from macros.problems import Problem, shown
from macros.project import Project
from macros.schema import validate
from macros.sourcetext import PAGE_MAX_BYTES, decode
from macros.yamlload import load_yaml

_OPENERS = re.compile(r"\{[{%#]")
_MACRO_CALL = re.compile(r"\{\{ ?([a-z_][a-z0-9_]*)\(\) ?\}\}")


@dataclass(frozen=True)
class HandPage:
    """A hand-written page as checked: where it is (relative to the docs folder), its text, front matter and body."""

    src: str
    path: str
    meta: dict[str, Any] = field(hash=False, compare=False)
    body: str = field(repr=False)
    template: bool = False
    source: str = field(default="", repr=False, compare=False)


def load_page(project: Project, file: Path, src: str) -> tuple[HandPage | None, list[Problem]]:
    """Read and check one hand-written page; ``src`` is its address in the site (``about.md``)."""
    rel = project.rel(file)
    text, problem = decode(file.read_bytes(), rel, PAGE_MAX_BYTES)
    if problem:
        return None, [problem]
    parts, problem = split_front_matter(text, rel, "-", required=False)
    if problem:
        return None, [problem]
    meta: dict[str, Any] = {}
    problems: list[Problem] = []
    if parts.has_front_matter:
        loaded, problems = load_yaml(parts.meta_text, rel)
        problems = [p.moved(1) for p in problems]
        if loaded is not None:
            meta = loaded.data if isinstance(loaded.data, dict) else {}
            if "render_macros" in meta:
                line, col = loaded.key_at(("render_macros",))
                problems.append(Problem(rel, line + 1, col, "-", "a page may not switch template rendering on or off",
                                        "remove 'render_macros': the pages that call macros are listed under "
                                        "force_render_paths in mkdocs.yml", "template-page"))
            else:
                problems += [p.moved(1) for p in validate(loaded, project.schema, "pageMeta")]
    template = src in project.template_pages
    if template:
        problems += _template_problems(project, rel, parts.body, parts.body_line, meta)
    return HandPage(src, rel, meta, parts.body, template, text), problems


def _template_problems(project: Project, rel: str, body: str, first_line: int, meta: dict[str, Any]) -> list[Problem]:
    """On a page that is rendered as a template, anything but a call to one of our macros is refused."""
    problems = []
    for opener in _OPENERS.finditer(body):
        call = _MACRO_CALL.match(body, opener.start())
        if call and call.group(1) in project.macro_names:
            continue
        line = first_line + body.count("\n", 0, opener.start())
        col = opener.start() - (body.rfind("\n", 0, opener.start()) + 1) + 1
        snippet = body[opener.start(): opener.start() + 40].split("\n", 1)[0]
        problems.append(Problem(rel, line, col, "-", f"template code that is not a call to one of our macros: {shown(snippet)}",
                                "this page is rendered as a template: write only calls such as {{ report_list() }} "
                                f"(macros: {', '.join(sorted(project.macro_names)) or 'none'}); to show braces, "
                                "write them as &#123; and &#125;", "template-code"))
    for key, value in meta.items():
        if isinstance(value, str) and _OPENERS.search(value):
            problems.append(Problem(rel, 1, 1, "-", f"front matter field '{key}' holds template code",
                                    "remove '{{', '{%' and '{#' from it", "template-code"))
    return problems
