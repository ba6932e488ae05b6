"""Machine-readable exports: W3C Web Annotation JSON-LD, the tracker as CSV and JSON, citations."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from macros.index import Index, label
from macros.model import Annotation, Report
from macros.render.urls import Urls
from macros.render.citation import annotation_citations, annotation_csl, csl, marked, ris
from macros.render.files import FILES, Content, Part, report_citations_file, report_citations_json_file, report_tracker_file, whole
from macros.render.templates import render
from macros.render.tracker import COLUMNS, latest_evidence
from macros.render.webannotation import (CONTEXT_FILE, annotations_jsonld, collection_ends, context_jsonld, dump,
                                         report_collection, report_file, web_annotations)

if TYPE_CHECKING:
    from macros.render.kit import Kit

def tracker_rows(index: Index, site_url: str, urls: Urls = Urls(), recs: list[Annotation] | None = None) -> list[dict[str, str]]:
    """The tracker as records; the browser's download builds the same columns from the visible rows.

    A report's unverified title or date keeps its mark in the cell ("2021-03-18 [date unverified]"), as in
    every citation: a spreadsheet row must not look surer than the report page.
    """
    rows = []
    for ann in index.recommendations if recs is None else recs:
        report = index.report(ann)
        latest = latest_evidence(ann)
        rows.append({"id": ann.id, "summary": ann.summary, "report": report.display_title,
                     "date": marked(report.date, report, "date"),
                     "addressees": "; ".join(index.corpus.actors[a].name for a in ann.actors),
                     "topics": "; ".join(index.corpus.topics[t].title for t in ann.topics),
                     "status": label(ann.status), "as_of": ann.as_of, "url": site_url + urls.passage(ann),
                     "force": ann.force.level if ann.force else "", "force_wording": ann.force.wording if ann.force else "",
                     "checked": ann.checked, "latest_evidence_date": latest.date if latest else "",
                     "latest_evidence_outlet": latest.outlet if latest else ""})
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"
"""Excel reads a CSV as UTF-8 only when it starts with a byte-order mark (else as the Windows code page)."""


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting = + - @, a tab, CR or LF, or white space and then one
    of those, would be run by Excel or Calc (they skip leading spaces); it gets a leading ``'``."""
    return "'" + value if value.lstrip(" \u00a0")[:1] in _FORMULA_START else value


def tracker_csv(index: Index, site_url: str, urls: Urls = Urls(), recs: list[Annotation] | None = None) -> str:
    """The tracker (or the recommendations ``recs``) as CSV, starting with a byte-order mark (see ``BOM``);
    formula-like cells neutralised."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in tracker_rows(index, site_url, urls, recs):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def tracker_json(index: Index, site_url: str, urls: Urls = Urls()) -> str:
    return json.dumps(tracker_rows(index, site_url, urls), ensure_ascii=False, separators=(",", ":"))


def citations_json(index: Index, site_url: str, urls: Urls = Urls(), slug: str | None = None) -> str:
    """Each annotation id -> its citation as ``text`` (Chicago), ``bibtex``, ``ris`` and ``csl`` (CSL-JSON, as
    text); of report ``slug``'s annotations only, when given (what a report page's cards cite from)."""
    anns = index.annotations.values() if slug is None else index.by_report.get(slug, [])
    cites = {a.id: annotation_citations(a, index.report(a), site_url, urls) for a in anns}
    return json.dumps(cites, ensure_ascii=False, separators=(",", ":"))


def citations_ris(index: Index, site_url: str, urls: Urls = Urls(), slug: str | None = None) -> str:
    """Every report, then every annotation, as RIS records (or report ``slug`` and its annotations)."""
    reports = index.reports if slug is None else [index.corpus.reports[slug]]
    anns = index.annotations.values() if slug is None else index.by_report.get(slug, [])
    # The passage's record comes from its citations, computed once per build for its card and citations.json.
    records = [ris(r) for r in reports] + [annotation_citations(a, index.report(a), site_url, urls)["ris"] for a in anns]
    return "\r\n".join(records)


def report_exports(index: Index, site_url: str, urls: Urls = Urls()) -> dict[str, str]:
    """Each report's own citations (RIS, and JSON as citations.json) and, when it makes recommendations, its
    tracker rows (CSV)."""
    try:
        return {path: text for report in index.reports for path, text in _report_files(index, site_url, urls, report).items()}
    finally:
        annotation_citations.cache_clear()


def _report_files(index: Index, site_url: str, urls: Urls, report: Report) -> dict[str, str]:
    files = {report_citations_file(report.slug): citations_ris(index, site_url, urls, report.slug),
             report_citations_json_file(report.slug): citations_json(index, site_url, urls, report.slug)}
    recs = [a for a in index.by_report.get(report.slug, []) if a.is_recommendation]
    if recs:
        files[report_tracker_file(report.slug)] = tracker_csv(index, site_url, urls, recs)
    return files


def citations_csl(index: Index, site_url: str, urls: Urls = Urls()) -> str:
    """Every report, then every annotation, as a CSL-JSON list: compact, as the other JSON exports (no reader
    needs the indentation, which made the file a quarter larger and kept ``json`` off its C encoder)."""
    items = [csl(r) for r in index.reports]
    items += [annotation_csl(a, index.report(a), site_url, urls) for a in index.annotations.values()]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


@dataclass
class _Joined:
    """A file that is a list (of JSON values, of RIS records), written in parts: separators go between items,
    whichever parts they come in."""

    sep: str
    empty: bool = True

    def more(self, items: list[str]) -> str:
        if not items:
            return ""
        text = ("" if self.empty else self.sep) + self.sep.join(items)
        self.empty = False
        return text


def export_batches(index: Index, site_url: str, urls: Urls = Urls(), per_batch: int = 50) -> Iterator[dict[str, Content]]:
    """Every export file (site path -> content), a few at a time: a caller that writes each batch before asking
    for the next never holds them all (300 MB of text at 1,000 reports).

    After the context and the tracker, each batch holds ``per_batch`` reports' own files and, as ``Part``s
    made from the same annotations, their share of the whole-corpus files (the collection, citations.json,
    citations.ris, citations.csl.json): the first batch opens those, the last closes them."""
    try:
        yield {CONTEXT_FILE: context_jsonld(index, site_url), FILES["tracker_csv"]: tracker_csv(index, site_url, urls),
               FILES["tracker_json"]: tracker_json(index, site_url, urls)}
        head, tail = collection_ends(len(index.annotations), site_url)
        lists = {"annotations": _Joined(","), "citations": _Joined(","), "citations_ris": _Joined("\r\n"),
                 "citations_csl": _Joined(",")}
        yield {FILES["annotations"]: Part(head), FILES["citations"]: Part("{"),
               FILES["citations_ris"]: Part(lists["citations_ris"].more([ris(r) for r in index.reports])),
               FILES["citations_csl"]: Part("[" + lists["citations_csl"].more([dump(csl(r)) for r in index.reports]))}
        reports = index.reports
        for start in range(0, len(reports), per_batch):
            yield _batch(index, site_url, urls, reports[start:start + per_batch], lists)
            annotation_citations.cache_clear()  # memoised for this batch's files only
        yield {FILES["annotations"]: Part(tail, last=True), FILES["citations"]: Part("}", last=True),
               FILES["citations_ris"]: Part("", last=True), FILES["citations_csl"]: Part("]", last=True)}
    finally:
        annotation_citations.cache_clear()


def _batch(index: Index, site_url: str, urls: Urls, reports: list[Report], lists: dict[str, _Joined]) -> dict[str, Content]:
    """Some reports' own files, and their annotations' parts of the whole-corpus files."""
    anns = [a for r in reports for a in index.by_report.get(r.slug, [])]
    items = web_annotations(anns, index, site_url, urls)
    files: dict[str, Content] = {}
    for report in reports:
        files[report_file(report.slug)] = report_collection(report, [items[a.id] for a in index.by_report.get(report.slug, [])], site_url)
        files |= _report_files(index, site_url, urls, report)
    cites = {a.id: annotation_citations(a, index.report(a), site_url, urls) for a in anns}
    files[FILES["annotations"]] = Part(lists["annotations"].more([dump(items[a.id]) for a in anns]))
    files[FILES["citations"]] = Part(lists["citations"].more([dump(a.id) + ":" + dump(cites[a.id]) for a in anns]))
    files[FILES["citations_ris"]] = Part(lists["citations_ris"].more([cites[a.id]["ris"] for a in anns]))
    files[FILES["citations_csl"]] = Part(lists["citations_csl"].more([cites[a.id]["csl"] for a in anns]))
    return files


def all_exports(index: Index, site_url: str, urls: Urls = Urls()) -> dict[str, str]:
    """Every export file, whole: site path -> content."""
    return whole(export_batches(index, site_url, urls))


FORMATS = {"annotations": "JSON-LD", "context": "JSON-LD", "tracker_csv": "CSV", "tracker_json": "JSON",
           "citations": "JSON", "citations_ris": "RIS", "citations_csl": "CSL-JSON"}
"""Each export's format as the Data page names it (a report's own collection is JSON-LD too)."""


def file_size(size: int) -> str:
    """Bytes as a reader reads them, in SI units: 812 bytes, 9.4 kB, 1.2 MB."""
    if size < 1000:
        return f"{size} byte{'s' * (size != 1)}"
    for unit in ("kB", "MB", "GB"):
        size /= 1000
        if size < 999.95 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 100 else f"{size:.0f} {unit}"
    raise AssertionError("unreachable")


def data_page_table(kit: Kit, base: str, sizes: Mapping[str, int] | None = None) -> Markup:
    """The exports listed for the Data page (``data-files.html`` says what each holds), each with its format and
    its size in bytes as written: ``sizes`` maps site paths to the byte counts the build wrote (the glue
    passes them), else they are computed here from the same exports."""
    index = kit.index
    if sizes is None:
        sizes = {path: len(text.encode("utf-8")) for path, text in all_exports(index, kit.site_url, kit.urls).items()}

    def entry(path: str, fmt: str, **more: Any) -> dict[str, Any]:
        return {"href": base + path, "path": path, "parts": path.split("/"), "format": fmt,
                "bytes": sizes[path], "size": file_size(sizes[path]), **more}

    per_report = [entry(report_file(r.slug), "JSON-LD", title=r.display_title, ris=entry(report_citations_file(r.slug), "RIS"),
                        citations=entry(report_citations_json_file(r.slug), "JSON"),
                        tracker=entry(report_tracker_file(r.slug), "CSV") if any(
                            a.is_recommendation for a in index.by_report.get(r.slug, [])) else None)
                  for r in index.reports]
    return render(kit.templates, "data-files.html", files={k: entry(p, FORMATS[k]) for k, p in FILES.items()},
                  reports=per_report, report_count=len(index.corpus.reports),
                  annotations=len(index.annotations), recommendations=len(index.recommendations))
