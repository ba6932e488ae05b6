"""Shared fixtures: the real site built once per test session, and throw-away projects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, build_site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built once in strict mode."""
    return build_site(ROOT, tmp_path_factory.mktemp("site"))
