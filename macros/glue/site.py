"""The state of one build: the index (built once, in on_config) and what renderers need besides it."""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from macros.project import Project
from macros.index import Index, Vocabulary, build_index
from macros.problems import Problem
from macros.render.pages import Kit
from macros.render.templates import environment
from macros.render.urls import EditLinks
from macros.validation import load_valid


@dataclass
class Site:
    project: Project
    index: Index
    edit: EditLinks
    site_url: str
    built: datetime.date
    problems: list[Problem] = field(default_factory=list)
    kit: Kit = None  # type: ignore[assignment]
    template_dirs: Sequence[Path] = ()  # searched before the package's templates

    def __post_init__(self) -> None:
        self.kit = Kit(self.index, self.edit, templates=environment(self.template_dirs))


_current: Site | None = None


def build(project: Project, repo_url: str, branch: str, site_url: str, template_dirs: Sequence[Path] = ()) -> Site:
    """Load and check the data exactly as the check command does (raising ProblemsFound on any problem),
    then index it, once per build: a page the check has not passed is never rendered.

    ``template_dirs`` hold the site's overrides of the annotation templates, searched first.
    """
    global _current
    corpus = load_valid(project)
    index = build_index(corpus, Vocabulary.from_schema(project.schema))
    _current = Site(project, index, EditLinks(repo_url, branch), site_url, datetime.date.today(),
                    template_dirs=template_dirs)
    return _current


def current() -> Site:
    if _current is None:
        raise RuntimeError("the annotation index is built in the on_config hook; is macros/glue/hooks.py listed under hooks?")
    return _current


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
