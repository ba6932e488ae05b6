"""No unverified fact leaves the build without its mark: every output file of a built site is walked.

The facts come from the reports' front matter (``uncertain:``), so the invariant holds for any corpus:

- a *distinctive* rendering of an unverified value (a full date as ISO, 2021/03/18, "March 18, 2021" or
  "18 March 2021"; a title, name or address) must have the word "unverified" within ``WINDOW`` characters,
  in the same record: the text of the nearest block element of an HTML page, the same JSON string or
  object, the same CSV row, the same BibTeX entry or RIS record, or plain text;
- a *short* rendering (the year, a number such as 554) means something only next to the report it
  belongs to: in a record that names the report (its title), the mark must be in that record. A rendering that also occurs in the corpus's own texts (a report body, the YAML, the guide) is
  not distinctive: it may appear legitimately anywhere, so it is checked only as a short one.

The fields checked are those the site marks wherever it prints them (``MARKED``): an unverified address
(``url``, ``captured_from``) is also a link's target and a Web Annotation's source, where no mark can go.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from macros.glue.config import load_project
from macros.model import Report
from macros.render.citation import human_date
from macros.validation import load_checked
from tests.sitebuild import MINI_REPORT_BODY, MINI_REPORT_META, ROOT, build_site, make_project

MARK = re.compile(r"unverified", re.I)
MARKED = ("date", "number", "authors", "publisher", "series", "title")
WINDOW = 160
SHORT = 6  # characters: a value this short (a year, a number) is checked only where its report is named
BLOCKS = {"p", "li", "td", "th", "dd", "dt", "pre", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "caption",
          "summary", "figcaption", "blockquote", "title", "option", "label", "script", "div", "article", "section",
          "header", "nav", "main", "body", "head", "html", "table", "tr", "ul", "ol", "dl", "details", "form"}
RECORDS = {"p", "li", "tr", "td", "th", "dd", "dt", "pre", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "caption",
           "summary", "figcaption", "blockquote", "title", "option", "article"}
"""HTML elements read as one record each (with the addresses they link to), besides each block's text."""
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
STRUCTURED = re.compile(r"@\w+\{.*?\n\}|TY  - .*?ER  -", re.S)  # a BibTeX entry; a RIS record


@dataclasses.dataclass(frozen=True)
class Fact:
    """One unverified value of one report: how it may be printed, and what names its report."""

    slug: str
    field: str
    distinctive: tuple[str, ...]
    short: tuple[str, ...]
    names: tuple[str, ...]


def renderings(report: Report, field: str) -> list[str]:
    """Every form in which the site prints the value of ``field``."""
    if field == "date":
        parts = report.date.split("-")
        forms = [report.date, human_date(report.date), parts[0]]
        if len(parts) == 3:
            month, day = MONTHS[int(parts[1]) - 1], int(parts[2])
            forms += [report.date.replace("-", "/"), f"{day} {month} {parts[0]}"]
        return forms
    if field == "authors":
        return [a.name for a in report.authors]
    return [getattr(report, field)] if getattr(report, field, "") else []


def facts_of(root: Path) -> list[Fact]:
    corpus, problems = load_checked(load_project(root))
    assert problems == []
    own = "\n".join([r.text for r in corpus.reports.values()] +
                    [p.read_text(encoding="utf-8") for p in sorted((root / "annotations").glob("*.yml"))] +
                    [p.read_text(encoding="utf-8") for p in sorted((root / "docs").glob("*.md"))] +
                    [(root / "CONTRIBUTING.md").read_text(encoding="utf-8")])
    facts = []
    for report in corpus.reports.values():
        names = (report.title,)  # not its address: a Web Annotation's target names it beside a quote's own years
        for u in (u for u in report.uncertain if u.field in MARKED):
            forms = renderings(report, u.field)
            short = tuple(f for f in forms if len(f) <= SHORT or f in own)
            facts.append(Fact(report.slug, u.field, tuple(f for f in forms if f not in short), short, names))
    return facts


# ----------------------------------------------------------------------------- records of each kind of file


@dataclasses.dataclass(frozen=True)
class Record:
    """A unit of output in which a value and its mark belong together; ``where`` says where it is, for the message."""

    text: str
    where: str
    structured: bool = False
    """A citation record, a data object or an element: the mark anywhere in it is near enough, and a short
    value counts when the record names its report. Otherwise (text) the mark must be within ``WINDOW``."""


def text_records(text: str, where: str) -> Iterator[Record]:
    """BibTeX entries and RIS records as structured records; what is left as plain text."""
    rest = text
    for match in STRUCTURED.finditer(text):
        yield Record(match.group(0), where + " (citation record)", structured=True)
        rest = rest.replace(match.group(0), " ")
    yield Record(rest, where)


def html_records(source: str, where: str) -> Iterator[Record]:
    """The text of each block (the nearest block around each piece of text), each record-like element with the
    addresses it links to, and each attribute with its element."""
    soup = BeautifulSoup(source, "html.parser")
    seen: set[int] = set()
    for node in soup.find_all(string=True):
        block = next((p for p in node.parents if isinstance(p, Tag) and p.name in BLOCKS), None)
        if block is None or id(block) in seen:
            continue
        seen.add(id(block))
        yield from text_records(block.get_text(" ") if block.name != "script" else str(node), f"{where} <{block.name}>")
    for tag in soup.find_all(True):
        values = {k: " ".join(v) if isinstance(v, list) else str(v) for k, v in tag.attrs.items()}
        if tag.name in RECORDS:
            links = " ".join(v for t in tag.find_all(True) for v in map(str, t.attrs.values()))
            yield Record(f"{tag.get_text(' ')} {' '.join(values.values())} {links}", f"{where} <{tag.name}>", structured=True)
        if any(f for f in values.values()):  # with the element's text, unless it is a whole section or page
            text = tag.get_text(" ") if tag.name in RECORDS or tag.name not in BLOCKS else ""
            yield Record(f"{' '.join(values.values())} {text}", f"{where} <{tag.name}> attributes", structured=True)


def own(node: object) -> object:
    """An object's own values, nested ones included, but not the lists of further objects it holds (the items
    of a collection, the bodies and targets of an annotation: records of their own)."""
    if isinstance(node, dict):
        return {k: own(v) for k, v in node.items() if not (isinstance(v, list) and any(isinstance(i, dict) for i in v))}
    return [own(v) for v in node] if isinstance(node, list) else node


def json_records(node: object, where: str) -> Iterator[Record]:
    """Each object as a structured record (see ``own``); its strings also as text."""
    if isinstance(node, dict):
        yield Record(json.dumps(own(node), ensure_ascii=False), where, structured=True)
        for key, value in node.items():
            yield from json_records(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from json_records(value, f"{where}[{i}]")
    elif isinstance(node, str):
        yield from text_records(BeautifulSoup(node, "html.parser").get_text(" ") if "<" in node else node, where)


def records(path: Path, rel: str) -> Iterator[Record]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return  # images, fonts, compressed files: no text to carry a value
    if path.suffix == ".html":
        yield from html_records(text, rel)
    elif path.suffix in (".json", ".jsonld"):
        yield from json_records(json.loads(text), rel)
    elif path.suffix == ".csv":
        for i, row in enumerate(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))):
            yield Record(json.dumps(row, ensure_ascii=False), f"{rel} row {i + 1}", structured=True)
            for key, value in row.items():
                yield from text_records(value, f"{rel} row {i + 1} {key}")
    else:
        yield from text_records(text, rel)


# ----------------------------------------------------------------------------- the invariant


def unmarked(record: Record, fact: Fact) -> list[str]:
    """Where ``record`` shows a value of ``fact`` without its mark."""
    found = []
    if not record.structured:
        for form in fact.distinctive:
            for m in re.finditer(re.escape(form), record.text):
                near = record.text[max(0, m.start() - WINDOW):m.end() + WINDOW]
                if not MARK.search(near):
                    found.append(f"{record.where}: {form!r} in …{' '.join(near.split())[:200]}…")
        return found
    if MARK.search(record.text):
        return found
    named = any(n in record.text for n in fact.names)
    for form in fact.distinctive + (fact.short if named else ()):
        if re.search(rf"(?<![\w/-]){re.escape(form)}(?![\w/-])", record.text):
            found.append(f"{record.where}: {form!r} without its mark in …{' '.join(record.text.split())[:200]}…")
    return found


def leaks(site: Path, facts: list[Fact]) -> tuple[list[str], int]:
    """Every unmarked occurrence, and how many records were read (to show the walk is not empty)."""
    found, count = [], 0
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        for record in records(path, path.relative_to(site).as_posix()):
            count += 1
            for fact in facts:
                found += unmarked(record, fact)
    return found, count


def occurrences(site: Path, form: str) -> int:
    return sum(p.read_bytes().count(form.encode()) for p in site.rglob("*") if p.is_file())


def test_no_unverified_value_of_this_site_leaves_the_build_unmarked(site: Path) -> None:
    facts = facts_of(ROOT)
    found, count = leaks(site, facts)
    assert count > 1000
    assert found == [], "\n".join(found[:40])


UNCERTAIN_META = MINI_REPORT_META.replace('publisher: "Test Institute"\n', 'publisher: "Test Institute"\n'
                                          'publication_type: bulletin\nseries: "Test Bulletin"\nnumber: "987"\n'
                                          ).replace('"2021-03-18"', '"2019-11-07"') + """\
uncertain:
  - field: date
    note: "Only a later article gives the date."
  - field: number
    note: "The publisher's page does not show the number."
  - field: authors
    note: "The page names no author; a later article does."
  - field: publisher
    note: "Inferred from the address."
  - field: series
    note: "Only the address gives the series."
  - field: title
    note: "The page has two titles; this is the first."
"""


@pytest.fixture(scope="module")
def uncertain_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Fact]]:
    """The mini project, its report's date, number, authors, publisher, series and title unverified, built."""
    root = make_project(tmp_path_factory.mktemp("uncertain") / "p",
                        reports={"test-report": f"---\n{UNCERTAIN_META}---\n\n{MINI_REPORT_BODY}"})
    return build_site(root, tmp_path_factory.mktemp("uncertain-site")), facts_of(root)


def test_a_report_with_every_fact_unverified_keeps_the_marks_everywhere(uncertain_site) -> None:
    site, facts = uncertain_site
    assert {(f.field, f.distinctive, f.short) for f in facts} == {
        ("date", ("2019-11-07", "November 7, 2019", "2019/11/07", "7 November 2019"), ("2019",)), ("number", (), ("987",)),
        ("authors", ("Ada Writer",), ()), ("publisher", ("Test Institute",), ()), ("series", ("Test Bulletin",), ()),
        ("title", ("A Test Report",), ())}
    assert occurrences(site, "November 7, 2019") >= 5 and occurrences(site, "2019-11-07") >= 3  # printed, and walked
    found, _ = leaks(site, facts)
    assert found == [], "\n".join(found[:40])


@pytest.mark.parametrize("name, text", [
    ("page.html", '<li><a href="../reports/r/">A Title</a>, March 18, 2021</li>'),
    ("page.html", '<table><tr><td><a href="../reports/r/">A Title</a></td><td>March 18, 2021</td></tr></table>'),
    ("page.html", '<meta name="citation_date" content="2021/03/18">'),
    ("page.html", '<pre>@techreport{r,\n title = {A Title},\n year = {2021},\n}</pre>'),
    ("page.html", "<p>A Title (2021) [number unverified]</p><p>March 18, 2021</p>"),
    ("tracker.csv", "id,report,date\r\nx,A Title,2021-03-18\r\n"),
    ("tracker.json", '[{"report": "A Title", "date": "2021-03-18"}]'),
    ("cite.ris", "TY  - RPRT\r\nTI  - A Title\r\nPY  - 2021\r\nER  - \r\n"),
    ("cite.csl.json", '[{"title": "A Title", "issued": {"date-parts": [[2021, 3, 18]]}}]'),
    ("feed.xml", "<entry><title>A Title (Pub, March 18, 2021)</title></entry>"),
])
def test_the_walk_finds_an_unmarked_value_in_any_kind_of_file(tmp_path: Path, name: str, text: str) -> None:
    fact = Fact("r", "date", ("2021-03-18", "March 18, 2021", "2021/03/18"), ("2021",), ("A Title",))
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert leaks(tmp_path, [fact])[0] != []
    marked = text.replace("2021/03/18", "2021/03/18 unverified").replace("2021-03-18", "2021-03-18 [date unverified]")
    marked = marked.replace("March 18, 2021", "March 18, 2021 [date unverified]").replace("A Title", "A Title (unverified)")
    (tmp_path / name).write_text(marked, encoding="utf-8")
    assert leaks(tmp_path, [fact])[0] == []
