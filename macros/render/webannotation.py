"""The W3C Web Annotation export: annotations as JSON-LD, our own terms in a context the site publishes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain, islice
from typing import Any

from macros.anchoring import SearchText
from macros.index import Index
from macros.model import Annotation, Report
from macros.render.urls import Urls
from macros.text import normalize_quote

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_FILE = "data/context.jsonld"
COLLECTION_FILE = "data/annotations.jsonld"
REPORT_FOLDER = "data/annotations/"


def namespace(site_url: str) -> str:
    """Our terms' namespace: the published context document's address (it defines every term)."""
    return site_url + CONTEXT_FILE + "#"


def report_file(slug: str) -> str:
    return f"{REPORT_FOLDER}{slug}.jsonld"


def context_document(index: Index, site_url: str) -> dict[str, Any]:
    """Our terms, each an IRI in our namespace. None is a term of the W3C context (``source``, ``target``,
    ``type``, ``value``, ``label`` keep the W3C meaning wherever they appear).

    TextPositionSelector ``start``/``end`` (W3C terms) count Unicode code points in the report page's
    text as the site publishes it: the text a reader reads, footnote numbers and heading permalinks left out.
    """
    ns = namespace(site_url)
    terms: dict[str, Any] = {
        "kind": {"@id": ns + "kind"},                      # "claim" or "recommendation"
        "claimType": {"@id": ns + "claimType"},            # fact, statistic, assessment, forecast
        "status": {"@id": ns + "status"},                  # a recommendation's status (see the tracker)
        "statusAsOf": {"@id": ns + "statusAsOf"},          # the date the status was last judged
        "actors": {"@id": ns + "actors", "@container": "@set"},    # names of the actors concerned
        "topics": {"@id": ns + "topics", "@container": "@set"},    # topic ids
        "evidence": {"@id": ns + "evidence", "@container": "@set"},
        "date": {"@id": ns + "evidenceDate"},              # when the evidenced event happened (partial date)
        "event": {"@id": ns + "evidenceEvent"},            # what happened
        "documentedIn": {"@id": ns + "documentedIn", "@type": "@id"},  # where it is documented
        "outlet": {"@id": ns + "outlet"},                  # who published that source
        "background": {"@id": ns + "background"},          # true: an event before the report, cited as context
        "force": {"@id": ns + "force"},                    # a recommendation's force: urged, proposed, option
        "forceWording": {"@id": ns + "forceWording"},      # the report's own words that carry it
        "weight": {"@id": ns + "weight"},                  # a claim's weight: key or supporting
        "checked": {"@id": ns + "checked"},                # when someone last looked for evidence (a date)
        "relations": {"@id": ns + "relations", "@container": "@set"},
        "relationType": {"@id": ns + "relationType", "@type": "@vocab"},
        "relatedTo": {"@id": ns + "relatedTo", "@type": "@id"},  # the other annotation's id
    }
    for value, _ in index.vocab.relation_types:  # relation types as IRIs: "same-as" -> <ns>relation-same-as
        terms[value] = {"@id": ns + "relation-" + value}
    return {"@context": terms}


# ----------------------------------------------------------------------------- selectors

MAX_WORDS = 40  # of prefix and suffix together; past it, the whole text around the passage


def _word_cuts_before(text: str, start: int):
    """Where a prefix of 1, 2, ... whole words before ``start`` begins (with the space after each word)."""
    p = start
    while p > 0:
        q = p
        while q > 0 and text[q - 1].isspace():
            q -= 1
        while q > 0 and not text[q - 1].isspace():
            q -= 1
        yield q
        p = q


def _word_cuts_after(text: str, end: int):
    """Where a suffix of 1, 2, ... whole words after ``end`` ends (with the space before each word)."""
    p, n = end, len(text)
    while p < n:
        q = p
        while q < n and text[q].isspace():
            q += 1
        while q < n and not text[q].isspace():
            q += 1
        yield q
        p = q


def _literal_count(text: str, needle: str, limit: int = 2) -> int:
    count, i = 0, text.find(needle)
    while i != -1 and count < limit:
        count, i = count + 1, text.find(needle, i + 1)
    return count


def _given_cut_before(text: str, start: int, given: str) -> int:
    """Where the contributor's prefix starts in the text (as it stands there), or ``start`` if none given."""
    if not given:
        return start
    want = normalize_quote(given)
    for p in range(start - 1, max(-1, start - 4 * len(given) - 16), -1):
        if normalize_quote(text[p:start]) == want:
            return p
    return start


def _given_cut_after(text: str, end: int, given: str) -> int:
    if not given:
        return end
    want = normalize_quote(given)
    for q in range(end + 1, min(len(text), end + 4 * len(given) + 16) + 1):
        if normalize_quote(text[end:q]) == want:
            return q
    return end


def quote_selector(ann: Annotation, report: Report, search: SearchText | None = None) -> dict[str, str]:
    """A TextQuoteSelector that selects exactly the annotation's span of the report text.

    ``exact`` is the text as it stands on the page; ``prefix``/``suffix`` are the text right before and
    after it: the contributor's own where given, else one whole word (none at the text's start or end),
    each grown by the fewest whole words that make prefix + exact + suffix occur once in the page text,
    both character for character and by the site's own quote matching (white space collapsed, curly
    quotes straightened). A consumer that re-anchors on the original report has context on both sides.
    """
    text, (start, end) = report.text, ann.span
    if not 0 <= start < end <= len(text):
        raise ValueError(f"{ann.id}: not anchored in {report.slug} (the exports need the check's spans)")
    search = search or SearchText(text)
    exact = text[start:end]
    base_p = _given_cut_before(text, start, ann.quote.prefix)
    base_s = _given_cut_after(text, end, ann.quote.suffix)
    # Only the nearest MAX_WORDS + 1 cuts on each side can be used, and most passages need one: cuts are
    # taken as the search reaches them (listing every cut to the ends of the text made the export quadratic
    # in the report; listing MAX_WORDS + 1 of them each side was most of the export's time).
    befores = _cuts(base_p, base_p < start, (p for p in _word_cuts_before(text, start) if p < base_p))
    afters = _cuts(base_s, base_s > end, (q for q in _word_cuts_after(text, end) if q > base_s))
    for total in range(MAX_WORDS + 1):  # prefix of i cuts, suffix of j, fewest words first
        tried = False
        for i in range(total, -1, -1):
            if not befores.has(i):
                continue
            j = total - i
            if not afters.has(j):
                break
            tried = True
            prefix, suffix = text[befores[i]:start], text[end:afters[j]]
            if _unique(text, search, exact, prefix, suffix, ann.span):
                return _tqs(exact, prefix, suffix)
        if not tried:  # every pair of cuts has been tried
            break
    return _tqs(exact, text[:start], text[end:])  # the whole text around it: unique by construction


class _Cuts:
    """Cuts from an iterator, taken only as far as they are asked for."""

    def __init__(self, source: Iterator[int]) -> None:
        self._source, self._got = source, []

    def has(self, k: int) -> bool:
        while len(self._got) <= k:
            cut = next(self._source, None)
            if cut is None:
                return False
            self._got.append(cut)
        return True

    def __getitem__(self, k: int) -> int:
        return self._got[k]


def _cuts(base: int, given: bool, words: Iterator[int]) -> _Cuts:
    """The contributor's cut (``given``) or, with no word on that side, the text's edge; then up to
    MAX_WORDS + 1 word cuts: at least a word of context, which a consumer re-anchors on."""
    first = list(islice(words, 1))
    return _Cuts(chain([base] if given or not first else [], first, islice(words, MAX_WORDS)))


def _unique(text: str, search: SearchText, exact: str, prefix: str, suffix: str, span: tuple[int, int]) -> bool:
    if _literal_count(text, prefix + exact + suffix) != 1:
        return False
    match = search.anchor(exact, prefix, suffix)
    return match.found and (match.start, match.end) == span


def _tqs(exact: str, prefix: str, suffix: str) -> dict[str, str]:
    selector = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    return selector


def position_selector(ann: Annotation) -> dict[str, Any]:
    """The span in the page text (code points; see ``context_document``): the fallback selector."""
    return {"type": "TextPositionSelector", "start": ann.span[0], "end": ann.span[1]}


# ----------------------------------------------------------------------------- annotations and collections


def web_annotation(ann: Annotation, index: Index, site_url: str, urls: Urls = Urls(),
                   search: SearchText | None = None) -> dict[str, Any]:
    """One annotation in the W3C Web Annotation model, targeting our page and the original report."""
    report = index.report(ann)
    quote = quote_selector(ann, report, search)
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": ann.summary}]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": index.corpus.topics[t].title} for t in ann.topics]
    targets: list[dict[str, Any]] = [{"type": "SpecificResource", "source": site_url + urls.report(report.slug),
                                      "selector": [quote, position_selector(ann)]}]
    if report.url:  # positions count in our page's text, so the original gets the quote alone
        targets.append({"type": "SpecificResource", "source": report.url, "selector": dict(quote)})
    item: dict[str, Any] = {"id": site_url + urls.passage(ann), "type": "Annotation", "motivation": "describing",
                            "body": bodies, "target": targets, "kind": ann.kind}
    if ann.claim_type:
        item["claimType"] = ann.claim_type
    if ann.weight:
        item["weight"] = ann.weight
    if ann.force is not None:
        item["force"], item["forceWording"] = ann.force.level, ann.force.wording
    if ann.is_recommendation:
        item["status"] = ann.status
        if ann.as_of:
            item["statusAsOf"] = ann.as_of
        if ann.checked:
            item["checked"] = ann.checked
    if ann.actors:
        item["actors"] = [index.corpus.actors[a].name for a in ann.actors]
    if ann.topics:
        item["topics"] = list(ann.topics)
    if ann.evidence:
        item["evidence"] = [{"date": e.date, "event": e.event, "documentedIn": e.source}
                            | ({"outlet": e.outlet} if e.outlet else {}) | ({"background": True} if e.background else {})
                            for e in sorted(ann.evidence, key=lambda e: e.date)]
    if ann.relations:
        item["relations"] = [{"relationType": r.type, "relatedTo": site_url + urls.passage(index.annotations[r.target])}
                             for r in ann.relations]
    return item


def web_annotations(anns: list[Annotation], index: Index, site_url: str, urls: Urls = Urls()) -> dict[str, dict[str, Any]]:
    """Annotation id -> its Web Annotation (each report's text prepared once for the selectors)."""
    searches: dict[str, SearchText] = {}
    out = {}
    for a in anns:
        search = searches.get(a.report) or searches.setdefault(a.report, SearchText(index.report(a).text))
        out[a.id] = web_annotation(a, index, site_url, urls, search)
    return out


def _collection(path: str, label: str, items: list[dict[str, Any]], site_url: str, total: int | None = None) -> dict[str, Any]:
    total = len(items) if total is None else total
    doc: dict[str, Any] = {"@context": [W3C_CONTEXT, site_url + CONTEXT_FILE], "id": site_url + path,
                           "type": "AnnotationCollection", "label": label, "total": total}
    if total:  # a page MUST hold at least one annotation
        doc["first"] = {"id": site_url + path + "#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}
    return doc


def dump(doc: dict[str, Any]) -> str:
    """JSON as every export writes it: compact, UTF-8 as is."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


WHOLE_LABEL = "Annotations of policy reports"


def annotations_jsonld(index: Index, site_url: str, urls: Urls = Urls()) -> str:
    """Every annotation, as one AnnotationCollection with one embedded AnnotationPage."""
    items = web_annotations(list(index.annotations.values()), index, site_url, urls)
    return dump(_collection(COLLECTION_FILE, WHOLE_LABEL, list(items.values()), site_url))


def report_collection(report: Report, items: list[dict[str, Any]], site_url: str) -> str:
    """One report's annotations (``items``, its Web Annotations in order) as a collection of its own."""
    return dump(_collection(report_file(report.slug), f"Annotations of {report.display_title}", items, site_url))


_ITEMS_END = "]}}"  # closes the page's items, the page and the collection: "items" and "first" are the last keys


def collection_ends(total: int, site_url: str) -> tuple[str, str]:
    """The whole collection's text before and after its ``total`` items, for writing it in parts: the head,
    then the items' ``dump`` joined by commas, then the tail is exactly ``annotations_jsonld``."""
    text = dump(_collection(COLLECTION_FILE, WHOLE_LABEL, [], site_url, total))
    if not total:
        return text, ""
    if not text.endswith('"items":[' + _ITEMS_END):
        raise AssertionError("the collection's items are no longer its last value")
    return text[:-len(_ITEMS_END)], _ITEMS_END


def context_jsonld(index: Index, site_url: str) -> str:
    return json.dumps(context_document(index, site_url), ensure_ascii=False, indent=1)
