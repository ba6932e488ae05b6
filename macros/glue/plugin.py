"""The MkDocs plugin: it only handles events, handing each to the core; its typed config is documented in the README.

Listed as ``annotations`` under ``plugins:`` in mkdocs.yml (before ``macros``). A build's state lives on
the plugin instance (``self.site``), built once in ``on_config`` from the same check the check command
runs, and never in a module global.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from macros.glue.config import ConfigError, git_repo_url, project_from_config, theme_names, url_style
from macros.glue.markdown import to_markdown
from macros.glue.site import Site
from macros.problems import Problem, format_problems
from macros.render import pages
from macros.render.citation import citation_block
from macros.render.exports import all_exports
from macros.render.feeds import feeds
from macros.render.highlight import highlight
from macros.render.metadata import jsonld_text
from macros.render.urls import base_for
from macros.sanitize import clean_page_html, clean_report_html


class AnnotationsConfig(Config):
    """The plugin's options (each documented in the README's table, which a test compares)."""

    annotations_dir = c.Type(str, default="annotations")
    contributing = c.Type(str, default="CONTRIBUTING.md")
    template_overrides = c.Type(str, default="annotations")


def fail(problems: list[Problem]) -> None:
    """The one way problems leave the build: all of them, sorted, in one error."""
    raise PluginError("Annotation data has problems:\n" + format_problems(problems))


class AnnotationsPlugin(BasePlugin[AnnotationsConfig]):
    site: Site | None = None

    @event_priority(100)  # before mkdocs-macros, whose macros read the index
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        if not config.repo_url:
            config.repo_url = git_repo_url(root) or None
        if not config.repo_url:  # no repository known (a bare local copy): no edit buttons rather than broken ones
            config.edit_uri = None
        branch = config.edit_uri.strip("/").split("/")[1] if config.edit_uri else "main"
        overrides = [Path(config.theme.custom_dir) / self.config.template_overrides] if config.theme.custom_dir else []
        try:
            project = project_from_config(config)
        except ConfigError as err:
            raise PluginError(str(err)) from None
        self.site, problems = Site.build(project, config.repo_url or "", branch, config.site_url or "",
                                         url_style(config), theme_names(config), overrides)
        if problems:
            fail(problems)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Refuse any page the check did not pass; add the generated pages and the export files."""
        site = self.current()
        unchecked = [f.src_uri for f in files.documentation_pages() if not site.checked(f.src_uri)]
        if unchecked:
            raise PluginError("Pages the check did not read (move, rename or remove them): " + ", ".join(unchecked))
        generated = {src: to_markdown(document, site.blocks) for src, document in site.generated_pages().items()}
        if site.contributing_source is not None:  # the guide is written once, in the repository, and shown on the site
            generated["contributing.md"] = site.contributing_source
        data = all_exports(site.index, site.site_url, site.kit.urls) | feeds(site.index, site.site_url, site.kit.urls,
                                                                               config.site_name)
        site.file_sizes = {path: len(text.encode("utf-8")) for path, text in data.items()}  # written as UTF-8
        generated |= data
        for path, content in generated.items():
            if files.get_file_from_path(path):
                raise PluginError(f"{config.docs_dir}/{path} is generated from the annotations: remove the hand-written file")
            files.append(File.generated(config, path, content=content))
        return files

    @event_priority(100)  # before mkdocs-macros renders any page
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Make sure MkDocs read each contributed page as the check did, then give every page safe metadata.

        Material prints ``page.meta.title`` and ``description`` unescaped, and mkdocs-macros reads
        ``page.meta``: so the metadata a page keeps is the checked one, its text escaped once.
        """
        site, src = self.current(), page.file.src_uri
        expected = site.checked_source(src)
        if expected is not None and (markdown != expected[0] or set(page.meta) != expected[1]):
            raise PluginError(f"{expected[2]}: MkDocs reads this page's front matter differently from the check; "
                              "start the file with '---' on the first line and end the front matter with '---'")
        meta, edit_url = site.page_meta(src)
        page.meta = {k: escape(v) if isinstance(v, str) else v for k, v in meta.items()}
        if edit_url is not None:
            page.edit_url = edit_url or None
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Fill in the HTML blocks of generated and macro pages; highlight and decorate report pages."""
        site, src = self.current(), page.file.src_uri
        report = site.report_at(src)
        if report is None:
            if src in site.index.corpus.pages and "title" not in page.meta:
                page.meta["title"] = escape(page.title)  # taken from the page's first heading, as plain text
            html = site.blocks.fill(html, clean=clean_page_html)
            self.set_head(page, config, html)
            return html
        self.set_head(page, config, "")
        annotations = site.index.by_report.get(report.slug, [])
        body, problems = highlight(clean_report_html(html), annotations, report)
        if problems:
            fail(problems)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= {a.id for a in annotations} | {f"card-{a.id}" for a in annotations} \
                | {f"cite-{a.id}" for a in annotations} \
                | {"citation", "annotations-in-this-report"}
        listing = pages.report_annotations(site.kit, report.slug, base_for(page.url))
        if listing:
            page.toc.items.append(AnchorLink("Annotations in this report", "annotations-in-this-report", 2))
        return str(citation_block(report, site.kit.templates) + body + listing)

    def set_head(self, page: Page, config: MkDocsConfig, html: str) -> None:
        """Put the page's machine-readable metadata on ``page.meta``: its description (escaped, as the theme
        prints it raw) unless its front matter has one, and ``head`` (citation and Open Graph tags, feeds,
        JSON-LD), which overrides/main.html prints with every value escaped; the JSON-LD is Markup made
        safe for a script block by ``jsonld_text``."""
        plain = lambda v: v.unescape() if isinstance(v, Markup) else str(v or "")  # noqa: E731
        meta, links = self.current().head(page.file.src_uri, page.url, plain(page.meta.get("title") or page.title),
                                         plain(page.meta.get("description")), html, config.site_name)
        if not page.meta.get("description"):
            page.meta["description"] = escape(meta.description)
        base = base_for(page.url)
        page.meta["head"] = {"tags": list(meta.tags), "feeds": [(title, base + path) for title, path in links],
                             "jsonld": Markup(jsonld_text(meta.jsonld)) if meta.jsonld else None}

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """``mkdocs serve`` rebuilds when the data files or the guide change, not only the docs folder."""
        project = self.current().project
        server.watch(str(project.annotations_dir))
        if (project.root / project.contributing).is_file():
            server.watch(str(project.root / project.contributing))
        return server

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        context["build_date"] = self.current().built.isoformat()
        return context

    def current(self) -> Site:
        """This build's state (built in on_config)."""
        if self.site is None:
            raise PluginError("the annotations plugin builds its index in on_config, which has not run")
        return self.site


def plugin_of(config: Any) -> AnnotationsPlugin:
    """The build's plugin instance, for the mkdocs-macros entry (``env.conf``)."""
    plugin = config["plugins"].get("annotations")
    if not isinstance(plugin, AnnotationsPlugin):
        raise PluginError("mkdocs.yml must list the 'annotations' plugin (before 'macros') under plugins:")
    return plugin


def block(plugin: AnnotationsPlugin, html: Markup) -> str:
    """A macro's HTML, kept out of the Markdown parser until the page is converted."""
    return plugin.current().blocks.put(html)

