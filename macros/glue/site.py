"""One build's state: the checked index and what the plugin's events look up in it, keyed by page source path."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.glue.markdown import Blocks
from macros.index import Index, Vocabulary, build_index
from macros.model import Report, Topic
from macros.project import Project
from macros.render import pages
from macros.render.document import Document
from macros.render.feeds import feed_links
from macros.render.metadata import (PageMeta, actor_meta, first_paragraph, listing_meta, page_meta, report_meta,
                                   topic_meta)
from macros.render.kit import Kit
from macros.render.templates import Theme, environment
from macros.render.urls import ACTORS, BRIEFING, REPORTS, TOPICS, EditLinks, Urls
from macros.problems import Problem
from macros.validation import load_checked


@dataclass
class Site:
    """The index, the render kit and the build's HTML blocks; ``entries`` maps each generated topic or
    actor page to the entry it shows (so no event parses an id back out of a path)."""

    project: Project
    index: Index
    kit: Kit
    site_url: str
    built: datetime.date
    blocks: Blocks = field(default_factory=Blocks)
    entries: dict[str, Any] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    file_sizes: dict[str, int] = field(default_factory=dict)
    """The size in bytes of each export and feed file this build writes, by site path (the Data page shows them)."""

    @classmethod
    def build(cls, project: Project, repo_url: str, branch: str, site_url: str, urls: Urls, theme: Theme,
              template_dirs: Sequence[Path] = ()) -> tuple["Site | None", list[Problem]]:
        """Load and check the data exactly as the check command does, then index it, once per build.

        Any problem means no site (None) and the problems: a page the check has not passed is never rendered.
        """
        corpus, problems = load_checked(project)
        if problems:
            return None, problems
        index = build_index(corpus, Vocabulary.from_schema(project.schema))
        kit = Kit(index, EditLinks(repo_url, branch), urls, theme, environment(template_dirs, theme), site_url=site_url)
        docs = project.docs_dir
        reports = {(project.root / r.origin.path).relative_to(docs).as_posix(): r for r in corpus.reports.values()}
        return cls(project, index, kit, site_url, datetime.date.today(), reports=reports), []

    def generated_pages(self) -> Iterator[tuple[str, Document]]:
        """Every page made from the annotations, with its source path, one entry's pages at a time: a caller
        that stores each before asking for the next never holds them all (200 MB of HTML at 1,000 reports)."""
        kit, index = self.kit, self.index
        yield f"{REPORTS}/index.md", pages.reports_index_page(kit)
        yield f"{TOPICS}/index.md", pages.topics_index_page(kit)
        yield f"{ACTORS}/index.md", pages.actors_index_page(kit)
        makers: list[tuple[Any, Callable[[], dict[str, Document]]]] = \
            [(t, lambda t=t: pages.topic_pages(kit, t)) for t in index.topics] + \
            [(a, lambda a=a: pages.actor_pages(kit, a)) for a in index.actors] + \
            [(t, lambda t=t: {f"{BRIEFING}/{t.id}": pages.briefing_page(kit, t)}) for t in index.topics]
        for entry, make in makers:
            for path, document in make().items():
                self.entries[f"{path}.md"] = entry
                yield f"{path}.md", document

    @property
    def contributing_source(self) -> str | None:
        """The guide's text as checked (the Contribute page), or None when the project has none."""
        page = self.index.corpus.pages.get("contributing.md")
        return page.source if page is not None else None

    def report_at(self, src: str) -> Report | None:
        """The report whose page is at ``src`` (its path in the docs folder), if any."""
        return self.reports.get(src)

    def section_of(self, src: str) -> str | None:
        """The index page (source path) of the section a report, topic or actor page sits in, for its
        navigation tab and breadcrumb: those pages are not in the navigation themselves."""
        if self.report_at(src) is not None:
            return f"{REPORTS}/index.md"
        if src in self.entries:
            return f"{TOPICS}/index.md" if src.startswith(TOPICS) else f"{ACTORS}/index.md"
        return None

    def checked(self, src: str) -> bool:
        """Whether the check read and passed the page at ``src`` (a report, or a hand-written page)."""
        return self.report_at(src) is not None or src in self.index.corpus.pages

    def checked_source(self, src: str) -> tuple[str, set[str], str] | None:
        """What the check read of a contributed page: its body, its front matter keys and its path."""
        report = self.report_at(src)
        if report is not None:
            return report.body, set(report.meta_keys), report.origin.path
        page = self.index.corpus.pages.get(src)
        return (page.body, set(page.meta), page.path) if page is not None else None

    def page_meta(self, src: str) -> tuple[dict[str, Any], str | None]:
        """The metadata a page keeps (its values escaped by the caller) and its edit link (None: MkDocs')."""
        corpus, edit = self.index.corpus, self.kit.edit
        report = self.report_at(src)
        if report is not None:
            return {"title": report.display_title}, None
        entry = self.entries.get(src)
        if entry is not None:  # its cards are indexed once, on their report page; edit at the YAML line
            # Search indexes its description only, and on the entry's own first page its name as a filter that
            # finds it by that name first (overrides/main.html; the name is printed escaped). A further page of
            # lines or the entry's briefing page would only repeat that result.
            title = entry.title if isinstance(entry, Topic) else entry.name
            search: dict[str, Any] = {"exclude": True}
            if src in (f"{TOPICS}/{entry.id}.md", f"{ACTORS}/{entry.id}.md"):
                search["name"] = title
            return {"title": title, "search": search}, edit.at_line(entry.origin.path, entry.origin.line)
        if src == "contributing.md":
            return dict(corpus.pages[src].meta), edit.edit(self.project.contributing)
        return dict(corpus.pages[src].meta) if src in corpus.pages else {}, None

    def head(self, src: str, page_url: str, title: str, description: str, html: str, site_name: str) \
            -> tuple[PageMeta, list[tuple[str, str]]]:
        """What a page's head carries (from its report, topic or actor, else its own title and text), and the
        feeds it offers as (title, site path)."""
        url = self.site_url + page_url if self.site_url else ""
        report, entry = self.report_at(src), self.entries.get(src)
        if report is not None:
            return report_meta(report, url, site_name), feed_links()
        if isinstance(entry, Topic):
            return topic_meta(entry, url, site_name), feed_links(entry.id)
        if entry is not None:
            return actor_meta(entry, url, site_name), feed_links()
        index = self.index
        listings = {f"{REPORTS}/index.md": ("The annotated reports", [r.display_title for r in index.reports]),
                    f"{TOPICS}/index.md": ("The topics of the annotations", [t.title for t in index.topics]),
                    f"{ACTORS}/index.md": ("The actors the reports address or discuss", [a.name for a in index.actors])}
        if src in listings:
            return listing_meta(title, *listings[src], url, site_name), feed_links()
        return page_meta(title, description or first_paragraph(html) or title, url, site_name), feed_links()
