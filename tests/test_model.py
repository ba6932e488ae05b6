"""The model: entries built leniently from parsed YAML (validation reports what is wrong), and where they are."""

from __future__ import annotations

import dataclasses

import pytest

from macros.model import (Author, Evidence, Figure, Force, HistoryEntry, Origin, Quote, Relation, Uncertain,
                          actor_from, annotation_from, report_from, topic_from)

ORIGIN = Origin("annotations/r.yml", 4, 5)

META = {"title": "A Title", "title_supplied": False, "authors": [{"name": "Ada Writer", "affiliation": "Inst"}],
        "authors_statement": "", "publisher": "Pub", "series": "Papers", "number": "7", "date": "2021-03-18",
        "date_precision": "day", "url": "https://example.org/r", "captured_from": "https://archive.example/r",
        "completeness": "full", "completeness_note": "All.", "uncertain": [{"field": "date", "note": "Unsure."}]}


# ----------------------------------------------------------------------------- Origin.at


def test_origin_at_gives_a_fields_own_place() -> None:
    origin = Origin("a.yml", 3, 5, {("topics",): (8, 13), ("topics", 1): (8, 25), ("quote", "exact"): (6, 14)})
    assert origin.at("topics", 1) == (8, 25)
    assert origin.at("quote", "exact") == (6, 14)


def test_origin_at_falls_back_to_the_nearest_enclosing_field_then_the_entry() -> None:
    origin = Origin("a.yml", 3, 5, {("topics",): (8, 13), ("evidence", 0): (12, 9)})
    assert origin.at("topics", 7) == (8, 13)
    assert origin.at("evidence", 0, "date") == (12, 9)
    assert origin.at("summary") == (3, 5)
    assert origin.at() == (3, 5)


def test_origin_without_field_locations_is_the_entry_line() -> None:
    assert Origin("a.yml").at("anything", 0) == (1, 1)


def test_origins_compare_and_hash_by_place_not_by_field_map() -> None:
    one, two = Origin("a.yml", 3, 5, {("id",): (3, 9)}), Origin("a.yml", 3, 5)
    assert one == two and hash(one) == hash(two)
    assert one != Origin("a.yml", 4, 5)


# ----------------------------------------------------------------------------- report_from


def test_report_from_complete_front_matter() -> None:
    report = report_from("r", META, Origin("docs/reports/r.md"), "the text")
    assert (report.slug, report.title, report.publisher, report.date, report.url) == (
        "r", "A Title", "Pub", "2021-03-18", "https://example.org/r")
    assert report.authors == (Author("Ada Writer", "Inst"),)
    assert report.uncertain == (Uncertain("date", "Unsure."),)
    assert report.text == "the text" and report.year == "2021"
    assert report.display_title == "A Title"
    assert report.is_uncertain("date") and not report.is_uncertain("number")


def test_a_supplied_title_is_bracketed() -> None:
    assert report_from("r", META | {"title_supplied": True}, ORIGIN, "").display_title == "[A Title]"


def test_an_unverified_title_is_shown_with_its_mark_and_cited_without() -> None:
    unsure = report_from("r", META | {"title_supplied": True, "uncertain": [{"field": "title", "note": "n"}]}, ORIGIN, "")
    assert unsure.display_title == "[A Title] [title unverified]" and unsure.cited_title == "[A Title]"
    assert unsure.mark("title") == " [title unverified]" and unsure.mark("date") == ""


@pytest.mark.parametrize("value", ["yes", "true", 1, None])
def test_title_supplied_only_when_exactly_true(value: object) -> None:
    assert report_from("r", META | {"title_supplied": value}, ORIGIN, "").title_supplied is False


def test_report_from_is_lenient_with_wrong_types_and_missing_fields() -> None:
    meta = {"title": 12, "authors": ["Ada", {"name": "Bo", "affiliation": 3}, None], "date": None,
            "uncertain": "date", "number": 554}
    report = report_from("r", meta, ORIGIN, "")
    assert report.title == "" and report.number == "" and report.date == "" and report.publisher == ""
    assert report.authors == (Author("Bo", ""),)
    assert report.uncertain == ()
    assert report.year == ""


def test_report_text_is_not_part_of_its_identity() -> None:
    assert report_from("r", META, ORIGIN, "one") == report_from("r", META, ORIGIN, "two")


# ----------------------------------------------------------------------------- topics and actors


def test_topic_and_actor_from() -> None:
    topic = topic_from({"id": "trade", "title": "Trade", "description": "Goods."}, ORIGIN)
    assert (topic.id, topic.title, topic.description, topic.origin) == ("trade", "Trade", "Goods.", ORIGIN)
    actor = actor_from({"id": "japan", "name": "Japan", "kind": "country"}, ORIGIN)
    assert (actor.id, actor.name, actor.kind, actor.country, actor.description) == ("japan", "Japan", "country", "", "")


def test_topic_and_actor_sources_keep_their_order_and_drop_non_text() -> None:
    topic = topic_from({"id": "t", "sources": ["https://a.example/1", 3, "https://b.example/2"]}, ORIGIN)
    assert topic.sources == ("https://a.example/1", "https://b.example/2")
    assert actor_from({"id": "a", "sources": "https://a.example/1"}, ORIGIN).sources == ()


def test_force_weight_checked_outlet_and_background() -> None:
    rec = annotation_from({"kind": "recommendation", "force": {"level": "option", "wording": "could"}, "checked": "2026-12-03",
                           "evidence": [{"date": "2021", "event": "E.", "source": "https://e.example", "outlet": "Nikkei Asia",
                                         "background": True}, {"date": "2022", "background": "yes"}]}, "r", ORIGIN)
    assert rec.force == Force("option", "could") and rec.checked == "2026-12-03" and rec.weight == ""
    assert rec.evidence[0] == Evidence("2021", "E.", "https://e.example", "Nikkei Asia", True)
    assert rec.evidence[1].background is False  # only a real true marks background
    assert rec.is_key
    assert annotation_from({"kind": "claim", "weight": "key"}, "r", ORIGIN).is_key
    assert not annotation_from({"kind": "claim", "weight": "supporting"}, "r", ORIGIN).is_key
    assert not annotation_from({"kind": "claim"}, "r", ORIGIN).is_key
    assert annotation_from({"kind": "recommendation", "force": "urged"}, "r", ORIGIN).force is None


# ----------------------------------------------------------------------------- annotation_from


def test_annotation_from_a_complete_recommendation() -> None:
    data = {"id": "r-one", "kind": "recommendation", "quote": {"exact": "Do it.", "prefix": "Now:", "suffix": "Then"},
            "summary": "Do it.", "topics": ["trade", "security"], "actors": ["japan"], "note": "*Why*",
            "status": "implemented", "as_of": "2024-01-01",
            "evidence": [{"date": "2023-05", "event": "Done.", "source": "https://example.org/e"}],
            "history": [{"status": "in-progress", "as_of": "2022-01-01", "note": "Begun."}],
            "relations": [{"type": "supports", "target": "r-two"}]}
    ann = annotation_from(data, "r", ORIGIN)
    assert (ann.id, ann.kind, ann.report, ann.summary, ann.note) == ("r-one", "recommendation", "r", "Do it.", "*Why*")
    assert ann.quote == Quote("Do it.", "Now:", "Then")
    assert ann.topics == ("trade", "security") and ann.actors == ("japan",)
    assert (ann.status, ann.as_of) == ("implemented", "2024-01-01")
    assert ann.evidence == (Evidence("2023-05", "Done.", "https://example.org/e"),)
    assert ann.history == (HistoryEntry("in-progress", "2022-01-01", "Begun."),)
    assert ann.relations == (Relation("supports", "r-two"),)
    assert ann.is_recommendation and ann.origin == ORIGIN
    assert ann.span == (-1, -1)  # anchored later, by the checks


def test_annotation_from_a_claim_with_figures() -> None:
    data = {"id": "c", "kind": "claim", "claim_type": "statistic", "quote": {"exact": "8.6 percent"},
            "figures": [{"value": 8.6, "measures": "fall", "unit": "percent", "year": 2017},
                        {"value": 3, "measures": "count", "period": "2010s"}]}
    ann = annotation_from(data, "r", ORIGIN)
    assert not ann.is_recommendation and ann.claim_type == "statistic"
    assert ann.figures == (Figure(8.6, "fall", "percent", 2017), Figure(3, "count", "", None, "2010s"))


def test_annotation_from_is_lenient_with_wrong_types() -> None:
    data = {"id": "x", "quote": "just a string", "topics": ["ok", 3, None, ["nested"]], "actors": "japan",
            "figures": [{"value": "8.6", "year": "2017"}, {"value": True}, "nope"],
            "evidence": ["nope", {"date": 2023}], "history": None, "relations": [{"type": "supports"}]}
    ann = annotation_from(data, "r", ORIGIN)
    assert ann.quote == Quote("")
    assert ann.topics == ("ok",) and ann.actors == ()
    assert ann.figures == (Figure(0.0, ""), Figure(0.0, ""))  # numbers given as text or booleans are not numbers
    assert ann.evidence == (Evidence("", "", ""),)
    assert ann.history == () and ann.relations == (Relation("supports", ""),)
    assert (ann.kind, ann.summary, ann.status, ann.claim_type) == ("", "", "", "")


def test_annotation_from_an_empty_entry() -> None:
    ann = annotation_from({}, "r", ORIGIN)
    assert (ann.id, ann.report, ann.quote, ann.topics, ann.figures) == ("", "r", Quote(""), (), ())


def test_model_objects_are_immutable() -> None:
    ann = annotation_from({"id": "x"}, "r", ORIGIN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ann.id = "y"  # type: ignore[misc]
