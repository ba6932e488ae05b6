"""Citations of reports and annotations: the block atop each report page, Chicago text, BibTeX, RIS, CSL-JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from macros.model import Annotation, Report
from macros.render.urls import Urls
from macros.render.templates import package_environment, render

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def human_date(date: str) -> str:
    """A date as every page shows it, in one format: '2021-03-18' -> '18 March 2021'; '2020-06' -> 'June 2020';
    '2020' -> '2020'. Day-month-year reads the same everywhere and is one of Chicago's two styles
    (CMOS 6.38), so citations use it too; machine-readable exports keep ISO 8601."""
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def _inverted(name: str) -> str:
    first, _, last = name.rpartition(" ")
    return f"{last}, {first}" if first else name


def author_list(report: Report, *, invert_first: bool) -> str:
    """Authors joined the Chicago way ("Sieloff, Sarah, and Sean Connell"); '' when none is named."""
    names = [a.name for a in report.authors]
    if not names:
        return ""
    if invert_first:
        names[0] = _inverted(names[0])
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}{',' if invert_first else ''} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


@dataclass(frozen=True)
class EntryType:
    """How one kind of publication (front matter ``publication_type``) is typed in each citation format.

    ``label`` names the kind in RIS ``M3`` and CSL ``genre``, and in BibTeX ``type`` unless ``series_is_type``:
    then the series (a bulletin's name, "Asia Pacific Bulletin") is BibTeX's ``type``, which standard styles
    print before the number ("Asia Pacific Bulletin 554"); BibTeX has no ``series`` for a report that they print.
    """

    bibtex: str
    ris: str
    csl: str
    label: str
    series_is_type: bool = False


ENTRY_TYPES = {
    "report": EntryType("techreport", "RPRT", "report", "Report"),
    "working-paper": EntryType("techreport", "RPRT", "report", "Working Paper"),
    "bulletin": EntryType("techreport", "RPRT", "report", "Bulletin", series_is_type=True),
}
"""``publication_type`` -> entry types; the values and their meaning are defined in annotations/schema.json.
A numbered bulletin is typed as reference managers and library catalogues type a think tank's bulletin: a
report in a numbered series (``@article`` would lose the number and the publisher in BibTeX's standard styles)."""


def entry_type(report: Report) -> EntryType:
    return ENTRY_TYPES.get(report.publication_type, ENTRY_TYPES["report"])


def _flag(report: Report, field: str) -> str:
    """The mark an unverified fact carries in text: one label per fact, naming it ("[date unverified]")."""
    return report.mark(field)


def marked(value: str, report: Report, field: str) -> str:
    """A report's fact as any table or export shows it: with its mark when unverified ("2021-03-18 [date unverified]")."""
    return value + _flag(report, field) if value else value


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in (".", "!", "?") else f"{text}."


def corporate_author(report: Report) -> str:
    """The publisher, who stands as the author when the report names no person; '' when it names one."""
    return "" if report.authors else report.publisher


@lru_cache(maxsize=None)  # called for every card and export row; reports are immutable
def chicago(report: Report) -> str:
    """The report in Chicago bibliography style, as plain text a reader can copy.

    With no author named the publisher leads, as the corporate author, and is not repeated before the date.
    """
    authors = author_list(report, invert_first=True) or report.publisher
    authors += _flag(report, "authors") if report.authors else _flag(report, "publisher")
    series = report.series + _flag(report, "series") if report.series else ""
    if report.series and report.number:
        series += f", no. {report.number}{_flag(report, 'number')}"
    date = f"{human_date(report.date)}{_flag(report, 'date')}"
    published = f"{report.publisher}{_flag(report, 'publisher')}, {date}" if report.authors else date
    parts = [_sentence(authors), f"“{report.cited_title}.”{_flag(report, 'title')}",
             f"{series}." if series else "", f"{published}.", report.url + _flag(report, "url")]
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=None)  # called for every card and export row; reports are immutable
def short(report: Report) -> str:
    """Authors, title and date: the short form shown under each quote (the publisher once)."""
    names = [a.name for a in report.authors]
    who = (" and ".join(names) if len(names) <= 2 else f"{names[0]} et al.") + (_flag(report, "authors") if names else "")
    date = f"{human_date(report.date)}{_flag(report, 'date')}"
    title, publisher = f"“{report.cited_title},”{_flag(report, 'title')}", report.publisher + _flag(report, "publisher")
    if not names:
        return f"{publisher}, {title} {date}"
    return f"{who}, {title} {publisher}, {date}"


def _bib(value: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", value).replace("~", r"\textasciitilde{}")


def _notes(report: Report) -> list[str]:
    """What the notes of every format say: a supplied title, then each unverified fact with its mark."""
    notes = ["Title supplied by the editors."] if report.title_supplied else []
    return notes + [f"{u.field.replace('_', ' ').capitalize()} unverified: {_sentence(u.note)}" for u in report.uncertain]


def _bibtex_fields(report: Report) -> list[tuple[str, str]]:
    kind = entry_type(report)
    people = " and ".join(_bib(_inverted(a.name)) for a in report.authors)
    fields = [("author", people or "{" + _bib(report.publisher) + "}"),
              ("title", "{" + _bib(report.cited_title) + "}")]
    as_type = kind.series_is_type and bool(report.series)
    fields += [("institution", _bib(report.publisher)), ("type", _bib(report.series) if as_type else kind.label),
               ("series", "" if as_type else _bib(report.series)), ("number", _bib(report.number))]
    fields.append(("year", report.year))
    if report.date_precision in ("day", "month") and len(report.date) >= 7:
        fields.append(("month", _BIBTEX_MONTHS[int(report.date[5:7]) - 1]))
    return fields


def _bibtex_entry(key: str, report: Report, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {k} = {v if k == 'month' else '{' + v + '}'}" for k, v in fields if v)
    return f"@{entry_type(report).bibtex}{{{key},\n{body}\n}}"


@lru_cache(maxsize=None)  # called for every card and export row; reports are immutable
def bibtex(report: Report) -> str:
    """A BibTeX entry for the report (its type from ``publication_type``; see ``ENTRY_TYPES``).

    With no person named, the publisher is the author, in braces so that it is one corporate name.
    Unverified facts keep their field and are marked in ``note``.
    """
    fields = _bibtex_fields(report) + [("url", report.url), ("note", _bib(" ".join(_notes(report))))]
    return _bibtex_entry(report.slug, report, fields)


def passage_address(ann: Annotation, site_url: str, urls: Urls = Urls()) -> str:
    return f"{site_url}{urls.passage(ann)}"


def _passage_notes(ann: Annotation, report: Report, address: str) -> list[str]:
    """The report's notes, then where the passage is (last, so that no full stop follows an address)."""
    return _notes(report) + [f"Report: {report.url} ; annotated passage: {address}"]


def annotation_chicago(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> str:
    """Cite one annotated passage: the report, then the passage's stable address on this site."""
    return f"{chicago(report)} Passage “{ann.quote.exact}”, annotated at {passage_address(ann, site_url, urls)}"


def annotation_bibtex(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> str:
    """The report's entry keyed by the annotation: ``url`` is the passage's address, and ``note`` says it
    again with the report's own address (styles print ``url`` and ``note``; ``howpublished`` they ignore)."""
    address = passage_address(ann, site_url, urls)
    fields = _bibtex_fields(report) + [("url", address), ("note", _bib(" ".join(_passage_notes(ann, report, address))))]
    return _bibtex_entry(ann.id, report, fields)


# ----------------------------------------------------------------------------- RIS and CSL-JSON
# Machine-readable fields carry no mark: an unverified fact is left out of its field and given, marked,
# in the note (RIS N1, CSL note). A supplied title keeps its square brackets.

def _ris_date(report: Report) -> str:
    parts = report.date.split("-") + ["", ""]
    return f"{parts[0]}/{parts[1]}/{parts[2]}/"


def _ris(key: str, report: Report, url: str, notes: list[str]) -> str:
    kind = entry_type(report)
    known = lambda field: not report.is_uncertain(field)  # noqa: E731
    tags: list[tuple[str, str]] = [("TY", kind.ris), ("ID", key)]
    if known("authors"):
        tags += [("AU", _inverted(a.name)) for a in report.authors]
    if not report.authors and known("publisher"):
        tags.append(("AU", report.publisher))
    if known("title"):
        tags.append(("TI", report.cited_title))
    if report.series and known("series"):
        tags.append(("T3", report.series))
    if report.number and known("number"):
        tags.append(("SN", report.number))
    tags.append(("M3", kind.label))
    if known("publisher"):
        tags.append(("PB", report.publisher))
    if known("date"):
        tags += [("PY", report.year), ("DA", _ris_date(report))]
    if known("url"):
        tags.append(("UR", url))
    tags += [("N1", n) for n in notes]
    tags.append(("ER", ""))
    return "".join(f"{t}  - {v}\r\n" for t, v in tags)


@lru_cache(maxsize=None)
def ris(report: Report) -> str:
    """An RIS record of the report (lines end CR LF, as the format specifies)."""
    return _ris(report.slug, report, report.url, _notes(report))


def annotation_ris(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> str:
    """The report's record for one passage: ``UR`` is the passage's address, the notes give it with the report's."""
    address = passage_address(ann, site_url, urls)
    return _ris(ann.id, report, address, _passage_notes(ann, report, address))


def _csl_name(name: str) -> dict[str, str]:
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": name}


def _csl(key: str, report: Report, url: str, notes: list[str]) -> dict[str, Any]:
    kind = entry_type(report)
    known = lambda field: not report.is_uncertain(field)  # noqa: E731
    item: dict[str, Any] = {"id": key, "type": kind.csl}
    if report.authors and known("authors"):
        item["author"] = [_csl_name(a.name) for a in report.authors]
    if not report.authors and known("publisher"):
        item["author"] = [{"literal": report.publisher}]
    if known("title"):
        item["title"] = report.cited_title
    if report.series and known("series"):
        item["collection-title"] = report.series
    if report.number and known("number"):
        item["number"] = report.number
    item["genre"] = kind.label
    if known("publisher"):
        item["publisher"] = report.publisher
    if known("date"):
        item["issued"] = {"date-parts": [[int(p) for p in report.date.split("-")]]}
    if known("url"):
        item["URL"] = url
    if notes:
        item["note"] = "\n".join(notes)
    return item


def csl(report: Report) -> dict[str, Any]:
    """A CSL-JSON item for the report."""
    return _csl(report.slug, report, report.url, _notes(report))


def annotation_csl(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> dict[str, Any]:
    """The report's CSL item for one passage: ``URL`` is the passage's address, the note gives it with the report's."""
    address = passage_address(ann, site_url, urls)
    return _csl(ann.id, report, address, _passage_notes(ann, report, address))


@lru_cache(maxsize=None)  # a batch's citation files (each report's, and its part of the whole ones) share it
def annotation_citations(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> dict[str, str]:
    """Every form of one passage's citation, as text: ``text``, ``bibtex``, ``ris``, ``csl`` (CSL-JSON, compact as
    every JSON export and as citations.csl.json holds it: indented, ``json`` runs in Python, 1.3 of the 3.3 s
    the citations took at 1,000 reports; the card's "Cite" shows it indented).

    Cached: callers must not change the dict they get."""
    return {"text": annotation_chicago(ann, report, site_url, urls), "bibtex": annotation_bibtex(ann, report, site_url, urls),
            "ris": annotation_ris(ann, report, site_url, urls),
            "csl": json.dumps(annotation_csl(ann, report, site_url, urls), ensure_ascii=False, separators=(",", ":"))}


def citation_block(report: Report, env: Environment | None = None) -> Markup:
    """The box atop a report page: who, what, when, where from, how complete, what is uncertain; cite it.

    ``env`` is the build's template environment (the site's overrides first); left out, the package's
    templates alone render it, as for a script that recomputes a page's parts.
    """
    return render(package_environment() if env is None else env, "citation.html", report=report,
                  authors=[a for a in report.authors if a.name or a.affiliation], date=human_date(report.date),
                  unverified={u.field for u in report.uncertain}, full_text=report.completeness == "full",
                  excerpt=report.completeness == "excerpt", chicago=chicago(report), bibtex=bibtex(report))
