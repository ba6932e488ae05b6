"""The Atom feeds, read with feedparser (as a feed reader reads them) against the YAML read with plain PyYAML.

Every status and evidence event of every recommendation is in the status feed once, with its date,
link and text; each topic's feed holds exactly its topic's events; ids and dates are the same from
build to build. Invariants only: no test counts today's corpus.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
import yaml

from macros.glue.config import load_project
from macros.index import Vocabulary, build_index
from macros.model import Annotation, Corpus, Evidence, HistoryEntry, Origin, Quote, Topic, report_from
from macros.render.feeds import ENTRIES, FEEDS, feeds, timestamp, topic_feed
from macros.validation import load_checked
from tests.sitebuild import ROOT
from tests.test_site import ANNOTATIONS

SITE = "https://example.org/site/"
RECOMMENDATIONS = [a for a in ANNOTATIONS if a["kind"] == "recommendation"]


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


REPORTS = {p.stem: _front_matter(p) for p in sorted((ROOT / "docs" / "reports").glob("*.md"))}


def build_feeds(limit: int | None = None) -> dict[str, str]:
    """The feeds of this repository's data, from an index built in memory as the build builds it, each of
    its newest ``limit`` entries (None: every entry, which the tests below hold against the YAML)."""
    project = load_project(ROOT)
    corpus, problems = load_checked(project)
    assert problems == []
    return feeds(build_index(corpus, Vocabulary.from_schema(project.schema)), SITE, limit=limit)


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    return build_feeds()


@pytest.fixture(scope="module")
def parsed(built: dict[str, str]) -> dict[str, feedparser.FeedParserDict]:
    return {path: feedparser.parse(xml) for path, xml in built.items()}


def expected_time(date: str) -> str:
    """The documented rule, written out again: a partial date is the first day of its period, midnight UTC."""
    parts = str(date).split("-")
    return "{}-{}-{}T00:00:00Z".format(parts[0], parts[1] if len(parts) > 1 else "01", parts[2] if len(parts) > 2 else "01")


def events(ann: dict) -> list[tuple[str, str, list[str]]]:
    """A recommendation's events from the YAML: (kind, date as written, texts the entry must hold)."""
    checks = [(h["status"], str(h["as_of"]), [h["note"]] if h.get("note") else []) for h in ann.get("history", [])]
    if ann.get("as_of"):
        checks.append((ann["status"], str(ann["as_of"]), []))
    # A check that found the status of the check before it is no change, so no entry.
    changes = [c for i, c in enumerate(checks) if i == 0 or c[0] != checks[i - 1][0]]
    out = [("status", date, [status.replace("-", " ").capitalize()] + notes) for status, date, notes in changes]
    out += [("evidence", str(e["date"]), [e["event"], e["source"]]) for e in ann.get("evidence", [])]
    return out


def passage(ann: dict) -> str:
    return f"{SITE}reports/{ann['report']}/#{ann['id']}"


def entry_text(entry: feedparser.FeedParserDict) -> str:
    return entry.title + "\n" + entry.content[0].value


def matching(entries: list, ann: dict, kind: str, date: str, texts: list[str]) -> list:
    return [e for e in entries if e.link == passage(ann) and f":{ann['id']}/{kind}/" in e.id
            and e.updated == expected_time(date) and date in e.title and ann["summary"] in e.content[0].value
            and all(t in entry_text(e) for t in texts)
            and (kind != "evidence" or any(link.rel == "related" and link.href == texts[1] for link in e.links))]


def test_every_feed_is_valid_atom(parsed: dict) -> None:
    assert set(parsed) >= {FEEDS["status"], FEEDS["reports"]}
    for path, feed in parsed.items():
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10", path
        assert feed.feed.id and feed.feed.title and feed.feed.updated, path
        assert any(link.rel == "self" and link.href == SITE + path for link in feed.feed.links), path
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids)), path
        for e in feed.entries:
            assert e.id.startswith("tag:example.org,") and e.updated and e.link.startswith(SITE), (path, e.id)


def test_every_status_and_evidence_event_is_in_the_status_feed_once(parsed: dict) -> None:
    entries = parsed[FEEDS["status"]].entries
    expected = [(ann, *event) for ann in RECOMMENDATIONS for event in events(ann)]
    assert expected, "no dated event in the corpus: this test would check nothing"
    for ann, kind, date, texts in expected:
        assert len(matching(entries, ann, kind, date, texts)) == 1, (ann["id"], kind, date)
    assert len(entries) == len(expected)  # and nothing else (claims' evidence is not a status change)


def test_entries_are_newest_first_and_the_feed_is_as_new_as_its_newest_entry(parsed: dict) -> None:
    for path, feed in parsed.items():
        times = [e.updated for e in feed.entries]
        assert times == sorted(times, reverse=True), path
        if times:
            assert feed.feed.updated == times[0], path


def test_each_topic_feed_holds_exactly_its_topics_events(parsed: dict) -> None:
    topics = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    status_ids = {e.id: e for e in parsed[FEEDS["status"]].entries}
    for topic in topics:
        feed = parsed[topic_feed(topic["id"])]
        mine = [a for a in RECOMMENDATIONS if topic["id"] in a["topics"]]
        expected = {e.id for a in mine for kind, date, texts in events(a)
                    for e in matching(list(status_ids.values()), a, kind, date, texts)}
        assert {e.id for e in feed.entries} == expected, topic["id"]
        assert topic["title"] in feed.feed.title
        assert any(link.rel == "alternate" and link.href == f"{SITE}topics/{topic['id']}/" for link in feed.feed.links)
    assert {p for p in parsed if p.startswith("feeds/topics/")} == {topic_feed(t["id"]) for t in topics}


def test_the_reports_feed_has_every_report_by_its_date(parsed: dict) -> None:
    entries = parsed[FEEDS["reports"]].entries
    assert sorted(e.link for e in entries) == sorted(f"{SITE}reports/{slug}/" for slug in REPORTS)
    for slug, meta in REPORTS.items():
        (entry,) = [e for e in entries if e.link == f"{SITE}reports/{slug}/"]
        assert entry.updated == expected_time(meta["date"]) and meta["publisher"] in entry.title
        unverified = {u["field"] for u in meta.get("uncertain", [])}
        assert ("published" in entry) == ("date" not in unverified), slug  # an unverified date is not stated as such
        assert meta["title"] in entry.title


def test_ids_and_dates_are_the_same_from_build_to_build(built: dict) -> None:
    again = build_feeds()
    assert again == built
    for xml in built.values():
        assert not re.search(r"\d{4}-\d{2}-\d{2}T(?!00:00:00Z)", xml)  # no clock time: every date comes from the data


def test_a_feed_holds_its_newest_entries_and_is_dated_as_if_it_held_them_all(built: dict[str, str]) -> None:
    """A window of the newest entries: the same entries, in the same order, as the whole feed begins with."""
    limit = 3
    cut = build_feeds(limit)
    assert set(cut) == set(built)
    shown = 0
    for path, xml in built.items():
        whole, window = feedparser.parse(xml), feedparser.parse(cut[path])
        assert not window.bozo, path
        assert [e.id for e in window.entries] == [e.id for e in whole.entries[:limit]], path
        assert window.feed.updated == whole.feed.updated and window.feed.id == whole.feed.id, path
        shown += len(whole.entries) > limit
    assert shown, "no feed of the corpus has more than 3 entries: the window would not be tested"


# A small corpus made in memory, for the rules the real data may not exercise.

def _corpus() -> Corpus:
    origin = Origin("annotations/r.yml")
    report = report_from("r", {"title": "R", "publisher": "P", "date": "2020-02", "date_precision": "month",
                               "url": "https://example.org/r", "uncertain": [{"field": "date", "note": "n"}]},
                         Origin("docs/reports/r.md"), "text")
    ann = Annotation("rec", "recommendation", "r", Quote("text"), "Do it.", ("t",), (), origin, status="implemented",
                     as_of="2024-03-05", history=(HistoryEntry("in-progress", "2022-01-01", "Started."),),
                     evidence=(Evidence("2023", "A law.", "https://example.org/a"),
                               Evidence("2023-05", "Same source, later.", "https://example.org/a"),
                               Evidence("2023", "Again.", "https://example.org/a")))
    return Corpus(reports={"r": report}, topics={"t": Topic("t", "T", "About T.", origin), "u": Topic("u", "U", "", origin)},
                  annotations=[ann])


def _small() -> dict[str, feedparser.FeedParserDict]:
    index = build_index(_corpus(), Vocabulary.from_schema(str(ROOT / "annotations" / "schema.json")))
    return {p: feedparser.parse(x) for p, x in feeds(index, SITE).items()}


def test_partial_dates_stand_for_the_first_day_and_repeated_events_get_distinct_ids() -> None:
    feed = _small()[FEEDS["status"]]
    assert not feed.bozo
    assert [e.updated for e in feed.entries] == ["2024-03-05T00:00:00Z", "2023-05-01T00:00:00Z", "2023-01-01T00:00:00Z",
                                                 "2023-01-01T00:00:00Z", "2022-01-01T00:00:00Z"]
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == 5 and sum(i.endswith("~2") for i in ids) == 1
    assert timestamp("2023") == "2023-01-01T00:00:00Z" and timestamp("2023-05") == "2023-05-01T00:00:00Z"


def test_a_feed_without_entries_is_dated_by_its_reports_not_the_clock() -> None:
    small = _small()
    # Its only report's date is unverified: a timestamp cannot carry the mark, so the feed falls back to the epoch.
    assert small[topic_feed("u")].entries == [] and small[topic_feed("u")].feed.updated == "1970-01-01T00:00:00Z"
    assert not small[topic_feed("u")].bozo
    (entry,) = small[FEEDS["reports"]].entries
    assert "published" not in entry and "unverified" in entry.title
    assert small[FEEDS["reports"]].feed.updated == "1970-01-01T00:00:00Z"  # the feed is not dated by it either


def test_a_recheck_that_finds_the_same_status_is_no_new_entry() -> None:
    corpus = _corpus()
    ann = corpus.annotations[0]
    rechecked = Annotation(ann.id, ann.kind, ann.report, ann.quote, ann.summary, ann.topics, ann.actors, ann.origin,
                           status="in-progress", as_of="2024-03-05",
                           history=(HistoryEntry("in-progress", "2022-01-01", "Started."),))
    corpus.annotations = [rechecked]
    index = build_index(corpus, Vocabulary.from_schema(str(ROOT / "annotations" / "schema.json")))
    entries = feedparser.parse(feeds(index, SITE)[FEEDS["status"]]).entries
    assert [(e.updated, e.title.split(" (")[0]) for e in entries] == [("2022-01-01T00:00:00Z", "In progress")]


def test_by_default_a_feed_holds_its_newest_fifty_entries() -> None:
    corpus = _corpus()
    ann = corpus.annotations[0]
    many = tuple(Evidence(f"2001-01-{day:02d}", f"Event {day}.", f"https://example.org/e{day}") for day in range(1, 31)) \
        + tuple(Evidence(f"2002-{month:02d}", f"Event of month {month}.", f"https://example.org/m{month}") for month in range(1, 13)) \
        + tuple(Evidence(str(year), f"Event of {year}.", f"https://example.org/y{year}") for year in range(1990, 2000))
    corpus.annotations = [replace(ann, evidence=many)]
    index = build_index(corpus, Vocabulary.from_schema(str(ROOT / "annotations" / "schema.json")))
    whole = feedparser.parse(feeds(index, SITE, limit=None)[FEEDS["status"]])
    written = feedparser.parse(feeds(index, SITE)[FEEDS["status"]])
    assert len(whole.entries) == 54 and ENTRIES == 50  # 52 evidence entries, the history and the current status
    assert [e.id for e in written.entries] == [e.id for e in whole.entries[:50]]
    assert written.entries[-1].updated == "1994-01-01T00:00:00Z"  # the four oldest (1990 to 1993) left out
    assert written.feed.updated == whole.feed.updated == "2024-03-05T00:00:00Z"
