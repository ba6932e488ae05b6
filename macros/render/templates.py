"""The Jinja environment that turns what the renderers decide to show into HTML: one per build.

Templates live in ``macros/templates/``. A site overrides one by putting a file of the same name in a
folder searched first (the glue passes ``<theme custom_dir>/annotations/``), as Material's partials
are overridden from ``overrides/``. Autoescaping is on: every value a template prints is escaped
exactly once, unless it is already ``Markup`` (HTML rendered by another template, or sanitised).
Contributor text only ever reaches a template as data, never as template source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# A line break (with the indentation around it) right after a tag or a Jinja tag and right before another.
_BETWEEN_TAGS = re.compile(r"(>|\}\}|%\}|#\})[ \t]*\n\s*(?=<|\{[{%#])")


class Spaceless(Extension):
    """Line breaks between tags in a template's source are layout, not output (as Django's ``spaceless``).

    Templates can then be laid out one element a line while pages keep the compact HTML they always
    had: a page's search text and the space between inline elements stay exactly as written. This
    works on the template source, before compiling, so it never touches a value. A space wanted
    between two elements on separate lines is written explicitly (``{{ " " }}``, or on one line).
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _BETWEEN_TAGS.sub(r"\1", source)


@dataclass(frozen=True)
class Theme:
    """The few names the templates borrow from the site's theme, given by the glue: the class that styles
    a button, the attribute that keeps an element's text out of the search index, and the one that puts
    an element's text into it on a page otherwise left out (a topic's or an actor's description)."""

    button_class: str = ""
    search_exclude: str = ""
    search_include: str = ""


def environment(overrides: Sequence[str | Path] = (), theme: Theme = Theme()) -> Environment:
    """An environment searching ``overrides`` (in order), then the package's templates.

    Undefined names are errors (a misspelt variable in an override fails the build rather than
    printing nothing), and templates are compiled once and never re-read within a build. ``theme``
    is a global of every template.
    """
    env = Environment(loader=FileSystemLoader([*map(str, overrides), str(PACKAGE_TEMPLATES)]),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False, cache_size=-1, extensions=[Spaceless])
    env.globals["theme"] = theme
    return env


@lru_cache(maxsize=1)
def package_environment() -> Environment:
    """The package's templates alone: for callers outside a site build (tests, scripts)."""
    return environment()


def render(env: Environment, name: str, **context: Any) -> Markup:
    """Render template ``name``; the result is safe HTML."""
    return Markup(env.get_template(name).render(context))
