"""One code path for "is this project's data correct?", shared by the check command and the build."""

from __future__ import annotations

from macros.checks import check_corpus
from macros.corpus import load_corpus
from macros.model import Corpus
from macros.problems import Problem, said_once
from macros.project import Project


def load_checked(project: Project, anchor: bool = True) -> tuple[Corpus, list[Problem]]:
    """Load, schema-check and cross-check everything; return the corpus and all problems.

    ``anchor`` False skips rendering the reports and anchoring the quotes, for callers that need only
    the entries (the build and the check command always anchor).
    """
    corpus, problems = load_corpus(project, with_text=anchor)
    corpus, more = check_corpus(corpus, anchor=anchor)
    return corpus, sorted(said_once(problems + more))
