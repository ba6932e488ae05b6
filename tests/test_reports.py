"""Report pages: faithful text, restored structure, checked front matter, citation block (issue: foundation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.glue.config import load_project
from macros.validation import load_checked
from tests.sitebuild import MINI_REPORT_META, ROOT, BuildFailed, build_site, make_project, page

SPF = "spf-iina-2022-economic-security-working-paper"
EWC = "ewc-apb-2021-subnational-diplomacy"
CARNEGIE = "carnegie-2020-technology-policy-coordination-summary"

DEBRIS = ["Error message", "East-West Center logo", "Format", "Electronic", "Pages\n", "To view the original report",
          "click here", "Publication of working papers for the SPF project",
          "IINA (International Information Network Analysis) will upload",
          "Sarah Sieloff and Sean Connell, Council on Foreign Relations Hitachi Fellow",
          "James L. Schoff | The Carnegie Endowment", "Asia Pacific Bulletin Asia Pacific Bulletin", "\u00a0"]

# First and last sentences of each report, and sentences with the authors' own slips, as captured.
KEPT = {
    SPF: ["The US-Japan alliance sits at a crucial historical juncture as globalization recedes and China’s international stature grows, with technological and geoeconomic competition at the core.",
          "When bureaucrats begin to see the economic 2+2 as a preeminent forum to help them address their own priorities collectively, then the new committee will have realized its potential.",
          "Of course, any bureaucratic process must always accommodate prevailing political realities, and this is means that",
          "(2022/04/27)"],
    EWC: ["In our increasingly networked world, the international activities of states, cities, and other subnational actors are expanding rapidly.",
          "By facilitating constructive opportunities for states, cities, and other subnational actors to proactively engage in bilateral and international initiatives, the Biden Administration and Congress will further strengthen U.S. foreign policy and the resilience of relationships that connect the United States with its global partners.",
          "the International Institute for Carbon-Neutral Energy Research at Kyushu National University"],
    CARNEGIE: ["The U.S.-Japan alliance sits at a crucial historical juncture as globalization recedes and China’s international stature grows.",
               "Fear of “losing” this competition is fueling an unprecedented scale of investment and a zero-sum mentality that could tempt countries to overreact in ways that would damage their national interests and broader global interests."],
}


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(page(site, url), "html.parser")


def body_text(doc: BeautifulSoup) -> str:
    """The report text only: the article without the citation block and the annotation cards."""
    article = doc.select_one("article.md-content__inner")
    for extra in article.select(".report-citation, .anno-list, .print-header, #annotations-in-this-report, .counts"):
        extra.decompose()
    return re.sub(r"\s+", " ", article.get_text(" "))


@pytest.mark.parametrize("slug, title", [
    (SPF, "[Economic Security Policy Coordination in the US-Japan Alliance]"),
    (EWC, "The U.S.-Japan Relationship: Modeling New Frontiers in Subnational Diplomacy"),
    (CARNEGIE, "U.S.-Japan Technology Policy Coordination: Balancing Technonationalism With a Globalized World"),
])
def test_title_and_citation_block(site: Path, slug: str, title: str) -> None:
    doc = soup(site, f"reports/{slug}/")
    assert doc.select_one("article h1").get_text(strip=True) == title
    block = doc.select_one("#citation.report-citation")
    assert block is not None
    assert "Cite this report" in block.get_text()
    assert block.select_one("pre.cite-bibtex").get_text().startswith(f"@techreport{{{slug},")
    assert title in block.select_one("pre.cite-chicago").get_text()


def test_supplied_title_unnamed_author_and_uncertain_facts_are_labelled(site: Path) -> None:
    spf = soup(site, f"reports/{SPF}/").select_one("#citation").get_text(" ")
    assert "supplied by the editors" in spf
    assert "The page does not name the author." in spf
    ewc = soup(site, f"reports/{EWC}/").select_one("#citation")
    assert "Sarah Sieloff" in ewc.get_text() and "Sean Connell" in ewc.get_text()
    assert len(ewc.select(".uncertain-badge")) == 2  # number and date
    assert "no. 554 [number unverified]" in ewc.select_one("pre.cite-chicago").get_text()  # one mark per fact, naming it
    assert "18 March 2021 [date unverified]" in ewc.select_one("pre.cite-chicago").get_text()
    carnegie = soup(site, f"reports/{CARNEGIE}/").select_one("#citation")
    assert "excerpt" in carnegie.get_text().lower()
    assert carnegie.select_one(".cite-excerpt a")["href"].startswith("https://carnegieendowment.org/")
    assert "June 2020" in carnegie.get_text()


def test_chicago_citation_text(site: Path) -> None:
    chicago = soup(site, f"reports/{EWC}/").select_one("pre.cite-chicago").get_text()
    assert chicago.startswith("Sieloff, Sarah, and Sean Connell. “The U.S.-Japan Relationship: Modeling New Frontiers in Subnational Diplomacy.” Asia Pacific Bulletin, no. 554")
    assert chicago.endswith("https://www.eastwestcenter.org/publications/the-us-japan-relationship-modeling-new-frontiers-in-subnational-diplomacy-0")


def test_headings_restored(site: Path) -> None:
    doc = soup(site, f"reports/{SPF}/")
    h2 = [h.get_text(strip=True).rstrip("¶") for h in doc.select("article h2")]
    h3 = [h.get_text(strip=True).rstrip("¶") for h in doc.select("article h3:not(.card-title)")]
    assert h2[:3] == ["Introduction", "Washington’s Latest China Debate", "Managing Future Economic Security Policy Coordination in the Alliance"]
    assert h3 == ["The demise of deep integration", "The politics of strategic competition", "The reemergence of economic security awareness"]
    assert [li.get_text(strip=True)[:20] for li in doc.select("article ul:not([class]) > li")][:3] == [
        "Provide policy maker", "Compare the allies’ ", "Recommend policy adj"]
    assert soup(site, f"reports/{CARNEGIE}/").select_one("article h2").get_text(strip=True).rstrip("¶") == "Summary"


def test_spf_has_four_footnotes_linked_both_ways(site: Path) -> None:
    doc = soup(site, f"reports/{SPF}/")
    refs = doc.select("sup[id^='fnref'] a.footnote-ref")
    notes = doc.select("div.footnote li[id^='fn']")
    assert [a["href"] for a in refs] == ["#fn:1", "#fn:2", "#fn:3", "#fn:4"]
    assert [li["id"] for li in notes] == ["fn:1", "fn:2", "fn:3", "fn:4"]
    for n, li in enumerate(notes, start=1):
        assert li.select_one("a.footnote-backref")["href"] == f"#fnref:{n}"
        assert doc.find(id=f"fnref:{n}") is not None
    assert notes[3].get_text(strip=True).startswith("Ibid.")
    assert "As of this writing, the two bills have yet to be reconciled." in notes[0].get_text()


@pytest.mark.parametrize("slug", [SPF, EWC, CARNEGIE])
def test_no_debris_survives(site: Path, slug: str) -> None:
    text = body_text(soup(site, f"reports/{slug}/"))
    source = (ROOT / "docs" / "reports" / f"{slug}.md").read_text(encoding="utf-8")
    for junk in DEBRIS:
        assert junk not in text, junk
        assert junk not in source.split("---", 2)[2], junk


@pytest.mark.parametrize("slug", [SPF, EWC, CARNEGIE])
def test_authors_sentences_kept(site: Path, slug: str) -> None:
    text = body_text(soup(site, f"reports/{slug}/"))
    for sentence in KEPT[slug]:
        assert text.count(sentence) == 1, sentence


def test_east_west_center_text_appears_once(site: Path) -> None:
    text = body_text(soup(site, f"reports/{EWC}/"))
    for sentence in ["Economic inclusion is an urgent priority for all U.S. and Japanese municipalities",
                     "Subnational partnerships have never been more core to the U.S.-Japan relationship"]:
        assert text.count(sentence) == 1
    # the page's content, as search indexes it (overrides/main.html), holds the report's 13 paragraphs
    assert len(soup(site, f"reports/{EWC}/").select("article.md-content__inner > [data-pagefind-body] .report-text > p:not([class])")) == 13


def test_home_page_lists_reports_from_front_matter(site: Path) -> None:
    """Every report page is listed, by the title its front matter gives (bracketed when supplied), and nothing else."""
    corpus, problems = load_checked(load_project(ROOT), anchor=False)
    assert not problems
    doc = soup(site, "")
    links = {a["href"]: a.get_text(strip=True) for a in doc.select("ul.report-list a.report-link")}
    assert links == {f"reports/{slug}/": report.display_title for slug, report in corpus.reports.items()}
    assert len(links) >= 1 and links.get(f"reports/{SPF}/") == "[Economic Security Policy Coordination in the US-Japan Alliance]"
    assert doc.select_one("a[href='contributing/']") is not None


TEMPLATE_BODY = """\
## Literal

A report may say {{ 7*7 }} or {% raw %} or {# not a comment #} and {{ config.site_name }}.

{% for x in [1,2] %}loop{{ x }}{% endfor %}
"""


def test_report_text_is_never_a_template(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", reports={"test-report": f"---\n{MINI_REPORT_META}---\n\n{TEMPLATE_BODY}"},
                        annotations={"test-report": "report: test-report\nannotations: []\n"})
    site = build_site(root, tmp_path / "site")
    text = BeautifulSoup(page(site, "reports/test-report/"), "html.parser").select_one("article").get_text()
    assert "{{ 7*7 }}" in text and "{% raw %}" in text and "{# not a comment #}" in text
    assert "{{ config.site_name }}" in text and "{% for x in [1,2] %}loop{{ x }}{% endfor %}" in text
    assert "49" not in text and "loop1" not in text


def test_bad_front_matter_fails_the_build_naming_file_and_key(tmp_path: Path) -> None:
    meta = MINI_REPORT_META.replace("completeness: full", "completenes: full")
    root = make_project(tmp_path / "p", reports={"test-report": f"---\n{meta}---\n\nText.\n"},
                        annotations={"test-report": "report: test-report\nannotations: []\n"})
    with pytest.raises(BuildFailed) as failure:
        build_site(root, tmp_path / "site")
    message = str(failure.value)
    assert "docs/reports/test-report.md:11:1: test-report: unknown field 'completenes'" in message
    assert "did you mean 'completeness'?" in message
    assert "docs/reports/test-report.md:2:1: test-report: missing field 'completeness'" in message
