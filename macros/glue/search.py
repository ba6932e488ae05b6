"""The `pagefind` MkDocs plugin: once MkDocs has written the site, index it for search (macros/searchindex.py).

Listed as ``pagefind`` under ``plugins:`` in mkdocs.yml, in place of Material's ``search`` (whose one
JSON index every page downloads). It runs after every build, ``mkdocs serve``'s rebuilds included;
``overrides/partials/header.html`` shows the header's search box when the plugin is listed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from macros.searchindex import PAGES_PER_PART, SearchIndexError, index_site

log = logging.getLogger("mkdocs.plugins.pagefind")
# Inside a page's content, what MkDocs adds that is not text: the permalink sign of a heading (toc's permalink).
NOT_TEXT = ("a.headerlink",)


# What marks a part of a page for the index (overrides/main.html, macros/glue/config.py): a page without it has
# nothing to index. Found as text, it may also be in a page's words: that page is read, and nothing is lost.
MARK = "data-pagefind-body"


class PagefindConfig(base.Config):
    """The plugin's options (each documented in the README's table, which a test compares)."""

    pages_per_part = c.Type(int, default=PAGES_PER_PART)


class PagefindPlugin(BasePlugin[PagefindConfig]):
    def on_config(self, config: MkDocsConfig) -> None:
        if self.config.pages_per_part < 1:
            raise PluginError(f"pagefind: pages_per_part is {self.config.pages_per_part}; give a number of pages, 1 or more")

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.marked: list[str] = []  # this build's pages with a part to index (each rebuild of `serve` anew)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if MARK in output:
            self.marked.append(page.file.dest_uri)
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        try:
            done = index_site(Path(config.site_dir), NOT_TEXT, self.marked, self.config.pages_per_part)
        except SearchIndexError as err:
            raise PluginError(str(err)) from None
        log.info(f"Pagefind indexed {done.pages} pages in {done.seconds:.2f} s"
                 + (f" ({done.parts} parts of at most {self.config.pages_per_part} pages)" if done.parts > 1 else ""))
