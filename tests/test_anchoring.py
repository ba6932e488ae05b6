"""Anchoring a TextQuoteSelector (exact, prefix, suffix) in a report's text, and explaining a failure."""

from __future__ import annotations

import random

import pytest

from macros.anchoring import SearchText, quote_problem
from macros.model import Annotation, Origin, Quote
from macros.text import normalize_quote

TEXT = ("Intro.\n\n   He said  “the alliance\n must act” to   them. Then he said it again.\t"
        "The committee should meet every year. The committee should meet every year!")


def span(text: str, exact: str, prefix: str = "", suffix: str = "") -> str:
    match = SearchText(text).anchor(exact, prefix, suffix)
    assert match.found, match
    return text[match.start:match.end]


# ----------------------------------------------------------------------------- a unique match


def test_unique_match_gives_the_span_of_the_original_text() -> None:
    match = SearchText(TEXT).anchor("Then he said it again.")
    assert (match.found, match.count, match.closest) == (True, 1, "")
    assert match.start == TEXT.index("Then he said")
    assert match.end == TEXT.index("again.") + len("again.")


def test_offsets_map_back_through_curly_quotes_and_runs_of_white_space() -> None:
    # The quote is typed with straight quotes and single spaces; the text has curly quotes, a line
    # break and runs of spaces: the span covers the original characters, white space included.
    assert span(TEXT, 'said "the alliance must act" to') == "said  “the alliance\n must act” to"


def test_quote_with_curly_quotes_and_line_breaks_finds_straight_text() -> None:
    text = 'A "plain" text with  it\'s words.'
    assert span(text, "“plain”\ntext with it’s") == '"plain" text with  it\'s'


@pytest.mark.parametrize("space", ["\n", "\t", "\u00a0", "\r\n", "  \n  "])
def test_any_white_space_in_the_text_matches_one_space_in_the_quote(space: str) -> None:
    text = f"Before. Trade fell{space}sharply in 2017. After."
    assert span(text, "Trade fell sharply in 2017.") == f"Trade fell{space}sharply in 2017."


def test_white_space_around_the_quote_is_ignored() -> None:
    assert span(TEXT, "  \n Then he said it again.\t ") == "Then he said it again."


def test_a_match_at_the_very_start_and_end_of_the_text() -> None:
    text = "  First words here, last words there.  "
    assert span(text, "First words") == "First words"
    assert span(text, "words there.") == "words there."


def test_offsets_map_back_for_any_passage_of_a_messy_text() -> None:
    """Property: any passage that occurs once is found at exactly its place, whatever the white space and quotes."""
    pieces = list("abcdefgh") + [" ", "  ", "\n", "\t", " \n ", "\r\n", "\u00a0", "“", "”", "‘", "’", "\u2032", "—"]
    checked = 0
    for seed in range(400):
        rnd = random.Random(seed)
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(5, 80)))
        i = rnd.randrange(len(text))
        j = rnd.randrange(i, len(text)) + 1
        while i < j and text[i].isspace():
            i += 1
        while j > i and text[j - 1].isspace():
            j -= 1
        if i == j:
            continue
        match = SearchText(text).anchor(text[i:j])
        assert match.count >= 1, (text, text[i:j])  # a passage of the text is always found
        if match.found:
            assert (match.start, match.end) == (i, j), (text, text[i:j])
            checked += 1
    assert checked > 100


# ----------------------------------------------------------------------------- several matches


def test_repeated_passage_is_ambiguous_with_its_count() -> None:
    match = SearchText(TEXT).anchor("The committee should meet every year")
    assert (match.found, match.count, match.start, match.end) == (False, 2, -1, -1)
    assert match.closest == ""  # the words are there: nothing to suggest


def test_overlapping_occurrences_count_too() -> None:
    assert SearchText("It is so, so, so true.").anchor("so, so").count == 2


def test_prefix_picks_one_of_several_occurrences() -> None:
    first = TEXT.index("The committee")
    second = TEXT.index("The committee", first + 1)
    match = SearchText(TEXT).anchor("The committee should meet every year", prefix="every year.")
    assert match.found and match.start == second
    match = SearchText(TEXT).anchor("The committee should meet every year", prefix="said it again.")
    assert match.found and match.start == first


def test_suffix_picks_one_of_several_occurrences() -> None:
    match = SearchText(TEXT).anchor("The committee should meet every year", suffix="!")
    assert match.found and TEXT[match.end:] == "!"
    match = SearchText(TEXT).anchor("The committee should meet every year", suffix=". The")
    assert match.found and match.start == TEXT.index("The committee")


def test_prefix_and_suffix_are_normalised_and_skip_white_space() -> None:
    # The prefix ends in a curly quote followed by two spaces in the text; typed straight with none.
    match = SearchText(TEXT).anchor("to them.", prefix='must act"', suffix="  Then\nhe")
    assert match.found and TEXT[match.start:match.end] == "to   them."


def test_prefix_and_suffix_must_both_agree() -> None:
    text = "x one y. z one y. x one w."
    assert SearchText(text).anchor("one", prefix="x", suffix="y").start == 2
    assert SearchText(text).anchor("one", prefix="x").count == 2
    mismatch = SearchText(text).anchor("one", prefix="z", suffix="w")
    assert (mismatch.found, mismatch.count) == (False, 0)


def test_prefix_that_agrees_with_no_occurrence_is_not_found() -> None:
    match = SearchText(TEXT).anchor("Then he said it again.", prefix="Outro.")
    assert (match.found, match.count) == (False, 0)
    assert "Then he said it again." in match.closest  # the passage itself is what was meant


def test_a_prefix_before_the_start_of_the_text_cannot_agree() -> None:
    assert SearchText("Alpha beta.").anchor("Alpha", prefix="Omega").count == 0


# ----------------------------------------------------------------------------- no match


def test_not_found_suggests_the_closest_passage() -> None:
    text = "Officials doubt it will work. The alliance should build a new committee for economic security. Trade fell."
    match = SearchText(text).anchor("The alliance should build a new comittee")
    assert (match.found, match.count, match.start, match.end) == (False, 0, -1, -1)
    assert "alliance should build a new commit" in match.closest
    assert match.closest in normalize_quote(text) or match.closest.endswith("…")


def test_closest_passage_is_short_in_a_long_text() -> None:
    text = " ".join(f"Sentence number {n} says something about trade and security." for n in range(500))
    match = SearchText(text).anchor("Sentence number 250 says something about trad and security.")
    assert match.count == 0
    assert "Sentence number 250 says something about trad" in match.closest
    assert len(match.closest) <= 160


def test_nothing_in_common_suggests_nothing() -> None:
    match = SearchText("abc def").anchor("xyz")
    assert (match.found, match.count, match.closest) == (False, 0, "")


@pytest.mark.parametrize("exact", ["", " ", "\n\t "])
def test_empty_quote_anchors_nowhere(exact: str) -> None:
    match = SearchText(TEXT).anchor(exact)
    assert (match.found, match.count, match.start, match.end, match.closest) == (False, 0, -1, -1, "")


def test_empty_text_anchors_nothing() -> None:
    match = SearchText("").anchor("words")
    assert (match.found, match.count, match.closest) == (False, 0, "")


# ----------------------------------------------------------------------------- the problem shown to contributors


def annotation(quote: Quote) -> Annotation:
    origin = Origin("annotations/r.yml", 3, 5, {("quote", "exact"): (6, 14), ("quote",): (5, 5)})
    return Annotation("r-one", "claim", "r", quote, "s", (), (), origin)


def test_ambiguous_quote_problem_points_at_the_quote_and_asks_for_context() -> None:
    match = SearchText(TEXT).anchor("The committee should meet every year")
    problem = quote_problem(annotation(Quote("The committee should meet every year")), "docs/reports/r.md", match)
    assert (problem.path, problem.line, problem.col, problem.subject) == ("annotations/r.yml", 6, 14, "r-one")
    assert problem.code == "ambiguous-quote"
    assert problem.message == "quote occurs 2 times in docs/reports/r.md"
    assert "prefix" in problem.hint and "suffix" in problem.hint


def test_not_found_problem_shows_the_closest_passage() -> None:
    quote = Quote("Then he sayd it again.")
    problem = quote_problem(annotation(quote), "docs/reports/r.md", SearchText(TEXT).anchor(quote.exact))
    assert (problem.line, problem.col, problem.code) == (6, 14, "quote-not-found")
    assert problem.message == "quote not found in docs/reports/r.md"
    assert problem.hint.startswith("closest passage: “") and "he said it again" in problem.hint


def test_not_found_problem_names_the_prefix_or_suffix_when_given() -> None:
    quote = Quote("Then he said it again.", suffix="Never")
    problem = quote_problem(annotation(quote), "docs/reports/r.md", SearchText(TEXT).anchor(quote.exact, suffix="Never"))
    assert problem.message == "quote not found in docs/reports/r.md with this prefix/suffix"


def test_not_found_problem_without_a_suggestion_says_to_copy_the_passage() -> None:
    quote = Quote("xyz")
    problem = quote_problem(annotation(quote), "docs/reports/r.md", SearchText("abc").anchor("xyz"))
    assert problem.code == "quote-not-found" and "copy the passage" in problem.hint


def test_problem_falls_back_to_the_entry_line_without_field_locations() -> None:
    ann = Annotation("r-two", "claim", "r", Quote("nowhere"), "s", (), (), Origin("annotations/r.yml", 9, 5))
    problem = quote_problem(ann, "docs/reports/r.md", SearchText(TEXT).anchor("nowhere"))
    assert (problem.line, problem.col) == (9, 5)
