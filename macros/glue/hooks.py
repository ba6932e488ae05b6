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
from macros.problems import ProblemsFound, format_problems
from macros.render import pages, urls
from macros.render.citation import citation_block
from macros.render.exports import all_exports
from macros.render.highlight import highlight
from macros.sanitize import clean_report_html

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
        site_state.build(root, config.repo_url or "", branch, config.site_url or "", overrides)
    except ProblemsFound as err:
        raise PluginError("Annotation data has problems:\n" + format_problems(err.problems)) from None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add one page per topic and actor, the indexes, the contributor guide and the export files."""
    site = site_state.current()
    index, kit = site.index, site.kit
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


def _report_slug(page: Page) -> str | None:
    src = page.file.src_uri
    if src.startswith(REPORT_PREFIX) and src.endswith(".md") and src != "reports/index.md":
        return src[len(REPORT_PREFIX):-3]
    return None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give pages built from data a title escaped once (MkDocs' templates do not escape) and an edit link.

    The edit button of a topic or actor page points at the line of the YAML that declares it.
    """
    site = site_state.current()
    corpus, src = site.index.corpus, page.file.src_uri
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
        _set_title(page, corpus.reports[slug].display_title)
    return markdown


def _set_title(page: Page, title: str) -> None:
    """Material prints ``page.meta.title`` unescaped in <title> and the header; give it escaped Markup."""
    page.meta["title"] = page.title = escape(title)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put rendered blocks back into generated and macro pages; decorate report pages."""
    slug = _report_slug(page)
    site = site_state.current()
    if not slug or slug not in site.index.corpus.reports:
        return site.kit.blocks.fill(html)
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
