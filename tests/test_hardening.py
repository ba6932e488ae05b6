"""Bad input, as a hostile or careless contributor would write it: each class has its message, place and fix.

One table, one row per case: a change to the mini project (see tests/sitebuild.py), then the problem
the check must report (file, line, column, code, message). The rows are grouped by the guards of the
hardening issue: one gate for every page, nothing ignored, bounded work, plausible values, errors
that lead to the cause. The build runs the same check (see the build tests at the end), and
``tests/test_crawl.py`` proves that the payloads the check lets through come out inert.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from pathlib import Path
from typing import Callable

import pytest

from macros.frontmatter import split
from macros.glue.config import load_project
from macros.validation import load_checked
from tests.sitebuild import (MINI_ACTORS, MINI_ANNOTATIONS, MINI_REPORT_BODY, MINI_REPORT_META, MINI_TOPICS, ROOT,
                             BuildFailed, build_site, make_project)

BASE = load_project(ROOT)  # the site's settings (template pages, declared files); each case swaps the root
ANN = "annotations/test-report.yml"
REPORT = "docs/reports/test-report.md"
REPORT_PAGE = f"---\n{MINI_REPORT_META}---\n\n{MINI_REPORT_BODY}"
TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


def problems_of(root: Path) -> list:
    return load_checked(dataclasses.replace(BASE, root=root))[1]


def put(rel: str, text: str | bytes) -> Callable[[Path], None]:
    """A change that writes one file of the project."""
    def change(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    return change


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """A change that replaces text in one file of the project (the old text must be there)."""
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def move(old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        (root / old).rename(root / new)
    return change


HIDDEN_BEHIND_INDENT = REPORT_PAGE.replace('date_precision: day\n', 'date_precision: day\n  ---\nrender_macros: true\n', 1)
PAGE_WITH_JINJA = "---\ntitle: Home\n---\n\n# Home\n\n{{ report_list() }}\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"
NESTED = "report: test-report\nannotations: " + "[" * 3000 + "]" * 3000 + "\n"
UNCLOSED_TOPICS = MINI_TOPICS.replace('title: Economic security', 'title: "Economic security', 1)
RUNAWAY_TOPICS = UNCLOSED_TOPICS.replace("description: Flows of goods and services.", 'description: "Flows of goods."')

# name: (change, (path, line, col, code, message fragment))
CASES: dict[str, tuple[Callable[[Path], None], tuple[str, int, int, str, str]]] = {
    # 1. One gate for every page.
    "indented-dashes-hide-render-macros": (put(REPORT, HIDDEN_BEHIND_INDENT),
                                           (REPORT, 11, 1, "unknown-field", "unknown field 'render_macros'")),
    "report-in-a-sub-folder": (move(REPORT, "docs/reports/2024/test-report.md"),
                               ("docs/reports/2024/test-report.md", 1, 1, "unexpected-file", "not in a sub-folder")),
    "report-with-markdown-ending": (move(REPORT, "docs/reports/test-report.markdown"),
                                    ("docs/reports/test-report.markdown", 1, 1, "unexpected-file", "report pages end in .md")),
    "report-with-a-bad-slug": (move(REPORT, "docs/reports/Test_Report.md"),
                               ("docs/reports/Test_Report.md", 1, 1, "bad-id", "is not a valid slug")),
    "hand-written-reports-index": (put("docs/reports/index.md", "# Reports\n"),
                                   ("docs/reports/index.md", 1, 1, "unexpected-file", "is generated")),
    "page-turns-on-templates": (put("docs/evil.md", "---\ntitle: Evil\nrender_macros: true\n---\n\n{{ 7*7 }}\n"),
                                ("docs/evil.md", 3, 1, "template-page", "may not switch template rendering on")),
    "contributing-turns-on-templates": (put("CONTRIBUTING.md", "---\nrender_macros: true\n---\n\n# Contributing\n"),
                                        ("CONTRIBUTING.md", 2, 1, "template-page", "may not switch template rendering on")),
    "template-page-runs-code": (put("docs/index.md", PAGE_WITH_JINJA),
                                ("docs/index.md", 9, 1, "template-code", "not a call to one of our macros")),
    "template-page-includes-a-file": (edit("docs/index.md", "# Policy", '{% include "reports/test-report.md" %}\n\n# Policy'),
                                      ("docs/index.md", 5, 1, "template-code", "{% include")),
    "template-page-calls-a-builtin-macro": (edit("docs/index.md", "# Policy", "{{ macros_info() }}\n\n# Policy"),
                                            ("docs/index.md", 5, 1, "template-code", "macros_info")),
    "template-code-in-a-template-page-title": (edit("docs/index.md", "title: Home", "title: \"{{ config }}\""),
                                               ("docs/index.md", 1, 1, "template-code", "field 'title' holds template code")),
    "page-metadata-without-dashes": (put("docs/loose.md", "title: Loose\nrender_macros: true\n\n# Loose\n"),
                                     ("docs/loose.md", 1, 1, "loose-metadata", "looks like a metadata line")),
    "unknown-page-setting": (put("docs/odd.md", "---\ntitle: Odd\ntemplate: main.html\n---\n\n# Odd\n"),
                             ("docs/odd.md", 3, 1, "unknown-field", "unknown field 'template'")),
    "front-matter-not-closed": (put("docs/open.md", "---\ntitle: Open\n\n# Open\n"),
                                ("docs/open.md", 1, 1, "no-front-matter", "not closed")),
    "html-file-in-docs": (put("docs/x.html", "<script>alert(1)</script>"),
                          ("docs/x.html", 1, 1, "unexpected-file", "would be published as it is")),
    "svg-file-in-docs": (put("docs/assets/logo.svg", "<svg onload='alert(1)'/>"),
                         ("docs/assets/logo.svg", 1, 1, "unexpected-file", "would be published as it is")),
    "undeclared-script": (put("docs/assets/extra.js", "alert(1)"),
                          ("docs/assets/extra.js", 1, 1, "unexpected-file", "would be published as it is")),
    "page-in-a-generated-folder": (put("docs/topics/security.md", "# Mine\n"),
                                   ("docs/topics/security.md", 1, 1, "unexpected-file", "are generated from the annotations")),
    # 2. Nothing ignored.
    "upper-case-yml": (move(ANN, "annotations/test-report.YML"),
                       ("annotations/test-report.YML", 1, 1, "unexpected-file", "data files end in .yml")),
    "yaml-ending": (move(ANN, "annotations/test-report.yaml"),
                    ("annotations/test-report.yaml", 1, 1, "unexpected-file", "data files end in .yml")),
    "annotations-in-a-sub-folder": (move(ANN, "annotations/more/test-report.yml"),
                                    ("annotations/more/test-report.yml", 1, 1, "unexpected-file", "may not be in sub-folders")),
    "second-topics-file": (put("annotations/topics2.yml", MINI_TOPICS),
                           ("annotations/topics2.yml", 1, 1, "unknown-report", "annotates no report")),
    "orphan-annotation-file": (put("annotations/test-reprot.yml", MINI_ANNOTATIONS.replace("test-", "other-")),
                               ("annotations/test-reprot.yml", 1, 1, "unknown-report", "annotates no report")),
    "stray-file": (put("annotations/notes.txt", "todo"),
                   ("annotations/notes.txt", 1, 1, "unexpected-file", "is not a data file")),
    "topics-in-an-annotation-file": (edit(ANN, "annotations:", "topics:\n  - id: extra\n    title: Extra\n    description: x\nannotations:"),
                                     (ANN, 2, 1, "unknown-field", "unknown field 'topics'")),
    "topic-id-index": (edit("annotations/topics.yml", "id: trade", "id: index"),
                       ("annotations/topics.yml", 5, 9, "reserved-id", "'index' cannot be a topic id")),
    "actor-id-index": (edit("annotations/actors.yml", "id: officials", "id: index"),
                       ("annotations/actors.yml", 5, 9, "reserved-id", "'index' cannot be a actor id")),
    "annotation-id-citation": (edit(ANN, "id: test-trade-fell", "id: citation"),
                               (ANN, 12, 9, "reserved-id", "annotation id 'citation' is taken")),
    "annotation-id-card": (edit(ANN, "id: test-trade-fell", "id: card-test-committee"),
                           (ANN, 12, 9, "reserved-id", "annotation id 'card-test-committee' is taken")),
    "annotation-id-cite": (edit(ANN, "id: test-trade-fell", "id: cite-test-committee"),
                           (ANN, 12, 9, "reserved-id", "annotation id 'cite-test-committee' is taken")),
    "annotation-id-of-a-heading": (edit(ANN, "id: test-trade-fell", "id: second-section"),
                                   (ANN, 12, 9, "reserved-id", "a heading or footnote of docs/reports/test-report.md")),
    "report-takes-our-element-id": (edit(REPORT, "## Second section", "## Second section {#citation}"),
                                    (REPORT, 1, 1, "reserved-id", "gives an element the id 'citation'")),
    # 3. Bounded work.
    "deeply-nested-yaml": (put(ANN, NESTED), (ANN, 2, 34, "too-deep", "nested more than 20 levels deep")),
    "run-of-asterisks": (put(REPORT, REPORT_PAGE + "\n" + "*" * 6000 + "a" + "*" * 6000 + "\n"),
                         (REPORT, 23, 1, "too-deep", "a run of 6,000 '*' characters")),
    "oversized-report": (put(REPORT, REPORT_PAGE + ("All work and no play. " * 200_000)),
                         (REPORT, 1, 1, "too-large", "over the 4,194,304-byte limit")),
    "oversized-yaml": (put(ANN, MINI_ANNOTATIONS + "# " + "x" * 1_100_000 + "\n"),
                       (ANN, 1, 1, "too-large", "over the 1,048,576-byte limit")),
    # 4. Plausible values.
    "as-of-in-the-future": (edit(ANN, "status: not-yet-assessed", f'status: in-progress\n    as_of: "{TOMORROW}"\n'
                                 '    evidence:\n      - date: "2024-01-01"\n        event: "Begun."\n'
                                 '        source: "https://example.org/a"\n        outlet: "Example"'),
                            (ANN, 11, 12, "future-date", f"as_of '{TOMORROW}' is in the future")),
    "report-date-in-the-future": (edit(REPORT, 'date: "2021-03-18"', f'date: "{TOMORROW}"'),
                                  (REPORT, 8, 7, "future-date", "is in the future")),
    "february-31": (edit(REPORT, 'date: "2021-03-18"', 'date: "2021-02-31"'),
                    (REPORT, 8, 7, "bad-date", "'2021-02-31' is not a real calendar date")),
    "blank-topic-title": (edit("annotations/topics.yml", "title: Trade", 'title: "\u200b\u200b"'),
                          ("annotations/topics.yml", 6, 12, "invisible", "title has no visible characters")),
    "right-to-left-override": (edit(ANN, 'summary: "Trade dropped in 2017."', 'summary: "Trade \u202edropped in 2017."'),
                               (ANN, 17, 14, "bidi-control", "invisible direction control (U+202E)")),
    "mixed-script-title": (edit("annotations/topics.yml", "title: Trade", "title: Tr\u0430de"),
                           ("annotations/topics.yml", 6, 12, "mixed-script", "mixes alphabets in one word: 'Tr\u0430de'")),
    "mixed-script-actor-name": (edit("annotations/actors.yml", "name: Officials", "name: Offici\u0430ls"),
                                ("annotations/actors.yml", 6, 11, "mixed-script", "mixes alphabets")),
    "infinite-figure": (edit(ANN, "value: 8.6", "value: 1e999"),
                        (ANN, 21, 16, "out-of-range", "value inf is out of range")),
    "huge-integer-figure": (edit(ANN, "value: 8.6", "value: " + "9" * 40),
                            (ANN, 21, 16, "out-of-range", "is out of range")),
    # 5. Errors that lead to the cause.
    "unclosed-quote-in-topics": (put("annotations/topics.yml", UNCLOSED_TOPICS),
                                 ("annotations/topics.yml", 3, 12, "yaml-syntax", "this quoted text is never closed")),
    "runaway-quote-in-topics": (put("annotations/topics.yml", RUNAWAY_TOPICS),
                                ("annotations/topics.yml", 3, 12, "yaml-syntax", "this quoted text runs on to line 7")),
    "not-utf8-in-a-report": (put(REPORT, (REPORT_PAGE + "Caf\xe9 society.\n").encode("latin-1")),
                             (REPORT, 22, 4, "not-utf8", "not UTF-8 text (byte 0xe9)")),
    "long-id-is-shortened": (edit(ANN, "id: test-trade-fell", "id: " + "X" * 500_000),
                             (ANN, 12, 9, "bad-id", "is not a valid id")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_at_its_place(tmp_path: Path, name: str) -> None:
    change, (path, line, col, code, message) = CASES[name]
    root = make_project(tmp_path / "p")
    change(root)
    problems = problems_of(root)
    hits = [p for p in problems if (p.path, p.line, p.col, p.code) == (path, line, col, code) and message in p.message]
    assert hits, "\n".join(p.format() for p in problems)
    assert hits[0].hint, "every problem says how to fix it"
    assert all(len(p.format()) < 1200 for p in problems), "messages stay short whatever the input"


def test_an_unreadable_topics_file_does_not_bury_its_cause(tmp_path: Path) -> None:
    """Its unknown-topic follow-ons are replaced by one line that says they were not checked."""
    root = make_project(tmp_path / "p")
    put("annotations/topics.yml", UNCLOSED_TOPICS)(root)
    problems = problems_of(root)
    assert sorted(p.code for p in problems) == ["not-checked", "yaml-syntax"], "\n".join(p.format() for p in problems)
    assert "2 references to this file's entries could not be checked" in [p.message for p in problems]


def test_a_byte_order_mark_is_accepted_as_mkdocs_accepts_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", reports={"test-report": "\ufeff" + REPORT_PAGE})
    assert problems_of(root) == []


def test_windows_line_endings_are_read_as_mkdocs_reads_them(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / REPORT).write_bytes(REPORT_PAGE.replace("\n", "\r\n").encode("utf-8"))
    assert problems_of(root) == []


@pytest.mark.parametrize("source", [
    REPORT_PAGE, HIDDEN_BEHIND_INDENT, "---\ntitle: x\n...\nbody\n", "---  \ntitle: x\n---\t\n\n\nbody\n",
    "--- \ntitle: x\n --- \nrest\n---\nbody\n", "---\ntitle: x\n", "----\ntitle: x\n----\nbody\n", "---\n---\nbody\n",
    "---\n\n---\nbody\n", "\n---\ntitle: x\n---\nbody\n", "# No front matter\n\ntitle: x\n",
])
def test_front_matter_is_split_exactly_as_mkdocs_splits_it(source: str) -> None:
    from mkdocs.utils.meta import get_data

    body, meta = get_data(source)
    ours = split(source)
    if meta:  # MkDocs found a YAML mapping: we must have split at the same place
        assert ours.has_front_matter and ours.body == body
    elif ours.has_front_matter:  # a block MkDocs rejects (not a mapping): our YAML check refuses it too
        assert body == source


def test_the_check_stays_fast_on_huge_bad_input(tmp_path: Path) -> None:
    """Not a timing target (see scripts/bench_bad_input.py): the closest-passage search must not scan
    the whole report per quote with a quadratic algorithm, so 6 misses in 3 MB stay in the seconds."""
    big = REPORT_PAGE + "\n" + ("Officials doubt the committee will meet every year in Tokyo. " * 48_000)
    quotes = "".join(f'  - id: miss-{i}\n    kind: claim\n    claim_type: assessment\n    quote:\n      exact: "words {i} '
                     f'that are nowhere"\n    summary: "x"\n    topics: [trade]\n    actors: [officials]\n' for i in range(6))
    root = make_project(tmp_path / "p", reports={"test-report": big},
                        annotations={"test-report": MINI_ANNOTATIONS + quotes})
    start = time.process_time()
    problems = problems_of(root)
    assert sorted(p.subject for p in problems if p.code == "quote-not-found") == [f"miss-{i}" for i in range(6)]
    assert time.process_time() - start < 30  # generous bound: difflib took minutes here


# The build runs the same check before it renders anything.
BUILD_CASES = ["indented-dashes-hide-render-macros", "page-turns-on-templates", "template-page-runs-code",
               "report-in-a-sub-folder", "upper-case-yml", "annotation-id-citation", "run-of-asterisks"]


@pytest.mark.slow
@pytest.mark.parametrize("name", BUILD_CASES)
def test_the_build_refuses_what_the_check_refuses(tmp_path: Path, name: str) -> None:
    change, (path, line, col, code, message) = CASES[name]
    root = make_project(tmp_path / "p")
    change(root)
    with pytest.raises(BuildFailed) as failure:
        build_site(root, tmp_path / "site")
    assert f"{path}:{line}:{col}: " in str(failure.value) and message in str(failure.value)
    assert not (tmp_path / "site" / "index.html").exists(), "nothing is rendered once the check fails"


@pytest.mark.slow
def test_the_build_stops_when_mkdocs_reads_a_page_differently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Second line of defence: if the check's split ever drifted from MkDocs', the build would stop."""
    import macros.corpus

    real = macros.corpus.load_page

    def drifted(project, path, src):  # as if the check had read one more line than MkDocs
        page, problems = real(project, path, src)
        return (dataclasses.replace(page, body=page.body + "\n") if src == "about.md" else page), problems

    root = make_project(tmp_path / "p")
    monkeypatch.setattr(macros.corpus, "load_page", drifted)
    with pytest.raises(BuildFailed) as failure:
        build_site(root, tmp_path / "site")
    assert "docs/about.md: MkDocs reads this page's front matter differently from the check" in str(failure.value)


def test_every_case_has_a_guard_class() -> None:
    """The table covers each class of the issue at least once (by the codes it expects)."""
    codes = {code for _, (_, _, _, code, _) in CASES.values()}
    assert {"template-page", "template-code", "unexpected-file", "unknown-report", "reserved-id", "too-deep",
            "too-large", "future-date", "bad-date", "invisible", "bidi-control", "mixed-script", "out-of-range",
            "yaml-syntax", "not-utf8", "loose-metadata"} <= codes


def test_mini_topics_and_actors_are_as_the_table_assumes() -> None:
    """The table's line numbers are worked out from these texts (see tests/sitebuild.py)."""
    assert MINI_TOPICS.splitlines()[4] == "  - id: trade" and MINI_ACTORS.splitlines()[4] == "  - id: officials"
