"""Load a project's files (report pages, topics, actors, annotation files) into a Corpus plus problems.

This is the only module that reads contributor files; everything downstream works on the Corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros import model
from macros.frontmatter import split_front_matter
from macros.problems import Problem
from macros.schema import validate
from macros.text import html_text, markdown_html
from macros.yamlload import Loaded, load_yaml

REPORTS_DIR = "docs/reports"
ANNOTATIONS_DIR = "annotations"
TOPICS_FILE = "topics.yml"
ACTORS_FILE = "actors.yml"
SCHEMA_FILE = "schema.json"
INDEX_PAGES = {"index.md"}
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Project:
    """Where a project's files are: the root holds docs/ and annotations/."""

    root: Path

    @property
    def reports_dir(self) -> Path:
        return self.root / REPORTS_DIR

    @property
    def annotations_dir(self) -> Path:
        return self.root / ANNOTATIONS_DIR

    @property
    def schema(self) -> str:
        return str(self.annotations_dir / SCHEMA_FILE)

    def rel(self, path: Path) -> str:
        """A path as contributors see it: relative to the project root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def report_pages(self) -> list[Path]:
        return sorted(p for p in self.reports_dir.glob("*.md") if p.name not in INDEX_PAGES)

    def annotation_files(self) -> list[Path]:
        names = {TOPICS_FILE, ACTORS_FILE}
        return sorted(p for p in self.annotations_dir.glob("*.y*ml") if p.name not in names)


def load_corpus(project: Project, with_text: bool = True) -> tuple[model.Corpus, list[Problem]]:
    """Read and schema-check every file; build model objects for every entry that has an id.

    ``with_text`` renders each report to get the text quotes anchor in. The site build passes False:
    it anchors quotes in the HTML MkDocs renders anyway, instead of rendering every report twice.
    """
    corpus, problems = model.Corpus(), []
    for page in project.report_pages():
        report, found = _load_report(project, page, with_text)
        problems += found
        if report:
            corpus.reports[report.slug] = report
    for name, key, build, target in ((TOPICS_FILE, "topics", model.topic_from, corpus.topics),
                                     (ACTORS_FILE, "actors", model.actor_from, corpus.actors)):
        loaded, found = _load_yaml_file(project, project.annotations_dir / name, required=True)
        problems += found
        for data, origin in _entries(loaded, key):
            if data["id"] in target:
                problems.append(_duplicate(key[:-1], data["id"], origin, target[data["id"]].origin))
            target.setdefault(data["id"], build(data, origin))
    for path in project.annotation_files():
        loaded, found = _load_yaml_file(project, path)
        problems += found + _file_report_problems(loaded, path)
        slug = loaded.data.get("report") if loaded and isinstance(loaded.data, dict) else None
        for data, origin in _entries(loaded, "annotations"):
            corpus.annotations.append(model.annotation_from(data, slug if isinstance(slug, str) else path.stem, origin))
    return corpus, problems


def _duplicate(noun: str, ident: str, here: model.Origin, first: model.Origin) -> Problem:
    line, col = here.at("id")
    return Problem(here.path, line, col, ident, f"duplicate {noun} id '{ident}' (also at {first.path}:{first.at('id')[0]})",
                   "ids must be unique: rename one of them", "duplicate-id")


def _load_report(project: Project, page: Path, with_text: bool) -> tuple[model.Report | None, list[Problem]]:
    rel, slug = project.rel(page), page.stem
    if not SLUG.fullmatch(slug):
        return None, [Problem(rel, 1, 1, slug, f"report file name '{page.name}' is not a valid slug",
                              "rename it with lower-case letters, digits and hyphens only, e.g. ewc-2021-subnational.md", "bad-id")]
    try:
        source = page.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(rel, 1, 1, slug, "not UTF-8 text", "save the file as UTF-8", "not-utf8")]
    parts, problem = split_front_matter(source, rel, slug)
    if problem:
        return None, [problem]
    loaded, problems = load_yaml(parts.meta_text, rel, subject=slug)
    if loaded is None:
        return None, [_shift(p, 1) for p in problems]
    problems = [_shift(p, 1) for p in validate(loaded, project.schema, "reportMeta", slug)]
    meta = loaded.data if isinstance(loaded.data, dict) else {}
    text = html_text(markdown_html(parts.body)) if with_text else ""
    return model.report_from(slug, meta, model.Origin(rel, 1), text), problems + _date_precision(loaded, slug)


def _shift(problem: Problem, lines: int) -> Problem:
    """Front matter is parsed on its own: move its line numbers past the opening '---'."""
    return Problem(problem.path, problem.line + lines, problem.col, problem.subject, problem.message, problem.hint, problem.code)


def _date_precision(loaded: Loaded, slug: str) -> list[Problem]:
    meta = loaded.data if isinstance(loaded.data, dict) else {}
    date, precision = meta.get("date"), meta.get("date_precision")
    expected = {"day": 10, "month": 7, "year": 4}.get(precision) if isinstance(precision, str) else None
    if not isinstance(date, str) or expected is None or len(date) == expected:
        return []
    line, col = loaded.at(("date",))
    return [Problem(loaded.path, line + 1, col, slug, f"date {date!r} does not match date_precision '{precision}'",
                    "write YYYY-MM-DD for day, YYYY-MM for month, YYYY for year", "bad-date")]


def _load_yaml_file(project: Project, path: Path, required: bool = False) -> tuple[Loaded | None, list[Problem]]:
    rel = project.rel(path)
    if not path.exists():
        return None, ([Problem(rel, 1, 1, "-", "file is missing", f"create {rel}", "missing-file")] if required else [])
    loaded, problems = load_yaml(path.read_bytes(), rel)
    if loaded is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        return None, [Problem(rel, 1, 1, "-", "the file should be a mapping of fields (key: value)",
                              "see CONTRIBUTING.md for the layout of this file", "bad-type")]
    return loaded, validate(loaded, project.schema)


def _entries(loaded: Loaded | None, key: str) -> list[tuple[dict[str, Any], model.Origin]]:
    """The entries of a top-level list that carry a string id, each with its file and line."""
    if loaded is None or not isinstance(loaded.data.get(key), list):
        return []
    fields = _fields_by_entry(loaded, key)
    return [(entry, _origin(loaded, (key, i), fields.get(i, {})))
            for i, entry in enumerate(loaded.data[key])
            if isinstance(entry, dict) and isinstance(entry.get("id"), str)]


def _fields_by_entry(loaded: Loaded, key: str) -> dict[int, dict[tuple[Any, ...], tuple[int, int]]]:
    """Locations of every value under ``key``, grouped by entry in one pass (not one scan per entry)."""
    grouped: dict[int, dict[tuple[Any, ...], tuple[int, int]]] = {}
    for path, loc in loaded.values.items():
        if len(path) >= 2 and path[0] == key:
            grouped.setdefault(path[1], {})[path[2:]] = loc
    return grouped


def _origin(loaded: Loaded, prefix: tuple[Any, ...], fields: dict[tuple[Any, ...], tuple[int, int]]) -> model.Origin:
    """An entry's origin, with the location of each of its fields."""
    line, col = loaded.at(prefix)
    return model.Origin(loaded.path, line, col, fields)


def _file_report_problems(loaded: Loaded | None, path: Path) -> list[Problem]:
    """An annotation file is named after the report it annotates."""
    if loaded is None or not isinstance(loaded.data.get("report"), str):
        return []
    slug = loaded.data["report"]
    if slug == path.stem:
        return []
    line, col = loaded.at(("report",))
    return [Problem(loaded.path, line, col, slug, f"file annotates report '{slug}' but is named {path.name}",
                    f"rename the file to {slug}{path.suffix}, or correct 'report:'", "file-name")]
