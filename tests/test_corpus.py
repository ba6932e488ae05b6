"""Loading a project's files into a corpus: what is read, from where, and what is a problem.

Each test loads a small throw-away project (tests/sitebuild.py's mini project) from tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dataclasses

from macros.corpus import load_corpus
from macros.glue.config import load_project
from macros.inventory import take_stock
from macros.model import Author
from tests.sitebuild import MINI_ANNOTATIONS, MINI_REPORT_BODY, MINI_REPORT_META, ROOT, make_project, write

SITE = load_project(ROOT)  # this site's settings; each test swaps in its own root

ANN = "annotations/test-report.yml"
PAGE = f"---\n{MINI_REPORT_META}---\n\n{MINI_REPORT_BODY}"


def load(root: Path, with_text: bool = True):
    return load_corpus(dataclasses.replace(SITE, root=root), with_text=with_text)


def codes(problems) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in problems]


def place(path: Path, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based line and column of a piece of text in a file, found independently of the loader."""
    hits = [(n, line.index(needle) + 1) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if needle in line]
    return hits[occurrence]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


# ----------------------------------------------------------------------------- a good project


def test_the_mini_project_loads_without_problems(project: Path) -> None:
    corpus, problems = load(project)
    assert problems == []
    assert list(corpus.reports) == ["test-report"]
    assert sorted(corpus.topics) == ["security", "trade"]
    assert sorted(corpus.actors) == ["alliance", "officials"]
    assert [a.id for a in corpus.annotations] == ["test-committee", "test-trade-fell"]  # in file order


def test_a_report_page_gives_its_facts_and_its_plain_text(project: Path) -> None:
    report = load(project)[0].reports["test-report"]
    assert (report.slug, report.title, report.publisher, report.date) == ("test-report", "A Test Report", "Test Institute", "2021-03-18")
    assert report.authors == (Author("Ada Writer", "Institute of Tests"),)
    assert report.origin.path == "docs/reports/test-report.md"
    assert "The alliance should build a new committee for economic security." in report.text
    assert "First section" in report.text and "##" not in report.text and "title:" not in report.text


def test_without_text_the_reports_are_not_rendered(project: Path) -> None:
    with_text, _ = load(project)
    without, problems = load(project, with_text=False)
    assert problems == []
    assert without.reports["test-report"].text == ""
    assert without.reports == with_text.reports  # the same facts (the text is not part of a report's identity)


def test_topics_and_actors_know_their_file_and_line(project: Path) -> None:
    corpus, _ = load(project)
    topics, actors = project / "annotations/topics.yml", project / "annotations/actors.yml"
    assert corpus.topics["trade"].title == "Trade"
    assert corpus.topics["trade"].origin.path == "annotations/topics.yml"
    assert corpus.topics["trade"].origin.line == place(topics, "- id: trade")[0]
    assert corpus.actors["officials"].country == "Japan"
    assert corpus.actors["officials"].origin.line == place(actors, "- id: officials")[0]


def test_annotations_know_their_report_file_line_and_field_places(project: Path) -> None:
    corpus, _ = load(project)
    path = project / ANN
    committee, trade = corpus.annotations
    assert committee.report == trade.report == "test-report"
    assert committee.origin.path == ANN
    assert committee.origin.line == place(path, "- id: test-committee")[0]
    assert trade.origin.line == place(path, "- id: test-trade-fell")[0]
    line, col = place(path, "topics: [security]")
    assert committee.origin.at("topics", 0) == (line, col + len("topics: ["))
    assert trade.origin.at("quote", "exact") == place(path, '"Trade fell by 8.6 percent in 2017."')
    assert trade.origin.at("relations", 0, "target") == place(path, "test-committee", 1)
    assert trade.figures[0].value == 8.6 and trade.relations[0].target == "test-committee"


# ----------------------------------------------------------------------------- which files are read


def test_a_file_named_after_no_report_is_refused_naming_the_file(project: Path) -> None:
    (project / ANN).rename(project / "annotations/other-name.yml")
    corpus, problems = load(project)
    assert corpus.annotations == []
    [problem] = problems
    assert (problem.path, problem.line, problem.col, problem.code) == ("annotations/other-name.yml", 1, 1, "unknown-report")
    assert problem.message == "annotates no report: docs/reports/other-name.md does not exist"


def test_a_report_field_that_disagrees_with_the_file_name_is_a_problem_and_the_file_name_wins(project: Path) -> None:
    write(project / ANN, MINI_ANNOTATIONS.replace("report: test-report", "report: other-report"))
    corpus, problems = load(project)
    assert [a.report for a in corpus.annotations] == ["test-report", "test-report"]
    [problem] = problems
    assert (problem.path, problem.line, problem.col, problem.code) == (ANN, 1, 9, "file-name")
    assert problem.message == "file annotates report 'other-report' but is named test-report.yml"


def test_a_yaml_extension_is_refused_not_ignored(project: Path) -> None:
    (project / ANN).rename(project / "annotations/test-report.yaml")
    corpus, problems = load(project)
    assert corpus.annotations == []
    assert [(p.path, p.code, p.hint) for p in problems] == [("annotations/test-report.yaml", "unexpected-file",
                                                             "rename it to test-report.yml")]


def test_a_report_without_annotations_is_fine(project: Path) -> None:
    (project / ANN).unlink()
    corpus, problems = load(project)
    assert problems == [] and corpus.annotations == [] and "test-report" in corpus.reports


@pytest.mark.parametrize("name, attr", [("topics.yml", "topics"), ("actors.yml", "actors")])
def test_a_missing_topics_or_actors_file_is_a_problem_and_the_rest_still_loads(project: Path, name: str, attr: str) -> None:
    (project / "annotations" / name).unlink()
    corpus, problems = load(project)
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [(f"annotations/{name}", 1, 1, "missing-file")]
    assert problems[0].hint == f"create annotations/{name}"
    assert getattr(corpus, attr) == {}
    assert len(corpus.annotations) == 2 and "test-report" in corpus.reports


def test_an_index_page_among_the_reports_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", reports={"test-report": PAGE, "index": "# All reports\n"})
    corpus, problems = load(root)
    assert list(corpus.reports) == ["test-report"]
    assert [(p.path, p.code) for p in problems] == [("docs/reports/index.md", "unexpected-file")]


def test_an_annotation_file_without_report_annotates_the_report_named_by_the_file(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", annotations={"test-report": MINI_ANNOTATIONS.replace("report: test-report\n", "")})
    corpus, problems = load(root)
    assert [a.report for a in corpus.annotations] == ["test-report", "test-report"]
    assert [(p.path, p.message) for p in problems] == [(ANN, "missing field 'report'")]


def test_an_annotation_file_that_is_not_a_mapping_loads_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", annotations={"test-report": "- id: x\n"})
    corpus, problems = load(root)
    assert corpus.annotations == [] and codes(problems) == [(ANN, "bad-type")]


def test_an_annotation_file_that_does_not_parse_loads_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", annotations={"test-report": "report: test-report\nannotations: [\n"})
    corpus, problems = load(root)
    assert corpus.annotations == [] and codes(problems) == [(ANN, "yaml-syntax")]


def test_entries_without_a_text_id_are_left_out_and_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", annotations={"test-report": MINI_ANNOTATIONS.replace("- id: test-trade-fell", "- id: 12")})
    corpus, problems = load(root)
    assert [a.id for a in corpus.annotations] == ["test-committee"]
    assert [(p.path, p.line) for p in problems] == [(ANN, place(root / ANN, "- id: 12")[0])]


def test_a_duplicate_topic_keeps_the_first_and_names_both_places(project: Path) -> None:
    topics = project / "annotations/topics.yml"
    topics.write_text(topics.read_text() + "  - id: trade\n    title: Trade again\n    description: Twice.\n")
    corpus, problems = load(project)
    assert corpus.topics["trade"].title == "Trade"
    [problem] = problems
    assert (problem.path, problem.line, problem.code) == ("annotations/topics.yml", place(topics, "- id: trade", 1)[0], "duplicate-id")
    assert f"also at annotations/topics.yml:{place(topics, '- id: trade')[0]}" in problem.message


# ----------------------------------------------------------------------------- bad report pages


@pytest.mark.parametrize("name", ["Test_Report", "test report", "-test"])
def test_a_report_file_name_that_is_not_a_slug_is_refused(tmp_path: Path, name: str) -> None:
    root = make_project(tmp_path / "p", reports={name: PAGE}, annotations={})
    corpus, problems = load(root)
    assert corpus.reports == {}
    assert [(p.path, p.line, p.code) for p in problems] == [(f"docs/reports/{name}.md", 1, "bad-id")]


def test_a_report_without_front_matter_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", reports={"test-report": MINI_REPORT_BODY}, annotations={})
    corpus, problems = load(root)
    assert corpus.reports == {} and codes(problems) == [("docs/reports/test-report.md", "no-front-matter")]


def test_a_report_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", annotations={})
    (root / "docs/reports/test-report.md").write_bytes(PAGE.encode("utf-8").replace(b"Ada", b"Ad\xe9"))
    corpus, problems = load(root)
    assert corpus.reports == {} and codes(problems) == [("docs/reports/test-report.md", "not-utf8")]


def test_a_report_saved_with_a_byte_order_mark_loads(project: Path) -> None:
    page = project / "docs/reports/test-report.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    corpus, problems = load(project)
    assert problems == [] and corpus.reports["test-report"].title == "A Test Report"


def test_front_matter_problems_point_at_the_line_in_the_page(tmp_path: Path) -> None:
    page = PAGE.replace("publisher:", "publsher:")
    root = make_project(tmp_path / "p", reports={"test-report": page}, annotations={})
    corpus, problems = load(root)
    line = place(root / "docs/reports/test-report.md", "publsher:")[0]
    assert ("docs/reports/test-report.md", line, "unknown field 'publsher'") in [(p.path, p.line, p.message) for p in problems]
    assert corpus.reports["test-report"].publisher == ""  # loaded leniently, reported above


# ----------------------------------------------------------------------------- Project


def test_project_paths(project: Path) -> None:
    write(project / "docs/reports/notes.txt", "not a page")
    p = dataclasses.replace(SITE, root=project)
    stock = take_stock(p)
    assert [x.name for x in stock.reports] == ["test-report.md"]
    assert [x.name for x in stock.annotation_files] == ["test-report.yml"]  # not topics, actors or the schema
    assert [x.path for x in stock.problems] == ["docs/reports/notes.txt"]
    assert p.rel(project / "annotations" / "x.yml") == "annotations/x.yml"
    assert p.rel(Path("/elsewhere/x.yml")) == "/elsewhere/x.yml"
    assert Path(p.schema) == project / "annotations/schema.json"
