"""The rendered-text cache of the check: it makes a second check fast and never hides a problem."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from macros.corpus import load_corpus
from macros.glue.config import CACHE_DIR, load_project
from macros.rendercache import RenderCache, render_key
from macros.validation import load_checked
from tests.sitebuild import ROOT, make_project

BASE = load_project(ROOT)
REPORT = "docs/reports/test-report.md"
QUOTE = "Trade fell by 8.6 percent in 2017."


def _project(tmp_path: Path):
    root = make_project(tmp_path / "p")
    return dataclasses.replace(BASE, root=root), root


def _entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).rglob("*.json"))


def test_the_check_caches_each_report_and_reads_it_back(tmp_path: Path) -> None:
    project, root = _project(tmp_path)
    first, problems = load_checked(project)
    assert not problems and len(_entries(root)) == 1
    entry = json.loads(_entries(root)[0].read_text(encoding="utf-8"))
    assert QUOTE in entry["text"] and entry["text"] == first.reports["test-report"].text
    cache = RenderCache(project.cache_dir)
    corpus, _ = load_corpus(project)
    assert corpus.reports["test-report"].text == first.reports["test-report"].text
    assert cache.get(entry["key"]) == (first.reports["test-report"].text, first.reports["test-report"].element_ids)
    assert not list((root / CACHE_DIR).rglob(".tmp-*")), "a temporary file was left behind"


def test_an_edited_report_is_rendered_again_and_its_problem_found(tmp_path: Path) -> None:
    project, root = _project(tmp_path)
    assert not load_checked(project)[1]
    page = root / REPORT
    page.write_text(page.read_text(encoding="utf-8").replace("8.6 percent", "9.1 percent"), encoding="utf-8")
    problems = load_checked(project)[1]
    assert [p.subject for p in problems] == ["test-trade-fell"], problems
    assert len(_entries(root)) == 2  # the old entry stays, under its own key; it is never read for the new text


@pytest.mark.parametrize("damage", ["garbage", "truncated", "text", "key"])
def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path, damage: str) -> None:
    project, root = _project(tmp_path)
    assert not load_checked(project)[1]
    [path] = _entries(root)
    raw = path.read_text(encoding="utf-8")
    entry = json.loads(raw)
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        path.write_text(raw[: len(raw) // 2], encoding="utf-8")
    elif damage == "text":  # the quote's words changed in the cached text: it would no longer anchor
        path.write_text(json.dumps({**entry, "text": entry["text"].replace("8.6", "9.1")}), encoding="utf-8")
    else:  # another entry's content under this name
        path.write_text(json.dumps({**entry, "key": "0" * 64}), encoding="utf-8")
    corpus, problems = load_checked(project)
    assert not problems and QUOTE in corpus.reports["test-report"].text
    assert json.loads(path.read_text(encoding="utf-8")) == entry, "the damaged entry is rendered afresh and rewritten"


def test_the_key_covers_the_markdown_the_extensions_and_their_settings() -> None:
    key = render_key("Some *text*.", ("toc", "tables"), {"toc": {"permalink": True}})
    assert key != render_key("Some *text*!", ("toc", "tables"), {"toc": {"permalink": True}})
    assert key != render_key("Some *text*.", ("toc",), {"toc": {"permalink": True}})
    assert key != render_key("Some *text*.", ("toc", "tables"), {"toc": {"permalink": False}})
    assert key == render_key("Some *text*.", ["toc", "tables"], {"toc": {"permalink": True}})


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    project, root = _project(tmp_path)
    (root / ".cache").write_text("a file where the folder would be", encoding="utf-8")
    corpus, problems = load_checked(project)
    assert not problems and QUOTE in corpus.reports["test-report"].text
