"""Every file under the docs and annotations folders, sorted into what the site reads, or a problem naming it.

Nothing a pull request adds may be ignored: a file the loader would skip (a ``.YML`` file, a page in a
sub-folder of the reports, an annotation file for a report that does not exist) is an error here,
with the fix, rather than a file that silently vanishes while the check says OK.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from macros.problems import Problem
from macros.project import ACTORS_FILE, GENERATED_FOLDERS, REPORTS_FOLDER, SCHEMA_FILE, TOPICS_FILE, Project
from macros.searchindex import OUTPUT as SEARCH_FOLDER

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
PAGE_SUFFIXES = {".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"}  # MkDocs' pages
# Static files that cannot carry script: images and PDFs. (SVG and HTML can, so they are refused.)
INERT_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf"}
DATA_FILES = {TOPICS_FILE, ACTORS_FILE, SCHEMA_FILE}


@dataclass
class Stock:
    """The files the site reads, by role, and the problems with the files it will not read."""

    reports: list[Path] = field(default_factory=list)
    annotation_files: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def take_stock(project: Project) -> Stock:
    """Sort every file under the docs and annotations folders (sub-folders and hidden files included)."""
    stock = Stock()
    _reports(project, stock)
    _annotations(project, stock)
    _pages(project, stock)
    return stock


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()) if folder.is_dir() else []


def _refuse(stock: Stock, project: Project, path: Path, message: str, hint: str, code: str = "unexpected-file") -> None:
    stock.problems.append(Problem(project.rel(path), 1, 1, "-", message, hint, code))


def _reports(project: Project, stock: Stock) -> None:
    folder = project.reports_dir
    for path in _files(folder):
        where = project.rel(folder)
        if path.is_symlink():
            _refuse(stock, project, path, "a symbolic link among the report pages", "put the page itself in " + where)
        elif path.parent != folder:
            _refuse(stock, project, path, f"report pages go directly in {where}/, not in a sub-folder",
                    f"move it to {where}/{_slugged(path.stem)}.md")
        elif path.name == "index.md":
            _refuse(stock, project, path, f"{where}/index.md is generated from the report pages", "remove this file")
        elif path.suffix != ".md":
            _refuse(stock, project, path, f"'{path.name}' is not a report page: report pages end in .md",
                    f"rename it to {_slugged(path.stem)}.md, or remove it")
        elif not SLUG.fullmatch(path.stem):
            _refuse(stock, project, path, f"report file name '{path.name}' is not a valid slug",
                    f"rename it to {_slugged(path.stem)}.md: lower-case letters, digits and hyphens only", "bad-id")
        else:
            stock.reports.append(path)


def _annotations(project: Project, stock: Stock) -> None:
    folder, slugs = project.annotations_dir, {p.stem for p in stock.reports}
    where = project.rel(folder)
    for path in _files(folder):
        name = path.name
        if path.is_symlink():
            _refuse(stock, project, path, f"a symbolic link in {where}/", "put the file itself there")
        elif path.parent != folder:
            _refuse(stock, project, path, f"files in {where}/ may not be in sub-folders",
                    f"move it to {where}/{name}, named after the report it annotates")
        elif name in DATA_FILES:
            continue
        elif name.lower() in DATA_FILES or path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yml":
            fixed = name.lower() if name.lower() in DATA_FILES else f"{path.stem}.yml"
            _refuse(stock, project, path, f"'{name}' is not read: data files end in .yml (lower case)",
                    f"rename it to {fixed}")
        elif path.suffix != ".yml":
            _refuse(stock, project, path, f"'{name}' is not a data file",
                    f"{where}/ holds {TOPICS_FILE}, {ACTORS_FILE}, {SCHEMA_FILE} and one <report-slug>.yml per report: "
                    "move or remove it")
        elif path.stem not in slugs:
            close = difflib.get_close_matches(path.stem, sorted(slugs), n=1, cutoff=0.6)
            hint = (f"did you mean {close[0]}.yml?" if close else
                    f"an annotation file is named after its report: add {project.report_path(path.stem)} first, or rename it")
            _refuse(stock, project, path, f"annotates no report: {project.report_path(path.stem)} does not exist",
                    hint, "unknown-report")
        else:
            stock.annotation_files.append(path)


def _pages(project: Project, stock: Stock) -> None:
    """Hand-written pages and static files outside the reports folder."""
    docs = project.docs_dir
    for path in _files(docs):
        rel = path.relative_to(docs).as_posix()
        top = rel.split("/", 1)[0]
        if top == REPORTS_FOLDER and "/" in rel:
            continue  # sorted by _reports
        if path.is_symlink():
            _refuse(stock, project, path, "a symbolic link in the docs folder", "put the file itself there")
        elif (top == SEARCH_FOLDER and "/" in rel) or rel == f"{SEARCH_FOLDER}.md":  # pagefind.md: pagefind/index.html
            _refuse(stock, project, path, f"{project.rel(docs / SEARCH_FOLDER)}/ is where the build writes the search "
                    "index, replacing what is there", "move or rename this file")
        elif top in GENERATED_FOLDERS and "/" in rel:
            _refuse(stock, project, path, f"the pages in {project.rel(docs / top)}/ are generated from the annotations",
                    f"remove this file; edit {project.annotations}/{top}.yml instead")
        elif rel.lower() == "contributing.md":
            _refuse(stock, project, path, "the Contribute page is generated from the repository's "
                    f"{project.contributing}", f"remove this file; edit {project.contributing} instead")
        elif path.suffix.lower() in PAGE_SUFFIXES:
            if path.suffix != ".md":
                _refuse(stock, project, path, f"'{path.name}' is a page with an unusual ending",
                        f"rename it to {path.stem}.md")
            else:
                stock.pages.append(path)
        elif rel not in project.declared_files and path.suffix.lower() not in INERT_SUFFIXES:
            _refuse(stock, project, path, f"'{path.name}' would be published as it is, unchecked",
                    "the docs folder takes Markdown pages, images (PNG, JPEG, GIF, WebP) and PDFs; "
                    "stylesheets and scripts must be listed in mkdocs.yml (extra_css, extra_javascript)")


def _slugged(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "report"
