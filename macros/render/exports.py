"""Machine-readable exports: W3C Web Annotation JSON-LD, the tracker as CSV and JSON, citations."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from macros.index import Index, label
from macros.render.urls import Urls
from macros.render.citation import annotation_bibtex, annotation_chicago
from macros.render.templates import render
from macros.render.tracker import COLUMNS
from macros.render.webannotation import annotations_jsonld, report_file, web_annotation_files

if TYPE_CHECKING:
    from macros.render.kit import Kit

FILES = {
    "annotations": "data/annotations.jsonld",
    "context": "data/context.jsonld",
    "tracker_csv": "data/tracker.csv",
    "tracker_json": "data/tracker.json",
    "citations": "data/citations.json",
}


def tracker_rows(index: Index, site_url: str, urls: Urls = Urls()) -> list[dict[str, str]]:
    """The tracker as records; the browser's download builds the same columns from the visible rows."""
    rows = []
    for ann in index.recommendations:
        report = index.report(ann)
        rows.append({"id": ann.id, "summary": ann.summary, "report": report.display_title, "date": report.date,
                     "addressees": "; ".join(index.corpus.actors[a].name for a in ann.actors),
                     "topics": "; ".join(index.corpus.topics[t].title for t in ann.topics),
                     "status": label(ann.status), "as_of": ann.as_of, "url": site_url + urls.passage(ann)})
    return rows


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (a cell starting = + - @ would be run by Excel or Calc)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def tracker_csv(index: Index, site_url: str, urls: Urls = Urls()) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in tracker_rows(index, site_url, urls):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def tracker_json(index: Index, site_url: str, urls: Urls = Urls()) -> str:
    return json.dumps(tracker_rows(index, site_url, urls), ensure_ascii=False, separators=(",", ":"))


def citations_json(index: Index, site_url: str, urls: Urls = Urls()) -> str:
    cites = {a.id: {"text": annotation_chicago(a, index.report(a), site_url, urls),
                    "bibtex": annotation_bibtex(a, index.report(a), site_url, urls)} for a in index.annotations.values()}
    return json.dumps(cites, ensure_ascii=False, separators=(",", ":"))


def all_exports(index: Index, site_url: str, urls: Urls = Urls()) -> dict[str, str]:
    """Every export file: site path -> content."""
    return {**web_annotation_files(index, site_url, urls),
            FILES["tracker_csv"]: tracker_csv(index, site_url, urls),
            FILES["tracker_json"]: tracker_json(index, site_url, urls),
            FILES["citations"]: citations_json(index, site_url, urls)}


def data_page_table(kit: Kit, base: str) -> Markup:
    """The exports listed for the Data page (``data-files.html`` says what each holds)."""
    index = kit.index
    per_report = [{"href": base + report_file(r.slug), "path": report_file(r.slug), "title": r.display_title}
                  for r in index.reports]
    return render(kit.templates, "data-files.html", files={k: {"href": base + p, "path": p} for k, p in FILES.items()},
                  reports=per_report,
                  annotations=len(index.annotations), recommendations=len(index.recommendations))
