"""mkdocs-macros entry: the macros our own pages call. Each returns HTML from a pure render function.

Macros return HTML (rendered with the build's templates, held by ``kit``) through ``Blocks`` (a
placeholder in the Markdown, filled in after conversion).
Only the pages listed under ``force_render_paths`` in mkdocs.yml are rendered as templates
(``render_by_default: false``), and the check allows nothing on them but calls of the macros below.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from macros.glue import site as site_state
from macros.render import pages, tracker, urls
from macros.render.exports import data_page_table

MACRO_NAMES = frozenset({"report_list", "recommendation_tracker", "status_vocabulary", "data_files", "briefing_book",
                         "site_counts", "build_date"})


def define_env(env: Any) -> None:
    def base() -> str:
        return urls.base_for(env.page.url) if env.page else ""

    def block(html: Markup) -> str:
        return site_state.current().kit.blocks.put(html)

    @env.macro
    def report_list() -> str:
        """All reports with citations and counts."""
        return block(pages.report_list(site_state.current().kit, base()))

    @env.macro
    def recommendation_tracker() -> str:
        """The tracker: filters, totals by status, the table."""
        return block(tracker.tracker(site_state.current().kit, base()))

    @env.macro
    def status_vocabulary() -> str:
        """The status vocabulary with definitions."""
        return block(tracker.status_vocabulary(site_state.current().kit))

    @env.macro
    def data_files() -> str:
        """The export files and what they hold."""
        return block(data_page_table(site_state.current().kit, base()))

    @env.macro
    def briefing_book() -> str:
        """Every topic page in one printable page (Markdown headings, HTML blocks)."""
        site = site_state.current()
        return pages.briefing_book(site.kit, base())

    @env.macro
    def site_counts() -> str:
        """A sentence with the numbers of reports, annotations, topics and actors."""
        index = site_state.current().index
        recs = len(index.recommendations)
        return (f"{len(index.reports)} reports, {len(index.annotations)} annotations ({recs} recommendations), "
                f"{len(index.corpus.topics)} topics and {len(index.corpus.actors)} actors")

    @env.macro
    def build_date() -> str:
        return site_state.current().built.isoformat()
