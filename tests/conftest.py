"""Shared fixtures: the real site built once per test session, and throw-away projects.

Tests that build a whole site or drive a browser are marked ``slow`` here, at collection, so that
``pytest -m "not slow"`` is the quick edit-test loop: a test is slow when it lives in tests/browser/,
or when its own code or that of any fixture it uses (the ``site`` fixture, a module's built project)
calls ``build_site``. Nothing has to remember to add the mark by hand.

Tests that read this repository's own corpus (the built ``site``, the browser tests' ``index``) are marked
``corpus`` too: tests/test_new_corpus.py runs them, with every quick test, on a copy of the repository with
a report added, so that they state what holds for any corpus rather than for today's reports.
"""

from __future__ import annotations

import os
import types
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, build_site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"
BUILDERS = frozenset({"build_site"})  # the in-process strict MkDocs build of tests/sitebuild.py
CORPUS_FIXTURES = frozenset({"site", "index", "base_url", "public_root"})  # this repository's site or data


@pytest.fixture(scope="session")
def index():
    """The annotations, topics, actors and reports, from the YAML (not from the HTML under test)."""
    from macros.glue.config import load_project
    from macros.index import Vocabulary, build_index
    from macros.validation import load_checked

    project = load_project(ROOT)
    corpus, problems = load_checked(project, anchor=False)
    assert not problems, problems
    return build_index(corpus, Vocabulary.from_schema(project.schema))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built once in strict mode."""
    return build_site(ROOT, tmp_path_factory.mktemp("site"))


def _names(code: types.CodeType) -> set[str]:
    """Global and attribute names a function's code uses, nested functions and lambdas included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _builds(func: object) -> bool:
    code = getattr(getattr(func, "__wrapped__", func), "__code__", None)
    return code is not None and bool(_names(code) & BUILDERS)


def _is_slow(item: pytest.Item) -> bool:
    if item.path.is_relative_to(BROWSER_TESTS) or "site" in getattr(item, "fixturenames", ()):
        return True
    if _builds(getattr(item, "function", None)):
        return True
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    return any(_builds(d.func) for defs in fixtures.values() for d in defs)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
        if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.corpus)
