"""Small HTML builders that escape every value: contributor text only ever reaches a page as text."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Iterable

Attr = str | int | bool | None


def esc(value: object) -> str:
    """Escape text for HTML content and attribute values (quotes included)."""
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=None)
def _name(key: str) -> str:
    return key.rstrip("_").replace("_", "-")


def attrs(**values: Attr) -> str:
    """Attributes from keywords (``class_`` -> class, ``data_x`` -> data-x); None/False are left out."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        parts.append(f" {_name(key)}" if value is True else f' {_name(key)}="{esc(value)}"')
    return "".join(parts)


def el(tag: str, content: str = "", **values: Attr) -> str:
    """An element; ``content`` must already be safe HTML (build it with esc/el)."""
    return f"<{tag}{attrs(**values)}>{content}</{tag}>"


def text(tag: str, value: object, **values: Attr) -> str:
    """An element holding escaped text."""
    return el(tag, esc(value), **values)


def link(href: str, content: str, **values: Attr) -> str:
    """A link; ``href`` must be one we built (site-relative) or a checked http(s) URL."""
    return el("a", content, href=href, **values)


def join(parts: Iterable[str], sep: str = "") -> str:
    return sep.join(p for p in parts if p)
