"""Load a project's files (report pages, hand-written pages, topics, actors, annotation files) into a Corpus plus problems.

This is the only module that reads contributor files; everything downstream works on the Corpus.
Which files exist, and which of them are refused, is decided once by ``macros.inventory``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any

from macros import model
from macros.frontmatter import split_front_matter
from macros.inventory import take_stock
from macros.problems import Problem
from macros.rendercache import RenderCache, data_key, render_key
from macros.project import ACTORS_FILE, TOPICS_FILE, Project
from macros.plausible import implausible
from macros.sanitize import clean_report_html
from macros.schema import subject_at, validate
from macros.sitepages import load_page
from macros.sourcetext import PAGE_MAX_BYTES, YAML_MAX_BYTES, decode
from macros.text import MarkdownTooDeep, element_ids, html_text, markdown_html
from macros.yamlload import LazyPositions, Loaded, load_yaml

__all__ = ["Project", "load_corpus"]


def load_corpus(project: Project, with_text: bool = True, today: datetime.date | None = None) -> tuple[model.Corpus, list[Problem]]:
    """Read and schema-check every file; build model objects for every entry that has an id.

    ``with_text`` renders each report to get the text quotes anchor in (scaffolding leaves it off
    when it only needs the ids). ``today`` is the build date: no date in the data may be later.
    """
    today = today or datetime.date.today()
    corpus, stock = model.Corpus(), take_stock(project)
    cache = RenderCache(project.cache_dir / "text" if with_text and project.cache_dir else None)
    parsed = RenderCache(project.cache_dir / "data" if project.cache_dir else None)
    schema = Path(project.schema).read_bytes() if parsed.folder and Path(project.schema).is_file() else b""
    read_yaml = partial(_load_yaml_file, project, today=today, cache=parsed, schema=schema)
    problems = list(stock.problems)
    for page in stock.reports:
        report, found = _load_report(project, page, with_text, today, cache)
        problems += found
        if report:
            corpus.reports[report.slug] = report
        else:
            corpus.unreadable.add(project.rel(page))
    for path in stock.pages:
        problems += _add_page(corpus, project, path, path.relative_to(project.docs_dir).as_posix())
    contributing = project.root / project.contributing
    if contributing.is_file():
        problems += _add_page(corpus, project, contributing, "contributing.md")
    for name, key, build, target in ((TOPICS_FILE, "topics", model.topic_from, corpus.topics),
                                     (ACTORS_FILE, "actors", model.actor_from, corpus.actors)):
        loaded, found = read_yaml(project.annotations_dir / name, f"{key}File", required=True)
        problems += found
        if loaded is None:
            corpus.unreadable.add(project.rel(project.annotations_dir / name))
        for data, origin in _entries(loaded, key):
            if data["id"] in target:
                problems.append(_duplicate(key[:-1], data["id"], origin, target[data["id"]].origin))
            target.setdefault(data["id"], build(data, origin))
    for path in stock.annotation_files:
        loaded, found = read_yaml(path, "annotationsFile")
        problems += found + _file_report_problems(loaded, path)
        if loaded is None:
            corpus.unreadable.add(project.rel(path))
        for data, origin in _entries(loaded, "annotations"):
            corpus.annotations.append(model.annotation_from(data, path.stem, origin))
    return corpus, problems


def _add_page(corpus: model.Corpus, project: Project, path: Path, src: str) -> list[Problem]:
    page, problems = load_page(project, path, src)
    if page is not None:
        corpus.pages[src] = page
    return problems


def _duplicate(noun: str, ident: str, here: model.Origin, first: model.Origin) -> Problem:
    line, col = here.at("id")
    return Problem(here.path, line, col, ident, f"duplicate {noun} id '{ident}' (also at {first.path}:{first.at('id')[0]})",
                   "ids must be unique: rename one of them", "duplicate-id")


def _load_report(project: Project, page: Path, with_text: bool, today: datetime.date,
                 cache: RenderCache) -> tuple[model.Report | None, list[Problem]]:
    rel, slug = project.rel(page), page.stem
    source, problem = decode(page.read_bytes(), rel, PAGE_MAX_BYTES, slug)
    if problem:
        return None, [problem]
    parts, problem = split_front_matter(source, rel, slug)
    if problem:
        return None, [problem]
    loaded, problems = load_yaml(parts.meta_text, rel, subject=slug)
    if loaded is None:
        return None, [p.moved(1) for p in problems]
    problems = [p.moved(1) for p in validate(loaded, project.schema, "reportMeta", slug)]
    problems += implausible(loaded, today, lambda path: slug, line_offset=1)
    meta = loaded.data if isinstance(loaded.data, dict) else {}
    text, ids = "", frozenset()
    if with_text:
        key = render_key(parts.body, project.markdown_extensions, project.markdown_configs)
        try:
            text, ids = cache.text(key, lambda: _rendered_text(project, parts.body))
        except MarkdownTooDeep as err:
            return None, problems + [Problem(rel, parts.body_line + err.line - 1, err.col, slug, str(err), err.hint, "too-deep")]
    report = model.report_from(slug, meta, model.Origin(rel, 1), text, parts.body, ids)
    return report, problems + _date_precision(loaded, slug)


def _rendered_text(project: Project, body: str) -> tuple[str, frozenset[str]]:
    """A report's text as a reader reads it, and its element ids (or MarkdownTooDeep)."""
    html = markdown_html(body, project.markdown_extensions, project.markdown_configs)
    html = str(clean_report_html(html))  # the build cleans the page the same way before highlighting
    return html_text(html), element_ids(html)


def _date_precision(loaded: Loaded, slug: str) -> list[Problem]:
    meta = loaded.data if isinstance(loaded.data, dict) else {}
    date, precision = meta.get("date"), meta.get("date_precision")
    expected = {"day": 10, "month": 7, "year": 4}.get(precision) if isinstance(precision, str) else None
    if not isinstance(date, str) or expected is None or len(date) == expected:
        return []
    line, col = loaded.at(("date",))
    return [Problem(loaded.path, line + 1, col, slug, f"date {date!r} does not match date_precision '{precision}'",
                    "write YYYY-MM-DD for day, YYYY-MM for month, YYYY for year", "bad-date")]


def _load_yaml_file(project: Project, path: Path, definition: str, required: bool = False, *, today: datetime.date,
                    cache: RenderCache, schema: bytes) -> tuple[Loaded | None, list[Problem]]:
    """A data file parsed and checked against the schema's definition for its role (topics, actors, annotations).

    A file that passes is cached as parsed (``macros.rendercache``): the next check of the same bytes, schema,
    day and code reads it back instead of parsing and checking it again; a file with problems never is.
    """
    rel = project.rel(path)
    if not path.exists():
        return None, ([Problem(rel, 1, 1, "-", "file is missing", f"create {rel}", "missing-file")] if required else [])
    raw = path.read_bytes()
    key = data_key(raw, rel, definition, schema, today.isoformat()) if cache.folder else ""
    stored = _from_payload(rel, cache.load(key), partial(_reparsed, raw, rel)) if key else None
    if stored is not None:
        return stored, []
    loaded, problems = load_yaml(raw, rel, max_bytes=YAML_MAX_BYTES)
    if loaded is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        return None, [Problem(rel, 1, 1, "-", "the file should be a mapping of fields (key: value)",
                              "see CONTRIBUTING.md for the layout of this file", "bad-type")]
    problems = validate(loaded, project.schema, definition) + implausible(loaded, today, partial(subject_at, loaded.data))
    if key and not problems:  # the locations of the top-level values and of each entry; the rest on demand
        cache.store(key, {"data": loaded.data, "values": [[list(p), *at] for p, at in loaded.values.items() if len(p) <= 2]})
    return loaded, problems


def _from_payload(rel: str, payload: Any, reparse: Callable[[], Loaded | None]) -> Loaded | None:
    """A parsed file back from the cache, or None if the entry is not one. It holds the locations of its
    top-level values and entries; those of the fields inside an entry come from ``reparse`` when a problem
    needs one (parsed again, the file's every location took most of a warm check's time at 1,000 reports)."""
    try:
        values = {tuple(p): (line, col) for p, line, col in payload["values"]}
        return Loaded(rel, payload["data"], values, reparsed=reparse) if isinstance(payload["data"], dict) else None
    except (KeyError, TypeError, ValueError):
        return None


def _reparsed(raw: bytes, rel: str) -> Loaded | None:
    """The file parsed again, for the locations the cache does not keep."""
    return load_yaml(raw, rel, max_bytes=YAML_MAX_BYTES)[0]


def _entries(loaded: Loaded | None, key: str) -> list[tuple[dict[str, Any], model.Origin]]:
    """The entries of a top-level list that carry a string id, each with its file and line."""
    if loaded is None or not isinstance(loaded.data.get(key), list):
        return []
    fields = _fields_by_entry(loaded, key)
    return [(entry, _origin(loaded, (key, i), fields.get(i, {})))
            for i, entry in enumerate(loaded.data[key])
            if isinstance(entry, dict) and isinstance(entry.get("id"), str)]


def _fields_by_entry(loaded: Loaded, key: str) -> dict[int, Mapping[tuple[Any, ...], tuple[int, int]]]:
    """Locations of every value under ``key``, grouped by entry in one pass (not one scan per entry); for a
    file read from the cache, worked out from the file parsed again, once, when a problem first asks."""
    if loaded.reparsed is not None:
        reparse = loaded.reparsed

        @cache  # the file is parsed again once, whichever entry asks first
        def whole() -> dict[int, dict[tuple[Any, ...], tuple[int, int]]]:
            return _grouped(reparse(), key)

        return {i: LazyPositions(partial(_entry_positions, whole, i)) for i in range(len(loaded.data[key]))}
    return _grouped(loaded, key)


def _entry_positions(whole: Callable[[], dict[int, dict[tuple[Any, ...], tuple[int, int]]]], i: int) \
        -> dict[tuple[Any, ...], tuple[int, int]]:
    return whole().get(i, {})


def _grouped(loaded: Loaded | None, key: str) -> dict[int, dict[tuple[Any, ...], tuple[int, int]]]:
    grouped: dict[int, dict[tuple[Any, ...], tuple[int, int]]] = {}
    for path, loc in (loaded.values.items() if loaded is not None else ()):
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
