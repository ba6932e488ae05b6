"""Problems: one line each with its place, a hint under it, sorted by file and position, counted."""

from __future__ import annotations

import pytest

from macros.problems import Problem, format_problems


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
