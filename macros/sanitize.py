"""Contributor HTML made safe by an allowlist (nh3): note Markdown, report pages, hand-written pages."""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "blockquote", "br"}
_ATTRIBUTES = {"a": {"href", "title"}}


@lru_cache(maxsize=4096)
def markdown_to_safe_html(source: str) -> Markup:
    """Render Markdown and keep only harmless tags; links only to http(s) and mailto, opened safely.

    Python-Markdown passes raw HTML through (``<script>`` included), so cleaning after rendering is
    what makes a note safe; nh3 (Ammonia) does it by allowlist, not by pattern.
    """
    rendered = markdown.markdown(source, extensions=[], output_format="html")
    return Markup(nh3.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                            link_rel="noopener noreferrer nofollow", strip_comments=True))


# What Python-Markdown produces for a report (headings, lists, footnotes, tables, emphasis, links).
_REPORT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "ul", "ol", "li", "code", "pre", "blockquote",
                "br", "hr", "sup", "sub", "div", "span", "table", "thead", "tbody", "tr", "th", "td", "abbr", "dl", "dt", "dd"}
_REPORT_ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"}}


def _theme_ids_out(tag: str, attribute: str, value: str) -> str | None:
    """Ids starting with '__' are the theme's (``__drawer``, ``__search``): a page may not take them over."""
    return None if attribute == "id" and value.startswith("__") else value


def clean_report_html(rendered: str) -> Markup:
    """A report page's rendered HTML with anything but plain document markup removed.

    Reports arrive by pull request too, and Python-Markdown passes raw HTML through: scripts, event
    handlers, styles and ``javascript:`` links are dropped here, before the page is decorated.
    """
    return Markup(nh3.clean(rendered, tags=_REPORT_TAGS, attributes=_REPORT_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                            link_rel=None, strip_comments=True, attribute_filter=_theme_ids_out))


# Hand-written pages also use images, code blocks and plain buttons (our scripts give them their actions).
_PAGE_TAGS = _REPORT_TAGS | {"img", "h1", "details", "summary", "kbd", "button"}
_PAGE_ATTRIBUTES = _REPORT_ATTRIBUTES | {"img": {"src", "alt", "title", "width", "height"}, "td": {"align"}, "th": {"align"},
                                         "button": {"type", "hidden"}}


def clean_page_html(rendered: str) -> str:
    """A hand-written page's rendered Markdown, cleaned like a report's: contributors edit these pages too."""
    if "<" not in rendered:
        return rendered
    return nh3.clean(rendered, tags=_PAGE_TAGS, attributes=_PAGE_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=True, attribute_filter=_theme_ids_out)
