"""MkDocs hooks: build the index once, add the generated pages and exports, decorate report pages.

Listed under ``hooks:`` in mkdocs.yml. Each event hands the work to a pure function of the core.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from macros.glue import site as site_state
from macros.glue.config import ConfigError, project_from_config
from macros.problems import ProblemsFound, format_problems
from macros.render import pages, urls
from macros.render.citation import citation_block
from macros.render.exports import all_exports
from macros.render.highlight import highlight
from macros.sanitize import clean_page_html, clean_report_html

REPORT_PREFIX = "reports/"
CONTRIBUTING = "CONTRIBUTING.md"
TEMPLATE_OVERRIDES = "annotations"  # <theme custom_dir>/annotations/card.html replaces the package's card.html


@event_priority(100)  # before mkdocs-macros, whose macros read the index
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    if not config.repo_url:
        config.repo_url = site_state.git_repo_url(root) or None
    if not config.repo_url:  # no repository known (a bare local copy): no edit buttons rather than broken ones
        config.edit_uri = None
    branch = (config.edit_uri or "edit/main/").strip("/").split("/")[1] if config.edit_uri else "main"
    try:
        overrides = [Path(config.theme.custom_dir) / TEMPLATE_OVERRIDES] if config.theme.custom_dir else []
        site_state.build(project_from_config(config), config.repo_url or "", branch, config.site_url or "", overrides)
    except ConfigError as err:
        raise PluginError(str(err)) from None
    except ProblemsFound as err:
        raise PluginError("Annotation data has problems:\n" + format_problems(err.problems)) from None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Refuse any page the check did not pass; add one page per topic and actor, the indexes, the
    contributor guide and the export files."""
    site = site_state.current()
    index, kit = site.index, site.kit
    unchecked = [f.src_uri for f in files.documentation_pages() if not _checked(f.src_uri, site)]
    if unchecked:
        raise PluginError("Pages the check did not read (move, rename or remove them): " + ", ".join(unchecked))
    generated = {"reports/index.md": pages.reports_index_page(kit),
                 "topics/index.md": pages.topics_index_page(kit),
                 "actors/index.md": pages.actors_index_page(kit)}
    generated |= {f"topics/{t.id}.md": pages.topic_page(kit, t) for t in index.topics}
    generated |= {f"actors/{a.id}.md": pages.actor_page(kit, a) for a in index.actors}
    contributing = site.project.root / CONTRIBUTING
    if contributing.exists():  # the contributor guide is written once, in the repository, and shown on the site
        generated["contributing.md"] = contributing.read_text(encoding="utf-8")
    generated |= all_exports(index, site.site_url)
    for path, content in generated.items():
        if files.get_file_from_path(path):
            raise PluginError(f"docs/{path} is generated from the annotations: remove the hand-written file")
        files.append(File.generated(config, path, content=content))
    return files


def _checked(src: str, site: site_state.Site) -> bool:
    """Whether the check read and passed the page at ``src`` (a report, or a hand-written page)."""
    corpus = site.index.corpus
    if src.startswith(REPORT_PREFIX):
        return src[len(REPORT_PREFIX):-3] in corpus.reports and src.endswith(".md")
    return src in corpus.pages


def _report_slug(page: Page) -> str | None:
    src = page.file.src_uri
    if src.startswith(REPORT_PREFIX) and src.endswith(".md") and src != "reports/index.md":
        return src[len(REPORT_PREFIX):-3]
    return None


@event_priority(100)  # before mkdocs-macros renders any page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Make sure MkDocs reads each contributed page as the check did, then give every page safe metadata.

    Material prints ``page.meta.title`` and ``description`` unescaped, and mkdocs-macros reads
    ``page.meta``: so the metadata a page keeps is the checked one, its text escaped once. The edit
    button of a topic or actor page points at the line of the YAML that declares it.
    """
    site = site_state.current()
    corpus, src = site.index.corpus, page.file.src_uri
    _same_as_checked(markdown, page, site)
    name = src[src.find("/") + 1:-3]
    entry = corpus.topics.get(name) if src.startswith("topics/") else corpus.actors.get(name) if src.startswith("actors/") else None
    if entry is not None:
        _set_title(page, entry.title if hasattr(entry, "title") else entry.name)
        page.edit_url = site.edit.at_line(entry.origin.path, entry.origin.line) or None
        page.meta["search"] = {"exclude": True}  # its cards are indexed once, on their report page
    elif src == "contributing.md":  # generated from the repository's CONTRIBUTING.md
        page.edit_url = site.edit.edit(CONTRIBUTING) or None
    slug = _report_slug(page)
    if slug and slug in corpus.reports:
        page.meta = {}
        _set_title(page, corpus.reports[slug].display_title)
    elif src in corpus.pages:
        page.meta = {k: escape(v) if isinstance(v, str) else v for k, v in corpus.pages[src].meta.items()}
    return markdown


def _same_as_checked(markdown: str, page: Page, site: site_state.Site) -> None:
    """Stop the build if MkDocs split a contributed page differently from the check (then the check
    would have validated other metadata than the plugins are about to read)."""
    corpus, src = site.index.corpus, page.file.src_uri
    slug = _report_slug(page)
    if slug and slug in corpus.reports:
        body, path = corpus.reports[slug].body, corpus.reports[slug].origin.path
        keys = set(page.meta) == set(corpus.reports[slug].meta_keys)
    elif src in corpus.pages:
        body, path = corpus.pages[src].body, corpus.pages[src].path
        keys = set(page.meta) == set(corpus.pages[src].meta)
    else:
        return
    if markdown != body or not keys:
        raise PluginError(f"{path}: MkDocs reads this page's front matter differently from the check; "
                          "start the file with '---' on the first line and end the front matter with '---'")


def _set_title(page: Page, title: str) -> None:
    """Material prints ``page.meta.title`` unescaped in <title> and the header; give it escaped Markup."""
    page.meta["title"] = page.title = escape(title)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put rendered blocks back into generated and macro pages; decorate report pages."""
    slug = _report_slug(page)
    site = site_state.current()
    if not slug or slug not in site.index.corpus.reports:
        if page.file.src_uri in site.index.corpus.pages and "title" not in page.meta:
            page.meta["title"] = escape(page.title)  # taken from the page's first heading, as plain text
        return site.kit.blocks.fill(html, clean=clean_page_html)
    report = site.index.corpus.reports[slug]
    annotations = site.index.by_report.get(slug, [])
    body, problems = highlight(clean_report_html(html), annotations, report.origin.path)
    site.problems += problems
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= {a.id for a in annotations} | {f"card-{a.id}" for a in annotations} | {"citation", "annotations-in-this-report"}
    listing = pages.report_annotations(site.kit, slug, urls.base_for(page.url))
    if listing:
        page.toc.items.append(AnchorLink("Annotations in this report", "annotations-in-this-report", 2))
    return str(citation_block(report, site.kit.templates) + body + listing)


def on_post_build(config: MkDocsConfig) -> None:
    """Fail the build if any quote could not be anchored: an annotation is never dropped silently."""
    site = site_state.current()
    if site.problems:
        problems, site.problems = site.problems, []
        raise PluginError("Annotation quotes could not be anchored:\n" + format_problems(problems))


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    context["build_date"] = site_state.current().built.isoformat()
    return context
