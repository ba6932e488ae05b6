"""macros/inventory.py: every file under the docs and annotations folders is read by the site or refused by name."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from macros.glue.config import load_project
from macros.inventory import Stock, take_stock
from macros.project import Project
from tests.sitebuild import MINI_ANNOTATIONS, MINI_REPORT_BODY, MINI_REPORT_META, ROOT, make_project, write

BASE = load_project(ROOT)  # the site's settings (declared stylesheets and scripts); each test swaps the root
PAGE = f"---\n{MINI_REPORT_META}---\n\n{MINI_REPORT_BODY}"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", reports={"test-report": PAGE, "second-report": PAGE},
                        annotations={"test-report": MINI_ANNOTATIONS})


def stock_of(root: Path) -> Stock:
    return take_stock(dataclasses.replace(BASE, root=root))


def refusals(stock: Stock) -> dict[str, str]:
    """Each refused file's path (as contributors see it) and the problem's code."""
    found = {p.path: p.code for p in stock.problems}
    assert len(found) == len(stock.problems), "one problem per refused file"
    assert all((p.line, p.col, p.subject) == (1, 1, "-") for p in stock.problems)
    return found


def problem(stock: Stock, path: str):
    (found,) = [p for p in stock.problems if p.path == path]
    return found


def test_a_clean_project_is_sorted_into_reports_annotation_files_and_pages(root: Path) -> None:
    stock = stock_of(root)
    assert stock.problems == []
    assert stock.reports == [root / "docs/reports/second-report.md", root / "docs/reports/test-report.md"]
    assert stock.annotation_files == [root / "annotations/test-report.yml"]
    pages = [p.relative_to(root / "docs").as_posix() for p in stock.pages]
    assert pages == sorted(["about.md", "briefing.md", "data.md", "index.md", "tracker.md"])
    # topics.yml, actors.yml, schema.json and the declared assets are read elsewhere: neither listed nor refused


def test_declared_assets_inert_files_and_pages_in_sub_folders_are_accepted(root: Path) -> None:
    for rel in ("docs/img/chart.png", "docs/img/photo.JPEG", "docs/files/paper.pdf", "docs/favicon.ico"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"\x89PNG")
    write(root / "docs/guide/how-to.md", "# How to\n")
    stock = stock_of(root)
    assert stock.problems == []
    assert root / "docs/guide/how-to.md" in stock.pages
    assert not any(p.suffix != ".md" for p in stock.pages)
    assert {"assets/annotations.css", "assets/annotations.js"} <= BASE.declared_files  # this site's own, copied in


@pytest.mark.parametrize("rel", ["docs/assets/extra.css", "docs/evil.svg", "docs/page.html", "docs/script.js",
                                 "docs/.DS_Store", "docs/notes.txt"])
def test_undeclared_static_files_are_refused(root: Path, rel: str) -> None:
    write(root / rel, "x")
    stock = stock_of(root)
    assert refusals(stock) == {rel: "unexpected-file"}
    assert problem(stock, rel).message == f"'{Path(rel).name}' would be published as it is, unchecked"


def test_a_file_is_declared_by_its_path_not_its_name(root: Path) -> None:
    write(root / "docs/other/annotations.css", "x")  # same name as a declared file, elsewhere
    assert refusals(stock_of(root)) == {"docs/other/annotations.css": "unexpected-file"}


def test_a_declared_file_in_a_project_that_declares_it(root: Path) -> None:
    write(root / "docs/extra.css", "x")
    project = dataclasses.replace(BASE, root=root, declared_files=BASE.declared_files | {"extra.css"})
    assert take_stock(project).problems == []


@pytest.mark.parametrize("rel, code, message, hint", [
    ("docs/reports/sub/deep-report.md", "unexpected-file",
     "report pages go directly in docs/reports/, not in a sub-folder", "move it to docs/reports/deep-report.md"),
    ("docs/reports/index.md", "unexpected-file", "docs/reports/index.md is generated from the report pages",
     "remove this file"),
    ("docs/reports/My Report.markdown", "unexpected-file",
     "'My Report.markdown' is not a report page: report pages end in .md", "rename it to my-report.md, or remove it"),
    ("docs/reports/Report_2021.md", "bad-id", "report file name 'Report_2021.md' is not a valid slug",
     "rename it to report-2021.md: lower-case letters, digits and hyphens only"),
    ("docs/reports/Annex.md", "bad-id", "report file name 'Annex.md' is not a valid slug",
     "rename it to annex.md: lower-case letters, digits and hyphens only"),
    ("docs/reports/-dash.md", "bad-id", "report file name '-dash.md' is not a valid slug",
     "rename it to dash.md: lower-case letters, digits and hyphens only"),
    ("docs/reports/.draft.md", "bad-id", "report file name '.draft.md' is not a valid slug",
     "rename it to draft.md: lower-case letters, digits and hyphens only"),
])
def test_report_folder_refusals(root: Path, rel: str, code: str, message: str, hint: str) -> None:
    write(root / rel, PAGE)
    stock = stock_of(root)
    assert refusals(stock) == {rel: code}
    assert (problem(stock, rel).message, problem(stock, rel).hint) == (message, hint)
    assert root / rel not in stock.reports + stock.pages


@pytest.mark.parametrize("rel, code, message, hint", [
    ("annotations/sub/test-report.yml", "unexpected-file", "files in annotations/ may not be in sub-folders",
     "move it to annotations/test-report.yml, named after the report it annotates"),
    ("annotations/second-report.yaml", "unexpected-file", "'second-report.yaml' is not read: data files end in .yml (lower case)",
     "rename it to second-report.yml"),
    ("annotations/second-report.YML", "unexpected-file", "'second-report.YML' is not read: data files end in .yml (lower case)",
     "rename it to second-report.yml"),
    ("annotations/Topics.yml", "unexpected-file", "'Topics.yml' is not read: data files end in .yml (lower case)",
     "rename it to topics.yml"),
    ("annotations/second-report.json", "unexpected-file", "'second-report.json' is not a data file", None),
    ("annotations/.gitkeep", "unexpected-file", "'.gitkeep' is not a data file", None),
    ("annotations/second-reprot.yml", "unknown-report",
     "annotates no report: docs/reports/second-reprot.md does not exist", "did you mean second-report.yml?"),
    ("annotations/zzzz.yml", "unknown-report", "annotates no report: docs/reports/zzzz.md does not exist",
     "an annotation file is named after its report: add docs/reports/zzzz.md first, or rename it"),
    ("annotations/.second-report.yml", "unknown-report",
     "annotates no report: docs/reports/.second-report.md does not exist", "did you mean second-report.yml?"),
])
def test_annotation_folder_refusals(root: Path, rel: str, code: str, message: str, hint: str | None) -> None:
    write(root / rel, MINI_ANNOTATIONS)
    stock = stock_of(root)
    assert refusals(stock) == {rel: code}
    assert problem(stock, rel).message == message
    if hint:
        assert problem(stock, rel).hint == hint
    else:
        assert "topics.yml, actors.yml, schema.json and one <report-slug>.yml per report" in problem(stock, rel).hint
    assert stock.annotation_files == [root / "annotations/test-report.yml"]


def test_an_orphan_annotation_file_after_its_report_is_removed(root: Path) -> None:
    (root / "docs/reports/test-report.md").unlink()
    stock = stock_of(root)
    assert refusals(stock) == {"annotations/test-report.yml": "unknown-report"}
    assert problem(stock, "annotations/test-report.yml").hint == "did you mean second-report.yml?"
    assert stock.annotation_files == [] and stock.reports == [root / "docs/reports/second-report.md"]


def test_a_report_page_refused_leaves_its_annotation_file_orphaned(root: Path) -> None:
    (root / "docs/reports/test-report.md").rename(root / "docs/reports/Test-Report.md")
    assert refusals(stock_of(root)) == {"docs/reports/Test-Report.md": "bad-id",
                                        "annotations/test-report.yml": "unknown-report"}


@pytest.mark.parametrize("rel, message, hint", [
    ("docs/topics/security.md", "the pages in docs/topics/ are generated from the annotations",
     "remove this file; edit annotations/topics.yml instead"),
    ("docs/actors/deep/x.png", "the pages in docs/actors/ are generated from the annotations",
     "remove this file; edit annotations/actors.yml instead"),
    ("docs/CONTRIBUTING.md", "the Contribute page is generated from the repository's CONTRIBUTING.md",
     "remove this file; edit CONTRIBUTING.md instead"),
    ("docs/contributing.md", "the Contribute page is generated from the repository's CONTRIBUTING.md",
     "remove this file; edit CONTRIBUTING.md instead"),
    ("docs/pagefind/notes.md", "docs/pagefind/ is where the build writes the search index, replacing what is there",
     "move or rename this file"),
    ("docs/pagefind/part-2/x.png", "docs/pagefind/ is where the build writes the search index, replacing what is there",
     "move or rename this file"),
    ("docs/pagefind.md", "docs/pagefind/ is where the build writes the search index, replacing what is there",
     "move or rename this file"),
    ("docs/notes.markdown", "'notes.markdown' is a page with an unusual ending", "rename it to notes.md"),
    ("docs/guide/Notes.MD", "'Notes.MD' is a page with an unusual ending", "rename it to Notes.md"),
])
def test_docs_folder_refusals(root: Path, rel: str, message: str, hint: str) -> None:
    write(root / rel, "# A page\n")
    stock = stock_of(root)
    assert refusals(stock) == {rel: "unexpected-file"}
    assert (problem(stock, rel).message, problem(stock, rel).hint) == (message, hint)
    assert root / rel not in stock.pages


def test_top_level_pages_named_like_generated_folders_are_pages(root: Path) -> None:
    write(root / "docs/topics.md", "# Topics, by hand\n")
    stock = stock_of(root)
    assert stock.problems == [] and root / "docs/topics.md" in stock.pages


@pytest.mark.parametrize("rel, target, message", [
    ("docs/reports/linked.md", "docs/reports/test-report.md", "a symbolic link among the report pages"),
    ("annotations/second-report.yml", "annotations/test-report.yml", "a symbolic link in annotations/"),
    ("docs/linked.md", "docs/about.md", "a symbolic link in the docs folder"),
    ("docs/img.png", "/etc/hostname", "a symbolic link in the docs folder"),
    ("docs/dangling.md", "does-not-exist.md", "a symbolic link in the docs folder"),
])
def test_symbolic_links_are_refused(root: Path, rel: str, target: str, message: str) -> None:
    (root / rel).symlink_to(target if target.startswith("/") or "/" not in target else root / target)
    stock = stock_of(root)
    assert refusals(stock) == {rel: "unexpected-file"}
    assert problem(stock, rel).message == message
    assert root / rel not in stock.reports + stock.annotation_files + stock.pages


def test_every_problem_at_once_sorted_by_role(root: Path) -> None:
    write(root / "docs/reports/a/b.md", PAGE)
    write(root / "annotations/nope.yml", "x: 1")
    write(root / "docs/x.svg", "<svg/>")
    assert refusals(stock_of(root)) == {"docs/reports/a/b.md": "unexpected-file", "annotations/nope.yml": "unknown-report",
                                        "docs/x.svg": "unexpected-file"}


def test_folders_named_by_the_project(tmp_path: Path) -> None:
    write(tmp_path / "site-src/reports/only.md", PAGE)
    write(tmp_path / "data/only.yml", "x: 1")
    write(tmp_path / "data/other.yml", "x: 1")
    stock = take_stock(Project(root=tmp_path, docs="site-src", annotations="data"))
    assert stock.reports == [tmp_path / "site-src/reports/only.md"]
    assert stock.annotation_files == [tmp_path / "data/only.yml"]
    assert refusals(stock) == {"data/other.yml": "unknown-report"}
    assert problem(stock, "data/other.yml").message == "annotates no report: site-src/reports/other.md does not exist"


def test_missing_folders_are_empty(tmp_path: Path) -> None:
    assert take_stock(Project(root=tmp_path, docs="docs", annotations="annotations")) == Stock()


def test_generated_folder_hint_names_the_projects_annotations_folder(tmp_path: Path) -> None:
    write(tmp_path / "site-src/topics/trade.md", "# Trade\n")
    stock = take_stock(Project(root=tmp_path, docs="site-src", annotations="data"))
    assert problem(stock, "site-src/topics/trade.md").hint == "remove this file; edit data/topics.yml instead"
