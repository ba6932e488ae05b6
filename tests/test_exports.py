"""The exports, from an index built in memory: W3C Web Annotations (JSON-LD), the tracker as CSV and JSON, citations."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from macros.anchoring import SearchText
from macros.glue.config import load_project
from macros.index import Vocabulary, build_index
from macros.model import (Actor, Annotation, Author, Corpus, Evidence, Force, Origin, Quote, Relation, Report, Topic,
                          Uncertain)
from macros.render import exports
from macros.render.files import Part, whole
from tests.sitebuild import ROOT

SITE = "https://reports.example.org/"
COLUMNS = ["id", "summary", "report", "date", "addressees", "topics", "status", "as_of", "url",
           "force", "force_wording", "checked", "latest_evidence_date", "latest_evidence_outlet"]
W3C_MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
                   "identifying", "linking", "moderating", "questioning", "replying", "tagging"}

OLD_TEXT = "The committee should meet. Trade fell by 8.6 percent. The committee should meet. Officials disagree."
NEW_TEXT = "Japan should fund chips research. The “alliance” must act, say officials. Nothing else."


def report(slug: str, date: str, text: str, **changes) -> Report:
    base = dict(slug=slug, title=f"Report {slug}", title_supplied=False, authors=(Author("Ada Writer"),),
                authors_statement="", publisher="Pub", series="", number="", date=date, date_precision="day",
                url=f"https://publisher.example/{slug}", captured_from="", completeness="full", completeness_note="All.",
                uncertain=(), origin=Origin(f"docs/reports/{slug}.md"), text=text)
    return Report(**(base | changes))


def ann(ident: str, rep: str, quote: Quote, **changes) -> Annotation:
    base = Annotation(ident, "claim", rep, quote, f"Summary of {ident}.", ("trade",), ("japan",),
                      Origin(f"annotations/{rep}.yml"), claim_type="fact")
    return dataclasses.replace(base, **changes)


ANNOTATIONS = [
    ann("old-meet-1", "old", Quote("The committee should meet.", suffix="Trade fell"), kind="recommendation", claim_type="",
        status="implemented", as_of="2024-01-01", topics=("security", "trade"), actors=("japan", "alliance"),
        force=Force("urged", "should"), checked="2024-01-02",
        evidence=(Evidence("2023-05", "It met.", "https://news.example/met", "Nikkei Asia"),
                  Evidence("2020-01", "Context.", "https://news.example/before", "Kyodo", True),
                  Evidence("2021", "It was planned.", "https://news.example/plan", "NHK"))),
    ann("old-trade", "old", Quote("Trade fell by 8.6 percent."), claim_type="statistic",
        relations=(Relation("supports", "old-meet-1"),)),
    ann("old-meet-2", "old", Quote("The committee should meet.", prefix="8.6 percent."), kind="recommendation",
        claim_type="", status="not-yet-assessed", actors=(), summary="=HYPERLINK(\"https://evil.example\", \"x\")"),
    ann("new-fund", "new", Quote("Japan should fund chips research."), kind="recommendation", claim_type="",
        status="in-progress", as_of="2025-02-01", summary='Fund research, "soon", in Japan;\nsecond line — ünïcode.'),
    ann("new-alliance", "new", Quote('The "alliance" must act'), claim_type="assessment", actors=("alliance",),
        relations=(Relation("contradicts", "old-trade"),)),
]


@pytest.fixture(scope="module")
def index():
    corpus = Corpus(
        reports={"old": report("old", "2020-06-01", OLD_TEXT),
                 "new": report("new", "2022-04-27", NEW_TEXT, title_supplied=True,
                               uncertain=(Uncertain("date", "Only a later article gives it."),))},
        topics={"trade": Topic("trade", "Trade", "", Origin("annotations/topics.yml")),
                "security": Topic("security", "Economic security", "", Origin("annotations/topics.yml"))},
        actors={"japan": Actor("japan", "Japan", "country", "", "", Origin("annotations/actors.yml")),
                "alliance": Actor("alliance", "The Alliance", "multilateral-or-minilateral-body", "", "",
                                  Origin("annotations/actors.yml"))},
        annotations=[anchored(a) for a in ANNOTATIONS])
    return build_index(corpus, Vocabulary.from_schema(load_project(ROOT).schema))


def anchored(a: Annotation) -> Annotation:
    """The annotation with the span the check would find (the exports require anchored annotations)."""
    match = SearchText(OLD_TEXT if a.report == "old" else NEW_TEXT).anchor(a.quote.exact, a.quote.prefix, a.quote.suffix)
    assert match.found, a.id
    return dataclasses.replace(a, span=(match.start, match.end))


BY_ID = {a.id: a for a in ANNOTATIONS}
RECOMMENDATIONS = ["new-fund", "old-meet-1", "old-meet-2"]  # newest report first, then in reading order


def passage(ident: str) -> str:
    return f"{SITE}reports/{BY_ID[ident].report}/#{ident}"


# ----------------------------------------------------------------------------- W3C Web Annotation (JSON-LD)


@pytest.fixture(scope="module")
def collection(index) -> dict:
    return json.loads(exports.annotations_jsonld(index, SITE))


@pytest.fixture(scope="module")
def items(collection) -> dict[str, dict]:
    return {item["id"].rsplit("#", 1)[1]: item for item in collection["first"]["items"]}


def test_collection_shape(collection: dict) -> None:
    context = collection["@context"]
    assert context[0] == "http://www.w3.org/ns/anno.jsonld"
    assert context == ["http://www.w3.org/ns/anno.jsonld", SITE + "data/context.jsonld"]  # our terms: the published context
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == SITE + "data/annotations.jsonld"
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0 and page["id"] == collection["id"] + "#page-1"
    assert collection["total"] == len(page["items"]) == len(ANNOTATIONS)


def test_one_item_per_annotation_each_at_its_passage(collection: dict) -> None:
    ids = [item["id"] for item in collection["first"]["items"]]
    assert sorted(ids) == sorted(passage(a.id) for a in ANNOTATIONS)
    assert ids.index(passage("new-fund")) < ids.index(passage("old-meet-1"))  # newest report first
    assert ids.index(passage("old-meet-1")) < ids.index(passage("old-trade")) < ids.index(passage("old-meet-2"))


def test_every_item_is_an_annotation_describing_the_passage(items: dict) -> None:
    for ident, item in items.items():
        source = BY_ID[ident]
        assert item["type"] == "Annotation" and item["motivation"] in W3C_MOTIVATIONS
        bodies = item["body"]
        assert bodies[0] == {"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": source.summary}
        tags = [b["value"] for b in bodies[1:] if b["purpose"] == "tagging"]
        assert len(tags) == len(source.topics) == len(bodies) - 1
        assert all(b["type"] == "TextualBody" for b in bodies)
    assert [b["value"] for b in items["old-meet-1"]["body"][1:]] == ["Economic security", "Trade"]


def test_targets_are_our_page_and_the_original_with_a_text_quote_selector(items: dict) -> None:
    for ident, item in items.items():
        source = BY_ID[ident]
        ours, original = item["target"]
        assert ours["type"] == original["type"] == "SpecificResource"
        assert ours["source"] == f"{SITE}reports/{source.report}/"
        assert original["source"] == f"https://publisher.example/{source.report}"
        quote, position = ours["selector"]
        assert original["selector"] == quote
        assert quote["type"] == "TextQuoteSelector" and set(quote) <= {"type", "exact", "prefix", "suffix"}
        text = OLD_TEXT if source.report == "old" else NEW_TEXT
        start, end = anchored(source).span
        assert quote["exact"] == text[start:end]  # as the page has it, not as the contributor typed it
        assert position == {"type": "TextPositionSelector", "start": start, "end": end}
    # unique already: a word of context each side, as the page has it (a consumer re-anchors on it)
    assert items["old-trade"]["target"][0]["selector"][0] == {"type": "TextQuoteSelector", "exact": "Trade fell by 8.6 percent.",
                                                             "prefix": "meet. ", "suffix": " The"}
    assert "prefix" not in items["new-fund"]["target"][0]["selector"][0]  # at the start of the text: none, not ""
    assert items["new-alliance"]["target"][0]["selector"][0]["exact"] == "The “alliance” must act"
    # the contributor's own context is kept, exactly as the page has it (with the space before the passage)
    assert items["old-meet-2"]["target"][0]["selector"][0]["prefix"] == "8.6 percent. "
    assert items["old-meet-1"]["target"][0]["selector"][0]["suffix"] == " Trade fell"


def test_each_selector_picks_out_exactly_one_passage_of_its_report(index, items: dict) -> None:
    for ident, item in items.items():
        selector = item["target"][0]["selector"][0]
        text = SearchText(index.corpus.reports[BY_ID[ident].report].text)
        assert text.anchor(selector["exact"], selector.get("prefix", ""), selector.get("suffix", "")).found, ident


def test_recommendations_carry_their_status_and_claims_their_type(items: dict) -> None:
    for ident, item in items.items():
        source = BY_ID[ident]
        assert item["kind"] == source.kind
        if source.is_recommendation:
            assert item["status"] == source.status and "claimType" not in item
            assert item.get("statusAsOf", "") == source.as_of
        else:
            assert "status" not in item and item["claimType"] == source.claim_type
    assert items["old-meet-1"]["actors"] == ["Japan", "The Alliance"]
    assert items["old-meet-1"]["topics"] == ["security", "trade"]
    assert items["old-meet-1"]["evidence"] == [  # oldest first
        {"date": "2020-01", "event": "Context.", "documentedIn": "https://news.example/before", "outlet": "Kyodo",
         "background": True},
        {"date": "2021", "event": "It was planned.", "documentedIn": "https://news.example/plan", "outlet": "NHK"},
        {"date": "2023-05", "event": "It met.", "documentedIn": "https://news.example/met", "outlet": "Nikkei Asia"}]
    assert (items["old-meet-1"]["force"], items["old-meet-1"]["forceWording"]) == ("urged", "should")
    assert items["old-meet-1"]["checked"] == "2024-01-02" and "force" not in items["new-fund"]
    assert "evidence" not in items["old-trade"] and "relations" not in items["old-meet-1"]
    assert "actors" not in items["old-meet-2"]  # an empty list is left out


def test_relations_point_at_the_items_of_their_targets(items: dict) -> None:
    assert items["old-trade"]["relations"] == [{"relationType": "supports", "relatedTo": passage("old-meet-1")}]
    assert items["new-alliance"]["relations"] == [{"relationType": "contradicts", "relatedTo": passage("old-trade")}]
    all_ids = {item["id"] for item in items.values()}
    assert all(r["relatedTo"] in all_ids for item in items.values() for r in item.get("relations", []))


def test_non_ascii_text_is_written_as_is(index) -> None:
    text = exports.annotations_jsonld(index, SITE)
    assert "ünïcode" in text and "\\u" not in text  # UTF-8, not \u escapes


# ----------------------------------------------------------------------------- the tracker as records, CSV and JSON


def test_one_row_per_recommendation_with_the_tracker_columns(index) -> None:
    rows = exports.tracker_rows(index, SITE)
    assert [r["id"] for r in rows] == RECOMMENDATIONS
    assert all(list(r) == COLUMNS for r in rows)


def test_row_values(index) -> None:
    row = {r["id"]: r for r in exports.tracker_rows(index, SITE)}
    assert row["old-meet-1"] == {"id": "old-meet-1", "summary": "Summary of old-meet-1.", "report": "Report old",
                                 "date": "2020-06-01", "addressees": "Japan; The Alliance",
                                 "topics": "Economic security; Trade", "status": "Implemented", "as_of": "2024-01-01",
                                 "url": passage("old-meet-1"), "force": "urged", "force_wording": "should",
                                 "checked": "2024-01-02", "latest_evidence_date": "2023-05",
                                 "latest_evidence_outlet": "Nikkei Asia"}  # background is not what happened since
    assert row["new-fund"]["report"] == "[Report new]"  # a title supplied by the editors is bracketed
    assert row["new-fund"]["date"] == "2022-04-27 [date unverified]"  # an unverified date keeps its mark
    assert [row["new-fund"][k] for k in COLUMNS[-5:]] == ["", "", "", "", ""]
    assert row["new-fund"]["status"] == "In progress"
    assert row["old-meet-2"]["addressees"] == "" and row["old-meet-2"]["as_of"] == ""


def read_csv(text: str) -> list[dict[str, str]]:
    """As Excel reads the file: the bytes, a byte-order mark saying UTF-8, then Excel's dialect."""
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), dialect="excel"))


def test_csv_round_trips_to_the_rows(index) -> None:
    text = exports.tracker_csv(index, SITE)
    assert text.splitlines()[0] == exports.BOM + ",".join(COLUMNS)
    parsed = read_csv(text)
    rows = exports.tracker_rows(index, SITE)
    assert len(parsed) == len(rows) == len(RECOMMENDATIONS)
    for got, row in zip(parsed, rows):
        assert got == {k: exports.safe_cell(v) for k, v in row.items()}
    fund = next(r for r in parsed if r["id"] == "new-fund")
    assert fund["summary"] == 'Fund research, "soon", in Japan;\nsecond line — ünïcode.'  # commas, quotes, line break kept


def test_csv_neutralises_a_formula_but_json_keeps_the_text(index) -> None:
    parsed = {r["id"]: r for r in read_csv(exports.tracker_csv(index, SITE))}
    assert parsed["old-meet-2"]["summary"] == "'" + BY_ID["old-meet-2"].summary
    as_json = {r["id"]: r for r in json.loads(exports.tracker_json(index, SITE))}
    assert as_json["old-meet-2"]["summary"] == BY_ID["old-meet-2"].summary


def test_json_is_the_rows(index) -> None:
    assert json.loads(exports.tracker_json(index, SITE)) == exports.tracker_rows(index, SITE)


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("\nx", "'\nx"), (" =1", "' =1"), ("   +1", "'   +1"), (" \t=1", "' \t=1"), ("\u00a0@x", "'\u00a0@x"),
    (" \n=1", "' \n=1"), ("plain", "plain"), ("", ""), ("   ", "   "), ("a=b", "a=b"), (" a-b", " a-b"),
])
def test_safe_cell(value: str, expected: str) -> None:
    assert exports.safe_cell(value) == expected


# ----------------------------------------------------------------------------- citations and the set of files


def test_a_citation_for_every_annotation(index) -> None:
    cites = json.loads(exports.citations_json(index, SITE))
    assert set(cites) == set(BY_ID)
    for ident, cite in cites.items():
        assert BY_ID[ident].quote.exact in cite["text"] and passage(ident) in cite["text"]
        assert cite["bibtex"].startswith(f"@techreport{{{ident},")
        assert f"url = {{{passage(ident)}}}" in cite["bibtex"] and cite["bibtex"].endswith("}")
        assert f"TY  - RPRT\r\nID  - {ident}\r\n" in cite["ris"] and json.loads(cite["csl"])["id"] == ident
        assert "\n" not in cite["csl"]  # compact, as every JSON export


def test_all_exports_are_the_data_files(index) -> None:
    files = exports.all_exports(index, SITE)
    assert set(files) == {"data/annotations.jsonld", "data/context.jsonld", "data/annotations/old.jsonld",
                          "data/annotations/new.jsonld", "data/tracker.csv", "data/tracker.json", "data/citations.json",
                          "data/citations.ris", "data/citations.csl.json", "data/citations/old.ris", "data/citations/new.ris",
                          "data/citations/old.json", "data/citations/new.json",
                          "data/tracker/old.csv", "data/tracker/new.csv"}
    assert files["data/tracker.csv"] == exports.tracker_csv(index, SITE)
    for path in {p for p in files if p.endswith((".json", ".jsonld"))}:
        json.loads(files[path])


WHOLE = {exports.FILES[k] for k in ("annotations", "citations", "citations_ris", "citations_csl")}
"""The whole-corpus files, which the build writes in parts."""


def test_the_export_batches_hold_each_file_once_and_the_whole_corpus_files_in_parts(index) -> None:
    """The build writes the exports a batch at a time: every file comes once, whole, but the whole-corpus
    ones, which come in parts, the last marked; together the batches are all_exports."""
    batches = list(exports.export_batches(index, SITE))
    once = [path for batch in batches for path, content in batch.items() if isinstance(content, str)]
    assert len(once) == len(set(once)) and not WHOLE & set(once)
    for path in WHOLE:
        parts = [batch[path] for batch in batches if path in batch]
        assert all(isinstance(p, Part) for p in parts) and [p.last for p in parts] == [False] * (len(parts) - 1) + [True]
    assert whole(batches) == exports.all_exports(index, SITE)
    assert set(whole(batches)) == set(once) | WHOLE


def test_the_whole_corpus_files_made_in_parts_are_the_files_made_whole(index) -> None:
    """Joined, the parts are byte for byte what making each file in one go gives."""
    files = exports.all_exports(index, SITE)
    assert files["data/annotations.jsonld"] == exports.annotations_jsonld(index, SITE)
    assert files["data/citations.json"] == exports.citations_json(index, SITE)
    assert files["data/citations.ris"] == exports.citations_ris(index, SITE)
    assert files["data/citations.csl.json"] == exports.citations_csl(index, SITE)


def test_per_report_files_and_the_whole_corpus_parts_come_a_few_reports_at_a_time(index) -> None:
    """A batch holds at most ``per_batch`` reports' files, and its parts of the whole-corpus files hold those
    reports' passages and no other: a build never holds a whole-corpus file (70 MB at 1,000 reports)."""
    import rispy

    batches = list(exports.export_batches(index, SITE, per_batch=1))
    assert set(batches[0]) == {"data/context.jsonld", "data/tracker.csv", "data/tracker.json"}
    opening, *middle, closing = batches[1:]
    assert set(opening) == set(closing) == WHOLE and all(closing[p].last for p in WHOLE)
    assert len(middle) == len(index.reports)
    for batch, report in zip(middle, index.reports):
        slug, ids = report.slug, [a.id for a in index.by_report[report.slug]]
        own = {f"data/annotations/{slug}.jsonld", f"data/citations/{slug}.ris", f"data/citations/{slug}.json"}
        if any(a.is_recommendation for a in index.by_report[slug]):
            own.add(f"data/tracker/{slug}.csv")
        assert set(batch) == own | WHOLE
        piece = lambda path: batch[path].text.lstrip(",")  # noqa: E731 - the comma before a batch's first item
        assert list(json.loads("{" + piece("data/citations.json") + "}")) == ids
        assert [i["id"].rsplit("#", 1)[1] for i in json.loads("[" + piece("data/annotations.jsonld") + "]")] == ids
        assert [i["id"] for i in json.loads("[" + piece("data/citations.csl.json") + "]")] == ids
        assert [r["id"] for r in rispy.loads(batch["data/citations.ris"].text)] == ids


def test_a_corpus_without_annotations_has_an_empty_collection(index) -> None:
    bare = build_index(dataclasses.replace(index.corpus, annotations=[]), index.vocab)
    files = exports.all_exports(bare, SITE)
    assert files["data/annotations.jsonld"] == exports.annotations_jsonld(bare, SITE)
    assert json.loads(files["data/annotations.jsonld"])["total"] == 0 and json.loads(files["data/citations.json"]) == {}
    assert files["data/citations.ris"] == exports.citations_ris(bare, SITE)  # the two reports' records
    assert len(json.loads(files["data/citations.csl.json"])) == 2


@pytest.mark.parametrize("batches, problem", [
    ([{"a": "x"}, {"a": "y"}], "a given again"),
    ([{"a": Part("x", last=True)}, {"a": Part("y")}], "a given again"),
    ([{"a": Part("x")}], "without their last part"),
])
def test_whole_refuses_a_file_given_twice_or_left_unfinished(batches: list, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        whole(batches)


def test_each_report_has_its_own_citations_and_tracker_rows(index) -> None:
    import rispy

    files = exports.all_exports(index, SITE)
    whole = rispy.loads(files["data/citations.ris"])
    for slug in ("old", "new"):
        mine = rispy.loads(files[f"data/citations/{slug}.ris"])
        assert len(mine) == 1 + len(index.by_report[slug])  # the report, then each of its annotations
        assert all(r in whole for r in mine)  # as in the whole file
        rows = list(csv.DictReader(io.StringIO(files[f"data/tracker/{slug}.csv"].lstrip(exports.BOM))))
        assert [r["id"] for r in rows] == [a.id for a in index.by_report[slug] if a.is_recommendation]
    all_rows = list(csv.DictReader(io.StringIO(files["data/tracker.csv"].lstrip(exports.BOM))))
    assert sorted(r["id"] for r in all_rows) == sorted(r["id"] for s in ("old", "new") for r in csv.DictReader(
        io.StringIO(files[f"data/tracker/{s}.csv"].lstrip(exports.BOM))))


def test_each_report_file_is_that_reports_annotations_as_in_the_whole_collection(index, items: dict) -> None:
    files = exports.all_exports(index, SITE)
    for slug in ("old", "new"):
        doc = json.loads(files[f"data/annotations/{slug}.jsonld"])
        assert doc["id"] == f"{SITE}data/annotations/{slug}.jsonld" and doc["first"]["id"] == doc["id"] + "#page-1"
        assert doc["first"]["items"] == [items[a.id] for a in ANNOTATIONS if a.report == slug]
        assert doc["total"] == len(doc["first"]["items"])
