"""One code path for "is this project's data correct?", shared by the check command and the build."""

from __future__ import annotations

from macros.checks import check_corpus
from macros.corpus import Project, load_corpus
from macros.model import Corpus
from macros.problems import Problem, ProblemsFound


def load_checked(project: Project, anchor: bool = True) -> tuple[Corpus, list[Problem]]:
    """Load, schema-check and cross-check everything; return the corpus and all problems.

    ``anchor`` False leaves quote anchoring to the build, which does it on the HTML it renders.
    """
    corpus, problems = load_corpus(project, with_text=anchor)
    corpus, more = check_corpus(corpus, anchor=anchor)
    return corpus, sorted(problems + more)


def load_valid(project: Project, anchor: bool = True) -> Corpus:
    """The corpus, or ProblemsFound listing every problem (the build stops on any)."""
    corpus, problems = load_checked(project, anchor)
    if problems:
        raise ProblemsFound(problems)
    return corpus
