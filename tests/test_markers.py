"""The quick loop stays quick: tests that build a site or drive a browser are left out by -m "not slow"."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.sitebuild import ROOT


def collected(*args: str) -> set[str]:
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", *args],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return {line.split("[")[0] for line in run.stdout.splitlines() if "::" in line}


@pytest.mark.slow  # a pytest run of its own (collect-only)
def test_builds_and_browser_tests_are_marked_slow_without_a_hand_written_mark() -> None:
    files = ["tests/test_validation.py", "tests/test_payloads.py", "tests/browser/test_search.py"]
    quick = collected("-m", "not slow", *files)
    slow = collected("-m", "slow", *files)
    # test_validation.py calls build_site in two tests; test_payloads.py builds in a module fixture.
    assert {"tests/test_validation.py::test_build_fails_with_the_same_messages",
            "tests/test_validation.py::test_build_fails_on_a_quote_that_does_not_anchor",
            "tests/test_payloads.py::test_no_payload_script_runs",
            "tests/browser/test_search.py::test_an_annotations_words_lead_to_its_marked_passage"} <= slow
    assert "tests/test_validation.py::test_the_mini_project_is_valid" in quick  # checks, but builds nothing
    assert not quick & slow
    assert not any(name.startswith(("tests/browser/", "tests/test_payloads.py")) for name in quick)
