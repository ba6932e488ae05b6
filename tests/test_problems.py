"""Problems: one line each with its place, a hint under it, sorted by file and position, counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cli import main
from macros.problems import Problem, format_problems, github_annotation
from tests.sitebuild import make_project


def test_format_without_a_hint_is_one_line() -> None:
    assert Problem("annotations/a.yml", 3, 7, "a-one", "unknown topic 'x'").format() == \
        "annotations/a.yml:3:7: a-one: unknown topic 'x'"


def test_format_puts_the_hint_on_its_own_indented_line() -> None:
    problem = Problem("annotations/a.yml", 3, 7, "a-one", "unknown topic 'x'", "did you mean 'y'?", "unknown-topic")
    assert problem.format() == "annotations/a.yml:3:7: a-one: unknown topic 'x'\n    hint: did you mean 'y'?"


def test_problems_sort_by_file_then_line_then_column() -> None:
    problems = [Problem("b.yml", 1, 1, "z", "m"), Problem("a.yml", 10, 1, "z", "m"), Problem("a.yml", 9, 5, "z", "m"),
                Problem("a.yml", 9, 2, "z", "m"), Problem("a.yml", 9, 2, "y", "m")]
    assert [(p.path, p.line, p.col, p.subject) for p in sorted(problems)] == [
        ("a.yml", 9, 2, "y"), ("a.yml", 9, 2, "z"), ("a.yml", 9, 5, "z"), ("a.yml", 10, 1, "z"), ("b.yml", 1, 1, "z")]


def test_lines_sort_as_numbers_not_text() -> None:
    assert sorted([Problem("a.yml", 10, 1, "-", "m"), Problem("a.yml", 9, 1, "-", "m")])[0].line == 9


def test_the_code_is_not_part_of_a_problems_identity() -> None:
    one = Problem("a.yml", 1, 1, "x", "m", "h", "code-one")
    assert one == Problem("a.yml", 1, 1, "x", "m", "h", "code-two")
    assert len({one, Problem("a.yml", 1, 1, "x", "m", "h", "code-two")}) == 1
    assert one != Problem("a.yml", 1, 1, "x", "m", "other hint", "code-one")


def test_problems_are_immutable() -> None:
    with pytest.raises(AttributeError):
        Problem("a.yml", 1, 1, "x", "m").line = 2  # type: ignore[misc]


def test_format_problems_sorts_and_counts() -> None:
    later = Problem("b.yml", 2, 1, "b", "second", "fix b")
    first = Problem("a.yml", 5, 3, "a", "first")
    assert format_problems([later, first]) == "a.yml:5:3: a: first\nb.yml:2:1: b: second\n    hint: fix b\n2 problems found."


def test_one_problem_is_counted_in_the_singular() -> None:
    assert format_problems([Problem("a.yml", 1, 1, "-", "m")]).endswith("\n1 problem found.")


# ----------------------------------------------------------------------------- GitHub Actions annotations


def test_a_problem_becomes_a_github_error_command_on_its_line() -> None:
    problem = Problem("annotations/a.yml", 41, 14, "a-one", "summary is empty", "give at least one character")
    assert github_annotation(problem) == \
        "::error file=annotations/a.yml,line=41,col=14,title=a-one::summary is empty%0Ahint: give at least one character"


def test_github_commands_escape_what_would_end_or_split_them() -> None:
    """GitHub's rules: %, CR and LF are percent-encoded everywhere; ':' and ',' too in properties."""
    problem = Problem("docs/reports/a,b:c.md", 1, 2, "id:with,comma%", "100% wrong:\r\nsee, here", "a::b")
    assert github_annotation(problem) == ("::error file=docs/reports/a%2Cb%3Ac.md,line=1,col=2,title=id%3Awith%2Ccomma%25"
                                          "::100%25 wrong:%0D%0Asee, here%0Ahint: a::b")


def test_check_format_github_prints_one_command_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = make_project(tmp_path / "p")
    path = root / "annotations" / "test-report.yml"
    path.write_text(path.read_text().replace('summary: "Trade dropped in 2017."', 'summary: ""'), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if 'summary: ""' in text)
    assert main(["--root", str(root), "check", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"::error file=annotations/test-report.yml,line={line},col=14,title=test-trade-fell"
                                "::summary is empty%0Ahint: give at least one character"]
    assert err.strip() == "1 problem found."
    assert main(["--root", str(root), "check"]) == 1  # the default is still the text a person reads
    assert capsys.readouterr().err.startswith(f"annotations/test-report.yml:{line}:14: test-trade-fell: summary is empty")


@pytest.mark.parametrize("value, message", [('""', "summary is empty"), ('"   "', "summary is blank"),
                                            ('"\\u200b"', "summary has no visible characters")])
def test_an_empty_summary_gets_one_message(tmp_path: Path, capsys: pytest.CaptureFixture, value: str, message: str) -> None:
    root = make_project(tmp_path / "p")
    path = root / "annotations" / "test-report.yml"
    path.write_text(path.read_text().replace('summary: "Trade dropped in 2017."', f"summary: {value}"), encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("test-trade-fell: ") == 1 and f"test-trade-fell: {message}\n" in err and err.endswith("1 problem found.\n")
