"""Every citation of the real corpus, read back with real parsers: BibTeX with pybtex (and formatted with its
unsrt style), RIS with rispy, CSL-JSON with citeproc-py (its types and variables checked against the CSL
schema citeproc-py ships), the tracker CSV as Excel reads it. Field by field, nothing may be lost: author (or
the publisher as corporate author), title, publisher, type, number, year and month, url, the passage's
address; unverified facts keep their mark in text and notes and stay out of machine-readable fields."""

from __future__ import annotations

import calendar
import codecs
import csv
import io
import json
import re
from pathlib import Path

import citeproc
import latexcodec  # noqa: F401  (registers the "ulatex" codec that decodes BibTeX field values)
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from macros.glue.config import load_project
from macros.index import Vocabulary, build_index
from macros.model import Annotation, Report
from macros.render import citation, exports
from macros.render.kit import Kit
from macros.validation import load_checked
from tests.sitebuild import ROOT

SITE = "https://reports.example.org/"
# What each publication_type is in each format: the project's rule, written out independently of the code.
BIBTEX_TYPE = {"report": "techreport", "working-paper": "techreport", "bulletin": "techreport"}
KIND_LABEL = {"report": "Report", "working-paper": "Working Paper", "bulletin": "Bulletin"}
FORMULA = re.compile(r"^[ \u00a0]*[=+\-@\t\r\n]")


@pytest.fixture(scope="module")
def index():
    project = load_project(ROOT)
    corpus, problems = load_checked(project)
    assert problems == []
    return build_index(corpus, Vocabulary.from_schema(project.schema))


def entries(index) -> list[tuple[str, Report, Annotation | None]]:
    """Every citation the site gives: each report, then each annotation (key, report, annotation or None)."""
    return [(r.slug, r, None) for r in index.reports] + [(a.id, index.report(a), a) for a in index.annotations.values()]


def address(ann: Annotation | None, report: Report) -> str:
    return f"{SITE}reports/{report.slug}/#{ann.id}" if ann else report.url


def test_the_corpus_has_every_kind_of_citation(index) -> None:
    """The invariants below are exercised: reports with and without named authors, and with unverified facts."""
    reports = index.reports
    assert any(r.authors for r in reports) and any(not r.authors for r in reports) and any(r.uncertain for r in reports)
    assert {r.publication_type for r in reports} <= set(BIBTEX_TYPE)


# ----------------------------------------------------------------------------- BibTeX


def _latex(value: str) -> str:
    return codecs.decode(value, "ulatex").replace("{", "").replace("}", "")


@pytest.fixture(scope="module")
def bib(index):
    cites = json.loads(exports.citations_json(index, SITE))
    text = "\n\n".join([citation.bibtex(r) for r in index.reports] + [cites[a]["bibtex"] for a in index.annotations])
    return parse_string(text, "bibtex")


def test_bibtex_round_trips_field_by_field(index, bib) -> None:
    for key, report, ann in entries(index):
        entry = bib.entries[key]
        fields = entry.fields
        assert entry.type == BIBTEX_TYPE[report.publication_type], key
        people = entry.persons["author"]
        if report.authors:
            assert [" ".join(p.first_names + p.middle_names + p.last_names) for p in people] == [a.name for a in report.authors]
        else:  # the publisher as one corporate name, not split into first and last names
            assert len(people) == 1 and not people[0].first_names and not people[0].middle_names, key
            assert _latex(" ".join(people[0].last_names)) == report.publisher
        assert _latex(fields["title"]) == report.display_title
        assert _latex(fields["institution"]) == report.publisher
        assert _latex(fields["type"]) == (report.series if report.publication_type == "bulletin" else KIND_LABEL[report.publication_type])
        if report.series and report.publication_type != "bulletin":
            assert _latex(fields["series"]) == report.series
        assert _latex(fields.get("number", "")) == report.number
        assert fields["year"] == report.year
        if report.date_precision in ("day", "month"):
            assert fields["month"] == calendar.month_name[int(report.date[5:7])]
        else:
            assert "month" not in fields
        assert fields["url"] == address(ann, report)
        note = _latex(fields.get("note", ""))
        if ann:
            assert note.endswith(f"annotated passage: {address(ann, report)}") and report.url in note
            assert "howpublished" not in fields
        for u in report.uncertain:
            assert f"{u.field.capitalize()} unverified: {u.note}" in note, key
        assert ".;" not in note and ".." not in note and "; ;" not in note


@pytest.mark.slow  # formatting 180 entries takes seconds; the field-by-field test above stays in the quick loop
def test_bibtex_formats_with_unsrt_keeping_author_publisher_number_and_address(index, bib) -> None:
    """pybtex's unsrt style checks the required fields (author, title, institution, year) and prints the rest."""
    style = find_plugin("pybtex.style.formatting", "unsrt")()
    formatted = {e.key: e.text.render_as("text") for e in style.format_bibliography(bib)}
    for key, report, ann in entries(index):
        text = formatted[key]
        assert report.publisher in text and report.display_title in text and report.year in text, key
        assert (report.number in text) if report.number else True
        assert address(ann, report) in text
        for name in report.authors:
            assert name.name in text


# ----------------------------------------------------------------------------- RIS


@pytest.fixture(scope="module")
def ris(index):
    records = rispy.loads(exports.citations_ris(index, SITE))
    assert len(records) == len({r["id"] for r in records})
    return {r["id"]: r for r in records}


def test_ris_round_trips_field_by_field(index, ris) -> None:
    assert set(ris) == {key for key, _, _ in entries(index)}
    for key, report, ann in entries(index):
        rec = ris[key]
        known = lambda field: not report.is_uncertain(field)  # noqa: E731
        assert rec["type_of_reference"] == "RPRT"
        names = [citation._inverted(a.name) for a in report.authors] or [report.publisher]
        assert rec["authors"] == names
        assert rec["title"] == report.display_title
        assert rec["publisher"] == report.publisher
        assert rec["type_of_work"] == KIND_LABEL[report.publication_type]
        assert rec.get("tertiary_title", "") == report.series
        # An unverified fact is not in its field (a mark cannot travel there) but in a note, marked.
        assert rec.get("issn", "") == (report.number if known("number") else "")
        assert (rec.get("year"), rec.get("date")) == ((report.year, "/".join((report.date.split("-") + ["", ""])[:3]) + "/")
                                                      if known("date") else (None, None))
        assert rec["urls"] == [address(ann, report)]
        notes = rec.get("notes", [])
        for u in report.uncertain:
            assert f"{u.field.capitalize()} unverified: {u.note}" in notes
        if ann:
            assert notes[-1] == f"Report: {report.url} ; annotated passage: {address(ann, report)}"


def test_ris_lines_end_crlf(index) -> None:
    text = exports.citations_ris(index, SITE)
    assert "\n" not in text.replace("\r\n", "") and text.startswith("TY  - ")


# ----------------------------------------------------------------------------- CSL-JSON


def _rnc_names(name: str) -> set[str]:
    """The quoted names of a CSL schema file that citeproc-py ships (types, variables)."""
    schema = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles" / name
    return set(re.findall(r'"([A-Za-z][A-Za-z-]*)"', schema.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def csl_items(index):
    return json.loads(exports.citations_csl(index, SITE))


def test_csl_uses_only_csl_types_and_variables(csl_items) -> None:
    types, variables = _rnc_names("csl-types.rnc"), _rnc_names("csl-variables.rnc")
    assert "report" in types and "collection-title" in variables  # the schema files were read
    for item in csl_items:
        assert item["type"] in types
        assert set(item) - {"id", "type"} <= variables, item["id"]


def test_csl_round_trips_through_citeproc(index, csl_items) -> None:
    source = CiteProcJSON(csl_items)
    for key, report, ann in entries(index):
        ref = source[key]
        known = lambda field: not report.is_uncertain(field)  # noqa: E731
        assert ref["type"] == "report"
        names = [{"family": a.name.rpartition(" ")[2], "given": a.name.rpartition(" ")[0]} for a in report.authors]
        assert [dict(n) for n in ref["author"]] == (names or [{"literal": report.publisher}])
        assert str(ref["title"]) == report.display_title
        assert str(ref["publisher"]) == report.publisher
        assert str(ref["genre"]) == KIND_LABEL[report.publication_type]
        assert str(ref.get("collection_title", "")) == report.series
        assert str(ref.get("number", "")) == (report.number if known("number") else "")
        if known("date"):
            issued = ref["issued"]
            assert (issued.year, issued.get("month"), issued.get("day")) == tuple(
                (int(p) if p else None) for p in (report.date.split("-") + ["", ""])[:3])
        else:
            assert "issued" not in ref
        assert str(ref["URL"]) == address(ann, report)
        note = str(ref.get("note", ""))
        for u in report.uncertain:
            assert f"{u.field.capitalize()} unverified: {u.note}" in note
        if ann:
            assert note.endswith(f"annotated passage: {address(ann, report)}")


@pytest.mark.slow
def test_csl_formats_with_a_bundled_style(index, csl_items) -> None:
    """citeproc-py renders every item with the style it ships: author (or publisher), title and address survive."""
    source = CiteProcJSON(csl_items)
    styles = sorted((Path(citeproc.__file__).parent / "data" / "styles").glob("*.csl"))
    bibliography = CitationStylesBibliography(CitationStylesStyle(str(styles[0]), validate=False), source, formatter.plain)
    keys = [key for key, _, _ in entries(index)]
    for key in keys:
        bibliography.register(Citation([CitationItem(key)]))
    rendered = {k: str(t) for k, t in zip(bibliography.keys, bibliography.bibliography())}
    for key, report, ann in entries(index):
        text = rendered[key]
        assert report.display_title in text and address(ann, report) in text, key
        assert (report.authors[0].name.rpartition(" ")[2] if report.authors else report.publisher) in text


# ----------------------------------------------------------------------------- text citations


def _marks(text: str) -> list[str]:
    return re.findall(r"\[[^\]]*unverified\]", text)


def test_text_citations_name_the_publisher_once_and_mark_each_unverified_fact_once(index) -> None:
    cites = json.loads(exports.citations_json(index, SITE))
    for key, report, ann in entries(index):
        for text in ([citation.chicago(report), citation.short(report)] + ([cites[key]["text"]] if ann else [])):
            elsewhere = sum(part.count(report.publisher) for part in (report.display_title, report.series, report.url,
                                                                      ann.quote.exact if ann else ""))
            assert text.count(report.publisher) - elsewhere == 1, (key, text)
            marks = _marks(text)
            assert len(marks) == len(set(marks)) and "[unverified]" not in text, (key, text)
        chicago = citation.chicago(report)
        assert set(_marks(chicago)) == {f"[{u.field} unverified]" for u in report.uncertain
                                        if u.field != "number" or report.series}
        if report.is_uncertain("date"):
            assert "[date unverified]" in citation.short(report)
        assert ".;" not in chicago and ".." not in chicago


# ----------------------------------------------------------------------------- cards and the data page


def test_each_full_card_offers_every_citation_and_compact_cards_none(index) -> None:
    """The report page's card offers the citations from its report's own citation files, which hold exactly
    what citations.json holds for its passages; every other full card links to that card."""
    kit = Kit(index, site_url=SITE)
    cites = json.loads(exports.citations_json(index, SITE))
    for ann in index.annotations.values():
        elsewhere = BeautifulSoup(kit.card(ann, "../../", with_quote=True, heading="h3"), "html.parser")
        assert elsewhere.select_one("details.card-cite") is None
        assert elsewhere.select_one("a.cite-link")["href"] == f"../../reports/{ann.report}/#cite-{ann.id}"
        doc = BeautifulSoup(kit.card(ann, "../../", with_quote=False, heading="h3"), "html.parser")
        box = doc.select_one("details.card-cite")
        assert box is not None and box.summary.get_text() == "Cite" and box["id"] == f"cite-{ann.id}"
        own = f"data/citations/{ann.report}.json"
        assert box["data-cite-src"] == "../../" + own
        assert [a["href"] for a in box.select("a")] == ["../../" + own, f"../../data/citations/{ann.report}.ris"]
        assert not box.select("pre")  # the text comes from the file, not from every page that shows the card
        assert json.loads(exports.report_exports(index, SITE)[own])[ann.id] == cites[ann.id]
        compact = BeautifulSoup(kit.card(ann, "../../", with_quote=True, heading="h3", compact=True), "html.parser")
        assert compact.select_one(".card-cite") is None


def test_a_reports_citation_file_holds_its_passages_and_no_other(index) -> None:
    files = exports.report_exports(index, SITE)
    for report in index.reports:
        own = json.loads(files[f"data/citations/{report.slug}.json"])
        assert list(own) == [a.id for a in index.by_report.get(report.slug, [])]


def test_cards_shown_on_several_pages_are_rendered_once_and_report_page_cards_are_not_kept(index) -> None:
    """A card with its quote (topic, actor, briefing pages) is rendered once and reused; a report page's card
    is shown once, so it is rendered as often as asked, the same each time, and never kept in memory."""
    kit = Kit(index, site_url=SITE)
    ann = next(iter(index.annotations.values()))
    assert kit.card(ann, "../../", with_quote=True, heading="h3") is kit.card(ann, "../../", with_quote=True, heading="h3")
    first = kit.card(ann, "../../", with_quote=False, heading="h3")
    assert first == kit.card(ann, "../../", with_quote=False, heading="h3") and "cite-" in first
    assert [key for key in kit.cards._memo if not key[2]] == []


def test_data_page_lists_the_ris_and_csl_files(index) -> None:
    doc = BeautifulSoup(exports.data_page_table(Kit(index), "../"), "html.parser")
    hrefs = {a["href"] for a in doc.select("a")}
    assert {"../data/citations.ris", "../data/citations.csl.json"} <= hrefs


# ----------------------------------------------------------------------------- the tracker as Excel reads it


def test_tracker_csv_reads_in_excel_dialect_with_nothing_lost(index) -> None:
    data = exports.tracker_csv(index, SITE).encode("utf-8")
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), dialect="excel"))
    expected = exports.tracker_rows(index, SITE)
    assert len(rows) == len(expected) == len(index.recommendations)
    for got, row in zip(rows, expected):
        for column, value in row.items():
            cell = got[column]
            assert cell == ("'" + value if FORMULA.match(value) else value), (row["id"], column)
            assert not FORMULA.match(cell)


def test_the_card_memo_is_dropped_when_asked(index) -> None:
    """The glue drops the memo once the pages that repeat cards are made; a card asked for later is the same."""
    kit = Kit(index, site_url=SITE)
    ann = next(iter(index.annotations.values()))
    first = kit.card(ann, "../../", with_quote=True, heading="h3")
    kit.cards.forget()
    again = kit.card(ann, "../../", with_quote=True, heading="h3")
    assert again == first and again is not first
