"""Checks that annotations say no more than their report: force, summary verbs, dates, sourced descriptions.

A summary that turns the authors' "could" into "should", a status dated before the report, or an actor's
term of office that no report gives are all values that fit the schema; these rules catch them (issue 9).
"""

from __future__ import annotations

import re

from macros.model import Actor, Annotation, Origin, Report, Topic
from macros.problems import Problem
from macros.text import normalize_quote

LEVELS = ("option", "proposed", "urged")
"""Force levels, weakest first."""

# Summary words that claim more force than a level allows. "should" belongs to `urged` (the table);
# for a `proposed` recommendation only the words of obligation are refused, since "recommends that X
# should" is a fair summary of "we recommend that X".
_OBLIGATION = ("must", "need to", "needs to", "have to", "has to", "urge", "urges", "urged")
STRONGER = {
    "urged": (),
    "proposed": _OBLIGATION,
    "option": _OBLIGATION + ("should", "ought to", "recommend", "recommends", "recommended", "calls for", "call for"),
}
AS_STRONG = {"option": "'could', 'suggests'", "proposed": "'recommends', 'proposes'"}
"""Summary words that keep to each level, for the hint."""
_YEAR = re.compile(r"\b(?:1[89]|20)[0-9]{2}\b")
_RANGE = re.compile(r"\b(?:1[89]|20)[0-9]{2}\s*(?:[–—-]|to|until)\s*(?:(?:1[89]|20)[0-9]{2}|[0-9]{2}|present|today)\b")
_TERM = re.compile(r"\b(?:terms? of office|(?:first|second|third|last|former) term|in office|served as)\b", re.I)


def check_annotation(ann: Annotation, report: Report | None) -> list[Problem]:
    """The force and date problems of one annotation (dates only when its report is known)."""
    problems = _force(ann)
    return problems + (_dates(ann, report) if report is not None and report.date else [])


def _problem(origin: Origin, where: tuple, subject: str, message: str, hint: str, code: str) -> Problem:
    line, col = origin.at(*where)
    return Problem(origin.path, line, col, subject, message, hint, code)


def _words(text: str, words: tuple[str, ...]) -> list[str]:
    """Which of ``words`` occur in ``text`` as whole words (case-insensitive), in the order given."""
    low = normalize_quote(text).lower()
    return [w for w in words if re.search(rf"\b{re.escape(w)}\b", low)]


def _occurs(words: str, text: str) -> bool:
    """Whether ``words`` occur in ``text`` as whole words, both normalised as quotes are for anchoring."""
    return re.search(rf"(?<!\w){re.escape(normalize_quote(words))}(?!\w)", normalize_quote(text)) is not None


def _force(ann: Annotation) -> list[Problem]:
    force = ann.force
    if force is None or not ann.is_recommendation:
        return []
    problems = []
    if force.wording and not _occurs(force.wording, ann.quote.exact):
        problems.append(_problem(ann.origin, ("force", "wording"), ann.id,
                                 f"force wording '{force.wording}' does not occur in the quote",
                                 "copy the word or words that carry the force from quote.exact, e.g. 'should' or 'could'",
                                 "force-wording"))
    stronger = _words(ann.summary, STRONGER.get(force.level, ()))
    if stronger:
        said = ", ".join(f"'{w}'" for w in stronger)
        problems.append(_problem(ann.origin, ("summary",), ann.id,
                                 f"the summary says {said}, stronger than the report's '{force.wording}' (force: {force.level})",
                                 f"say no more than the report: replace {said} with words as strong as "
                                 f"'{force.wording}' (e.g. {AS_STRONG.get(force.level, '')}), or correct force.level",
                                 "summary-force"))
    return problems


def before(date: str, other: str) -> bool:
    """Whether ``date`` is earlier than ``other`` at the precision both have ("2021" is not before "2021-03")."""
    n = min(len(date), len(other))
    return date[:n] < other[:n]


def _dates(ann: Annotation, report: Report) -> list[Problem]:
    """Statuses, evidence and checks dated before the report cannot be about what happened since it."""
    problems = []
    published = report.date
    hint = f"the report is dated {published}: a status can only be recorded after it; give the date you checked"
    if ann.as_of and before(ann.as_of, published):
        problems.append(_problem(ann.origin, ("as_of",), ann.id, f"status as_of {ann.as_of} is before the report's date {published}",
                                 hint, "before-report"))
    for i, old in enumerate(ann.history):
        if old.as_of and before(old.as_of, published):
            problems.append(_problem(ann.origin, ("history", i, "as_of"), ann.id,
                                     f"history as_of {old.as_of} is before the report's date {published}", hint, "before-report"))
    for i, ev in enumerate(ann.evidence):
        if ev.date and not ev.background and before(ev.date, published):
            problems.append(_problem(ann.origin, ("evidence", i, "date"), ann.id,
                                     f"evidence dated {ev.date} is before the report's date {published}",
                                     "evidence shows what happened since the report: remove it, or mark it 'background: true' "
                                     "if it is context", "before-report"))
    if ann.checked and before(ann.checked, published):
        problems.append(_problem(ann.origin, ("checked",), ann.id, f"checked {ann.checked} is before the report's date {published}",
                                 "give the date on which you last looked for evidence of what happened", "before-report"))
    if ann.status == "implemented" and not any(not e.background and before(published, e.date) for e in ann.evidence):
        problems.append(_problem(ann.origin, ("status",), ann.id,
                                 f"status 'implemented' needs evidence dated after the report ({published})",
                                 "add evidence, dated after the report, that shows the outcome the passage asks for (not only "
                                 "a meeting or an announcement), or choose another status", "implemented-unproven"))
    return problems


def check_description(entry: Topic | Actor, noun: str) -> list[Problem]:
    """A description stating a year, a date range or a term of office needs ``sources:`` (the reports may not say it)."""
    if entry.sources or not entry.description:
        return []
    text = " ".join(entry.description.split())
    found = next(((what, m.group(0)) for what, pattern in (("a date range", _RANGE), ("a term of office", _TERM),
                                                            ("a year", _YEAR)) if (m := pattern.search(text))), None)
    if found is None:
        return []
    what, words = found
    return [_problem(entry.origin, ("description",), entry.id, f"the description states {what} ('{words}') but the {noun} has no sources",
                     "cite a source under 'sources:' (a list of addresses), or say only what the reports say", "unsourced-description")]
