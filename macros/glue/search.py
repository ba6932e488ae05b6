"""The `pagefind` MkDocs plugin: once MkDocs has written the site, index it for search (macros/searchindex.py).

Listed as ``pagefind`` under ``plugins:`` in mkdocs.yml, in place of Material's ``search`` (whose one
JSON index every page downloads). It runs after every build, ``mkdocs serve``'s rebuilds included;
``overrides/partials/header.html`` shows the header's search box when the plugin is listed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from macros.searchindex import SearchIndexError, index_site

log = logging.getLogger("mkdocs.plugins.pagefind")
# Inside a page's content, what MkDocs adds that is not text: the permalink sign of a heading (toc's permalink).
NOT_TEXT = ("a.headerlink",)


class PagefindPlugin(BasePlugin):
    def on_post_build(self, config: MkDocsConfig) -> None:
        try:
            done = index_site(Path(config.site_dir), NOT_TEXT)
        except SearchIndexError as err:
            raise PluginError(str(err)) from None
        log.info(f"Pagefind indexed {done.pages} pages in {done.seconds:.2f} s")
