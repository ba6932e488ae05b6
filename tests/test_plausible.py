"""macros/plausible.py: values that parse and fit the schema but cannot be right, each at its own place."""

from __future__ import annotations

import datetime

import pytest

from macros.plausible import implausible
from macros.yamlload import load_yaml

TODAY = datetime.date(2024, 6, 15)
PATH = "annotations/r.yml"


def check(yaml_text: str, today: datetime.date = TODAY, **kwargs) -> list:
    loaded, problems = load_yaml(yaml_text, PATH)
    assert problems == [], problems
    kwargs.setdefault("subject_of", lambda path: "")
    return implausible(loaded, today, **kwargs)


def codes(yaml_text: str, **kwargs) -> list[str]:
    return [p.code for p in check(yaml_text, **kwargs)]


@pytest.mark.parametrize("value", ["2024-06-15", "2024-06-14", "2024-06", "2024", "2023-12-31", "1999-01-01", "2024-05"])
def test_dates_up_to_today_are_fine(value: str) -> None:
    for key in ("date", "as_of", "checked"):
        assert check(f'{key}: "{value}"') == []


@pytest.mark.parametrize("value", ["2024-06-16", "2024-07", "2024-07-01", "2025", "2025-01-01", "3000-01"])
def test_future_dates(value: str) -> None:
    for key in ("date", "as_of", "checked"):
        (problem,) = check(f'{key}: "{value}"')
        assert problem.code == "future-date"
        assert problem.message == f"{key} '{value}' is in the future (today is 2024-06-15)"


def test_the_boundary_follows_today() -> None:
    assert codes('date: "2024-06-16"', today=datetime.date(2024, 6, 16)) == []
    assert codes('date: "2024-06-16"', today=datetime.date(2024, 6, 15)) == ["future-date"]
    assert codes('date: "2025"', today=datetime.date(2025, 1, 1)) == []
    assert codes('date: "2025"', today=datetime.date(2024, 12, 31)) == ["future-date"]


def test_only_date_fields_are_read_as_dates() -> None:
    assert check('title: "2099-01-01"\nnumber: "2099"\nsummary: "Due 2099-02-30"') == []


@pytest.mark.parametrize("value", ["2023-02-29", "2024-02-30", "2021-04-31", "2021-13", "2021-02-32", "2099-02-30"])
def test_impossible_dates(value: str) -> None:
    (problem,) = check(f'date: "{value}"')
    assert problem.code == "bad-date" and problem.message == f"'{value}' is not a real calendar date"


@pytest.mark.parametrize("value", ["2021-00", "2021-01-00", "2021-00-01"])
def test_zero_month_or_day_is_not_a_date(value: str) -> None:
    assert codes(f'date: "{value}"') == ["bad-date"]


def test_leap_day_is_a_date() -> None:
    assert check('date: "2024-02-29"') == []


@pytest.mark.parametrize("value", ["2021/01/01", "21-01-01", "2021-1-1", "soon", "2021-01-01T00:00"])
def test_dates_of_another_form_are_left_to_the_schema(value: str) -> None:
    assert check(f'date: "{value}"') == []


@pytest.mark.parametrize("value", [r"\u200B", r"\u200B\u200C\u200D", r"\u2060\uFEFF", "   ", r"\u00A0", r"\u0301"])
def test_text_without_visible_characters(value: str) -> None:
    for key in ("title", "name", "summary", "publisher", "measures", "event", "description"):
        (problem,) = check(f'{key}: "{value}"')
        assert problem.code == "invisible" and problem.message == f"{key} has no visible characters"


def test_invisible_characters_beside_visible_ones_are_fine() -> None:
    assert check(r'title: "A\u200Bword"') == []


def test_invisible_text_in_other_fields_is_not_this_rule() -> None:
    assert check(r'note: "\u200B"') == []


@pytest.mark.parametrize("char", ["\\u202E", "\\u202A", "\\u2066", "\\u2069", "\\u200E", "\\u200F", "\\u061C"])
def test_bidi_controls_anywhere(char: str) -> None:
    code = chr(int(char[2:], 16))
    text = f'title: "abc{char}def"\nnote: "x{char}"\ndate: "2020{char}"\ntopics: ["a", "b{char}"]\n'
    problems = check(text)
    assert [(p.line, p.col, p.code) for p in problems] == [(1, 8, "bidi-control"), (2, 7, "bidi-control"),
                                                           (3, 7, "bidi-control"), (4, 15, "bidi-control")]
    assert problems[0].message == f"title holds an invisible direction control (U+{ord(code):04X})"
    assert problems[3].message.startswith("topics holds")  # a list item is named by its list's key


def test_bidi_control_in_a_nested_list() -> None:
    (problem,) = check('annotations:\n  - id: a\n    figures:\n      - measures: "ok"\n        tags: ["x", "\\u202Ey"]\n')
    assert (problem.line, problem.col, problem.code) == (5, 21, "bidi-control")


@pytest.mark.parametrize("text, word", [
    ("p\u0430ypal account", "p\u0430ypal"),  # Cyrillic a
    ("The \u0421ommittee", "\u0421ommittee"),  # Cyrillic Es
    ("\u03b1lpha", "\u03b1lpha"),  # Greek alpha
    ("caf\u00e9 \u043c\u0438\u0440o", "\u043c\u0438\u0440o"),  # the Cyrillic word with a Latin o; café is fine
])
def test_mixed_script_words(text: str, word: str) -> None:
    (problem,) = check(f'summary: "{text}"')
    assert problem.code == "mixed-script"
    assert problem.message == f"summary mixes alphabets in one word: {word!r}"


@pytest.mark.parametrize("text", [
    "日本語のテキストとカタカナ",  # kanji, hiragana, katakana
    "한국語",  # hangul and hanja
    "Café résumé naïve Straße Łódź",  # accented Latin
    "2021年 COVID19 β2 x2 ５月",  # digits with letters of one script
    "Москва and Paris",  # two scripts, in separate words
    "ＡＢＣ全角 ﾃｽﾄ結果",  # fullwidth Latin, halfwidth katakana, with kanji
])
def test_words_of_one_script(text: str) -> None:
    assert check(f'summary: "{text}"') == []


def test_quotes_are_exempt() -> None:
    text = 'quote:\n  exact: "p\\u0430ypal \\u202E"\n  prefix: "\\u200B"\nsummary: "p\\u0430ypal"\n'
    assert [(p.line, p.code) for p in check(text)] == [(4, "mixed-script")]
    assert [(p.line, p.code) for p in check(text, skip=())] == [(2, "bidi-control"), (4, "mixed-script")]


def test_quotes_inside_annotations_are_exempt() -> None:
    text = 'annotations:\n  - quote:\n      exact: "2099-01-01 \\u202E"\n      date: "2099"\n'
    assert check(text) == []


def test_the_subject_callback_gets_the_path_of_the_value() -> None:
    seen = []

    def subject_of(path):
        seen.append(path)
        return f"ann-{path[1]}" if path[:1] == ("annotations",) else ""

    text = 'title: "\\u200B"\nannotations:\n  - id: a\n    summary: "ok"\n  - id: b\n    checked: "2030-01-01"\n'
    problems = check(text, subject_of=subject_of)
    assert [(p.subject, p.line, p.col, p.code) for p in problems] == [("-", 1, 8, "invisible"), ("ann-1", 6, 14, "future-date")]
    assert seen == [("title",), ("annotations", 1, "checked")]  # asked only for values with a problem


def test_the_line_offset_moves_every_problem() -> None:
    text = 'title: "x"\ndate: "2099"\n'
    assert [(p.path, p.line, p.col) for p in check(text)] == [(PATH, 2, 7)]
    assert [(p.path, p.line, p.col) for p in check(text, line_offset=1)] == [(PATH, 3, 7)]
    assert [(p.path, p.line, p.col) for p in check(text, line_offset=10)] == [(PATH, 12, 7)]


def test_every_problem_in_a_file_is_found() -> None:
    text = 'title: "\\u200B"\ndate: "2099"\nas_of: "2021-02-30"\nname: "\\u0421at"\nsummary: "fine"\n'
    assert [(p.line, p.code) for p in check(text)] == [(1, "invisible"), (2, "future-date"), (3, "bad-date"), (4, "mixed-script")]


def test_non_strings_are_ignored() -> None:
    assert check("date: 2099\nfigures:\n  - value: 8.6\n    year: 2099\nok: true\nnone: null\n") == []


@pytest.mark.parametrize("text", ["IT総合戦略本部", "DX推進", "Tシャツ", "5G網絡"])
def test_latin_letters_in_cjk_words(text: str) -> None:
    assert check(f'name: "{text}"') == []
