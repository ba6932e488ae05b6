"""Checks across files, on a corpus built in memory: ids, references, relations, dates and quotes."""

from __future__ import annotations

import dataclasses

from macros.checks import by_report, check_corpus
from macros.model import Actor, Annotation, Corpus, Evidence, HistoryEntry, Origin, Quote, Relation, Report, Topic
from macros.text import normalize_quote

TEXT_A = "The alliance should build a new committee. Officials doubt it will work. The committee should meet yearly."
TEXT_B = "Trade fell by 8.6 percent in 2017. Trade fell again in 2018."


def report(slug: str, text: str) -> Report:
    return Report(slug, "Title " + slug, False, (), "", "Pub", "", "", "2021-03-18", "day", f"https://example.org/{slug}",
                  "", "full", "", (), Origin(f"docs/reports/{slug}.md"), text)


def origin(path: str, line: int) -> Origin:
    """An entry at ``line`` whose fields sit on the lines below it, each at a column of its own."""
    fields = {("id",): (line, 9), ("quote", "exact"): (line + 2, 14), ("topics",): (line + 3, 13),
              ("actors",): (line + 4, 13), ("relations",): (line + 5, 5), ("evidence",): (line + 8, 5),
              ("history",): (line + 12, 5)}
    for i in range(3):
        fields[("topics", i)] = (line + 3, 14 + 10 * i)
        fields[("actors", i)] = (line + 4, 14 + 10 * i)
        fields[("relations", i, "target")] = (line + 6 + i, 17)
        fields[("evidence", i, "date")] = (line + 9 + i, 15)
        fields[("history", i, "as_of")] = (line + 13 + i, 16)
    return Origin(path, line, 5, fields)


def ann(ident: str, exact: str, rep: str = "report-a", line: int = 3, **changes) -> Annotation:
    base = Annotation(ident, "claim", rep, Quote(exact), "Summary.", ("security",), ("alliance",),
                      origin(f"annotations/{rep}.yml", line))
    return dataclasses.replace(base, **changes)


def corpus(*annotations: Annotation) -> Corpus:
    return Corpus(reports={"report-a": report("report-a", TEXT_A), "report-b": report("report-b", TEXT_B)},
                  topics={t: Topic(t, t.title(), "", Origin("annotations/topics.yml")) for t in ("security", "trade", "trade-policy")},
                  actors={a: Actor(a, a.title(), "country", "", "", Origin("annotations/actors.yml")) for a in ("alliance", "japan")},
                  annotations=list(annotations))


def problems_of(*annotations: Annotation, anchor: bool = True) -> list[tuple]:
    _, problems = check_corpus(corpus(*annotations), anchor=anchor)
    return [(p.path, p.line, p.col, p.subject, p.code) for p in problems]


def only(*annotations: Annotation):
    _, problems = check_corpus(corpus(*annotations))
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


# b-trade (in report-b) supports a-committee (in report-a): relations may cross reports.
GOOD = [ann("a-committee", "The alliance should build a new committee.", kind="recommendation", status="not-yet-assessed"),
        ann("a-doubt", "Officials doubt it will work.", line=12,
            relations=(Relation("contradicts", "a-committee"),)),
        ann("b-trade", "Trade fell by 8.6 percent in 2017.", rep="report-b", topics=("trade",), actors=("japan",),
            relations=(Relation("supports", "a-committee"),))]


# ----------------------------------------------------------------------------- a valid corpus


def test_a_valid_corpus_has_no_problems_and_every_quote_gets_its_span() -> None:
    checked, problems = check_corpus(corpus(*GOOD))
    assert problems == []
    assert [a.id for a in checked.annotations] == [a.id for a in GOOD]
    for a in checked.annotations:
        text = checked.reports[a.report].text
        start, end = a.span
        assert 0 <= start < end <= len(text)
        assert normalize_quote(text[start:end]) == normalize_quote(a.quote.exact)


def test_checking_returns_a_new_corpus_and_leaves_the_given_one_alone() -> None:
    given = corpus(*GOOD)
    checked, _ = check_corpus(given)
    assert all(a.span == (-1, -1) for a in given.annotations)
    assert checked is not given and checked.reports == given.reports and checked.topics == given.topics


def test_without_anchoring_quotes_are_neither_looked_up_nor_reported() -> None:
    bad = ann("a-typo", "The alliance should bild a new committee.")
    checked, problems = check_corpus(corpus(*GOOD, bad), anchor=False)
    assert problems == []
    assert all(a.span == (-1, -1) for a in checked.annotations)


# ----------------------------------------------------------------------------- ids


def test_duplicate_id_is_reported_at_the_second_naming_the_first() -> None:
    first = ann("dup", "The alliance should build a new committee.", line=3)
    second = ann("dup", "Trade fell by 8.6 percent in 2017.", rep="report-b", line=20)
    problem = only(first, second)
    assert (problem.path, problem.line, problem.col, problem.subject, problem.code) == (
        "annotations/report-b.yml", 20, 9, "dup", "duplicate-id")
    assert problem.message == "duplicate annotation id 'dup' (also at annotations/report-a.yml:3)"


def test_each_further_copy_of_an_id_is_reported() -> None:
    copies = [ann("dup", "Officials doubt it will work.", line=n) for n in (3, 12, 21)]
    found = [p for p in check_corpus(corpus(*copies), anchor=False)[1] if p.code == "duplicate-id"]
    assert [p.line for p in found] == [12, 21]
    assert all("also at annotations/report-a.yml:3" in p.message for p in found)


# ----------------------------------------------------------------------------- references


def test_unknown_report_with_a_did_you_mean_hint() -> None:
    problem = only(ann("x", "Anything at all.", rep="report-c", line=7))
    assert (problem.line, problem.col, problem.code) == (7, 5, "unknown-report")
    assert problem.message == "report 'report-c' does not exist"
    assert "did you mean" in problem.hint and "'report-a'" in problem.hint


def test_unknown_report_without_a_close_name_says_to_add_it() -> None:
    problem = only(ann("x", "Anything at all.", rep="zzzzzz"))
    assert problem.code == "unknown-report" and problem.hint == "add the report page first"


def test_unknown_topic_is_reported_at_its_place_in_the_list() -> None:
    problem = only(ann("x", "Officials doubt it will work.", topics=("security", "trade-polcy")))
    assert (problem.line, problem.col, problem.subject, problem.code) == (6, 24, "x", "unknown-topic")
    assert problem.message == "unknown topic 'trade-polcy'"
    assert problem.hint.startswith("did you mean 'trade-policy'")


def test_unknown_actor_with_and_without_a_close_name() -> None:
    found = check_corpus(corpus(ann("x", "Officials doubt it will work.", actors=("aliance", "qqqq"))))[1]
    assert [(p.line, p.col, p.message) for p in found] == [
        (7, 14, "unknown actor 'aliance'"), (7, 24, "unknown actor 'qqqq'")]
    assert found[0].hint.startswith("did you mean 'alliance'")
    assert found[1].hint == "add it to annotations/actors.yml first"
    assert {p.code for p in found} == {"unknown-actor"}


def test_unknown_topic_without_a_close_name_says_where_to_add_it() -> None:
    problem = only(ann("x", "Officials doubt it will work.", topics=("qqqq",)))
    assert problem.hint == "add it to annotations/topics.yml first"


# ----------------------------------------------------------------------------- relations


def test_an_annotation_cannot_relate_to_itself() -> None:
    problem = only(ann("x", "Officials doubt it will work.", relations=(Relation("supports", "x"),)))
    assert (problem.line, problem.col, problem.code) == (9, 17, "self-relation")
    assert problem.message == "an annotation cannot relate to itself"


def test_relation_to_an_unknown_annotation_suggests_a_known_id() -> None:
    bad = ann("b-again", "Trade fell again in 2018.", rep="report-b", line=30,
              relations=(Relation("supports", "b-trade"), Relation("supports", "a-comittee")))
    problem = only(*GOOD, bad)
    assert (problem.path, problem.line, problem.col, problem.code) == ("annotations/report-b.yml", 37, 17, "unknown-target")
    assert problem.message == "relation target 'a-comittee' does not exist"
    assert "'a-committee'" in problem.hint


# ----------------------------------------------------------------------------- dates


def recommendation(as_of: str, evidence: tuple[str, ...] = (), history: tuple[str, ...] = ()) -> Annotation:
    return ann("rec", "The committee should meet yearly.", kind="recommendation", status="implemented", as_of=as_of,
               evidence=tuple(Evidence(d, "Event.", "https://example.org/e") for d in evidence),
               history=tuple(HistoryEntry("in-progress", d) for d in history))


def test_evidence_dated_after_as_of_is_reported_at_its_date() -> None:
    problem = only(recommendation("2024-01-01", evidence=("2023-05", "2024-06-01")))
    assert (problem.line, problem.col, problem.code) == (13, 15, "date-order")
    assert problem.message == "evidence dated 2024-06-01 is later than as_of 2024-01-01"


def test_an_earlier_status_dated_after_as_of_is_reported() -> None:
    problem = only(recommendation("2024-01-01", evidence=("2023",), history=("2022-01-01", "2024-02-01")))
    assert (problem.line, problem.col, problem.code) == (17, 16, "date-order")
    assert problem.message == "earlier status dated 2024-02-01 is later than the current as_of 2024-01-01"


def test_dates_on_or_before_as_of_are_fine_whatever_their_precision() -> None:
    assert problems_of(recommendation("2024-01-01", evidence=("2024-01-01", "2024-01", "2024", "2023-12-31"),
                                      history=("2024-01-01", "2023"))) == []


def test_a_month_after_as_of_is_later() -> None:
    assert [p[4] for p in problems_of(recommendation("2024-01-01", evidence=("2024-02",)))] == ["date-order"]


def test_without_as_of_dates_are_not_compared() -> None:
    assert problems_of(recommendation("", evidence=("2099-01-01",), history=("2099-01-01",))) == []


# ----------------------------------------------------------------------------- quotes


def test_quote_not_found_is_reported_at_the_quote_naming_the_report_page() -> None:
    problem = only(*GOOD, ann("a-typo", "The alliance should bild a new committee.", line=40))
    assert (problem.path, problem.line, problem.col, problem.code) == ("annotations/report-a.yml", 42, 14, "quote-not-found")
    assert problem.message == "quote not found in docs/reports/report-a.md"
    assert "should build a new committee" in problem.hint


def test_ambiguous_quote_is_reported_with_its_count() -> None:
    problem = only(ann("a-comm", "committee"))
    assert (problem.code, problem.message) == ("ambiguous-quote", "quote occurs 2 times in docs/reports/report-a.md")


def test_a_prefix_makes_an_ambiguous_quote_anchor() -> None:
    checked, problems = check_corpus(corpus(ann("a-comm", "committee", quote=Quote("committee", prefix="The"))))
    assert problems == []
    start, end = checked.annotations[0].span
    assert TEXT_A[start:end] == "committee" and TEXT_A[:start].endswith("The ")


def test_a_quote_in_an_unknown_report_is_not_looked_up() -> None:
    assert [p[4] for p in problems_of(ann("x", "not in any text", rep="report-c"))] == ["unknown-report"]


def test_every_problem_is_collected() -> None:
    bad = ann("a-bad", "Not in the text.", topics=("securty",), actors=("japn",), kind="recommendation",
              status="implemented", as_of="2020-01-01", evidence=(Evidence("2021-01-01", "E.", "https://e.org"),),
              relations=(Relation("supports", "a-bad"),))
    assert sorted(p[4] for p in problems_of(*GOOD, bad)) == [  # as_of and evidence before the report, nothing after it
        "before-report", "before-report", "date-order", "implemented-unproven", "quote-not-found", "self-relation",
        "unknown-actor", "unknown-topic"]


# ----------------------------------------------------------------------------- by_report


def test_by_report_keeps_each_files_order() -> None:
    grouped = by_report(corpus(GOOD[2], GOOD[0], GOOD[1]))
    assert {slug: [a.id for a in anns] for slug, anns in grouped.items()} == {
        "report-b": ["b-trade"], "report-a": ["a-committee", "a-doubt"]}
