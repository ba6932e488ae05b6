"""Citations of reports and annotations: the block atop each report page, Chicago text, BibTeX."""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment
from markupsafe import Markup

from macros.model import Annotation, Report
from macros.render.urls import Urls
from macros.render.templates import package_environment, render

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def human_date(date: str) -> str:
    """'2021-03-18' -> 'March 18, 2021'; '2020-06' -> 'June 2020'; '2020' -> '2020'."""
    parts = date.split("-")
    if len(parts) == 3:
        return f"{_MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
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


def _flag(report: Report, field: str) -> str:
    return " [unverified]" if report.is_uncertain(field) else ""


@lru_cache(maxsize=None)  # called for every card and export row; reports are immutable
def chicago(report: Report) -> str:
    """The report in Chicago bibliography style, as plain text a reader can copy."""
    authors = author_list(report, invert_first=True)
    series = report.series + (f", no. {report.number}{_flag(report, 'number')}" if report.number else "") if report.series else ""
    parts = [(authors if authors.endswith(".") else f"{authors}.") if authors else "",
             f"“{report.display_title}.”",
             f"{series}." if series else "",
             f"{report.publisher}, {human_date(report.date)}{_flag(report, 'date')}.",
             report.url]
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=None)  # called for every card and export row; reports are immutable
def short(report: Report) -> str:
    """Authors, title and date: the short form shown under each quote."""
    names = [a.name for a in report.authors]
    who = " and ".join(names) if len(names) <= 2 else f"{names[0]} et al."
    who = who or report.publisher
    return f"{who}, “{report.display_title},” {report.publisher}, {human_date(report.date)}"


def _bib(value: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", value).replace("~", r"\textasciitilde{}")


@lru_cache(maxsize=None)  # called for every card and export row; reports are immutable
def bibtex(report: Report) -> str:
    """A BibTeX @techreport entry for the report."""
    fields = [("author", " and ".join(_inverted(a.name) for a in report.authors)),
              ("title", "{" + _bib(report.display_title) + "}"),
              ("institution", _bib(report.publisher)),
              ("type", _bib(report.series)),
              ("number", _bib(report.number)),
              ("year", report.year),
              ("url", report.url)]
    if report.date_precision in ("day", "month") and len(report.date) >= 7:
        fields.append(("month", _BIBTEX_MONTHS[int(report.date[5:7]) - 1]))
    notes = [f"{u.field} unverified: {u.note}" for u in report.uncertain]
    if report.title_supplied:
        notes.insert(0, "title supplied by the editors")
    if notes:
        fields.append(("note", _bib("; ".join(notes))))
    body = ",\n".join(f"  {k} = {v if k == 'month' else '{' + v + '}'}" for k, v in fields if v)
    return f"@techreport{{{report.slug},\n{body}\n}}"


def annotation_chicago(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> str:
    """Cite one annotated passage: the report, then the passage's stable address on this site."""
    return f"{chicago(report)} Passage “{ann.quote.exact}”, annotated at {site_url}{urls.passage(ann)}"


def annotation_bibtex(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> str:
    entry = bibtex(report).rstrip("}").rstrip()
    key = f"@techreport{{{report.slug},"
    return (entry.replace(key, f"@techreport{{{ann.id},", 1)
            + f",\n  howpublished = {{\\url{{{site_url}{urls.passage(ann)}}}}}\n}}")


def citation_block(report: Report, env: Environment | None = None) -> Markup:
    """The box atop a report page: who, what, when, where from, how complete, what is uncertain; cite it.

    ``env`` is the build's template environment (the site's overrides first); left out, the package's
    templates alone render it, as for a script that recomputes a page's parts.
    """
    return render(package_environment() if env is None else env, "citation.html", report=report,
                  authors=[a for a in report.authors if a.name or a.affiliation], date=human_date(report.date),
                  unverified={u.field for u in report.uncertain}, full_text=report.completeness == "full",
                  excerpt=report.completeness == "excerpt", chicago=chicago(report), bibtex=bibtex(report))
