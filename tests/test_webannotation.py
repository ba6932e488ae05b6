"""The Web Annotation export of the real corpus, read with a real JSON-LD processor (pyld), offline.

Every export file is expanded and compacted again with a document loader that serves our published
context (from the export itself) and a stand-in for the W3C context written here from the Web
Annotation Vocabulary's term IRIs (only the terms we use): nothing may be dropped or change meaning.
The W3C model's MUST rules are written out below; the selectors are checked against the report text.
Everything holds for any corpus: no counts of today's data.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from typing import Any

import pytest
from pyld import jsonld

from macros.anchoring import SearchText
from macros.glue.config import load_project
from macros.index import build_index, Vocabulary
from macros.model import Annotation, Origin, Quote
from macros.render import exports, webannotation
from macros.render.urls import Urls
from macros.validation import load_checked
from tests.sitebuild import ROOT

SITE = "https://reports.example.org/"
W3C = "http://www.w3.org/ns/anno.jsonld"
OUR_CONTEXT = SITE + "data/context.jsonld"
NS = OUR_CONTEXT + "#"

# The Web Annotation Vocabulary (https://www.w3.org/TR/annotation-vocab/) and the vocabularies it uses.
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
COUNT = XSD + "nonNegativeInteger"

# A stand-in for http://www.w3.org/ns/anno.jsonld: the terms the export uses, each mapped as the
# Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) says it is serialised.
W3C_STANDIN = {"@context": {
    "id": "@id", "type": "@type",
    "Annotation": OA + "Annotation", "TextualBody": OA + "TextualBody", "SpecificResource": OA + "SpecificResource",
    "TextQuoteSelector": OA + "TextQuoteSelector", "TextPositionSelector": OA + "TextPositionSelector",
    "AnnotationCollection": AS + "OrderedCollection", "AnnotationPage": AS + "OrderedCollectionPage",
    "describing": OA + "describing", "tagging": OA + "tagging",
    "body": {"@id": OA + "hasBody", "@type": "@id"},
    "target": {"@id": OA + "hasTarget", "@type": "@id"},
    "source": {"@id": OA + "hasSource", "@type": "@id"},
    "selector": {"@id": OA + "hasSelector", "@type": "@id"},
    "motivation": {"@id": OA + "motivatedBy", "@type": "@vocab"},
    "purpose": {"@id": OA + "hasPurpose", "@type": "@vocab"},
    "format": DC + "format", "value": RDF + "value", "label": RDFS + "label",
    "exact": OA + "exact", "prefix": OA + "prefix", "suffix": OA + "suffix",
    "start": {"@id": OA + "start", "@type": COUNT}, "end": {"@id": OA + "end", "@type": COUNT},
    "total": {"@id": AS + "totalItems", "@type": COUNT}, "startIndex": {"@id": AS + "startIndex", "@type": COUNT},
    "first": {"@id": AS + "first", "@type": "@id"},
    "items": {"@id": AS + "items", "@type": "@id", "@container": "@list"},
}}
# Terms of the W3C context (as named in the model's serialisation) that our context must never redefine,
# whether or not the export uses them.
W3C_TERMS = set(W3C_STANDIN["@context"]) | {
    "body", "bodyValue", "target", "source", "selector", "state", "refinedBy", "scope", "styleClass", "stylesheet",
    "renderedVia", "canonical", "via", "created", "modified", "generated", "creator", "generator", "audience",
    "rights", "name", "nickname", "email", "email_sha1", "homepage", "language", "processingLanguage",
    "textDirection", "accessibility", "partOf", "last", "next", "prev", "conformsTo", "cached", "sourceDate",
    "sourceDateStart", "sourceDateEnd", "Choice", "Person", "Organization", "Software", "Audience",
    "FragmentSelector", "CssSelector", "XPathSelector", "RangeSelector", "SvgSelector", "DataPositionSelector",
    "HttpRequestState", "TimeState", "CssStyle", "Motivation", "Dataset", "Image", "Video", "Sound", "Text",
    "assessing", "bookmarking", "classifying", "commenting", "editing", "highlighting", "identifying", "linking",
    "moderating", "questioning", "replying", "oa", "as", "dc", "dcterms", "dctypes", "foaf", "rdf", "rdfs", "xsd",
    "iana", "owl", "schema", "skos",
}
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
               "identifying", "linking", "moderating", "questioning", "replying", "tagging"}


@pytest.fixture(scope="module")
def index():
    project = load_project(ROOT)
    corpus, problems = load_checked(project)
    assert not problems
    return build_index(corpus, Vocabulary.from_schema(project.schema))


@pytest.fixture(scope="module")
def files(index) -> dict[str, str]:
    return exports.all_exports(index, SITE, Urls())


@pytest.fixture(scope="module")
def documents(files) -> dict[str, dict]:
    """Every Web Annotation file: the whole collection and one per report."""
    docs = {p: json.loads(t) for p, t in files.items() if p.endswith(".jsonld") and p != "data/context.jsonld"}
    assert "data/annotations.jsonld" in docs
    return docs


@pytest.fixture(scope="module")
def loader(files):
    served = {W3C: W3C_STANDIN, OUR_CONTEXT: json.loads(files["data/context.jsonld"])}

    def load(url: str, options: Any = None) -> dict:
        if url not in served:
            raise ValueError(f"no network in the tests: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(served[url])}
    return load


def items_of(doc: dict) -> list[dict]:
    return doc["first"]["items"] if "first" in doc else []


def unwrap(value: Any) -> Any:
    """JSON-LD's equivalence of a one-element array and its element (for terms without a container)."""
    if isinstance(value, list):
        value = [unwrap(v) for v in value]
        return value[0] if len(value) == 1 else value
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    return value


def round_trip(doc: dict, loader) -> tuple[list, dict]:
    options = {"documentLoader": loader}
    expanded = jsonld.expand(copy.deepcopy(doc), options)
    compacted = jsonld.compact(copy.deepcopy(expanded), {"@context": doc["@context"]}, options)
    return expanded, compacted


def one(node: dict, iri: str) -> Any:
    values = node.get(iri, [])
    assert len(values) == 1, (iri, values)
    return values[0]


def literal(node: dict, iri: str) -> Any:
    value = one(node, iri)
    assert set(value) == {"@value"} or set(value) == {"@value", "@type"}, value
    return value["@value"]


# ----------------------------------------------------------------------------- the published context


def test_every_file_names_the_w3c_context_first_and_then_ours(documents: dict) -> None:
    for path, doc in documents.items():
        assert doc["@context"] == [W3C, OUR_CONTEXT], path


def test_our_context_defines_our_terms_in_our_namespace_and_no_w3c_term(files: dict, index) -> None:
    context = json.loads(files["data/context.jsonld"])["@context"]
    assert not set(context) & W3C_TERMS
    for term, definition in context.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        assert iri.startswith(NS), term
    ours = {"kind", "claimType", "status", "statusAsOf", "actors", "topics", "evidence", "date", "event",
            "documentedIn", "relations", "relationType", "relatedTo"}
    assert ours <= set(context)
    assert {value for value, _ in index.vocab.relation_types} <= set(context)  # relation types are IRIs of ours
    assert len({(d["@id"] if isinstance(d, dict) else d) for d in context.values()}) == len(context)  # one meaning each


# ----------------------------------------------------------------------------- JSON-LD: nothing lost, nothing re-meant


def test_every_file_round_trips_through_expansion_and_compaction(documents: dict, loader) -> None:
    for path, doc in documents.items():
        _, compacted = round_trip(doc, loader)
        compacted.pop("@context")
        assert unwrap(compacted) == unwrap({k: v for k, v in doc.items() if k != "@context"}), path


def test_each_annotation_taken_on_its_own_round_trips(documents: dict, loader) -> None:
    doc = documents["data/annotations.jsonld"]
    for item in items_of(doc):
        alone = {"@context": doc["@context"], **item}
        _, compacted = round_trip(alone, loader)
        assert unwrap(compacted) == unwrap(alone), item["id"]


def test_expanded_fields_mean_what_we_mean_for_every_annotation(documents: dict, loader, index) -> None:
    doc = documents["data/annotations.jsonld"]
    (collection,) = jsonld.expand(copy.deepcopy(doc), {"documentLoader": loader})
    assert collection["@id"] == doc["id"] and collection["@type"] == [AS + "OrderedCollection"]
    assert literal(collection, AS + "totalItems") == len(index.annotations)
    page = one(collection, AS + "first")
    assert page["@id"] == doc["first"]["id"] and page["@type"] == [AS + "OrderedCollectionPage"]
    expanded = {node["@id"]: node for node in one(page, AS + "items")["@list"]}
    assert len(expanded) == len(index.annotations)
    for ann in index.annotations.values():
        check_expanded(expanded[SITE + Urls().passage(ann)], ann, index)


def check_expanded(node: dict, ann: Annotation, index) -> None:
    report = index.report(ann)
    start, end = ann.span
    assert node["@type"] == [OA + "Annotation"]
    assert node[OA + "motivatedBy"] == [{"@id": OA + "describing"}]
    bodies = node[OA + "hasBody"]
    assert literal(bodies[0], RDF + "value") == ann.summary and bodies[0][OA + "hasPurpose"] == [{"@id": OA + "describing"}]
    assert literal(bodies[0], DC + "format") == "text/plain"
    assert [literal(b, RDF + "value") for b in bodies[1:]] == [index.corpus.topics[t].title for t in ann.topics]
    assert all(b[OA + "hasPurpose"] == [{"@id": OA + "tagging"}] for b in bodies[1:])
    assert all(b["@type"] == [OA + "TextualBody"] for b in bodies)

    ours, *original = node[OA + "hasTarget"]
    assert ours["@type"] == [OA + "SpecificResource"]
    assert ours[OA + "hasSource"] == [{"@id": SITE + Urls().report(report.slug)}]
    quote, position = ours[OA + "hasSelector"]
    assert quote["@type"] == [OA + "TextQuoteSelector"] and position["@type"] == [OA + "TextPositionSelector"]
    assert literal(quote, OA + "exact") == report.text[start:end]
    prefix, suffix = (literal(quote, OA + k) if OA + k in quote else "" for k in ("prefix", "suffix"))
    assert report.text[start - len(prefix):end + len(suffix)] == prefix + report.text[start:end] + suffix
    assert one(position, OA + "start") == {"@value": start, "@type": COUNT}
    assert one(position, OA + "end") == {"@value": end, "@type": COUNT}
    assert [t[OA + "hasSource"] for t in original] == ([[{"@id": report.url}]] if report.url else [])
    assert all(t[OA + "hasSelector"] == [quote] for t in original)

    assert literal(node, NS + "kind") == ann.kind
    assert (literal(node, NS + "claimType") if NS + "claimType" in node else "") == ann.claim_type
    assert (literal(node, NS + "status") if NS + "status" in node else "") == (ann.status if ann.is_recommendation else "")
    assert (literal(node, NS + "statusAsOf") if NS + "statusAsOf" in node else "") == (ann.as_of if ann.is_recommendation else "")
    assert [v["@value"] for v in node.get(NS + "actors", [])] == [index.corpus.actors[a].name for a in ann.actors]
    assert [v["@value"] for v in node.get(NS + "topics", [])] == list(ann.topics)
    evidence = node.get(NS + "evidence", [])
    assert len(evidence) == len(ann.evidence)
    for got, want in zip(evidence, sorted(ann.evidence, key=lambda e: e.date)):  # oldest first
        assert set(got) == {NS + "evidenceDate", NS + "evidenceEvent", NS + "documentedIn"} | (
            {NS + "outlet"} if want.outlet else set()) | ({NS + "background"} if want.background else set())
        assert literal(got, NS + "evidenceDate") == want.date and literal(got, NS + "evidenceEvent") == want.event
        assert got[NS + "documentedIn"] == [{"@id": want.source}]
        assert (literal(got, NS + "outlet") if want.outlet else "") == want.outlet
        assert not want.background or one(got, NS + "background") == {"@value": True}
    force = (literal(node, NS + "force"), literal(node, NS + "forceWording")) if NS + "force" in node else None
    assert force == ((ann.force.level, ann.force.wording) if ann.force else None)
    assert (literal(node, NS + "weight") if NS + "weight" in node else "") == ann.weight
    assert (literal(node, NS + "checked") if NS + "checked" in node else "") == ann.checked
    relations = node.get(NS + "relations", [])
    assert len(relations) == len(ann.relations)
    for got, want in zip(relations, ann.relations):
        assert set(got) == {NS + "relationType", NS + "relatedTo"}
        assert got[NS + "relationType"] == [{"@id": NS + "relation-" + want.type}]
        assert got[NS + "relatedTo"] == [{"@id": SITE + Urls().passage(index.annotations[want.target])}]
    known = {"@id", "@type", OA + "motivatedBy", OA + "hasBody", OA + "hasTarget"} | {
        NS + t for t in ("kind", "claimType", "status", "statusAsOf", "actors", "topics", "evidence", "relations",
                         "force", "forceWording", "weight", "checked")}
    assert set(node) <= known, set(node) - known


# ----------------------------------------------------------------------------- the W3C model's MUST rules, written out


def is_iri(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"^[a-z][a-z0-9+.-]*:[^\s]+$", value) is not None


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def check_annotation(ann: dict, context: Any) -> None:
    # 3.1: an Annotation MUST have 1 or more @context values and the W3C context MUST be one of them
    # (embedded in a collection, it has its document's); exactly 1 IRI as id; 1 or more types, one of
    # them "Annotation"; 1 or more targets.
    context = as_list(context)
    assert W3C in context
    assert is_iri(ann["id"])
    assert "Annotation" in as_list(ann["type"])
    targets = as_list(ann["target"])
    assert targets
    # 3.2.4 textual bodies: exactly 1 value; motivations and purposes from the W3C list.
    for motivation in as_list(ann.get("motivation", [])):
        assert motivation in MOTIVATIONS
    for body in as_list(ann.get("body", [])):
        if body.get("type") == "TextualBody":
            assert isinstance(body.get("value"), str)
        assert all(p in MOTIVATIONS for p in as_list(body.get("purpose", [])))
    for target in targets:
        # 4: a SpecificResource MUST have exactly 1 source; ours always have a selector.
        assert target["type"] == "SpecificResource"
        assert is_iri(target["source"])
        selectors = as_list(target["selector"])
        assert selectors
        for selector in selectors:
            assert selector["type"] in {"TextQuoteSelector", "TextPositionSelector"}
            if selector["type"] == "TextQuoteSelector":
                # 4.2.4: exactly 1 exact; 0 or 1 prefix; 0 or 1 suffix (strings)
                assert isinstance(selector["exact"], str) and selector["exact"]
                assert all(isinstance(selector.get(k, ""), str) for k in ("prefix", "suffix"))
                assert set(selector) <= {"type", "exact", "prefix", "suffix"}
            else:
                # 4.2.5: exactly 1 start and 1 end, non-negative integers
                assert set(selector) == {"type", "start", "end"}
                assert all(isinstance(selector[k], int) and not isinstance(selector[k], bool) and selector[k] >= 0
                           for k in ("start", "end"))
                assert selector["start"] <= selector["end"]


def test_every_file_keeps_the_musts_of_the_w3c_model(documents: dict) -> None:
    for path, doc in documents.items():
        # 5.1 collection: @context with the W3C context; exactly 1 IRI as id; type AnnotationCollection;
        # total a non-negative integer. 5.2 page: an IRI as id; type AnnotationPage; 1 or more items.
        assert W3C in as_list(doc["@context"])
        assert doc["id"] == SITE + path and doc["type"] == "AnnotationCollection" and isinstance(doc["label"], str)
        assert isinstance(doc["total"], int) and doc["total"] == len(items_of(doc))
        ids = [doc["id"]]
        if doc["total"]:
            page = doc["first"]
            assert is_iri(page["id"]) and page["type"] == "AnnotationPage" and page["startIndex"] == 0
            assert isinstance(page["items"], list) and page["items"]
            ids.append(page["id"])
        for ann in items_of(doc):
            check_annotation(ann, doc["@context"])
            ids.append(ann["id"])
        assert len(ids) == len(set(ids)), path  # every id names one thing


def test_each_report_file_holds_its_reports_annotations_as_the_whole_collection_does(documents: dict, index) -> None:
    whole = {a["id"]: a for a in items_of(documents["data/annotations.jsonld"])}
    for report in index.reports:
        doc = documents[f"data/annotations/{report.slug}.jsonld"]
        assert [a["id"] for a in items_of(doc)] == [SITE + Urls().passage(a) for a in index.by_report.get(report.slug, [])]
        assert all(a == whole[a["id"]] for a in items_of(doc))
    assert len(documents) == len(index.reports) + 1


# ----------------------------------------------------------------------------- selectors select the passage


def test_each_quote_selector_selects_exactly_its_passage_and_the_position_agrees(documents: dict, index) -> None:
    items = {a["id"]: a for a in items_of(documents["data/annotations.jsonld"])}
    searches = {r.slug: SearchText(r.text) for r in index.reports}
    for ann in index.annotations.values():
        text, (start, end) = index.report(ann).text, ann.span
        quote, position = items[SITE + Urls().passage(ann)]["target"][0]["selector"]
        assert text[position["start"]:position["end"]] == quote["exact"] == text[start:end]
        prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
        whole = prefix + quote["exact"] + suffix
        assert text.count(whole) == 1 and text.find(whole) == start - len(prefix), ann.id  # character for character
        match = searches[ann.report].anchor(quote["exact"], prefix, suffix)  # and as the site matches quotes
        assert match.found and (match.start, match.end) == (start, end), ann.id
        assert prefix.strip() if start > 0 and text[:start].strip() else True  # context on both sides, where any
        assert suffix.strip() if text[end:].strip() else True


TEXT = "One two. One two. One two three. The two said: one two."


@pytest.mark.parametrize("exact, occurrence, given_prefix, given_suffix", [
    ("two", 0, "", ""), ("two", 1, "", ""), ("two", 2, "", "three"), ("One two.", 1, "two.", ""),
    ("One", 0, "", ""), ("two.", 2, "one", ""), ("two", 4, "said: one", "")])
def test_computed_context_is_whole_words_and_selects_one_passage(exact: str, occurrence: int, given_prefix: str,
                                                                  given_suffix: str, index) -> None:
    starts = [m.start() for m in re.finditer(re.escape(exact), TEXT)]
    start = starts[occurrence]
    report = dataclasses.replace(next(iter(index.corpus.reports.values())), text=TEXT)
    ann = Annotation("x", "claim", report.slug, Quote(exact, given_prefix, given_suffix), "S.", (), (),
                     Origin("a.yml"), span=(start, start + len(exact)))
    selector = webannotation.quote_selector(ann, report)
    prefix, suffix = selector.get("prefix", ""), selector.get("suffix", "")
    assert TEXT.count(prefix + exact + suffix) == 1 and TEXT.find(prefix + exact + suffix) == start - len(prefix)
    after = start + len(exact) + len(suffix)
    if not given_prefix:  # whole words, where the contributor gave none (theirs is kept as they cut it)
        assert start == len(prefix) or TEXT[start - len(prefix) - 1].isspace()
    if not given_suffix:
        assert after == len(TEXT) or TEXT[after].isspace()
    assert prefix.rstrip().endswith(given_prefix) and suffix.lstrip().startswith(given_suffix)


def test_an_unanchored_annotation_is_refused(index) -> None:
    ann = next(iter(index.annotations.values()))
    with pytest.raises(ValueError, match="not anchored"):
        webannotation.quote_selector(dataclasses.replace(ann, span=(-1, -1)), index.report(ann))
