"""The index of the real data: nothing dropped between the YAML and the pages, every quote anchored once."""

from __future__ import annotations

import yaml

from macros.anchoring import SearchText
from macros.glue.config import load_project
from macros.index import Vocabulary, build_index
from macros.text import normalize_quote
from macros.validation import load_checked
from tests.sitebuild import ROOT

PROJECT = load_project(ROOT)


def yaml_files() -> list:
    """Every annotation file under annotations/, found without the loader's own file list."""
    return sorted(p for p in PROJECT.annotations_dir.rglob("*") if p.suffix.lower() in (".yml", ".yaml")
                  and p.name not in ("topics.yml", "actors.yml"))


def yaml_ids() -> list[str]:
    """Every annotation id in any YAML file under annotations/, found without the loader's own file list."""
    ids = []
    for path in yaml_files():
        ids += [a["id"] for a in yaml.safe_load(path.read_text(encoding="utf-8"))["annotations"]]
    return ids


def test_every_annotation_in_the_yaml_is_in_the_index() -> None:
    corpus, problems = load_checked(PROJECT)
    assert problems == []
    index = build_index(corpus, Vocabulary.from_schema(PROJECT.schema))
    ids = yaml_ids()
    assert len(ids) == len(set(ids)) == len(corpus.annotations) == len(index.annotations)
    assert sorted(index.annotations) == sorted(ids)
    assert sum(len(v) for v in index.by_report.values()) == len(ids)
    assert sorted(a.id for a in index.recommendations) == sorted(a.id for a in corpus.annotations if a.kind == "recommendation")


def test_each_report_lists_the_annotations_of_its_file_in_file_order() -> None:
    corpus, _ = load_checked(PROJECT)
    index = build_index(corpus, Vocabulary.from_schema(PROJECT.schema))
    for path in yaml_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        listed = [a.id for a in index.by_report.get(data["report"], [])]
        assert listed == [a["id"] for a in data["annotations"]], path.name
        recommended = [a["id"] for a in data["annotations"] if a["kind"] == "recommendation"]
        assert [a.id for a in index.recommendations if a.report == data["report"]] == recommended, path.name
    assert set(index.by_report) <= set(corpus.reports)


def test_every_quote_anchors_exactly_once() -> None:
    corpus, _ = load_checked(PROJECT)
    texts = {slug: SearchText(r.text) for slug, r in corpus.reports.items()}
    for ann in corpus.annotations:
        text = texts[ann.report]
        match = text.anchor(ann.quote.exact, ann.quote.prefix, ann.quote.suffix)
        assert match.count == 1, ann.id
        assert ann.span == (match.start, match.end)
        assert normalize_quote(text.text[match.start:match.end]) == normalize_quote(ann.quote.exact), ann.id


def test_statuses_other_than_not_yet_assessed_rest_on_evidence() -> None:
    corpus, _ = load_checked(PROJECT)
    for ann in corpus.annotations:
        if ann.is_recommendation and ann.status != "not-yet-assessed":
            assert ann.evidence and ann.as_of, ann.id
            assert all(e.source.startswith("https://") or e.source.startswith("http://") for e in ann.evidence), ann.id
