"""The MkDocs plugin: it only handles events, handing each to the core; its typed config is documented in the README.

Listed as ``annotations`` under ``plugins:`` in mkdocs.yml (before ``macros``). A build's state lives on
the plugin instance (``self.site``), built once in ``on_config`` from the same check the check command
runs, and never in a module global.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
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
from macros.project import Project
from macros.render import pages
from macros.render.citation import citation_block, human_date
from macros.render.exports import export_batches
from macros.render.feeds import feeds
from macros.render.files import Content, Part
from macros.render.highlight import highlight
from macros.render.metadata import jsonld_text
from macros.render.preview import problem_page
from macros.render.propose import VOCABULARY, Proposals, vocabulary_json
from macros.render.urls import base_for
from macros.sanitize import clean_page_html, clean_report_html


class AnnotationsConfig(Config):
    """The plugin's options (each documented in the README's table, which a test compares)."""

    annotations_dir = c.Type(str, default="annotations")
    contributing = c.Type(str, default="CONTRIBUTING.md")
    template_overrides = c.Type(str, default="annotations")


log = logging.getLogger("mkdocs.plugins.annotations")
PACKAGE = Path(__file__).resolve().parents[1]  # the core and its templates: `mkdocs serve` rebuilds when they change
TITLE_ID = "report-title"  # the id of a report page's title heading: where "Skip to content" lands


def fail(problems: list[Problem]) -> None:
    """The one way problems leave the build: all of them, sorted, in one error."""
    raise PluginError("Annotation data has problems:\n" + format_problems(problems))


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept between the rebuilds of one `mkdocs serve` (a template that changed is
    compiled again: Jinja checks each one's source checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class AnnotationsPlugin(BasePlugin[AnnotationsConfig]):
    site: Site | None = None
    active_section: Page | None = None
    project: Project | None = None
    serving = False
    late: set[str] = set()
    """The generated pages of this build (source paths), whose HTML is made just before each is written."""
    problems: list[Problem] = []
    """Under `mkdocs serve` only: the data's problems, shown as a page instead of stopping the server."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this event, the plugin is kept across the rebuilds of `mkdocs serve` (MkDocs' rule), so the
        preview reuses compiled templates; only the preview turns data problems into a page."""
        self.serving = command == "serve"
        self.bytecode = MemoryBytecodeCache()
        self.addresses: set[Path] = set()  # the HTML pages the preview has served, to replace by the problem page

    @event_priority(100)  # before mkdocs-macros, whose macros read the index
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site, self.problems = None, []
        if self.serving:  # before MkDocs cleans the site folder
            self.addresses |= set(Path(config.site_dir).rglob("*.html"))
        root = Path(config.config_file_path).parent
        if not config.repo_url:
            config.repo_url = git_repo_url(root) or None
        if not config.repo_url:  # no repository known (a bare local copy): no edit buttons rather than broken ones
            config.edit_uri = None
        branch = config.edit_uri.strip("/").split("/")[1] if config.edit_uri else "main"
        overrides = [Path(config.theme.custom_dir) / self.config.template_overrides] if config.theme.custom_dir else []
        try:
            project = self.project = project_from_config(config)
        except ConfigError as err:
            raise PluginError(str(err)) from None
        self.site, problems = Site.build(project, config.repo_url or "", branch, config.site_url or "",
                                         url_style(config), theme_names(config), overrides)
        if problems and self.serving:  # the preview shows them (on_post_build); `mkdocs build` fails
            self.problems, config.nav = problems, None
            log.info("Annotation data has problems (the preview shows them):\n" + format_problems(problems))
        elif problems:
            fail(problems)
        elif self.serving:
            self.current().kit.templates.bytecode_cache = self.bytecode
        if self.serving:  # every theme environment of this rebuild (the pages', the search plugin's) reuses compiled templates
            config.theme.get_env = self.cached_env(config.theme.get_env)
        return config

    def cached_env(self, make_env: Callable[[], Environment]) -> Callable[[], Environment]:
        def get_env() -> Environment:
            env = make_env()
            env.bytecode_cache = self.bytecode
            return env
        return get_env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Refuse any page the check did not pass; add the generated pages and the export files."""
        if self.problems:  # a preview with problems builds no page: on_post_build writes the problem page
            return Files([])
        site = self.current()
        unchecked = [f.src_uri for f in files.documentation_pages() if not site.checked(f.src_uri)]
        if unchecked:
            raise PluginError("Pages the check did not read (move, rename or remove them): " + ", ".join(unchecked))
        generated = {src: to_markdown(document, site.blocks) for src, document in site.generated_pages()}
        self.late = set(generated)  # their HTML blocks go in just before each page is written (on_page_context)
        site.kit.cards.forget()  # every page that repeats cards is made
        if site.contributing_source is not None:  # the guide is written once, in the repository, and shown on the site
            generated["contributing.md"] = site.contributing_source
        self.proposals = Proposals(site.index, site.kit.templates)

        def batches() -> Iterator[dict[str, Content]]:  # each written before the next is made
            yield generated
            yield from export_batches(site.index, site.site_url, site.kit.urls)
            yield feeds(site.index, site.site_url, site.kit.urls, config.site_name)
            yield {VOCABULARY: vocabulary_json(site.index)} | self.proposals.id_files()

        started: set[str] = set()  # the files that come in parts and have had their first
        for batch in batches():
            for path in list(batch):
                if path not in started and files.get_file_from_path(path):
                    raise PluginError(f"{config.docs_dir}/{path} is generated from the annotations: remove the hand-written file")
                file = self.add(config, path, batch.pop(path), started)
                if file is not None:
                    files.append(file)
        return files

    def add(self, config: MkDocsConfig, path: str, content: Content, started: set[str]) -> File | None:
        """A generated page, an export written to the site folder, or a part of one (its File once it is
        whole); the Data page gives each export's size as written."""
        sizes = self.current().file_sizes
        if isinstance(content, Part):
            first = path not in started
            started.add(path)
            sizes[path] = (0 if first else sizes[path]) + appended(config, path, content.text, first)
            return File.generated(config, path, abs_src_path=str(Path(config.site_dir) / path)) if content.last else None
        sizes[path] = len(content.encode("utf-8"))
        if path.endswith(".md"):
            return File.generated(config, path, content=content)
        return written(config, path, content)

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
        """Fill in the HTML blocks of macro pages; give report pages their anchors and contents.

        A report page's HTML is highlighted and decorated, and a generated page's blocks filled in, in
        ``on_page_context``, just before the page is written, and dropped in ``on_post_page``: MkDocs holds
        every page's content from here to the end of the build, and those pages were most of its memory."""
        site, src = self.current(), page.file.src_uri
        report = site.report_at(src)
        if src in self.late:  # a generated page's head comes from its entry, not from its HTML
            self.set_head(page, config, "")
            return html
        if report is None:
            if src in site.index.corpus.pages and "title" not in page.meta:
                page.meta["title"] = escape(page.title)  # taken from the page's first heading, as plain text
            html = site.blocks.fill(html, clean=clean_page_html)
            self.set_head(page, config, html)
            return html
        self.set_head(page, config, "")
        annotations = site.index.by_report.get(report.slug, [])
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= {a.id for a in annotations} | {f"card-{a.id}" for a in annotations} \
                | {f"cite-{a.id}" for a in annotations} \
                | {"citation", "annotations-in-this-report", TITLE_ID}
        if annotations:  # the listing below the text (pages.report_annotations) is there exactly then
            page.toc.items.append(AnchorLink("Annotations in this report", "annotations-in-this-report", 2))
        # The page's own title heading (the theme adds an unnamed one otherwise) heads the table of contents,
        # so that the theme's "Skip to content" link lands at the start of the report, not at its first
        # subheading (or, in a report without any, past the whole text at the annotations).
        title = AnchorLink(str(page.meta.get("title") or escape(page.title)), TITLE_ID, 1)
        title.children = list(page.toc.items)
        page.toc.items = [title]
        return html

    def report_page(self, html: str, page: Page) -> str:
        """A report page's HTML highlighted, with its title, citation, annotation tools and cards."""
        site = self.current()
        report = site.report_at(page.file.src_uri)
        assert report is not None
        annotations = site.index.by_report.get(report.slug, [])
        body, problems = highlight(clean_report_html(html), annotations, report)
        if problems:
            fail(problems)
        listing = pages.report_annotations(site.kit, report.slug, base_for(page.url))
        file = site.project.rel(site.project.annotations_dir / f"{report.slug}.yml")
        heading = Markup('<h1 id="{}">{}</h1>').format(TITLE_ID, page.meta.get("title") or page.title)
        text = self.proposals.report_text(report.slug, body, base_for(page.url), file, site.kit.edit.edit(file))
        return str(heading + citation_block(report, site.kit.templates) + text + listing)

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

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.problems:
            self.show(config, problem_page(self.problems))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """``mkdocs serve`` rebuilds when the data, the guide, the core or the theme overrides change, not only
        the docs folder; a rebuild that fails shows why at every address instead of leaving the stale site."""
        project = self.project
        assert project is not None  # on_config has run
        for path in (project.annotations_dir, project.root / project.contributing, PACKAGE, config.theme.custom_dir):
            if path and Path(path).exists():
                server.watch(str(path))
        server.builder = self.failures_shown(server.builder, config)
        return server

    def failures_shown(self, builder: Callable[[], None], config: MkDocsConfig) -> Callable[[], None]:
        """The server's rebuild, turning an error (a strict-mode warning, a broken template) into a page at
        every address, and returning normally so that the browsers reload and show it."""
        def rebuild() -> None:
            warnings = Collect()
            logging.getLogger("mkdocs").addHandler(warnings)
            try:
                builder()
            except Exception as err:  # noqa: BLE001 - any failure is shown; the traceback goes to the terminal
                traceback.print_exc()
                detail = "\n".join(warnings.messages + [f"{type(err).__name__}: {err}"])
                self.show(config, problem_page([], detail))
            finally:
                logging.getLogger("mkdocs").removeHandler(warnings)
        return rebuild

    def show(self, config: MkDocsConfig, html: str) -> None:
        """``html`` at every page address the preview may be showing: each page it served before, each Markdown
        page's, the home page and 404.html (which the server sends for any other address)."""
        site, docs = Path(config.site_dir), Path(config.docs_dir)
        pages = self.addresses | set(site.rglob("*.html")) | {site / "index.html", site / "404.html"}
        for source in docs.rglob("*.md"):
            rel = source.relative_to(docs).with_suffix("")
            if config.use_directory_urls and rel.name != "index":
                rel = rel / "index"
            pages.add(site / rel.with_suffix(".html"))
        for page in pages:
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(html, encoding="utf-8")

    @event_priority(100)  # a report page's HTML is made here, before the search plugin indexes the page
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        """A report page's HTML (see ``on_page_content``); the build date in words (the print header), and
        where a report, topic or actor page sits: those pages are not in the navigation, so their section's
        tab is marked active (until ``on_post_page``) and ``breadcrumb`` (overrides/partials/path.html)
        leads from the home page to that section."""
        if self.current().report_at(page.file.src_uri) is not None and page.content is not None:
            page.content = self.report_page(page.content, page)
        elif page.file.src_uri in self.late and page.content is not None:
            page.content = self.current().blocks.fill(page.content, clean=clean_page_html)
        context["build_date"] = human_date(self.current().built.isoformat())
        section = self.current().section_of(page.file.src_uri)
        found = next((p for p in nav.pages if p.file.src_uri == section), None) if section else None
        if found is not None:
            found.active = True
            self.active_section = found
            context["breadcrumb"] = [p for p in (nav.homepage, found) if p is not None]
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Unmark the section tab ``on_page_context`` marked: the next page has its own. Drop a report page's or
        a generated page's HTML, now in ``output``: nothing later in the build reads it (anchors are checked
        from the page's ids)."""
        if self.active_section is not None:
            self.active_section.active = False
            self.active_section = None
        if self.current().report_at(page.file.src_uri) is not None or page.file.src_uri in self.late:
            page.content = None
        return output

    def current(self) -> Site:
        """This build's state (built in on_config)."""
        if self.site is None:
            raise PluginError("the annotations plugin builds its index in on_config, which has not run")
        return self.site


def written(config: MkDocsConfig, path: str, content: str) -> File:
    """An export or feed written straight to its place in the site folder (which MkDocs cleaned before
    ``on_files``) and registered as there: MkDocs' copy finds source and destination the same file and
    skips it. Held as a File's content instead, the exports (200 MB at 1,000 reports) stayed in memory
    for the whole build."""
    dest = Path(config.site_dir) / path
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(content, encoding="utf-8", newline="")
    return File.generated(config, path, abs_src_path=str(dest))


def appended(config: MkDocsConfig, path: str, text: str, first: bool) -> int:
    """A part of a file that comes in parts (see ``written``), added to its end (or starting it anew, when
    ``first``); its size in bytes."""
    dest = Path(config.site_dir) / path
    dest.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    with dest.open("wb" if first else "ab") as out:
        out.write(data)
    return len(data)


class Collect(logging.Handler):
    """The warnings and errors MkDocs logs during one rebuild, for the failure page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def plugin_of(config: Any) -> AnnotationsPlugin:
    """The build's plugin instance, for the mkdocs-macros entry (``env.conf``)."""
    plugin = config["plugins"].get("annotations")
    if not isinstance(plugin, AnnotationsPlugin):
        raise PluginError("mkdocs.yml must list the 'annotations' plugin (before 'macros') under plugins:")
    return plugin


def block(plugin: AnnotationsPlugin, html: Markup) -> str:
    """A macro's HTML, kept out of the Markdown parser until the page is converted."""
    return plugin.current().blocks.put(html)

