"""A newcomer's path on a fresh copy: clone, add a report with the scaffolding, annotate it, and the tests still pass.

The copy holds git's files only (tests/sitebuild.copy_repository). The report's text and facts are
written outside the project, as the guide advises, so nothing is left over for git or the linters. The
new report reuses the busiest topic and the topic quoting the most reports, so that every test that
picks a topic by a property of the corpus ("the topic quoting the most reports") meets a corpus where
that pick has changed. Then every quick test and every test marked ``corpus`` (tests/conftest.py: those
reading this repository's site or data, browser tests included) runs in the copy, as its own project root.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from macros.glue.config import load_project
from macros.validation import load_checked
from tests.sitebuild import copy_repository

pytestmark = pytest.mark.slow  # copies the repository and runs its test suite in a subprocess: minutes

SLUG = "example-2026-new-corpus-brief"
# A made-up brief; its words are ours, written for this test.
TEXT = """\
Why allies need a shared view

The United States and Japan have each built new tools to guard their economies. Officials in both capitals
now describe supply chains, technology and trade as questions of national security.

Competition with China shapes almost every economic decision the two governments take together. Companies
report that rules change faster than they can plan.

Tokyo and Washington should publish a joint list of the technologies they mean to protect, reviewed every
year by both governments.

The two governments could also fund a small joint office to answer companies' questions about export rules.
"""
FACTS = """\
title: "Allies, Tools and a Shared View"
title_supplied: false
authors:
  - name: "Alex Example"
    affiliation: "Example Policy Institute"
publisher: "Example Policy Institute"
date: "2025-05"
date_precision: month
url: "https://example.org/briefs/allies-tools"
completeness: full
completeness_note: "The whole text of the brief, made up for a test."
"""


def make(repo: Path, *words: str) -> subprocess.CompletedProcess[str]:
    """A `make` command as typed in the clone, with this test environment's Python as the project's .venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}}
    argv = ["make", "--no-print-directory", "-o", ".venv/.installed", f"PY={sys.executable}", *words]
    return subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=300, env=env)


def topics_to_reuse(repo: Path) -> tuple[str, str]:
    """The busiest topic (most annotations) and the one quoting the most reports, in the clone's own data."""
    corpus, problems = load_checked(load_project(repo), anchor=False)
    assert not problems
    notes = Counter(t for a in corpus.annotations for t in a.topics)
    reports = Counter(t for t, _ in {(t, a.report) for a in corpus.annotations for t in a.topics})
    return notes.most_common(1)[0][0], max(reports, key=lambda t: (reports[t], -notes[t]))


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The clone after `make new-report` and four `make new-annotation`, with every command's output."""
    repo = copy_repository(tmp_path_factory.mktemp("clone"))
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=N", "-c", "user.email=n@example.org", "commit", "-qm", "clone"]):
        subprocess.run(["git", *command], cwd=repo, check=True, capture_output=True)
    outside = tmp_path_factory.mktemp("outside")  # the helper files live outside the project
    (outside / "report.txt").write_text(TEXT, encoding="utf-8")
    (outside / "facts.yml").write_text(FACTS, encoding="utf-8")
    before = make(repo, "check")
    busiest, widest = topics_to_reuse(repo)
    commands = [
        ["new-report", f"TEXT={outside / 'report.txt'}", f"SLUG={SLUG}", f"META={outside / 'facts.yml'}"],
        ["new-annotation", f"REPORT={SLUG}", "KIND=claim", "CLAIM_TYPE=assessment", "WEIGHT=key",
         "PASSAGE=Competition with China shapes almost every economic decision",
         "SUMMARY=The brief finds that rivalry with China drives most joint US-Japan economic choices.",
         f"TOPICS={widest} {busiest}", "ACTORS=japan united-states"],
        ["new-annotation", f"REPORT={SLUG}", "KIND=recommendation", "FORCE=urged", "WORDING=should",
         "PASSAGE=Tokyo and Washington should publish a joint list of the technologies they mean to protect",
         "SUMMARY=The brief asks both governments to publish which technologies they will protect.",
         f"TOPICS={busiest}", "ACTORS=japan united-states"],
        ["new-annotation", f"REPORT={SLUG}", "KIND=claim", "CLAIM_TYPE=fact", "WEIGHT=supporting",
         "PASSAGE=Officials in both capitals now describe supply chains, technology and trade as questions of national security",
         "SUMMARY=Officials in both countries now treat supply chains and trade as security matters.",
         f"TOPICS={widest}", "ACTORS=japan united-states"],
        ["new-annotation", f"REPORT={SLUG}", "KIND=recommendation", "FORCE=option", "WORDING=could",
         "PASSAGE=The two governments could also fund a small joint office",
         "SUMMARY=The brief suggests a joint office to help companies with export rules.",
         f"TOPICS={busiest}", "ACTORS=japan united-states"],
    ]
    outputs = [make(repo, *command) for command in commands]
    return {"repo": repo, "before": before, "outputs": outputs, "after": make(repo, "check"), "topics": (busiest, widest),
            "commands": commands}


def test_the_newcomers_commands_succeed_and_the_check_counts_the_new_report(newcomer: dict[str, Any]) -> None:
    for command, out in zip(newcomer["commands"], newcomer["outputs"]):
        assert out.returncode == 0, shlex.join(command) + "\n" + out.stdout + out.stderr
    before, after = newcomer["before"], newcomer["after"]
    assert before.returncode == 0 and after.returncode == 0, after.stdout + after.stderr
    reports = int(before.stdout.split("OK: ")[1].split()[0])
    assert f"OK: {reports + 1} reports" in after.stdout


def test_the_annotations_are_in_reading_order_and_reuse_the_topics(newcomer: dict[str, Any]) -> None:
    corpus, problems = load_checked(load_project(newcomer["repo"]))
    assert not problems
    mine = [a for a in corpus.annotations if a.report == SLUG]
    assert len(mine) == 4 and [a.span for a in mine] == sorted(a.span for a in mine)  # reading order, not command order
    assert set(newcomer["topics"]) <= {t for a in mine for t in a.topics}


def test_the_clone_gains_the_two_files_to_commit_and_nothing_else(newcomer: dict[str, Any]) -> None:
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=newcomer["repo"],
                            capture_output=True, text=True, check=True)
    assert sorted(status.stdout.splitlines()) == [f"?? annotations/{SLUG}.yml", f"?? docs/reports/{SLUG}.md"]


def test_the_data_dependent_tests_pass_on_the_clone(newcomer: dict[str, Any]) -> None:
    """Every quick test and every test reading the corpus (site, PDFs, browser) runs with the clone as project root."""
    repo = newcomer["repo"]
    skip = ["tests/test_new_corpus.py", "tests/test_contributing.py", "tests/test_workflows.py", "tests/test_benchmark.py"]
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST"}}
    argv = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not slow or corpus",
            *[f"--ignore={path}" for path in skip]]
    result = subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=1800, env=env | {"PYTHONDONTWRITEBYTECODE": "1"})
    tail = "\n".join(result.stdout.splitlines()[-40:])
    assert result.returncode == 0, tail + result.stderr[-2000:]
    assert " passed" in tail and " failed" not in tail
