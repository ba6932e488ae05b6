"""The validated data model: plain frozen dataclasses built from parsed YAML (no MkDocs, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Origin:
    """Where an entry is written: the file (relative to the project root) and line, for errors and edit links.

    ``fields`` maps a field path inside the entry (``("topics", 1)``) to its line and column, so that a
    cross-reference check can point at the exact value.
    """

    path: str
    line: int = 1
    col: int = 1
    fields: Mapping[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def at(self, *sub: Any) -> tuple[int, int]:
        """Line and column of a field of the entry (or of the nearest enclosing one)."""
        while sub and sub not in self.fields:
            sub = sub[:-1]
        return self.fields.get(sub, (self.line, self.col))


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str = ""


@dataclass(frozen=True)
class Uncertain:
    field: str
    note: str


@dataclass(frozen=True)
class Report:
    """A report page's bibliographic facts (its front matter) and the plain text quotes anchor in."""

    slug: str
    title: str
    title_supplied: bool
    authors: tuple[Author, ...]
    authors_statement: str
    publisher: str
    series: str
    number: str
    date: str
    date_precision: str
    url: str
    captured_from: str
    completeness: str
    completeness_note: str
    uncertain: tuple[Uncertain, ...]
    origin: Origin
    text: str = field(default="", repr=False, compare=False)
    body: str = field(default="", repr=False, compare=False)
    element_ids: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    meta_keys: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    publication_type: str = "report"
    """What the report is (``publication_type`` in the front matter; annotations/schema.json lists the values)."""

    @property
    def cited_title(self) -> str:
        """The title as citations give it: a title supplied by the editors is bracketed, per bibliographic convention."""
        return f"[{self.title}]" if self.title_supplied else self.title

    @property
    def display_title(self) -> str:
        """The title as pages show it (headings, navigation, lists): cited, with its mark when unverified."""
        return self.cited_title + self.mark("title")

    def is_uncertain(self, name: str) -> bool:
        return any(u.field == name for u in self.uncertain)

    def mark(self, name: str) -> str:
        """What an unverified fact carries wherever it is shown (" [date unverified]"); "" when it is verified."""
        return f" [{name.replace('_', ' ')} unverified]" if self.is_uncertain(name) else ""

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str
    origin: Origin
    sources: tuple[str, ...] = ()
    """Addresses backing facts the description states that the reports do not."""


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str
    description: str
    origin: Origin
    sources: tuple[str, ...] = ()
    """Addresses backing facts the description states that the reports do not."""


@dataclass(frozen=True)
class Quote:
    """A W3C Web Annotation TextQuoteSelector."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Evidence:
    date: str
    event: str
    source: str
    outlet: str = ""
    """The publisher's or outlet's name, shown as the link text."""
    background: bool = False
    """True when the event predates the report and is cited as background, not as an outcome."""


@dataclass(frozen=True)
class HistoryEntry:
    status: str
    as_of: str
    note: str = ""


@dataclass(frozen=True)
class Figure:
    value: float
    measures: str
    unit: str = ""
    year: int | None = None
    period: str = ""


@dataclass(frozen=True)
class Relation:
    type: str
    target: str


@dataclass(frozen=True)
class Force:
    """How strongly a recommendation is put: its level (urged, proposed, option) and the report's own words."""

    level: str
    wording: str


@dataclass(frozen=True)
class Annotation:
    """A claim or a recommendation anchored on a passage of one report."""

    id: str
    kind: str
    report: str
    quote: Quote
    summary: str
    topics: tuple[str, ...]
    actors: tuple[str, ...]
    origin: Origin
    note: str = ""
    claim_type: str = ""
    figures: tuple[Figure, ...] = ()
    status: str = ""
    as_of: str = ""
    evidence: tuple[Evidence, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    relations: tuple[Relation, ...] = ()
    span: tuple[int, int] = (-1, -1)
    force: Force | None = None
    weight: str = ""
    """A claim's weight, key or supporting; empty for a recommendation."""
    checked: str = ""
    """When someone last looked for evidence of what happened (YYYY-MM-DD), or ""."""

    @property
    def is_recommendation(self) -> bool:
        return self.kind == "recommendation"

    @property
    def is_key(self) -> bool:
        """What a reader should see first: every recommendation, and the claims the report's argument rests on."""
        return self.is_recommendation or self.weight == "key"


@dataclass
class Corpus:
    """Everything loaded from the project's files, before indexing."""

    reports: dict[str, Report] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    pages: dict[str, Any] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    """Files that could not be read (paths as contributors see them): checks that need them say so once."""


def _s(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def report_from(slug: str, meta: dict[str, Any], origin: Origin, text: str, body: str = "",
                element_ids: frozenset[str] = frozenset()) -> Report:
    """Build a Report from front matter (leniently: validation reports what is missing)."""
    authors = tuple(Author(_s(a, "name"), _s(a, "affiliation")) for a in _items(meta, "authors") if isinstance(a, dict))
    uncertain = tuple(Uncertain(_s(u, "field"), _s(u, "note")) for u in _items(meta, "uncertain") if isinstance(u, dict))
    return Report(slug, _s(meta, "title"), meta.get("title_supplied") is True, authors, _s(meta, "authors_statement"),
                  _s(meta, "publisher"), _s(meta, "series"), _s(meta, "number"), _s(meta, "date"),
                  _s(meta, "date_precision"), _s(meta, "url"), _s(meta, "captured_from"), _s(meta, "completeness"),
                  _s(meta, "completeness_note"), uncertain, origin, text, body, element_ids, frozenset(meta),
                  _s(meta, "publication_type") or "report")


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(v for v in _items(data, key) if isinstance(v, str))


def topic_from(data: dict[str, Any], origin: Origin) -> Topic:
    return Topic(_s(data, "id"), _s(data, "title"), _s(data, "description"), origin, _strings(data, "sources"))


def actor_from(data: dict[str, Any], origin: Origin) -> Actor:
    return Actor(_s(data, "id"), _s(data, "name"), _s(data, "kind"), _s(data, "country"), _s(data, "description"), origin,
                 _strings(data, "sources"))


def annotation_from(data: dict[str, Any], report: str, origin: Origin) -> Annotation:
    """Build an Annotation from one parsed YAML entry."""
    quote = data.get("quote") if isinstance(data.get("quote"), dict) else {}
    return Annotation(
        id=_s(data, "id"), kind=_s(data, "kind"), report=report,
        quote=Quote(_s(quote, "exact"), _s(quote, "prefix"), _s(quote, "suffix")),
        summary=_s(data, "summary"),
        topics=tuple(t for t in _items(data, "topics") if isinstance(t, str)),
        actors=tuple(a for a in _items(data, "actors") if isinstance(a, str)),
        origin=origin, note=_s(data, "note"), claim_type=_s(data, "claim_type"),
        figures=tuple(_figure(f) for f in _items(data, "figures") if isinstance(f, dict)),
        status=_s(data, "status"), as_of=_s(data, "as_of"),
        evidence=tuple(Evidence(_s(e, "date"), _s(e, "event"), _s(e, "source"), _s(e, "outlet"), e.get("background") is True)
                       for e in _items(data, "evidence") if isinstance(e, dict)),
        history=tuple(HistoryEntry(_s(h, "status"), _s(h, "as_of"), _s(h, "note")) for h in _items(data, "history") if isinstance(h, dict)),
        relations=tuple(Relation(_s(r, "type"), _s(r, "target")) for r in _items(data, "relations") if isinstance(r, dict)),
        force=_force(data.get("force")), weight=_s(data, "weight"), checked=_s(data, "checked"),
    )


def _force(data: Any) -> Force | None:
    return Force(_s(data, "level"), _s(data, "wording")) if isinstance(data, dict) else None


def _figure(data: dict[str, Any]) -> Figure:
    value = data.get("value")
    year = data.get("year")
    return Figure(value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0,
                  _s(data, "measures"), _s(data, "unit"), year if isinstance(year, int) else None, _s(data, "period"))
