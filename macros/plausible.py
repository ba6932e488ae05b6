"""Values that parse and fit the schema but cannot be right: impossible or future dates, invisible or spoofed text.

Runs over every parsed file (report front matter, topics, actors, annotation files) with the same
rules, so a rule holds wherever the field appears. Quotes are exempt from the text rules: they must
match the report, whatever it contains.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any, Iterator

from macros.problems import Problem, shown
from macros.yamlload import Loaded

DATE_KEYS = {"date", "as_of", "checked"}
VISIBLE_KEYS = {"title", "name", "summary", "publisher", "measures", "event", "description"}
# Bidirectional controls reorder text on screen: "abc\u202edcba" shows differently from what it says.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Alphabets whose letters look alike: a word mixing two of them is a look-alike ("Trаde" with a Cyrillic
# "а"). Other mixes are real writing (Latin letters in a Japanese word: "IT総合戦略本部", "Tシャツ").
CONFUSABLE = {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"}
_WORD = re.compile(r"\w+")
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def implausible(loaded: Loaded, today: datetime.date, subject_of, skip: tuple[str, ...] = ("quote",),
                line_offset: int = 0) -> list[Problem]:
    """Every implausible value in a parsed file; ``subject_of(path)`` names the entry a value belongs to."""
    problems = []
    for path, value in _strings(loaded.data, ()):
        if any(step in skip for step in path if isinstance(step, str)):
            continue
        key = next((step for step in reversed(path) if isinstance(step, str)), "")
        found = _problem(key, value, today)
        if found:
            message, hint, code = found
            line, col = loaded.at(path)
            problems.append(Problem(loaded.path, line + line_offset, col, subject_of(path) or "-", message, hint, code))
    return problems


def _strings(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, path + (i,))


def _problem(key: str, value: str, today: datetime.date) -> tuple[str, str, str] | None:
    if BIDI.search(value):
        char = BIDI.search(value).group(0)
        return (f"{key} holds an invisible direction control (U+{ord(char):04X})",
                "delete it: it makes the text read differently on screen than it is written", "bidi-control")
    if key in DATE_KEYS:
        return _date_problem(key, value, today)
    if key in VISIBLE_KEYS and not any(_visible(c) for c in value):
        return f"{key} has no visible characters", f"write the {key} out in letters", "invisible"
    word = _mixed_script_word(value)
    if word:
        return (f"{key} mixes alphabets in one word: {shown(word)}",
                "retype the word in one alphabet (a Cyrillic or Greek letter can look like a Latin one)", "mixed-script")
    return None


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in ("Z", "C", "M")


def _mixed_script_word(text: str) -> str:
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word if c.isalpha()} & CONFUSABLE
        if len(scripts) > 1:
            return word
    return ""


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _date_problem(key: str, value: str, today: datetime.date) -> tuple[str, str, str] | None:
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        return None  # the schema reports dates of the wrong form
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        datetime.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return f"{shown(value)} is not a real calendar date", "check the month and the day (YYYY-MM-DD)", "bad-date"
    if value > today.isoformat()[: len(value)]:
        return (f"{key} {shown(value)} is in the future (today is {today.isoformat()})",
                "give the date on which it happened or was checked; planned events are not evidence yet", "future-date")
    return None
