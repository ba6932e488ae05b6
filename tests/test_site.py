"""The built site, checked against the YAML: nothing dropped, every link resolves, relations both ways."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup

from macros.glue.config import load_project
from macros.inventory import take_stock
from macros.text import normalize_quote
from macros.validation import load_checked
from tests.sitebuild import ROOT
from tests.test_search_index import fragments

ANNOTATION_FILES = sorted(p for p in (ROOT / "annotations").rglob("*") if p.suffix.lower() in (".yml", ".yaml")
                          and p.name not in ("topics.yml", "actors.yml"))


def yaml_annotations() -> list[dict]:
    """The annotations read straight from the YAML (plain PyYAML: independent of the code under test)."""
    out = []
    for path in ANNOTATION_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [dict(a, report=data["report"]) for a in data["annotations"]]
    return out


ANNOTATIONS = yaml_annotations()


@lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def doc(site: Path, url: str) -> BeautifulSoup:
    return parsed(site / url / "index.html")


def test_the_yaml_these_tests_read_is_what_the_build_loads() -> None:
    """The expectations below come from plain PyYAML; the build's loader must read the same annotations."""
    project = load_project(ROOT)
    assert ANNOTATION_FILES == take_stock(project).annotation_files
    corpus, problems = load_checked(project, anchor=False)
    assert problems == []
    loaded = {a.id: a for a in corpus.annotations}
    assert ANNOTATIONS, "no annotation was read: every test below would pass without checking anything"
    assert sorted(loaded) == sorted(a["id"] for a in ANNOTATIONS)
    for ann in ANNOTATIONS:
        got = loaded[ann["id"]]
        assert (got.kind, got.report, got.summary, list(got.topics), list(got.actors)) == (
            ann["kind"], ann["report"], ann["summary"], ann["topics"], ann["actors"]), ann["id"]
        assert (got.quote.exact, got.quote.prefix, got.quote.suffix) == (
            ann["quote"]["exact"], ann["quote"].get("prefix", ""), ann["quote"].get("suffix", "")), ann["id"]
        # str(): PyYAML reads an unquoted date (valid here) as a date; the project's loader keeps its text.
        assert (got.status, got.as_of) == (ann.get("status", ""), str(ann.get("as_of", ""))), ann["id"]


def test_every_annotation_is_on_its_report_page(site: Path) -> None:
    for ann in ANNOTATIONS:
        page = doc(site, f"reports/{ann['report']}/")
        marks = page.select(f'mark.anno[data-anno="{ann["id"]}"]')
        assert marks and marks[0].get("id") == ann["id"], ann["id"]
        assert page.select_one(f'article.anno-card[data-anno="{ann["id"]}"]') is not None, ann["id"]
    for report in {a["report"] for a in ANNOTATIONS}:
        expected = sum(a["report"] == report for a in ANNOTATIONS)
        assert len(doc(site, f"reports/{report}/").select(".anno-list > article.anno-card")) == expected


def test_highlight_covers_the_quote(site: Path) -> None:
    import re
    for ann in ANNOTATIONS:
        page = doc(site, f"reports/{ann['report']}/")
        text = "".join(m.get_text() for m in page.select(f'mark.anno[data-anno="{ann["id"]}"]')
                       if not m.find_parent("mark", attrs={"data-anno": ann["id"]}))
        norm = lambda s: re.sub(r"\s+", " ", s.replace("’", "'").replace("“", '"').replace("”", '"')).strip()
        assert norm(text) == norm(ann["quote"]["exact"]), ann["id"]


def test_every_annotation_is_on_each_of_its_topic_and_actor_pages(site: Path) -> None:
    """A line each on its topic and actor pages (its card lives on its report page, which the line links to),
    a compact card on its topic's page of the briefing book."""
    for ann in ANNOTATIONS:
        card = f"../../reports/{ann['report']}/#card-{ann['id']}"
        for topic in ann["topics"]:
            lines = doc(site, f"topics/{topic}/").select(f'li.anno-line[data-anno="{ann["id"]}"]')
            assert len(lines) == 1, (ann["id"], topic)
            assert lines[0].select_one("details blockquote.anno-quote") is not None
            assert lines[0].select_one("a.card-title")["href"] == card
            assert len(doc(site, f"briefing/{topic}/").select(f'article.anno-card[data-anno="{ann["id"]}"]')) == 1
        for actor in ann["actors"]:
            lines = doc(site, f"actors/{actor}/").select(f'li.anno-line[data-anno="{ann["id"]}"]')
            assert len(lines) == 1 and lines[0].select_one("a.card-title")["href"] == card, (ann["id"], actor)
    assert not doc(site, f"topics/{ANNOTATIONS[0]['topics'][0]}/").select("article.anno-card")


def test_topic_and_actor_pages_hold_nothing_else() -> None:
    topics = yaml.safe_load((ROOT / "annotations/topics.yml").read_text(encoding="utf-8"))["topics"]
    actors = yaml.safe_load((ROOT / "annotations/actors.yml").read_text(encoding="utf-8"))["actors"]
    assert {t["id"] for t in topics} == {t for a in ANNOTATIONS for t in a["topics"]}
    assert {a["id"] for a in actors} >= {x for a in ANNOTATIONS for x in a["actors"]}


def test_topic_page_counts(site: Path) -> None:
    by_topic = defaultdict(list)
    for ann in ANNOTATIONS:
        for t in ann["topics"]:
            by_topic[t].append(ann)
    for topic, items in by_topic.items():
        assert len(doc(site, f"topics/{topic}/").select("li.anno-line")) == len(items), topic


def test_every_recommendation_is_in_the_tracker(site: Path) -> None:
    recs = [a for a in ANNOTATIONS if a["kind"] == "recommendation"]
    rows = doc(site, "tracker/").select(".tracker-table tbody tr")
    assert sorted(r["data-id"] for r in rows) == sorted(a["id"] for a in recs)
    by_id = {r["data-id"]: r for r in rows}
    for ann in recs:
        row = by_id[ann["id"]]
        assert row["data-status"] == ann["status"]
        assert row.select_one(".col-summary a")["href"] == f"../reports/{ann['report']}/#{ann['id']}"
        assert row["data-actors"].split() == ann["actors"] and row["data-topics"].split() == ann["topics"]
    totals = {li.select_one(".total")["data-status"]: int(li.select_one(".total").get_text()) for li in doc(site, "tracker/").select(".status-totals .status-chip")}
    assert sum(totals.values()) == len(recs)
    assert totals["not-yet-assessed"] == sum(a["status"] == "not-yet-assessed" for a in recs)


def _internal_links(site: Path):
    for path in sorted(site.rglob("*.html")):
        page = parsed(path)
        for a in page.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            yield path, href, parts


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = []
    for path, href, parts in _internal_links(site):
        if parts.path:
            base = site.as_posix() if parts.path.startswith("/") else path.parent.as_posix()  # 404.html uses root paths
            target = Path(posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/"))))
            if target.is_dir():
                target = target / "index.html"
        else:
            target = path
        if not target.exists():
            broken.append((path.relative_to(site), href))
            continue
        if parts.fragment and target.suffix == ".html" and parsed(target).find(id=unquote(parts.fragment)) is None:
            broken.append((path.relative_to(site), href))
    assert broken == []


def test_deep_links_from_topic_pages_reach_the_marked_passage(site: Path) -> None:
    checked = 0
    for path in (site / "topics").glob("*/index.html"):
        for a in parsed(path).select("a.deep-link"):
            report_url, _, ident = a["href"].partition("#")
            target = parsed(Path(posixpath.normpath((path.parent / report_url).as_posix())) / "index.html").find(id=ident)
            assert target is not None and target.name == "mark", a["href"]
            checked += 1
    assert checked >= len(ANNOTATIONS)


def test_relations_show_on_both_ends(site: Path) -> None:
    inverse = json.loads((ROOT / "annotations/schema.json").read_text())["$defs"]["relationType"]["x-inverseLabels"]
    by_id = {a["id"]: a for a in ANNOTATIONS}
    pairs = [(a, r) for a in ANNOTATIONS for r in a.get("relations", [])]
    assert len(pairs) >= 5
    assert any(by_id[r["target"]]["report"] != a["report"] for a, r in pairs), "no relation across reports"
    for ann, rel in pairs:
        target = by_id[rel["target"]]
        forward = doc(site, f"reports/{ann['report']}/").select_one(f'article.anno-card[data-anno="{ann["id"]}"]')
        backward = doc(site, f"reports/{target['report']}/").select_one(f'article.anno-card[data-anno="{target["id"]}"]')
        assert forward.select_one(f'a.rel-link[href$="#{target["id"]}"][data-rel="{rel["type"].replace("-", " ")}"]'), (ann["id"], rel)
        assert backward.select_one(f'a.rel-link[href$="#{ann["id"]}"][data-rel="{inverse[rel["type"]]}"]'), (ann["id"], rel)


def test_web_annotation_export(site: Path) -> None:
    data = json.loads((site / "data/annotations.jsonld").read_text(encoding="utf-8"))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == len(ANNOTATIONS)
    items = {i["id"].rsplit("#", 1)[1]: i for i in data["first"]["items"]}
    assert set(items) == {a["id"] for a in ANNOTATIONS}
    for ann in ANNOTATIONS:
        item = items[ann["id"]]
        assert item["type"] == "Annotation"
        ours, original = item["target"]
        assert ours["type"] == original["type"] == "SpecificResource"
        assert ours["source"].endswith(f"reports/{ann['report']}/")
        assert original["source"].startswith("https://")
        quote, position = ours["selector"]
        assert original["selector"] == quote and position["type"] == "TextPositionSelector"
        # exact is the page's text (curly quotes and line breaks as published), the contributor's typing straightened
        assert quote["type"] == "TextQuoteSelector" and normalize_quote(quote["exact"]) == normalize_quote(ann["quote"]["exact"])
        if ann["quote"].get("prefix"):
            assert normalize_quote(quote["prefix"]).endswith(normalize_quote(ann["quote"]["prefix"]))
    context = json.loads((site / "data/context.jsonld").read_text(encoding="utf-8"))
    assert data["@context"][1].endswith("data/context.jsonld") and "relationType" in context["@context"]
    for report in {a["report"] for a in ANNOTATIONS}:
        one = json.loads((site / f"data/annotations/{report}.jsonld").read_text(encoding="utf-8"))
        assert one["type"] == "AnnotationCollection" and one["first"]["items"]
        assert all(i["id"] in {x["id"] for x in data["first"]["items"]} for i in one["first"]["items"])


def test_tracker_csv_and_json_exports(site: Path) -> None:
    recs = [a for a in ANNOTATIONS if a["kind"] == "recommendation"]
    rows = list(csv.DictReader(io.StringIO((site / "data/tracker.csv").read_text(encoding="utf-8-sig")), dialect="excel"))
    assert [r["id"] for r in rows] and sorted(r["id"] for r in rows) == sorted(a["id"] for a in recs)
    assert list(rows[0]) == ["id", "summary", "report", "date", "addressees", "topics", "status", "as_of", "url",
                             "force", "force_wording", "checked", "latest_evidence_date", "latest_evidence_outlet"]
    by_id = {a["id"]: a for a in recs}
    assert all(r["force"] == by_id[r["id"]]["force"]["level"] for r in rows)  # every recommendation has its force
    as_json = json.loads((site / "data/tracker.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in as_json] == [r["id"] for r in rows]
    cites = json.loads((site / "data/citations.json").read_text(encoding="utf-8"))
    assert set(cites) == {a["id"] for a in ANNOTATIONS}
    sample = cites[recs[0]["id"]]
    assert sample["bibtex"].startswith(f"@techreport{{{recs[0]['id']},") and recs[0]["quote"]["exact"] in sample["text"]
    assert {"ris", "csl"} <= set(sample) and (site / "data/citations.ris").is_file() and (site / "data/citations.csl.json").is_file()


def test_search_index_finds_summaries_and_quotes(site: Path) -> None:
    pages = fragments(site)  # Pagefind's index, page by page
    for ann in ANNOTATIONS[::7]:
        page = pages[f"/reports/{ann['report']}/"]
        assert ann["summary"] in page["content"], ann["id"]
        assert normalize_quote(ann["quote"]["exact"][:40]) in normalize_quote(page["content"]), ann["id"]


def test_actors_index_is_grouped_by_kind(site: Path) -> None:
    page = doc(site, "actors/")
    kinds = [h["id"] for h in page.select("article h2")]
    schema_kinds = json.loads((ROOT / "annotations/schema.json").read_text())["$defs"]["actorKind"]["enum"]
    assert kinds == [k for k in schema_kinds if k in kinds] and len(kinds) >= 4


def test_tracker_reads_without_javascript(site: Path) -> None:
    page = doc(site, "tracker/")
    assert page.select_one("form.tracker-filters").has_attr("hidden")
    heads = [th.get_text(strip=True) for th in page.select(".tracker-table thead th")]
    assert heads[0] == "Recommendation" and "ID" not in heads  # the id is in the exports and the edit link, not a column
    assert page.select_one(".status-vocabulary") is not None
