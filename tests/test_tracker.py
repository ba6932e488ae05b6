"""The tracker as rendered (no browser): the status chart's numbers, the columns a reader sees, the chips, the
empty state; and the Data page's file sizes and formats. A small corpus built here pins every value; the
real corpus is held to invariants that hold for any corpus."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.glue.config import load_project
from macros.index import Index, Vocabulary, build_index, label
from macros.model import Actor, Annotation, Corpus, Evidence, Force, Origin, Quote, Report, Topic
from macros.render import exports, feeds, tracker
from macros.render.kit import Kit
from macros.render.urls import EditLinks
from macros.validation import load_checked
from tests.sitebuild import ROOT

REPO = "https://git.example/o/r"


def _report(slug: str, date: str, text: str) -> Report:
    return Report(slug=slug, title=f"Report {slug}", title_supplied=False, authors=(), authors_statement="", publisher="P",
                  series="", number="", date=date, date_precision="day", url="https://example.org/" + slug,
                  captured_from="", completeness="full", completeness_note="", uncertain=(),
                  origin=Origin(f"docs/reports/{slug}.md"), text=text)


def _rec(id: str, report: str, status: str, topics: tuple[str, ...], **more) -> Annotation:
    return Annotation(id, "recommendation", report, Quote("q " + id), f"What {report} asks, {status}", topics, ("x",),
                      Origin(f"annotations/{report}.yml", 3), status=status, **more)


@pytest.fixture(scope="module")
def small() -> Index:
    """Two reports, three topics (one with no recommendation), four recommendations and a claim."""
    topics = {t: Topic(t, f"Topic {t}", "", Origin("annotations/topics.yml")) for t in ("t", "u", "v")}
    recs = [
        _rec("a1", "old", "implemented", ("t", "u"), force=Force("urged", "should"), as_of="2024-02-01",
             checked="2025-06-30", note="Done <script>alert(1)</script> *in full*.",
             evidence=(Evidence("2023-05-01", "Later event", "https://e.example/2", "Nikkei Asia"),
                       Evidence("2021-01-01", "Early event", "https://e.example/1", "Kyodo", True))),
        _rec("a2", "old", "not-yet-assessed", ("t",), force=Force("option", "could")),
        _rec("a3", "new", "in-progress", ("u",), force=Force("urged", "must"), as_of="2025-01-10", checked="2024-12-01",
             evidence=(Evidence("2024-03", "Partial date", "https://e.example/3", "Reuters"),)),
        _rec("a4", "new", "not-yet-assessed", ("t",)),
    ]
    claim = Annotation("c1", "claim", "new", Quote("claim"), "A claim", ("v",), ("x",), Origin("annotations/new.yml", 9))
    texts = {r: " ".join(a.quote.exact + "." for a in [*recs, claim] if a.report == r) for r in ("old", "new")}
    anchored = [replace(a, span=(texts[a.report].index(a.quote.exact),
                                 texts[a.report].index(a.quote.exact) + len(a.quote.exact))) for a in [*recs, claim]]
    corpus = Corpus({"old": _report("old", "2020-01-01", texts["old"]), "new": _report("new", "2022-05-05", texts["new"])},
                    topics, {"x": Actor("x", "Actor X", "country", "", "", Origin("annotations/actors.yml"))}, anchored)
    vocab = Vocabulary(statuses=(("not-yet-assessed", ""), ("in-progress", ""), ("implemented", ""), ("stalled", "")),
                       relation_types=(), inverse={}, actor_kinds=(("country", ""),), claim_types=())
    return build_index(corpus, vocab)


@pytest.fixture(scope="module")
def real() -> Index:
    project = load_project(ROOT)
    corpus, problems = load_checked(project, anchor=False)
    assert not problems, problems
    return build_index(corpus, Vocabulary.from_schema(project.schema))


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def page(index: Index) -> BeautifulSoup:
    return soup(tracker.tracker(Kit(index, EditLinks(REPO)), "../"))


# ----------------------------------------------------------------------------- the chart


def _chart_numbers(doc: BeautifulSoup) -> list[dict[str, dict[str, int]]]:
    """Per group, each bar's label -> {status: count}, read from the SVG."""
    return [{row.select_one(".chart-label").get_text(): {r["data-status"]: int(r["data-count"]) for r in row.select("rect")}
             for row in group.select(".chart-row")} for group in doc.select(".chart-group")]


@pytest.mark.parametrize("corpus", ["small", "real"])
def test_chart_counts_every_recommendation_by_report_and_by_topic(corpus: str, request: pytest.FixtureRequest) -> None:
    index: Index = request.getfixturevalue(corpus)
    doc = page(index)
    by_report, by_topic = _chart_numbers(doc)
    recs = index.recommendations
    expected_reports = {index.report(a).display_title for a in recs}
    assert set(by_report) == expected_reports
    for r in index.reports:
        if r.display_title in by_report:
            assert by_report[r.display_title] == Counter(a.status for a in recs if a.report == r.slug)
    assert sum(sum(c.values()) for c in by_report.values()) == len(recs)  # each recommendation once
    assert set(by_topic) == {index.corpus.topics[t].title for a in recs for t in a.topics}
    for t in index.topics:
        if t.title in by_topic:
            assert by_topic[t.title] == Counter(a.status for a in recs if t.id in a.topics)
    totals = {s: n for s, n in index.status_counts()}
    assert sum((Counter(c) for c in by_report.values()), Counter()) == +Counter(totals)  # the chips' totals


def test_chart_bars_share_one_scale_and_follow_the_vocabulary(small: Index) -> None:
    doc = page(small)
    longest = max(int(r["data-total"]) for r in doc.select(".chart-row"))
    order = [s for s, _ in small.vocab.statuses]
    for row in doc.select(".chart-row"):
        svg = row.select_one("svg.chart-bar")
        assert svg["viewbox"] == f"0 0 {longest} 1" and svg["role"] == "img"
        rects = row.select("rect")
        statuses = [r["data-status"] for r in rects]
        assert statuses == sorted(statuses, key=order.index)
        assert [int(r["x"]) for r in rects] == [sum(int(p["width"]) for p in rects[:i]) for i in range(len(rects))]
        assert sum(int(r["width"]) for r in rects) == int(row["data-total"]) == int(row.select_one(".chart-total").get_text())
        total = int(row["data-total"])
        assert svg["aria-label"].startswith(f"{row.a.get_text()}: {total} recommendation{'s' * (total != 1)}: ")
        for r in rects:  # the bar in words for screen readers, each segment in words on hover
            assert f"{r['data-count']} {label(r['data-status']).lower()}" in svg["aria-label"]
            assert r.title.get_text() == f"{r['data-count']} {label(r['data-status']).lower()}"
    assert "Topic v" not in doc.select_one(".tracker-chart").get_text()  # a topic with claims only has no bar


# ----------------------------------------------------------------------------- chips, columns, rows


def test_status_chips_count_every_status_zeros_included(small: Index) -> None:
    doc = page(small)
    assert doc.select_one(".status-totals").name == "div" and not doc.select(".status-totals li")  # not a list
    chips = {c["data-status"]: (c.select_one(".total").get_text(), "is-empty" in c["class"]) for c in doc.select(".status-chip")}
    assert chips == {"not-yet-assessed": ("2", False), "in-progress": ("1", False), "implemented": ("1", False),
                     "stalled": ("0", True)}


def test_columns_have_no_id_but_force_status_evidence_and_last_check(small: Index) -> None:
    doc = page(small)
    heads = [th.get_text() for th in doc.select("thead th")]
    assert heads == ["Recommendation", "Report", "Addressees", "Topics", "Force", "Status", "Latest evidence", "Last checked"]
    assert all(len(tr.select("td")) == len(heads) for tr in doc.select("tbody tr"))
    assert not [tr["data-id"] for tr in doc.select("tbody tr") if tr["data-id"] in tr.get_text()]  # ids only in exports
    a1 = doc.select_one("tr#rec-a1")
    assert a1["data-force"] == "urged" and a1.select_one(".col-force").get_text() == "Urged should"
    assert a1.select_one(".col-force q").get_text() == "should"
    # The newest evidence (not the YAML's last), with its date and its outlet linking to the source.
    assert a1.select_one(".col-evidence").get_text() == "1 May 2023 · Nikkei Asia"
    assert a1.select_one(".col-evidence a")["href"] == "https://e.example/2"
    assert a1.select_one(".col-evidence")["data-sort"] == "2023-05-01"
    assert a1.select_one(".col-checked").get_text() == "30 June 2025"  # checked, later than the status's as_of
    a3 = doc.select_one("tr#rec-a3")
    assert a3.select_one(".col-checked").get_text() == "10 January 2025"  # the status's as_of, later than checked
    assert a3.select_one(".col-evidence").get_text() == "March 2024 · Reuters"
    a4 = doc.select_one("tr#rec-a4")
    assert [a4.select_one(c).get_text() for c in (".col-force", ".col-evidence", ".col-checked")] == ["—", "None yet", "Not yet"]
    assert a4["data-force"] == ""


@pytest.mark.parametrize("corpus", ["small", "real"])
def test_latest_evidence_and_force_are_the_exports_own(corpus: str, request: pytest.FixtureRequest) -> None:
    index: Index = request.getfixturevalue(corpus)
    doc = page(index)
    for row in exports.tracker_rows(index, ""):
        tr = doc.select_one(f"tr#rec-{row['id']}")
        assert tr.select_one(".col-evidence")["data-sort"] == row["latest_evidence_date"], row["id"]
        outlet = tr.select_one(".col-evidence a")
        assert (outlet.get_text() if outlet else "") == (row["latest_evidence_outlet"] or ("source" if outlet else ""))
        assert tr["data-force"] == row["force"]
        assert row["force_wording"] in tr.select_one(".col-force").get_text()


def test_rationale_is_one_click_away_and_sanitised(small: Index) -> None:
    a1 = page(small).select_one("tr#rec-a1 details.tracker-more")
    assert a1.summary.get_text() == "Rationale"
    assert a1.select_one(".tracker-rationale em").get_text() == "in full" and a1.select("script") == []
    assert "Later event" in a1.get_text() and "2 entries in all" in a1.get_text()
    assert a1.select_one("a.tracker-edit")["href"] == REPO + "/blob/main/annotations/old.yml#L3"
    a2 = page(small).select_one("tr#rec-a2 details.tracker-more")
    assert a2.summary.get_text() == "Details" and "No rationale recorded yet." in a2.get_text()


def test_status_sorts_in_the_order_of_the_vocabulary(small: Index) -> None:
    doc = page(small)
    order = [s for s, _ in small.vocab.statuses]
    keys = {tr["data-status"]: tr.select_one(".col-status")["data-sort"] for tr in doc.select("tbody tr")}
    assert sorted(keys, key=keys.get) == sorted(keys, key=order.index)
    assert sorted(keys, key=keys.get) != sorted(keys)  # not alphabetical (in-progress < not-yet-assessed)
    force = {tr["data-id"]: tr.select_one(".col-force")["data-sort"] for tr in doc.select("tbody tr")}
    assert force["a1"] < force["a2"] and force["a4"] == ""  # urged before option


def test_force_filter_offers_the_levels_in_use_in_the_schemas_order(small: Index) -> None:
    options = [o["value"] for o in page(small).select("select[data-filter=force] option")]
    assert options == ["", "urged", "option"]
    schema = json.loads((ROOT / "annotations" / "schema.json").read_text(encoding="utf-8"))
    assert [v for v, _ in tracker.FORCES] == schema["$defs"]["force"]["properties"]["level"]["enum"]


def test_empty_state_row_and_caption(small: Index) -> None:
    doc = page(small)
    assert doc.select_one("caption").get_text() == "4 recommendations from 2 reports"
    empty = doc.select_one("tfoot.tracker-empty")
    assert empty.has_attr("hidden") and empty.td["colspan"] == str(len(doc.select("thead th")))
    assert "No recommendation matches" in empty.get_text() and empty.select_one("button[data-reset]")
    downloads = {a["data-download"]: (a["href"], a["download"]) for a in doc.select(".tracker-downloads a")}
    assert downloads == {"csv": ("../data/tracker.csv", "tracker.csv"), "json": ("../data/tracker.json", "tracker.json")}


# ----------------------------------------------------------------------------- the Data page


@pytest.mark.parametrize("size, words", [(0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (1000, "1.0 kB"),
                                         (9_449, "9.4 kB"), (123_456, "123 kB"), (999_960, "1.0 MB"), (2_500_000, "2.5 MB")])
def test_file_sizes_read_as_words(size: int, words: str) -> None:
    assert exports.file_size(size) == words


def test_data_page_gives_each_file_its_format_and_its_size_in_bytes(small: Index) -> None:
    kit = Kit(small)
    written = {p: len(t.encode("utf-8")) for p, t in exports.all_exports(small, "", kit.urls).items()}
    doc = soup(exports.data_page_table(kit, "../"))
    rows = {tr.select_one(".file-name a")["href"][3:]: tr for tr in doc.select("tbody tr")}
    listed = set(exports.FILES.values()) | {f"data/annotations/{r}.jsonld" for r in ("old", "new")}
    assert set(rows) == listed
    for path, tr in rows.items():
        assert int(tr.select_one(".file-size")["data-bytes"]) == written[path]
        assert tr.select_one(".file-size").get_text() == exports.file_size(written[path])
        assert tr.select_one(".file-name").get_text() == path  # the name as it is, breakable after slashes only
        assert len(tr.select(".file-name wbr")) == path.count("/")
    formats = {p: rows[p].select_one(".file-format").get_text() for p in rows}
    assert formats["data/tracker.csv"] == "CSV" and formats["data/citations.ris"] == "RIS"
    assert formats["data/annotations.jsonld"] == formats["data/annotations/old.jsonld"] == "JSON-LD"
    sizes = {p: 1234 for p in written}  # the build's own figures are shown when given
    assert {td.get_text() for td in soup(exports.data_page_table(kit, "", sizes)).select(".file-size")} == {"1.2 kB"}


def test_feeds_on_the_data_page_give_their_size(small: Index) -> None:
    kit = Kit(small)
    written = {p: len(x.encode("utf-8")) for p, x in feeds.feeds(small, "", kit.urls).items()}
    doc = soup(feeds.feed_list(kit, "../"))
    shown = {li.a["href"][3:]: li.select_one(".file-size") for li in doc.select("li")}
    assert set(shown) == set(written)
    assert all(int(s["data-bytes"]) == written[p] and s.get_text() == exports.file_size(written[p]) for p, s in shown.items())


def test_the_built_data_page_states_the_size_of_each_file_written(site: Path) -> None:
    doc = soup((site / "data" / "index.html").read_text(encoding="utf-8"))
    cells = doc.select("table.data-files .file-size")
    assert len(cells) >= len(exports.FILES)
    for td in cells:
        href = td.find_parent("tr").select_one(".file-name a")["href"]
        assert int(td["data-bytes"]) == (site / "data" / href).stat().st_size, href
    feed_sizes = doc.select(".feed-list .file-size, .feed-topics .file-size")
    assert len(feed_sizes) == len(feeds.FEEDS) + len(list((site / "feeds" / "topics").iterdir()))
    for size in feed_sizes:
        href = size.find_parent("li").a["href"]
        assert int(size["data-bytes"]) == (site / "data" / href).stat().st_size, href
