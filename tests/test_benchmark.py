"""The benchmark's corpus generator, at a tiny size: valid data, a strict build, and a comparable plain project.

Only correctness is tested here; timings belong to ``make bench``, never to the test suite.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from tests.sitebuild import ROOT, build_site

SIZE_ARGS = (3, 24, 5, 7)
WORDS = (300, 600)


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_generated_corpus_passes_the_check_and_builds_like_its_plain_copy(bench, tmp_path: Path) -> None:
    size = bench.Size(*SIZE_ARGS)
    corpus = bench.generate_project(tmp_path / "a", size, seed=5, words=WORDS)
    assert (corpus.reports, corpus.annotations, corpus.recommendations) == (3, 24, 6)
    assert bench.check_project(tmp_path / "a").startswith("OK: 3 reports, 24 annotations (6 recommendations), 5 topics, 7 actors")

    site_a = build_site(tmp_path / "a", tmp_path / "site-a")  # strict: any warning fails
    capture = bench.capture_plain_project(tmp_path / "a", tmp_path / "b", tmp_path / "capture")
    plain = yaml.safe_load((tmp_path / "b" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in plain and "search" in plain["plugins"]
    assert all(bench._plugin_name(entry) != "macros" for entry in plain["plugins"])
    site_b = build_site(tmp_path / "b", tmp_path / "site-b")

    assert _files(site_a) == _files(site_b)
    assert capture.pages == len([f for f in _files(site_b) if f.endswith(".html") and f != "404.html"])
    report = next(p for p in (tmp_path / "b" / "docs" / "reports").glob("*.md") if p.name != "index.md")
    text = report.read_text(encoding="utf-8")
    assert 'id="citation"' in text and "## Annotations in this report" in text and 'class="anno-card' in text


def test_generator_is_deterministic(bench) -> None:
    size = bench.Size(*SIZE_ARGS)
    one = bench.Generator(size, seed=9, words=WORDS).corpus().files
    two = bench.Generator(size, seed=9, words=WORDS).corpus().files
    assert one == two
    assert bench.Generator(size, seed=10, words=WORDS).corpus().files != one
