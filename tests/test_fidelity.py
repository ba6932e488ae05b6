"""What an annotation may say given its report: force wording and summary verbs, dates against the report,
sourced descriptions. Each rule: its exact message, hint and place, and the inputs it must let through."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from macros.fidelity import before, check_annotation, check_description
from macros.glue.config import load_project
from macros.model import Actor, Annotation, Evidence, Force, HistoryEntry, Origin, Quote, Report, Topic
from macros.validation import load_checked
from tests.sitebuild import make_project

QUOTE = "These frameworks could inform similar programs in other sectors and regions."
FIELDS = {("summary",): (6, 14), ("force", "wording"): (9, 16), ("status",): (10, 13), ("as_of",): (11, 12),
          ("checked",): (12, 14), ("evidence", 0, "date"): (14, 15), ("evidence", 1, "date"): (18, 15),
          ("history", 0, "as_of"): (23, 16), ("description",): (4, 18)}
ORIGIN = Origin("annotations/r.yml", 3, 5, FIELDS)


def report(date: str = "2021-03-18") -> Report:
    return Report("r", "T", False, (), "", "P", "", "", date, "day", "https://example.org/r", "", "full", "", (),
                  Origin("docs/reports/r.md"))


def rec(level: str = "option", wording: str = "could", summary: str = "The authors suggest the frameworks could inform "
        "programs elsewhere.", **changes) -> Annotation:
    base = Annotation("ewc-frameworks", "recommendation", "r", Quote(QUOTE), summary, ("t",), (), ORIGIN,
                      status="not-yet-assessed", force=Force(level, wording))
    return dataclasses.replace(base, **changes)


def ev(date: str, background: bool = False) -> Evidence:
    return Evidence(date, "Event.", "https://example.org/e", "Outlet", background)


def one(ann: Annotation, date: str = "2021-03-18"):
    problems = check_annotation(ann, report(date))
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_a_faithful_recommendation_passes() -> None:
    assert check_annotation(rec(), report()) == []


# ----------------------------------------------------------------------------- force


def test_force_wording_must_occur_in_the_quote() -> None:
    problem = one(rec(wording="should"))
    assert (problem.path, problem.line, problem.col, problem.code) == ("annotations/r.yml", 9, 16, "force-wording")
    assert problem.message == "force wording 'should' does not occur in the quote"
    assert problem.hint == "copy the word or words that carry the force from quote.exact, e.g. 'should' or 'could'"


@pytest.mark.parametrize("wording", ["could inform", "could  inform", "could\ninform"])
def test_force_wording_is_matched_as_quotes_are_anchored(wording: str) -> None:
    assert check_annotation(rec(wording=wording), report()) == []


@pytest.mark.parametrize("wording", ["Could", "coul", "form"])
def test_force_wording_is_whole_words_in_the_reports_case(wording: str) -> None:
    assert one(rec(wording=wording)).code == "force-wording"


def test_an_option_summarised_with_should_names_the_word() -> None:
    problem = one(rec(summary="The authors say other regions should copy these frameworks."))
    assert (problem.line, problem.col, problem.code) == (6, 14, "summary-force")
    assert problem.message == "the summary says 'should', stronger than the report's 'could' (force: option)"
    assert problem.hint == ("say no more than the report: replace 'should' with words as strong as 'could' "
                            "(e.g. 'could', 'suggests'), or correct force.level")


def test_every_stronger_word_is_named() -> None:
    problem = one(rec(summary="Regions must and need to copy them; the authors recommend it."))
    assert problem.message.startswith("the summary says 'must', 'need to', 'recommend', stronger")


@pytest.mark.parametrize("level, summary, bad", [
    ("proposed", "The paper says Japan must set up a council.", True),
    ("proposed", "The paper recommends that Japan should set up a council.", False),
    ("urged", "The paper says Japan must set up a council.", False),
    ("option", "The authors suggest the frameworks could inform programs; they call for nothing more.", True),
    ("option", "The authors float mustard-seed grants and a shoulder-to-shoulder programme.", False),
])
def test_what_each_level_allows(level: str, summary: str, bad: bool) -> None:
    quote = "Japan could, should and must set up a council."
    problems = check_annotation(rec(level, "could", summary, quote=Quote(quote)), report())
    assert [p.code for p in problems] == (["summary-force"] if bad else [])


def test_a_claim_is_not_checked_for_force() -> None:
    claim = rec(summary="Others should copy it.", kind="claim", status="")
    assert check_annotation(claim, report()) == []


# ----------------------------------------------------------------------------- dates against the report


def test_before_compares_at_the_precision_both_have() -> None:
    assert before("2021-03-17", "2021-03-18") and before("2020", "2021-03-18") and before("2021-02", "2021-03-18")
    assert not before("2021", "2021-03-18") and not before("2021-03", "2021-03-18") and not before("2021-03-18", "2021")


def test_a_status_dated_before_the_report() -> None:
    problem = one(rec(status="in-progress", as_of="2021-01-05", evidence=(ev("2021-04-01"),)))
    assert (problem.line, problem.col, problem.code) == (11, 12, "before-report")
    assert problem.message == "status as_of 2021-01-05 is before the report's date 2021-03-18"
    assert problem.hint == "the report is dated 2021-03-18: a status can only be recorded after it; give the date you checked"


def test_a_history_entry_dated_before_the_report() -> None:
    problem = one(rec(status="in-progress", as_of="2022-01-05", evidence=(ev("2021-04-01"),),
                      history=(HistoryEntry("in-progress", "2021-01-21"),)))
    assert (problem.line, problem.col, problem.code) == (23, 16, "before-report")
    assert problem.message == "history as_of 2021-01-21 is before the report's date 2021-03-18"


def test_evidence_before_the_report_unless_background() -> None:
    problem = one(rec(status="in-progress", as_of="2022-01-05", evidence=(ev("2021-04-01"), ev("2021-03-17"))))
    assert (problem.line, problem.col, problem.code) == (18, 15, "before-report")
    assert problem.message == "evidence dated 2021-03-17 is before the report's date 2021-03-18"
    assert problem.hint == ("evidence shows what happened since the report: remove it, or mark it 'background: true' "
                            "if it is context")
    fine = rec(status="in-progress", as_of="2022-01-05", evidence=(ev("2021-04-01"), ev("2021-03-17", background=True)))
    assert check_annotation(fine, report()) == []


def test_checked_before_the_report() -> None:
    problem = one(rec(checked="2020-12-31"))
    assert (problem.line, problem.col, problem.code) == (12, 14, "before-report")
    assert problem.message == "checked 2020-12-31 is before the report's date 2021-03-18"
    assert problem.hint == "give the date on which you last looked for evidence of what happened"


def test_implemented_needs_evidence_after_the_report_that_is_not_background() -> None:
    for evidence in ((), (ev("2021-03-18"),), (ev("2021"),), (ev("2022", background=True),)):
        problem = one(rec(status="implemented", as_of="2023-01-01", evidence=evidence))
        assert (problem.line, problem.col, problem.code) == (10, 13, "implemented-unproven")
        assert problem.message == "status 'implemented' needs evidence dated after the report (2021-03-18)"
        assert problem.hint == ("add evidence, dated after the report, that shows the outcome the passage asks for "
                                "(not only a meeting or an announcement), or choose another status")
    assert check_annotation(rec(status="implemented", as_of="2023-01-01", evidence=(ev("2021-04"),)), report()) == []


def test_dates_are_not_compared_when_the_report_is_unknown() -> None:
    assert check_annotation(rec(as_of="1999-01-01", checked="1999-01-01"), None) == []


# ----------------------------------------------------------------------------- sourced descriptions


def actor(description: str, sources: tuple[str, ...] = ()) -> Actor:
    return Actor("biden-administration", "Biden administration", "national-government-body", "United States", description,
                 ORIGIN, sources)


@pytest.mark.parametrize("description, what, words", [
    ("The US executive branch under President Joe Biden (2021–2025).", "a date range", "2021–2025"),
    ("The executive branch from 2017 to 2021.", "a date range", "2017 to 2021"),
    ("The executive branch in President Trump’s first term.", "a term of office", "first term"),
    ("Until 2007 the Defense Agency.", "a year", "2007"),
])
def test_a_description_stating_dates_needs_sources(description: str, what: str, words: str) -> None:
    [problem] = check_description(actor(description), "actor")
    assert (problem.path, problem.line, problem.col, problem.subject, problem.code) == (
        "annotations/r.yml", 4, 18, "biden-administration", "unsourced-description")
    assert problem.message == f"the description states {what} ('{words}') but the actor has no sources"
    assert problem.hint == "cite a source under 'sources:' (a list of addresses), or say only what the reports say"


def test_a_sourced_or_dateless_description_passes() -> None:
    assert check_description(actor("Biden (2021–2025).", ("https://example.org/term",)), "actor") == []
    assert check_description(actor("The US executive branch the reports call the Biden administration."), "actor") == []
    topic = Topic("semis", "Semiconductors", "Chips, 5G and the 300 mm wafer fabs.", ORIGIN)
    assert check_description(topic, "topic") == []


# ----------------------------------------------------------------------------- through the check, on a project


ANN = "annotations/test-report.yml"
TODAY = datetime.date.today().isoformat()
TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
STATUS = "    status: not-yet-assessed\n"
EVIDENCE = ('    status: {status}\n    as_of: "{as_of}"\n    evidence:\n      - date: "{date}"\n'
            '        event: "It was built."\n        source: "https://example.org/news"\n        outlet: "Example News"\n{extra}')


def evidence(status: str = "in-progress", date: str = "2023-05", extra: str = "", as_of: str = "2024-01-01") -> tuple[str, str, str]:
    return ANN, STATUS, EVIDENCE.format(status=status, date=date, extra=extra, as_of=as_of)


# name: ((file, old, new), (path, line, col, code, message, hint))
RULES = {
    "force-wording": ((ANN, 'wording: "should"', 'wording: "must"'),
                      (ANN, 11, 36, "force-wording", "force wording 'must' does not occur in the quote",
                       "copy the word or words that carry the force from quote.exact, e.g. 'should' or 'could'")),
    "summary-stronger-than-force": ((ANN, '"Create a committee on economic security."\n    topics: [security]\n'
                                          '    actors: [alliance]\n    status: not-yet-assessed\n    force: {level: urged',
                                     '"The alliance must build a committee."\n    topics: [security]\n'
                                     '    actors: [alliance]\n    status: not-yet-assessed\n    force: {level: proposed'),
                                    (ANN, 7, 14, "summary-force",
                                     "the summary says 'must', stronger than the report's 'should' (force: proposed)",
                                     "say no more than the report: replace 'must' with words as strong as 'should' "
                                     "(e.g. 'recommends', 'proposes'), or correct force.level")),
    "status-before-report": (evidence(date="2021-01", extra="        background: true\n", as_of="2021-01-05"),
                             (ANN, 11, 12, "before-report", "status as_of 2021-01-05 is before the report's date 2021-03-18",
                              "the report is dated 2021-03-18: a status can only be recorded after it; give the date you checked")),
    "history-before-report": (evidence(extra='    history:\n      - status: no-action\n        as_of: "2021-01-02"\n'),
                              (ANN, 19, 16, "before-report", "history as_of 2021-01-02 is before the report's date 2021-03-18",
                               "the report is dated 2021-03-18: a status can only be recorded after it; give the date you checked")),
    "evidence-before-report": (evidence(date="2021-02"),
                               (ANN, 13, 15, "before-report", "evidence dated 2021-02 is before the report's date 2021-03-18",
                                "evidence shows what happened since the report: remove it, or mark it 'background: true' "
                                "if it is context")),
    "checked-before-report": ((ANN, STATUS, STATUS + '    checked: "2020-12-01"\n'),
                              (ANN, 11, 14, "before-report", "checked 2020-12-01 is before the report's date 2021-03-18",
                               "give the date on which you last looked for evidence of what happened")),
    "checked-in-the-future": ((ANN, STATUS, STATUS + f'    checked: "{TOMORROW}"\n'),
                              (ANN, 11, 14, "future-date", f"checked '{TOMORROW}' is in the future (today is {TODAY})",
                               "give the date on which it happened or was checked; planned events are not evidence yet")),
    "implemented-on-background-only": (evidence("implemented", "2020", '        background: true\n'),
                                       (ANN, 10, 13, "implemented-unproven",
                                        "status 'implemented' needs evidence dated after the report (2021-03-18)",
                                        "add evidence, dated after the report, that shows the outcome the passage asks for "
                                        "(not only a meeting or an announcement), or choose another status")),
    "description-with-a-year": (("annotations/topics.yml", "protect their economies.", "protect their economies since 2018."),
                                ("annotations/topics.yml", 4, 18, "unsourced-description",
                                 "the description states a year ('2018') but the topic has no sources",
                                 "cite a source under 'sources:' (a list of addresses), or say only what the reports say")),
    "recommendation-without-force": ((ANN, '    force: {level: urged, wording: "should"}\n', ""),
                                     (ANN, 3, 5, "missing-field", "missing field 'force'", "add a line 'force: ...' to this entry")),
    "claim-without-weight": ((ANN, "    weight: key\n", ""),
                             (ANN, 12, 5, "missing-field", "missing field 'weight'", "add a line 'weight: ...' to this entry")),
    "evidence-without-outlet": ((ANN, STATUS, EVIDENCE.format(status="in-progress", date="2023", extra="", as_of="2024-01-01").replace(
                                     '        outlet: "Example News"\n', "")),
                                (ANN, 13, 9, "missing-field", "missing field 'outlet'", "add a line 'outlet: ...' to this entry")),
    "force-on-a-claim": ((ANN, "    weight: key\n", "    weight: key\n    force: {level: option, wording: fell}\n"),
                         (ANN, 29, 5, "misplaced-field", "field 'force' does not apply here",
                          "'force' is only for recommendations: change kind, or remove 'force'")),
    "weight-on-a-recommendation": ((ANN, STATUS, STATUS + "    weight: key\n"),
                                   (ANN, 11, 5, "misplaced-field", "field 'weight' does not apply here",
                                    "'weight' is only for claims: change kind, or remove 'weight'")),
}


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_is_enforced_by_the_check_at_its_place(tmp_path, name: str) -> None:
    (rel, old, new), expected = RULES[name]
    root = make_project(tmp_path / "p")
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = load_checked(load_project(root))[1]
    got = [(p.path, p.line, p.col, p.code, p.message, p.hint) for p in problems]
    assert got == [expected], "\n".join(p.format() for p in problems)
