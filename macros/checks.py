"""Checks across files: unique ids, references that resolve, quotes that anchor, dates in order.

Runs after every file passed through the loader, so it sees the whole corpus and reports every problem.
What an annotation may say given its report (force, dates against the report) is in ``fidelity``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import Counter, defaultdict
from typing import Iterable

from macros.anchoring import SearchText, quote_problem
from macros.fidelity import check_annotation, check_description
from macros.model import Annotation, Corpus, Origin
from macros.problems import Problem


# Element ids the report page gives its own parts (see macros/render): an annotation id equal to one
# would make two elements share an id, and its deep link would land on the wrong one.
REPORT_PAGE_IDS = {"citation", "annotations-in-this-report"}
REPORT_PAGE_PREFIXES = ("card-", "cite-")
# Topic and actor ids name pages: topics/index.md is the topics index, and "topics" is its heading's id.
RESERVED_ENTRY_IDS = {"topics": {"index", "topics"}, "actors": {"index", "actors"}}


def check_corpus(corpus: Corpus, anchor: bool = True) -> tuple[Corpus, list[Problem]]:
    """All cross-file problems, and the corpus with each anchored annotation's span filled in.

    With ``anchor`` False the quotes are not looked up (the caller needs only the entries); the build
    highlights from the spans found here, so a quote is anchored once.
    A check that needs a file that could not be read is skipped, and one line says so: its errors
    would only repeat that the file is missing.
    """
    problems = _duplicate_ids(corpus.annotations) + _reserved_entry_ids(corpus) + _reserved_report_ids(corpus)
    problems += [p for noun, pool in (("topic", corpus.topics), ("actor", corpus.actors))
                 for entry in pool.values() for p in check_description(entry, noun)]
    anchored: list[Annotation] = []
    texts = {slug: SearchText(report.text) for slug, report in corpus.reports.items()}
    known = {a.id for a in corpus.annotations}
    skipped: Counter[str] = Counter()
    for ann in corpus.annotations:
        found = _references(ann, corpus, known) + _reserved_id(ann, corpus)
        problems += [p for p in found if not _follows_from_unreadable(p, corpus, skipped)]
        problems += _dates(ann) + check_annotation(ann, corpus.reports.get(ann.report))
        span, found = _anchor(ann, texts, corpus) if anchor else ((-1, -1), [])
        problems += found
        anchored.append(dataclasses.replace(ann, span=span))
    problems += [Problem(path, 1, 1, "-", f"{n} reference{'s' if n > 1 else ''} to this file's entries could not be checked",
                         "fix the problem that keeps this file from being read; then check again", "not-checked")
                 for path, n in sorted(skipped.items())]
    return dataclasses.replace(corpus, annotations=anchored), problems


_NEEDS = {"unknown-topic": "topics", "unknown-actor": "actors", "unknown-target": "annotations", "unknown-report": "reports"}


def _follows_from_unreadable(problem: Problem, corpus: Corpus, skipped: Counter[str]) -> bool:
    """Whether ``problem`` only says that an entry of an unreadable file is missing (counted in ``skipped``)."""
    need = _NEEDS.get(problem.code)
    culprits = [path for path in sorted(corpus.unreadable) if _holds(path, need)] if need else []
    if culprits:
        skipped[culprits[0]] += 1
    return bool(culprits)


def _holds(path: str, need: str) -> bool:
    """Whether the unreadable file at ``path`` could hold entries of kind ``need``."""
    name = path.rsplit("/", 1)[-1]
    if need in ("topics", "actors"):
        return name == f"{need}.yml"
    if need == "reports":
        return path.endswith(".md")
    return name.endswith(".yml") and name not in ("topics.yml", "actors.yml")


def _reserved_entry_ids(corpus: Corpus) -> list[Problem]:
    problems = []
    for noun, pool in (("topics", corpus.topics), ("actors", corpus.actors)):
        for ident in sorted(RESERVED_ENTRY_IDS[noun] & set(pool)):
            problems.append(_problem(pool[ident].origin, ("id",), ident, f"'{ident}' cannot be a {noun[:-1]} id",
                                     f"{noun}/{ident} is a page the site makes itself: choose another id", "reserved-id"))
    return problems


def _reserved_report_ids(corpus: Corpus) -> list[Problem]:
    """A report's own markup (``{#citation}`` on a heading, ``<span id="card-x">``) may not take our parts' ids."""
    problems = []
    for report in corpus.reports.values():
        for ident in sorted(i for i in report.element_ids if i in REPORT_PAGE_IDS or i.startswith(REPORT_PAGE_PREFIXES)):
            problems.append(Problem(report.origin.path, 1, 1, report.slug, f"the page gives an element the id '{ident}', "
                                    "which the report page uses for its own parts",
                                    f"remove or rename that id ({{#{ident}}} or id=\"{ident}\") in the page", "reserved-id"))
    return problems


def _reserved_id(ann: Annotation, corpus: Corpus) -> list[Problem]:
    """An annotation id must not repeat an element id of its report's page (headings, footnotes, our own parts)."""
    report = corpus.reports.get(ann.report)
    if ann.id in REPORT_PAGE_IDS or ann.id.startswith(REPORT_PAGE_PREFIXES):
        why = "the report page uses it for its own parts"
    elif report is not None and ann.id in report.element_ids:
        why = f"a heading or footnote of {report.origin.path} has that id"
    else:
        return []
    return [_problem(ann.origin, ("id",), ann.id, f"annotation id '{ann.id}' is taken: {why}",
                     f"choose another id, e.g. '{ann.report.split('-')[0]}-{ann.id.removeprefix('card-')}-passage'", "reserved-id")]


def _problem(origin: Origin, where: tuple, subject: str, message: str, hint: str, code: str) -> Problem:
    line, col = origin.at(*where)
    return Problem(origin.path, line, col, subject, message, hint, code)


def _duplicate_ids(annotations: Iterable[Annotation]) -> list[Problem]:
    seen: dict[str, Annotation] = {}
    problems = []
    for ann in annotations:
        first = seen.setdefault(ann.id, ann)
        if first is not ann:
            problems.append(_problem(ann.origin, ("id",), ann.id,
                                     f"duplicate annotation id '{ann.id}' (also at {first.origin.path}:{first.origin.at('id')[0]})",
                                     "ids must be unique across the site: rename this one", "duplicate-id"))
    return problems


def _nearest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else ""


def _references(ann: Annotation, corpus: Corpus, known: set[str]) -> list[Problem]:
    problems = []
    if ann.report not in corpus.reports:
        problems.append(_problem(ann.origin, (), ann.id, f"report '{ann.report}' does not exist",
                                 _nearest(ann.report, corpus.reports) or "add the report page first", "unknown-report"))
    for field, ids, pool, file in (("topics", ann.topics, corpus.topics, "annotations/topics.yml"),
                                   ("actors", ann.actors, corpus.actors, "annotations/actors.yml")):
        for i, ref in enumerate(ids):
            if ref not in pool:
                hint = _nearest(ref, pool) or f"add it to {file} first"
                problems.append(_problem(ann.origin, (field, i), ann.id, f"unknown {field[:-1]} '{ref}'", hint, f"unknown-{field[:-1]}"))
    for i, rel in enumerate(ann.relations):
        if rel.target == ann.id:
            problems.append(_problem(ann.origin, ("relations", i, "target"), ann.id, "an annotation cannot relate to itself",
                                     "point target at another annotation", "self-relation"))
        elif rel.target and rel.target not in known:
            problems.append(_problem(ann.origin, ("relations", i, "target"), ann.id, f"relation target '{rel.target}' does not exist",
                                     _nearest(rel.target, known) or "use the id of an annotation in any report", "unknown-target"))
    return problems


def _dates(ann: Annotation) -> list[Problem]:
    """Evidence and earlier statuses cannot postdate the status they support."""
    problems = []
    if not ann.as_of:
        return problems
    for i, ev in enumerate(ann.evidence):
        if ev.date and ev.date > ann.as_of:
            problems.append(_problem(ann.origin, ("evidence", i, "date"), ann.id,
                                     f"evidence dated {ev.date} is later than as_of {ann.as_of}",
                                     "move as_of to the date you checked the status", "date-order"))
    for i, old in enumerate(ann.history):
        if old.as_of and old.as_of > ann.as_of:
            problems.append(_problem(ann.origin, ("history", i, "as_of"), ann.id,
                                     f"earlier status dated {old.as_of} is later than the current as_of {ann.as_of}",
                                     "history lists earlier statuses, oldest first", "date-order"))
    return problems


def _anchor(ann: Annotation, texts: dict[str, SearchText], corpus: Corpus) -> tuple[tuple[int, int], list[Problem]]:
    text = texts.get(ann.report)
    if text is None or not ann.quote.exact:
        return (-1, -1), []
    match = text.anchor(ann.quote.exact, ann.quote.prefix, ann.quote.suffix)
    if match.found:
        return (match.start, match.end), []
    return (-1, -1), [quote_problem(ann, corpus.reports[ann.report].origin.path, match)]


def by_report(corpus: Corpus) -> dict[str, list[Annotation]]:
    """Annotations of each report in the order of their file (contributors keep it in reading order)."""
    grouped: dict[str, list[Annotation]] = defaultdict(list)
    for ann in corpus.annotations:
        grouped[ann.report].append(ann)
    return dict(grouped)
