"""The project as the MkDocs configuration describes it: the one place the core's paths and settings are read."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from macros.glue.env import MACRO_NAMES
from macros.project import Project
from macros.render.templates import Theme
from macros.render.urls import Urls

CONFIG_FILE = "mkdocs.yml"
CACHE_DIR = ".cache/check"  # the check's cache (macros/rendercache.py): text/ and data/; .gitignore lists .cache/
# The names the templates borrow from each theme the site can use (see macros.render.templates.Theme).
# The search attributes are Pagefind's (macros/glue/search.py indexes the site; overrides/main.html marks the content).
THEMES = {"material": Theme(button_class="md-button", search_exclude="data-pagefind-ignore",
                            search_include="data-pagefind-body")}


class ConfigError(ValueError):
    """The site configuration breaks a rule the checks rely on."""


def project_from_config(config: MkDocsConfig) -> Project:
    """The core's view of the site: folders, Markdown extensions, template pages, declared assets."""
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    options = _plugin_options(config)
    return Project(
        root=root,
        docs=docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.as_posix(),
        annotations=options["annotations_dir"],
        contributing=options["contributing"],
        template_pages=template_pages(config),
        macro_names=MACRO_NAMES,
        declared_files=frozenset(str(PurePosixPath(p)) for p in [*config.extra_css, *map(str, config.extra_javascript)]),
        markdown_extensions=tuple(config.markdown_extensions),
        markdown_configs=dict(config.mdx_configs),
        cache=CACHE_DIR,
    )


def _plugin_options(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("annotations")
    if plugin is None:
        raise ConfigError("mkdocs.yml must list the 'annotations' plugin under plugins: (before 'macros')")
    return plugin.config


def url_style(config: MkDocsConfig) -> Urls:
    """Directory URLs (``reports/x/``) or file URLs (``reports/x.html``), as MkDocs will write them."""
    return Urls(directory=bool(config.use_directory_urls))


def theme_names(config: MkDocsConfig) -> Theme:
    """The theme's names for a button and for 'leave out of search' and 'index this' (none for a theme we do not know)."""
    return THEMES.get(config.theme.name or "", Theme())


def template_pages(config: MkDocsConfig) -> frozenset[str]:
    """The pages mkdocs-macros renders as templates: its ``force_render_paths``, one anchored page per line.

    With ``render_by_default: false`` this list is the only way a page becomes a template, and the
    checks hold those pages to calls of our own macros.
    """
    plugin = config.plugins.get("macros")
    if plugin is None:
        return frozenset()
    if plugin.config.get("render_by_default", True) is not False:
        raise ConfigError("mkdocs.yml: the macros plugin must set render_by_default: false")
    lines = [line.strip() for line in (plugin.config.get("force_render_paths") or "").splitlines() if line.strip()]
    loose = [line for line in lines if not line.startswith("/") or any(c in line for c in "*?[]!\\")]
    if loose:
        raise ConfigError(f"mkdocs.yml: force_render_paths lists {', '.join(loose)}: list each page by its path from "
                          "the docs folder, starting with '/' (e.g. /index.md), without wildcards")
    return frozenset(line[1:] for line in lines)


def load_project(root: Path) -> Project:
    """The project in ``root``, read through its mkdocs.yml (for the check command and the tests)."""
    return project_from_config(load_config(str(root / CONFIG_FILE)))


def git_repo_url(root: Path) -> str:
    """The https address of the clone's 'origin' remote, for edit links when REPO_URL is not set."""
    try:
        url = subprocess.run(["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True,
                             timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    if url.startswith("git@") and ":" in url:
        host, _, path = url[4:].partition(":")
        url = f"https://{host}/{path}"
    url = url.removesuffix(".git")
    return url if url.startswith("https://") else ""
