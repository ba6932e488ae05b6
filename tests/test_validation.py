"""The check: one small bad input each, with the exact location, message and hint expected.

Each case edits the mini project's annotation file (see tests/sitebuild.py for its text and lines).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from macros.glue.config import load_project
from macros.validation import load_checked
from tests.sitebuild import MINI_ANNOTATIONS, MINI_REPORT_BODY, MINI_REPORT_META, MINI_TOPICS, BuildFailed, build_site, make_project

ANN = "annotations/test-report.yml"
REPORT = "docs/reports/test-report.md"


def edited(old: str, new: str, text: str = MINI_ANNOTATIONS) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


EVIDENCE = ('    status: implemented\n    as_of: "2024-01-01"\n    evidence:\n      - date: "2023-05"\n'
            '        event: "It was built."\n        source: "https://example.org/news"\n        outlet: "Example News"\n')

CASES = {
    # name: (annotation file text, (path, line, col, subject, message, hint fragment))
    "unknown-field": (edited("    summary: \"Create", "    sumary: \"Create"),
                      (ANN, 7, 5, "test-committee", "unknown field 'sumary'", "did you mean 'summary'?")),
    "bad-enum": (edited("status: not-yet-assessed", "status: done"),
                 (ANN, 10, 13, "test-committee", "'done' is not an allowed value for status",
                  "use one of: not-yet-assessed, no-action, in-progress, partially-implemented, implemented")),
    "bad-enum-kind": (edited("kind: recommendation", "kind: recomendation"),
                      (ANN, 4, 11, "test-committee", "'recomendation' is not an allowed value for kind", "use one of: claim, recommendation")),
    "missing-field": (edited("    topics: [security]\n", ""),
                      (ANN, 3, 5, "test-committee", "missing field 'topics'", "add a line 'topics: ...'")),
    "duplicate-id": (edited("  - id: test-trade-fell", "  - id: test-committee"),
                     (ANN, 12, 9, "test-committee", f"duplicate annotation id 'test-committee' (also at {ANN}:3)", "rename")),
    "unknown-topic": (edited("topics: [security]", "topics: [securty]"),
                      (ANN, 8, 14, "test-committee", "unknown topic 'securty'", "did you mean 'security'?")),
    "unknown-actor": (edited("actors: [alliance]", "actors: [aliance]"),
                      (ANN, 9, 14, "test-committee", "unknown actor 'aliance'", "did you mean 'alliance'?")),
    "unknown-target": (edited("target: test-committee", "target: test-comittee"),
                       (ANN, 27, 17, "test-trade-fell", "relation target 'test-comittee' does not exist", "did you mean 'test-committee'")),
    "self-relation": (edited("target: test-committee", "target: test-trade-fell"),
                      (ANN, 27, 17, "test-trade-fell", "an annotation cannot relate to itself", "another annotation")),
    "quote-not-found": (edited("a new committee for economic", "a new commitee for economic"),
                        (ANN, 6, 14, "test-committee", f"quote not found in {REPORT}",
                         "closest passage: “The alliance should build a new committee")),
    "quote-ambiguous": (edited('"Trade fell by 8.6 percent in 2017."', '"committee"'),
                        (ANN, 16, 14, "test-trade-fell", f"quote occurs 2 times in {REPORT}", "add quote.prefix or quote.suffix")),
    "quote-with-wrong-prefix": (edited('"Trade fell by 8.6 percent in 2017."', '"committee"\n      prefix: "an old"'),
                                (ANN, 16, 14, "test-trade-fell", f"quote not found in {REPORT} with this prefix/suffix", "closest passage")),
    "non-http-url": (edited("    status: not-yet-assessed\n", EVIDENCE.replace("https://example.org/news", "ftp://example.org/news")),
                     (ANN, 15, 17, "test-committee", "'ftp://example.org/news' is not an http(s) URL", "https://")),
    "javascript-url": (edited("    status: not-yet-assessed\n", EVIDENCE.replace("https://example.org/news", "javascript:alert(1)")),
                       (ANN, 15, 17, "test-committee", "'javascript:alert(1)' is not an http(s) URL", "https://")),
    "bad-date": (edited("    status: not-yet-assessed\n", EVIDENCE.replace('"2024-01-01"', '"2024-02-30"')),
                 (ANN, 11, 12, "test-committee", "'2024-02-30' is not a real calendar date", "YYYY-MM-DD")),
    "bad-date-form": (edited("    status: not-yet-assessed\n", EVIDENCE.replace('"2023-05"', '"May 2023"')),
                      (ANN, 13, 15, "test-committee", "'May 2023' is not a date in the expected form", "YYYY")),
    "evidence-after-as-of": (edited("    status: not-yet-assessed\n", EVIDENCE.replace('"2023-05"', '"2024-06-01"')),
                             (ANN, 13, 15, "test-committee", "evidence dated 2024-06-01 is later than as_of 2024-01-01", "as_of")),
    "status-without-evidence": (edited("status: not-yet-assessed", 'status: implemented\n    as_of: "2024-01-01"'),
                                (ANN, 3, 5, "test-committee", "missing field 'evidence'", "add a line 'evidence: ...'")),
    "status-on-a-claim": (edited("    claim_type: statistic\n", "    claim_type: statistic\n    status: implemented\n"),
                          (ANN, 15, 5, "test-trade-fell", "field 'status' does not apply here", "only for recommendations")),
    "number-as-text": (edited("value: 8.6", 'value: "8.6"'),
                       (ANN, 21, 16, "test-trade-fell", "value should be a number, not text", "give value as a number")),
    "bad-id": (edited("  - id: test-committee", "  - id: Test Committee"),
               (ANN, 3, 9, "Test Committee", "'Test Committee' is not a valid id", "lower-case letters")),
    "wrong-file-name": (edited("report: test-report", "report: other-report"),
                        (ANN, 1, 9, "other-report", "file annotates report 'other-report' but is named test-report.yml", "rename")),
    "yaml-syntax": (edited("    topics: [security]", "    topics: [security"),
                    (ANN, 9, 11, "-", "YAML syntax error: expected ',' or ']', but got ':' "
                     "(while parsing a flow sequence that starts at line 8, column 13)", "indentation")),
}


def check(tmp_path: Path, annotations: str | None = None, **kwargs) -> list:
    root = make_project(tmp_path / "p", annotations={"test-report": annotations or MINI_ANNOTATIONS}, **kwargs)
    return load_checked(load_project(root))[1]


def test_the_mini_project_is_valid(tmp_path: Path) -> None:
    assert check(tmp_path) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_at_its_place(tmp_path: Path, name: str) -> None:
    text, (path, line, col, subject, message, hint) = CASES[name]
    problems = check(tmp_path, text)
    found = [(p.path, p.line, p.col, p.subject, p.message) for p in problems]
    assert (path, line, col, subject, message) in found, "\n".join(p.format() for p in problems)
    problem = next(p for p in problems if p.message == message)
    assert hint in problem.hint
    assert problem.format().startswith(f"{path}:{line}:{col}: {subject}: {message}\n    hint: ")


def test_every_problem_is_collected_not_just_the_first(tmp_path: Path) -> None:
    text = edited("status: not-yet-assessed", "status: done")
    text = edited("topics: [security]", "topics: [securty]", text)
    text = edited("a new committee for economic", "a new commitee for economic", text)
    codes = sorted(p.code for p in check(tmp_path, text))
    assert codes == ["bad-enum", "quote-not-found", "unknown-topic"]


def test_duplicate_topic_id_names_both_places(tmp_path: Path) -> None:
    topics = MINI_TOPICS + "  - id: trade\n    title: Trade again\n    description: Twice.\n"
    problems = check(tmp_path, topics=topics)
    assert [p.format().splitlines()[0] for p in problems] == [
        "annotations/topics.yml:8:9: trade: duplicate topic id 'trade' (also at annotations/topics.yml:5)"]


def test_unquoted_dates_and_yes_no_keep_their_text(tmp_path: Path) -> None:
    text = edited("    status: not-yet-assessed\n", EVIDENCE.replace('"2024-01-01"', "2024-01-01").replace('"2023-05"', "2023-05"))
    assert check(tmp_path, text) == []


@pytest.mark.parametrize("meta_edit, line, message", [
    (("title_supplied: false", "title_supplied: false\ntitel: Oops"), 4, "unknown field 'titel'"),
    (('publisher: "Test Institute"\n', ""), 2, "missing field 'publisher'"),
    (('date: "2021-03-18"', 'date: "18 March 2021"'), 8, "'18 March 2021' is not a date in the expected form"),
    (("date_precision: day", "date_precision: month"), 8, "date '2021-03-18' does not match date_precision 'month'"),
    (('url: "https://example.org/report"', 'url: "www.example.org"'), 10, "'www.example.org' is not an http(s) URL"),
    (("completeness: full", "completeness: partial"), 11, "'partial' is not an allowed value for completeness"),
    (("render_macros", "render_macros"), 0, ""),
])
def test_bad_front_matter_names_the_file_and_key(tmp_path: Path, meta_edit: tuple[str, str], line: int, message: str) -> None:
    meta = MINI_REPORT_META.replace(*meta_edit)
    if meta_edit[0] == "render_macros":  # a report may not switch template rendering on for itself
        meta += "render_macros: true\n"
        line, message = 13, "unknown field 'render_macros'"
    problems = check(tmp_path, reports={"test-report": f"---\n{meta}---\n\n{MINI_REPORT_BODY}"})
    found = [(p.path, p.line, p.message) for p in problems]
    assert (REPORT, line, message) in found, "\n".join(p.format() for p in problems)


def test_report_without_front_matter(tmp_path: Path) -> None:
    problems = check(tmp_path, reports={"test-report": MINI_REPORT_BODY})
    assert (REPORT, 1, "no-front-matter") in [(p.path, p.line, p.code) for p in problems]


def test_check_command_exits_nonzero_with_the_full_list(tmp_path: Path) -> None:
    text = edited("status: not-yet-assessed", "status: done")
    text = edited("topics: [security]", "topics: [securty]", text)
    root = make_project(tmp_path / "p", annotations={"test-report": text})
    run = subprocess.run([sys.executable, "-m", "macros", "--root", str(root), "check"], capture_output=True, text=True)
    assert run.returncode == 1
    assert f"{ANN}:8:14: test-committee: unknown topic 'securty'\n    hint: did you mean 'security'?" in run.stderr
    assert f"{ANN}:10:13: test-committee: 'done' is not an allowed value for status" in run.stderr
    assert run.stderr.rstrip().endswith("2 problems found.")


def test_check_command_passes_on_good_data(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    run = subprocess.run([sys.executable, "-m", "macros", "--root", str(root), "check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("OK: 1 reports, 2 annotations (1 recommendations)")


def test_build_fails_with_the_same_messages(tmp_path: Path) -> None:
    text = edited("topics: [security]", "topics: [securty]")
    root = make_project(tmp_path / "p", annotations={"test-report": text})
    with pytest.raises(BuildFailed) as failure:
        build_site(root, tmp_path / "site")
    assert f"{ANN}:8:14: test-committee: unknown topic 'securty'\n    hint: did you mean 'security'?" in str(failure.value)


def test_build_fails_on_a_quote_that_does_not_anchor(tmp_path: Path) -> None:
    text = edited("a new committee for economic", "a new commitee for economic")
    root = make_project(tmp_path / "p", annotations={"test-report": text})
    with pytest.raises(BuildFailed) as failure:
        build_site(root, tmp_path / "site")
    assert f"{ANN}:6:14: test-committee: quote not found in {REPORT}" in str(failure.value)


def test_real_annotations_pass_the_check() -> None:
    from tests.sitebuild import ROOT
    corpus, problems = load_checked(load_project(ROOT))
    assert problems == [], "\n".join(p.format() for p in problems)
    assert len(corpus.annotations) > 0
