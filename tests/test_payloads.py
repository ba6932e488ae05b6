"""Contributor text is data: script, event handlers, javascript:/data: URLs and template syntax come out inert.

Every free-text field a contributor can write (annotation, topic, actor, report front matter and body)
carries the same payload; then every built page and export is searched for anything live.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import build_site, make_project

XSS = '</title><script>alert(1)</script><img src=x onerror=alert(2)>'
TPL = "{{ 7*7 }} {% raw %}"
P = f"{XSS} {TPL}"
PS = "<b onmouseover=alert(3)>{{ 7*7 }}"  # for fields with a short length limit
Q = json.dumps  # a YAML double-quoted scalar is a JSON string

REPORT = f"""---
title: {Q("Report " + P)}
title_supplied: true
authors:
  - name: {Q("Ada " + P)}
    affiliation: {Q("Inst " + P)}
publisher: {Q("Pub " + P)}
series: {Q("Series " + P)}
number: {Q("7 " + PS)}
date: "2021-03-18"
date_precision: day
url: "https://example.org/report"
completeness: excerpt
completeness_note: {Q("Note " + P)}
uncertain:
  - field: date
    note: {Q("Unsure " + P)}
---

## Section {XSS}

The alliance should build a new committee. <script>alert("body")</script><img src=x onerror=alert(3)>
<a href="javascript:alert(4)">click</a> <iframe src="https://evil.example"></iframe> {TPL} {{# c #}}

Trade fell in 2017, and {TPL} is printed as it is.
"""

TOPICS = f"""topics:
  - id: security
    title: {Q("Security " + P)}
    description: {Q("About " + P)}
"""

ACTORS = f"""actors:
  - id: alliance
    name: {Q("Alliance " + P)}
    kind: country
    country: {Q("Land " + PS)}
    description: {Q("Desc " + P)}
    sources: ["https://example.org/s?a=1&b='x'"]
"""

NOTE = ("Note with [a link](javascript:alert(5)) and [data](data:text/html,<script>alert(6)</script>) "
        "<script>alert(7)</script> <img src=x onerror=alert(8)> <a href='javascript:alert(9)'>x</a> "
        "<div onclick=alert(10)>d</div> **bold** [ok](https://example.org) " + TPL)

ANNOTATIONS = f"""report: test-report
annotations:
  - id: test-committee
    kind: recommendation
    force: {{level: urged, wording: "should"}}
    quote:
      exact: "The alliance should build a new committee."
    summary: {Q("Summary " + P)}
    topics: [security]
    actors: [alliance]
    note: {Q(NOTE)}
    status: implemented
    as_of: "2024-01-01"
    evidence:
      - date: "2023"
        event: {Q("Event " + P)}
        source: "https://example.org/e?a=1&b=2"
        outlet: {Q("Outlet " + P)}
    history:
      - status: in-progress
        as_of: "2022-01-01"
        note: {Q("History " + P)}
  - id: test-trade
    kind: claim
    claim_type: statistic
    weight: key
    quote:
      exact: {Q("and " + TPL + " is printed")}
    summary: {Q("Claim " + P)}
    topics: [security]
    actors: [alliance]
    figures:
      - value: 3
        unit: {Q("u " + PS)}
        year: 2017
        measures: {Q("m " + P)}
    relations:
      - type: supports
        target: test-committee
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("p") / "p", reports={"test-report": REPORT}, topics=TOPICS, actors=ACTORS,
                        annotations={"test-report": ANNOTATIONS})
    return build_site(root, tmp_path_factory.mktemp("site"))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_payload_script_runs(hostile_site: Path) -> None:
    for path in html_pages(hostile_site):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in doc.find_all("script"):
            if script.get("type") == "application/ld+json":  # a data block, never run: it must parse, and hold no '<'
                assert "<" not in script.get_text() and isinstance(json.loads(script.get_text()), dict), (path, script)
                continue
            assert "alert" not in script.get_text(), (path, script)
        assert doc.find("iframe") is None, path
        for tag in doc.find_all(True):
            for name, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                assert not name.lower().startswith("on") or "alert" not in value, (path, tag)
                if name in ("href", "src", "action", "formaction"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (path, tag)


def test_templates_are_not_evaluated(hostile_site: Path) -> None:
    for path in html_pages(hostile_site):
        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        assert "49" not in re.sub(r"\d{3,}|#L\d+", "", text).replace("2049", ""), path
        assert "Policy Reports, Annotated 2021" not in text


@pytest.mark.parametrize("url, field", [
    ("reports/test-report/", "Summary "), ("reports/test-report/", "Report "), ("reports/test-report/", "Ada "),
    ("reports/test-report/", "Unsure "), ("reports/test-report/", "Event "), ("reports/test-report/", "History "),
    ("reports/test-report/", "m "), ("topics/security/", "Security "), ("topics/security/", "About "),
    ("topics/security/", "Claim "), ("actors/alliance/", "Alliance "), ("actors/alliance/", "Desc "),
 ("tracker/", "Summary "), ("briefing/", "Security "), ("", "Report "),
])
def test_payload_shows_as_text(hostile_site: Path, url: str, field: str) -> None:
    text = BeautifulSoup((hostile_site / url / "index.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert field + XSS in text or field + P in text, field


def test_note_markdown_is_rendered_then_sanitised(hostile_site: Path) -> None:
    doc = BeautifulSoup((hostile_site / "reports/test-report/index.html").read_text(encoding="utf-8"), "html.parser")
    note = doc.select_one("article[data-anno='test-committee'] .card-note")
    assert note.find("strong").get_text() == "bold"
    assert note.find("a", href="https://example.org") is not None
    assert all(a.get("href", "").startswith("https://") for a in note.find_all("a") if a.get("href"))
    assert note.find("script") is None and note.find("img") is None and note.find("div") is None
    assert TPL in note.get_text()


def test_report_body_raw_html_is_removed(hostile_site: Path) -> None:
    doc = BeautifulSoup((hostile_site / "reports/test-report/index.html").read_text(encoding="utf-8"), "html.parser")
    body = doc.select_one("article.md-content__inner")
    assert body.find("iframe") is None and body.find("img") is None
    assert "The alliance should build a new committee." in body.get_text()
    assert body.select_one("mark#test-trade").get_text() == f"and {TPL} is printed"


def test_exports_keep_payloads_as_data(hostile_site: Path) -> None:
    annotations = json.loads((hostile_site / "data/annotations.jsonld").read_text(encoding="utf-8"))
    bodies = [b["value"] for item in annotations["first"]["items"] for b in item["body"]]
    assert "Summary " + P in bodies
    csv_text = (hostile_site / "data/tracker.csv").read_text(encoding="utf-8")
    assert "Summary </title><script>" in csv_text
