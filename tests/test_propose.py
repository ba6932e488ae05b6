"""What the "Annotate this passage" panel reads from the page: the report text's wrapper (its file, id
prefix, the ids taken, the editor link, escaped) and data/vocabulary.json (the site's own lists)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import Markup

from macros.glue.config import load_project
from macros.index import Vocabulary, build_index
from macros.render.propose import KINDS, Proposals, id_prefix, vocabulary_json
from macros.render.templates import package_environment
from macros.schema import load_schema
from macros.validation import load_checked
from tests.sitebuild import MINI_ANNOTATIONS, MINI_REPORT_BODY, MINI_REPORT_META, make_project

# A second report whose ids use two prefixes equally often (zz- first), and share test- with the first one.
OTHER = "report: other-report\nannotations:\n" + MINI_ANNOTATIONS.split("annotations:\n", 1)[1] \
    .replace("test-committee", "zz-committee").replace("test-trade-fell", "test-other-fell")


@pytest.fixture
def index(tmp_path: Path):
    page = f"---\n{MINI_REPORT_META}---\n\n{MINI_REPORT_BODY}"
    root = make_project(tmp_path / "p", reports={"test-report": page, "other-report": page},
                        annotations={"test-report": MINI_ANNOTATIONS, "other-report": OTHER})
    project = load_project(root)
    corpus, problems = load_checked(project)
    assert problems == []
    return build_index(corpus, Vocabulary.from_schema(project.schema))


def test_the_id_prefix_is_the_one_most_ids_of_the_report_share_else_the_slugs(index):
    assert id_prefix(index, "test-report") == "test"
    assert id_prefix(index, "other-report") == "zz"  # a tie (zz-, test-): the first one met in the file
    assert id_prefix(index, "no-annotations") == "no"


def test_the_report_text_carries_its_file_prefix_taken_ids_and_editor_link_escaped(index):
    proposals = Proposals(index, package_environment())
    html = proposals.report_text("test-report", Markup("<p>Body &amp; <em>text</em></p>"), "../../",
                                 "annotations/test-report.yml", "https://example.org/r/edit/main/annotations/test-report.yml?a=1&b=\"2\"")
    assert html == ('<div class="report-text" data-report="test-report" data-id-prefix="test" '
                    'data-ids-url="../../data/ids/test.json" data-annotation-file="annotations/test-report.yml" '
                    'data-vocabulary="../../data/vocabulary.json" '
                    'data-edit="https://example.org/r/edit/main/annotations/test-report.yml?a=1&amp;b=&#34;2&#34;">'
                    '<p>Body &amp; <em>text</em></p></div>')
    plain = proposals.report_text("other-report", Markup("<p>x</p>"), "", "annotations/other-report.yml", "")
    assert 'data-ids-url="data/ids/zz.json"' in plain and "data-edit" not in plain  # no repository known: no link
    assert proposals.id_files() == {"data/ids/test.json": '[\n"test-committee",\n"test-other-fell",\n"test-trade-fell"\n]',
                                    "data/ids/zz.json": '[\n"zz-committee"\n]'}


def test_the_vocabulary_lists_the_kinds_claim_types_weights_force_levels_topics_and_actors_of_the_site(index, tmp_path):
    vocab = json.loads(vocabulary_json(index))
    schema = load_schema(load_project(make_project(tmp_path / "q")).schema)
    assert vocab["kinds"] == list(KINDS) == schema["$defs"]["annotation"]["properties"]["kind"]["enum"]
    assert [c["id"] for c in vocab["claim_types"]] == ["fact", "statistic", "assessment", "forecast"]
    defs = schema["$defs"]  # weights and levels of force with the schema's descriptions, in its order
    assert vocab["weights"] == [{"id": v, "description": d} for v, d in
                                zip(defs["weight"]["enum"], defs["weight"]["enumDescriptions"], strict=True)]
    level = defs["force"]["properties"]["level"]
    assert [w["id"] for w in vocab["weights"]] == ["key", "supporting"]
    assert vocab["force_levels"] == [{"id": v, "description": d} for v, d in
                                     zip(level["enum"], level["enumDescriptions"], strict=True)]
    assert [f["id"] for f in vocab["force_levels"]] == ["urged", "proposed", "option"]
    assert all(item["description"] for item in vocab["weights"] + vocab["force_levels"])
    assert vocab["topics"] == [{"id": "security", "title": "Economic security"}, {"id": "trade", "title": "Trade"}]
    assert vocab["actors"] == [{"id": "officials", "name": "Officials", "kind": "national-government-body"},
                               {"id": "alliance", "name": "The Alliance", "kind": "multilateral-or-minilateral-body"}]
