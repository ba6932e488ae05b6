"""mkdocs-macros entry: the macros our own pages call. Each returns HTML from a pure render function.

Macros return HTML (rendered with the build's templates) through the build's blocks (a placeholder
in the Markdown, filled in after conversion). Only the pages listed under ``force_render_paths`` in
mkdocs.yml are rendered as templates (``render_by_default: false``), and the check allows nothing on
them but calls of the macros below.
"""

from __future__ import annotations

from typing import Any

from macros.render.citation import human_date

MACRO_NAMES = frozenset({"report_list", "recommendation_tracker", "status_vocabulary", "data_files", "briefing_book",
                         "site_counts", "build_date", "feed_list"})


def define_env(env: Any) -> None:
    from macros.glue.plugin import block, plugin_of
    from macros.render import pages, tracker
    from macros.render.exports import data_page_table
    from macros.render.feeds import feed_list as feeds_table
    from macros.render.urls import base_for

    plugin = plugin_of(env.conf)

    def kit():
        return plugin.current().kit

    def base() -> str:
        return base_for(env.page.url) if env.page else ""

    @env.macro
    def report_list() -> str:
        """All reports with citations and counts."""
        return block(plugin, pages.report_list(kit(), base()))

    @env.macro
    def recommendation_tracker() -> str:
        """The tracker: filters, totals by status, the table."""
        return block(plugin, tracker.tracker(kit(), base()))

    @env.macro
    def status_vocabulary() -> str:
        """The status vocabulary with definitions."""
        return block(plugin, tracker.status_vocabulary(kit()))

    @env.macro
    def data_files() -> str:
        """The export files: format, size and what each holds."""
        return block(plugin, data_page_table(kit(), base(), plugin.current().file_sizes))

    @env.macro
    def feed_list() -> str:
        """The Atom feeds: status changes, new reports, and each topic's status changes."""
        return block(plugin, feeds_table(kit(), base(), plugin.current().file_sizes))

    @env.macro
    def briefing_book() -> str:
        """Every topic in one printable page (one HTML block with its own contents list)."""
        return block(plugin, pages.briefing_book(kit(), base()))

    @env.macro
    def site_counts() -> str:
        """A sentence with the numbers of reports, annotations, topics and actors."""
        index = kit().index
        recs = len(index.recommendations)
        return (f"{len(index.reports)} reports, {len(index.annotations)} annotations ({recs} recommendations), "
                f"{len(index.corpus.topics)} topics and {len(index.corpus.actors)} actors")

    @env.macro
    def build_date() -> str:
        """The day the site was built, written as every date on the site is (``human_date``)."""
        return human_date(plugin.current().built.isoformat())
