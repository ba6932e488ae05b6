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


def _read(path: Path) -> dict:
    head, _, body = path.read_text(encoding="utf-8").partition("\n")
    return {**json.loads(head), "payload": json.loads(body)}


def _write(path: Path, entry: dict) -> None:
    """An entry written back as it was read, header unchanged (so a changed payload no longer matches its digest)."""
    path.write_text(json.dumps({"key": entry["key"], "digest": entry["digest"]}) + "\n" + json.dumps(entry["payload"]),
                    encoding="utf-8")


def _entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR / "text").rglob("*.json"))


def test_the_check_caches_each_report_and_reads_it_back(tmp_path: Path) -> None:
    project, root = _project(tmp_path)
    first, problems = load_checked(project)
    assert not problems and len(_entries(root)) == 1
    entry = _read(_entries(root)[0])
    assert QUOTE in entry["payload"]["text"] and entry["payload"]["text"] == first.reports["test-report"].text
    cache = RenderCache(project.cache_dir / "text")
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
    entry = _read(path)
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        path.write_text(raw[: len(raw) // 2], encoding="utf-8")
    elif damage == "text":  # the quote's words changed in the cached text: it would no longer anchor
        payload = {**entry["payload"], "text": entry["payload"]["text"].replace("8.6", "9.1")}
        _write(path, {**entry, "payload": payload})
    else:  # another entry's content under this name
        _write(path, {**entry, "key": "0" * 64})
    corpus, problems = load_checked(project)
    assert not problems and QUOTE in corpus.reports["test-report"].text
    assert _read(path) == entry, "the damaged entry is rendered afresh and rewritten"


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


ANN = "annotations/test-report.yml"


def test_data_files_are_cached_as_parsed_only_when_they_pass(tmp_path: Path) -> None:
    project, root = _project(tmp_path)
    first, problems = load_checked(project)
    data = sorted((root / CACHE_DIR / "data").rglob("*.json"))
    assert not problems and len(data) == 3  # topics, actors and the one annotation file
    again, problems = load_checked(project)
    assert not problems and again.annotations == first.annotations and again.topics == first.topics
    path = root / ANN
    path.write_text(path.read_text(encoding="utf-8").replace("status: not-yet-assessed", "status: done-ish"),
                    encoding="utf-8")
    for _ in range(2):  # a file with a problem is never cached: the problem is found, at its line, every time
        problems = load_checked(project)[1]
        assert [(p.path, p.line, p.subject) for p in problems] == [(ANN, 10, "test-committee")], problems
    assert len(sorted((root / CACHE_DIR / "data").rglob("*.json"))) == 3


@pytest.mark.parametrize("damage", ["garbage", "payload"])
def test_a_corrupt_data_entry_is_ignored(tmp_path: Path, damage: str) -> None:
    project, root = _project(tmp_path)
    first = load_checked(project)[0]
    for path in (root / CACHE_DIR / "data").rglob("*.json"):
        entry = _read(path)
        if damage == "garbage":
            path.write_text("{", encoding="utf-8")
        else:  # a value changed without its digest: ignored
            entry["payload"]["data"] = {"annotations": [], "topics": [], "actors": []}
            _write(path, entry)
    again, problems = load_checked(project)
    assert not problems and again.annotations == first.annotations and again.topics == first.topics


@pytest.mark.parametrize("signature", ["sha256", "another-users-key"])
def test_an_entry_signed_elsewhere_is_never_read(tmp_path: Path, signature: str) -> None:
    """A pull request may commit files under .cache/ (.gitignore does not stop `git add -f`): an entry that
    claims the parsed data of a file, under the file's right key but not signed with this user's key, is
    ignored, and the file's own problem is found."""
    import datetime
    import hashlib
    import hmac

    from macros.rendercache import data_key

    project, root = _project(tmp_path)
    assert not load_checked(project)[1]
    path = root / ANN
    bad = path.read_text(encoding="utf-8").replace("status: not-yet-assessed", "status: done-ish")
    path.write_text(bad, encoding="utf-8")
    [good] = [_read(p) for p in (root / CACHE_DIR / "data").rglob("*.json")
              if "annotations" in _read(p)["payload"]["data"]]
    key = data_key(bad.encode("utf-8"), ANN, "annotationsFile", Path(project.schema).read_bytes(),
                   datetime.date.today().isoformat())
    body = json.dumps(good["payload"]).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest() if signature == "sha256" else hmac.new(b"k" * 32, body, hashlib.sha256).hexdigest()
    forged = root / CACHE_DIR / "data" / key[:2] / f"{key}.json"
    forged.parent.mkdir(parents=True, exist_ok=True)
    forged.write_bytes(json.dumps({"key": key, "digest": digest}).encode() + b"\n" + body)
    problems = load_checked(project)[1]
    assert [(p.path, p.subject) for p in problems] == [(ANN, "test-committee")], problems


def test_without_a_signing_key_there_is_no_cache(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "home").write_text("a file where the user's cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    project, root = _project(tmp_path)
    corpus, problems = load_checked(project)
    assert not problems and QUOTE in corpus.reports["test-report"].text
    assert not (root / CACHE_DIR).exists()


def test_the_signing_key_is_the_users_alone(tmp_path: Path, monkeypatch) -> None:
    from macros.rendercache import KEY_FILE, signing_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    key = signing_key()
    path = tmp_path / "home" / KEY_FILE
    assert key is not None and len(key) == 32 and path.read_bytes() == key and signing_key() == key
    assert path.stat().st_mode & 0o077 == 0


def test_a_problem_in_a_cached_file_is_located_as_in_a_fresh_check(tmp_path: Path) -> None:
    """The cache keeps a data file's top-level and entry locations only: a cross-file problem found in a file
    read from it (a topic removed from topics.yml) points at the same line and column as without any cache."""
    project, root = _project(tmp_path)
    assert not load_checked(project)[1]  # every file cached
    topics = root / "annotations" / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        "  - id: trade\n    title: Trade\n    description: Flows of goods and services.\n", ""), encoding="utf-8")
    cached = load_checked(project)[1]
    fresh = load_checked(dataclasses.replace(project, cache=""))[1]
    assert cached and [(p.path, p.line, p.col, p.message) for p in cached] == \
        [(p.path, p.line, p.col, p.message) for p in fresh]
    assert (ANN, 18) in [(p.path, p.line) for p in cached]  # `topics: [trade]` of test-trade-fell, not its entry (line 12)
