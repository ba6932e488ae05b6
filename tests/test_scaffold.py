"""The scaffolding commands: what they write, that it checks, and that a refusal changes nothing.

Every test works on a throw-away project (tests.sitebuild.make_project) and runs the commands through
the command-line entry point, as `make new-annotation` / `make new-report` do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cli import main
from macros.glue.config import load_project
from macros.scaffold import Plan, Write, apply, plain_to_markdown
from macros.text import html_text, markdown_html, normalize_quote
from macros.validation import load_checked
from macros.yamlload import load_yaml
from tests.sitebuild import MINI_REPORT_META, make_project, write

SLUG = "test-report"
ANNOTATIONS = f"annotations/{SLUG}.yml"

TRICKY_BODY = """\
## Tricky

He said: “a #1 {{ deal }} costs $5” — it’s 'fine' & more.

The committee should meet every year. The committee should meet every year.
"""


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project, to show that a refused command changed nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "macros" not in p.relative_to(root).parts}


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def new_annotation(root: Path, passage: str, kind: str = "recommendation", report: str = SLUG, **fields: str) -> int:
    """Run new-annotation as `make new-annotation` does; keyword arguments become --options."""
    extra = [f"--{key.replace('_', '-')}={value}" for key, value in fields.items()]
    return run(root, "new-annotation", f"--report={report}", f"--kind={kind}", f"--passage={passage}", *extra)


def problems_of(root: Path) -> list[str]:
    _, problems = load_checked(load_project(root))
    return [p.format() for p in problems]


def annotations_of(root: Path, slug: str = SLUG) -> list[dict]:
    loaded, problems = load_yaml((root / f"annotations/{slug}.yml").read_bytes(), "x")
    assert not problems
    return loaded.data["annotations"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    """A project whose report holds quotes, colons, '#', braces, '$' and a repeated sentence."""
    return make_project(tmp_path / "t", reports={SLUG: f"---\n{MINI_REPORT_META}---\n\n{TRICKY_BODY}"},
                        annotations={SLUG: f"report: {SLUG}\nannotations: []\n"})


# ----------------------------------------------------------------------------- new-annotation


def test_complete_annotation_is_appended_and_passes_the_check(project: Path, capsys: pytest.CaptureFixture) -> None:
    before = (project / ANNOTATIONS).read_bytes()
    code = new_annotation(project, "The committee should meet every year.", summary="Meet yearly.",
                          topics="security trade", actors="alliance", force="urged", wording="should")
    assert code == 0
    after = (project / ANNOTATIONS).read_bytes()
    assert after.startswith(before)  # the existing text is kept byte for byte (the passage is the report's last)
    added = annotations_of(project)[-1]
    assert added == {"id": "test-committee-meet-every-year", "kind": "recommendation",
                     "quote": {"exact": "The committee should meet every year."},
                     "force": {"level": "urged", "wording": "should"}, "summary": "Meet yearly.",
                     "topics": ["security", "trade"], "actors": ["alliance"], "status": "not-yet-assessed"}
    assert problems_of(project) == []
    line = next(n for n, text in enumerate(after.decode().splitlines(), 1) if "test-committee-meet-every-year" in text)
    assert f"Added recommendation 'test-committee-meet-every-year' to {ANNOTATIONS}, line {line}." in capsys.readouterr().out


def test_unfinished_stub_fails_the_check_naming_each_empty_field(project: Path, capsys: pytest.CaptureFixture) -> None:
    assert new_annotation(project, "Officials doubt it will work.", kind="claim") == 0
    assert "Still to fill in there: claim_type, weight, summary, topics" in capsys.readouterr().out
    text = (project / ANNOTATIONS).read_text()
    rows = text.splitlines()
    start = next(n for n, row in enumerate(rows) if "- id: test-officials-doubt-work" in row)
    line = {key: next(n for n, row in enumerate(rows[start:], start + 1) if row.strip().startswith(key + ":"))
            for key in ("claim_type", "weight", "summary", "topics")}
    found = problems_of(project)
    assert any(f":{line['claim_type']}:" in p and "'' is not an allowed value for claim_type" in p
               and "use one of: fact, statistic, assessment, forecast" in p for p in found)
    assert any(f":{line['weight']}:" in p and "'' is not an allowed value for weight" in p
               and "use one of: key, supporting" in p for p in found)
    assert 'weight: ""  # fill in: key (the report\'s argument rests on it) or supporting' in text
    assert any(f":{line['summary']}:" in p and "summary is empty" in p for p in found)
    assert [p for p in found if f":{line['summary']}:" in p] == [  # one message for the one problem
        f"{ANNOTATIONS}:{line['summary']}:14: test-officials-doubt-work: summary is empty\n    hint: give at least one character"]
    assert any(f":{line['topics']}:" in p and "topics is empty" in p for p in found)
    assert all(p.startswith(f"{ANNOTATIONS}:") for p in found)
    assert 'summary: ""  # fill in:' in text


def test_passage_with_quotes_colons_hash_braces_and_dollars_reads_back_verbatim(tricky: Path) -> None:
    typed = "He said: \"a #1 {{ deal }} costs $5\" — it's 'fine' & more."  # straight quotes typed
    assert new_annotation(tricky, typed, kind="claim", claim_type="fact", weight="supporting", summary="Says: #1 {{ x }}.",
                          topics="trade") == 0
    added = annotations_of(tricky)[-1]
    # The report's own (curly) quotation marks are kept: the quote is the report's text, not what was typed.
    assert added["quote"]["exact"] == "He said: “a #1 {{ deal }} costs $5” — it’s 'fine' & more."
    assert added["summary"] == "Says: #1 {{ x }}."
    assert problems_of(tricky) == []
    text = (tricky / ANNOTATIONS).read_text()
    assert "annotations: []" not in text and text.startswith(f"report: {SLUG}\nannotations:\n  - id: test-")


def test_ambiguous_passage_is_refused_then_placed_with_a_prefix(tricky: Path, capsys: pytest.CaptureFixture) -> None:
    before = snapshot(tricky)
    assert new_annotation(tricky, "The committee should meet every year.") == 1
    err = capsys.readouterr().err
    line = 1 + f"---\n{MINI_REPORT_META}---\n\n{TRICKY_BODY}".split("The committee")[0].count("\n")
    assert err == (
        "PASSAGE: test-report: the passage occurs 2 times in the report\n"
        "    hint: add PREFIX='...' or SUFFIX='...' to pick one:\n"
        f"      1. line {line}: “…$5” — it’s 'fine' & more. [The committee should meet every year.] The committee should meet"
        " every year.…” → SUFFIX='The'\n"
        f"      2. line {line}: “…The committee should meet every year. [The committee should meet every year.] …” → PREFIX='year.'\n"
        "1 problem found.\nNothing was changed.\n")
    assert snapshot(tricky) == before
    assert new_annotation(tricky, "The committee should meet every year.", prefix="every year.", summary="Meet.",
                          topics="security", force="urged", wording="should") == 0
    assert annotations_of(tricky)[-1]["quote"] == {"exact": "The committee should meet every year.", "prefix": "every year."}
    assert problems_of(tricky) == []


@pytest.mark.parametrize("args, where, message, hint", [
    ({"passage": "The alliance should build a new comittee"}, "PASSAGE: test-report", "the passage was not found in the report text",
     "the closest passage is: “The alliance should build a new co"),
    ({"passage": "The committee should meet every year.", "prefix": "Trade rose"}, "PASSAGE: test-report",
     "the passage was not found in the report text with this prefix/suffix", "the closest passage is: “The committee should meet"),
    ({"report": "test-repor"}, "REPORT: test-repor", "report page docs/reports/test-repor.md does not exist",
     "did you mean 'test-report'?"),
    ({"report": "../index"}, "REPORT: ../index", "'../index' is not a report slug", "REPORT=test-report"),
    ({"kind": "recomendation"}, "KIND: test-report", "'recomendation' is not a kind of annotation",
     "use KIND=claim or KIND=recommendation"),
    ({"topics": "securty"}, "TOPICS: test-report", "unknown topic 'securty'", "did you mean 'security'?"),
    ({"actors": "nobody"}, "ACTORS: test-report", "unknown actor 'nobody'", "add the actor there first"),
    ({"claim_type": "fact"}, "CLAIM_TYPE: test-report", "a claim type is only for claims", "use KIND=claim"),
    ({"kind": "claim", "claim_type": "guess"}, "CLAIM_TYPE: test-report", "'guess' is not a claim type",
     "fact, statistic, assessment, forecast"),
    ({"weight": "key"}, "WEIGHT: test-report", "WEIGHT is only for claims", "leave WEIGHT out, or use KIND=claim"),
    ({"kind": "claim", "weight": "heavy"}, "WEIGHT: test-report", "'heavy' is not a weight", "use one of: key, supporting"),
    ({"force": "demanded"}, "FORCE: test-report", "'demanded' is not a level of force", "use one of: urged, proposed, option"),
    ({"kind": "claim", "force": "urged"}, "FORCE: test-report", "FORCE is only for recommendations",
     "leave FORCE out, or use KIND=recommendation"),
    ({"wording": "must"}, "WORDING: test-report", "'must' does not occur in the passage", "e.g. WORDING=should"),
    ({"passage": "The alliance\x07 should"}, "PASSAGE: test-report", "the passage contains an invisible control character (U+0007)",
     "copy the passage again"),
    ({"suffix": "Officials\x07"}, "SUFFIX: test-report", "the suffix contains an invisible control character (U+0007)",
     "copy the suffix again"),
    ({"passage": "   "}, "PASSAGE: test-report", "give the passage either as PASSAGE=", ""),
])
def test_bad_input_is_refused_at_its_argument_and_nothing_changes(
        project: Path, capsys: pytest.CaptureFixture, args: dict[str, str], where: str, message: str, hint: str) -> None:
    before = snapshot(project)
    fields = {"passage": "The committee should meet every year.", "kind": "recommendation"} | args
    passage, kind = fields.pop("passage"), fields.pop("kind")
    assert new_annotation(project, passage, kind=kind, **fields) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{where}: {message}") and f"\n    hint: " in err and hint in err, err
    assert err.endswith("\n1 problem found.\nNothing was changed.\n")  # one message per problem
    assert snapshot(project) == before


def test_the_same_passage_and_kind_again_is_refused_naming_the_annotation(project: Path, capsys: pytest.CaptureFixture) -> None:
    """No silent '-2' copy: the message points at the existing annotation's line."""
    before = snapshot(project)
    assert new_annotation(project, "The alliance should build a new committee for economic security.") == 1
    line = next(n for n, row in enumerate((project / ANNOTATIONS).read_text().splitlines(), 1) if "id: test-committee" in row)
    assert capsys.readouterr().err == (
        f"{ANNOTATIONS}:{line}:5: test-committee: this passage is already annotated as a recommendation: 'test-committee'\n"
        "    hint: edit 'test-committee' instead, or quote a different passage\n1 problem found.\nNothing was changed.\n")
    assert snapshot(project) == before
    # The same passage as a claim is another annotation, and allowed; so is a passage within it.
    assert new_annotation(project, "The alliance should build a new committee for economic security.", kind="claim") == 0
    assert new_annotation(project, "The alliance should build a new committee") == 0


def test_a_stub_is_inserted_in_reading_order(tricky: Path) -> None:
    """Whatever order the commands come in, the file lists the passages as the report does, comments kept with
    the entry they precede."""
    claim = {"kind": "claim", "claim_type": "fact", "weight": "key", "summary": "S.", "topics": "trade"}
    assert new_annotation(tricky, "it’s 'fine' & more.", **claim) == 0
    path = tricky / ANNOTATIONS
    path.write_text(path.read_text().replace("  - id: test-fine-more", "  # A comment about the next entry.\n  - id: test-fine-more"))
    assert new_annotation(tricky, "The committee should meet every year.", suffix="The committee", **claim) == 0
    assert new_annotation(tricky, "He said", **claim) == 0
    assert new_annotation(tricky, "a #1 {{ deal }}", **claim) == 0
    assert [a["id"] for a in annotations_of(tricky)] == ["test-said", "test-1-deal", "test-fine-more", "test-committee-meet-every-year"]
    text = path.read_text()
    assert "\n\n  # A comment about the next entry.\n  - id: test-fine-more" in text
    assert problems_of(tricky) == []


def test_the_message_says_when_the_id_was_taken(tricky: Path, capsys: pytest.CaptureFixture) -> None:
    assert new_annotation(tricky, "The committee should meet every year.", prefix="more.") == 0
    assert new_annotation(tricky, "The committee should meet every year.", prefix="every year.") == 0
    out = capsys.readouterr().out
    assert ("(The id 'test-committee-meet-every-year' is taken by another annotation, "
            "so this one is 'test-committee-meet-every-year-2'.)") in out


def test_all_argument_problems_are_reported_together(project: Path, capsys: pytest.CaptureFixture) -> None:
    assert new_annotation(project, "x", kind="claimm", topics="nope", actors="none") == 1
    err = capsys.readouterr().err
    assert "KIND: test-report: 'claimm' is not a kind of annotation" in err and "TOPICS: test-report: unknown topic 'nope'" in err
    assert "ACTORS: test-report: unknown actor 'none'" in err and "3 problems found." in err


def test_ids_are_unique_across_the_whole_site(tmp_path: Path) -> None:
    other = f"---\n{MINI_REPORT_META}---\n\nAnother text.\n"
    taken = ("report: other\nannotations:\n  - id: test-committee-meet-every-year\n    kind: claim\n    claim_type: fact\n"
             "    quote:\n      exact: Another text.\n    summary: s\n    topics: [trade]\n    actors: []\n")
    root = make_project(tmp_path / "p", reports={SLUG: f"---\n{MINI_REPORT_META}---\n\n{TRICKY_BODY}", "other": other},
                        annotations={SLUG: f"report: {SLUG}\nannotations: []\n", "other": taken})
    for prefix in ("more.", "every year."):  # the same sentence twice: same words, so the same base id
        assert new_annotation(root, "The committee should meet every year.", prefix=prefix) == 0
    ids = [a["id"] for a in annotations_of(root)]
    assert ids == ["test-committee-meet-every-year-2", "test-committee-meet-every-year-3"]


def test_the_id_prefix_follows_the_files_existing_ids(project: Path) -> None:
    text = (project / ANNOTATIONS).read_text().replace("id: test-", "id: mini-")
    (project / ANNOTATIONS).write_text(text.replace("target: test-", "target: mini-"))
    assert new_annotation(project, "Officials doubt it will work.", kind="claim") == 0
    assert "mini-officials-doubt-work" in [a["id"] for a in annotations_of(project)]


def test_a_file_that_does_not_load_is_left_alone(project: Path, capsys: pytest.CaptureFixture) -> None:
    path = project / ANNOTATIONS
    path.write_text(path.read_text() + "  - id: [broken\n")
    before = snapshot(project)
    assert new_annotation(project, "Officials doubt it will work.", kind="claim") == 1
    err = capsys.readouterr().err
    assert "YAML syntax error" in err and "the annotation file must load before a stub can be added to it" in err
    assert snapshot(project) == before


def test_a_file_whose_list_is_not_last_is_refused_rather_than_corrupted(project: Path, capsys: pytest.CaptureFixture) -> None:
    path = project / ANNOTATIONS
    text = path.read_text()
    path.write_text(text.replace(f"report: {SLUG}\n", "") + f"report: {SLUG}\n")
    before = snapshot(project)
    assert new_annotation(project, "The committee should meet every year.", kind="claim") == 1
    # Located at the list the stub was to join (line 1 here: the file now starts with 'annotations:').
    assert capsys.readouterr().err.startswith(f"{ANNOTATIONS}:1:1: test-committee-meet-every-year: the stub could not be "
                                              "added without changing what the file says")
    assert snapshot(project) == before


def test_a_missing_annotation_file_is_created_with_the_editor_schema_line(project: Path) -> None:
    (project / ANNOTATIONS).unlink()
    assert new_annotation(project, "Officials doubt it will work.", kind="claim", claim_type="assessment", weight="key",
                          summary="Officials are sceptical.", topics="security", actors="officials") == 0
    text = (project / ANNOTATIONS).read_text()
    assert text.startswith(f"# yaml-language-server: $schema=schema.json\nreport: {SLUG}\nannotations:\n  - id: ")
    assert problems_of(project) == []


def test_a_file_without_final_newline_keeps_its_text(project: Path) -> None:
    path = project / ANNOTATIONS
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    before = path.read_bytes()
    assert new_annotation(project, "The committee should meet every year.", kind="claim") == 0
    assert path.read_bytes().startswith(before + b"\n")
    assert len(annotations_of(project)) == 3


def test_passage_file_is_read_as_utf8(project: Path, tmp_path: Path) -> None:
    passage = write(tmp_path / "passage.txt", "Trade fell by\n8.6 percent\n")
    assert run(project, "new-annotation", f"--report={SLUG}", "--kind=claim", f"--passage-file={passage}") == 0
    assert annotations_of(project)[-1]["quote"]["exact"] == "Trade fell by 8.6 percent"


def test_apply_refuses_if_a_file_changed_since_the_plan(project: Path) -> None:
    path = project / ANNOTATIONS
    plan = Plan([Write(path, "new text", b"what it held earlier")], "message")
    before = path.read_bytes()
    problems = apply(plan)
    assert [p.code for p in problems] == ["changed"] and path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp"))


# ----------------------------------------------------------------------------- new-report

FACTS = """\
# yaml-language-server: $schema=annotations/schema.json
title: "Chips: A Test"
title_supplied: false
authors:
  - name: "Ada Writer"
publisher: "Test Institute"
date: "2024-03"
date_precision: month
url: "https://example.org/chips"
completeness: full
completeness_note: "The whole text."
"""

TEXT = """\
# Not a heading, a number sign.

Japan and the *United States* should pool research on chips_and_more;
it costs $5 & R&D &amp; [1] <b>bold</b> {: .c} and `code` | pipe \\ backslash.

1. Not a list.
- Not a list either.

    Indented text is not code.
"""


def new_report(root: Path, tmp_path: Path, facts: str = FACTS, text: str | bytes = TEXT, slug: str = "test-2024-chips") -> int:
    meta = write(tmp_path / "facts.yml", facts)
    body = tmp_path / "report.txt"
    body.write_bytes(text if isinstance(text, bytes) else text.encode())
    return run(root, "new-report", f"--text={body}", f"--slug={slug}", f"--meta={meta}")


def test_new_report_creates_a_checked_page_and_an_empty_annotation_file(project: Path, tmp_path: Path) -> None:
    assert new_report(project, tmp_path) == 0
    page = (project / "docs/reports/test-2024-chips.md").read_text()
    assert page.startswith('---\ntitle: "Chips: A Test"\n') and "yaml-language-server" not in page
    front, body = page.split("---\n")[1], page.split("---\n", 2)[2]
    assert front == FACTS.split("\n", 1)[1]
    assert "<h" not in markdown_html(body) and "<li" not in markdown_html(body) and "<code" not in markdown_html(body)
    paragraphs = [" ".join(p.split()) for p in TEXT.split("\n\n")]
    assert normalize_quote(html_text(markdown_html(body))) == normalize_quote(" ".join(paragraphs))
    assert body.count("\n\n") == len(paragraphs) - 1
    assert (project / "annotations/test-2024-chips.yml").read_text() == (
        "# yaml-language-server: $schema=schema.json\nreport: test-2024-chips\nannotations: []\n")
    assert problems_of(project) == []
    # Its text is quotable as written, markup characters included.
    assert new_annotation(project, "should pool research on chips_and_more; it costs $5 & R&D &amp; [1] <b>bold</b>",
                          report="test-2024-chips", summary="Pool chip research.", topics="security", force="urged",
                          wording="should") == 0
    assert problems_of(project) == []


@pytest.mark.parametrize("paragraph", [
    "# hash", "#hash", "> quote", "- dash", "+ plus", "* star", "1. one", "2) two", "2022. A year.", "=== under",
    "---", "!!! note", "[TOC]", "[^1]: note", "<!-- c -->", "a *b* _c_ **d** `e` [f](g) <h> &copy; &#169; {: #i}",
    "x\\y", "| a | b |", "trailing  two spaces  ",
])
def test_plain_text_renders_as_the_same_words(paragraph: str) -> None:
    rendered = html_text(markdown_html(plain_to_markdown(" ".join(paragraph.split()))))
    assert normalize_quote(rendered) == normalize_quote(paragraph)


@pytest.mark.parametrize("facts, text, slug, where, message", [
    (FACTS, TEXT, "Test Chips", "SLUG: Test Chips:", "'Test Chips' is not a valid slug"),
    (FACTS, TEXT, "test-report", "SLUG: test-report:", "docs/reports/test-report.md already exists"),
    (FACTS, TEXT, "index", "SLUG: index:", "'index' is a reserved name"),
    (FACTS.replace("publisher:", "publisherr:"), TEXT, "test-2024-chips", "facts.yml:6:1", "unknown field 'publisherr'"),
    (FACTS.replace('date: "2024-03"', 'date: "2024-03-05"'), TEXT, "test-2024-chips", "facts.yml:7:7",
     "date '2024-03-05' does not match date_precision 'month'"),
    (FACTS.replace('url: "https://example.org/chips"', "url: example.org"), TEXT, "test-2024-chips", "facts.yml:9:6",
     "'example.org' is not an http(s) URL"),
    (FACTS + "...\n", TEXT, "test-2024-chips", "facts.yml:12:1", "would end the front matter early"),
    (FACTS + "---\nmore: 1\n", TEXT, "test-2024-chips", "facts.yml:12:1", "more than one YAML document"),
    (FACTS, "\n \n", "test-2024-chips", "report.txt:1:1", "the text file is empty"),
    (FACTS, b"caf\xe9\n", "test-2024-chips", "report.txt:1:1", "not UTF-8 text"),
])
def test_new_report_refuses_bad_input_naming_the_file_and_line(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
        facts: str, text: str | bytes, slug: str, where: str, message: str) -> None:
    before = snapshot(project)
    assert new_report(project, tmp_path, facts, text, slug) == 1
    err = capsys.readouterr().err
    assert any(where in line and message in line for line in err.splitlines()), err
    assert "Nothing was changed." in err
    assert snapshot(project) == before


def test_appending_never_changes_what_the_existing_entries_say(project: Path, capsys: pytest.CaptureFixture) -> None:
    """A last value kept with '|+' would swallow the blank line before a new item: refused, not corrupted."""
    path = project / ANNOTATIONS
    path.write_text(path.read_text() + "    note: |+\n      Kept text.\n")
    before = snapshot(project)
    assert new_annotation(project, "The committee should meet every year.", kind="claim") == 1
    line = path.read_text().splitlines().index("annotations:") + 1
    assert f"{ANNOTATIONS}:{line}:1: test-committee-meet-every-year: the stub could not be added without changing what " \
           "the file says" in capsys.readouterr().err
    assert snapshot(project) == before


def test_ids_read_well_with_apostrophes(tricky: Path) -> None:
    assert new_annotation(tricky, "it’s 'fine' & more.", kind="claim") == 0
    assert annotations_of(tricky)[-1]["id"] == "test-fine-more"


LAID_OUT = """\
1. Why allies need a shared view

The United States and Japan have each built new tools. Officials
now describe supply chains as questions of security.

Figure 1: Share of world chip production, 1990-2022,
in percent
Source: Example Institute, 2024.

Chips are made in few places.

Recommendations
Open questions

Conclusion
"""


def test_new_report_makes_obvious_headings_keeps_captions_apart_and_says_what_it_left(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert new_report(project, tmp_path, text=LAID_OUT) == 0
    body = (project / "docs/reports/test-2024-chips.md").read_text().split("---\n", 2)[2]
    assert body == ("\n## 1. Why allies need a shared view\n\n"
                    "The United States and Japan have each built new tools. Officials now describe supply chains as "
                    "questions of security.\n\n"
                    "Figure 1: Share of world chip production, 1990-2022, in percent\n\n"
                    "Source: Example Institute, 2024.\n\n"
                    "Chips are made in few places.\n\n"
                    "Recommendations Open questions\n\n"
                    "Conclusion\n")
    out = capsys.readouterr().out
    text = str((tmp_path / "report.txt").resolve())
    assert out.startswith(
        "Created docs/reports/test-2024-chips.md (6 paragraphs, 1 heading) and annotations/test-2024-chips.yml.\n"
        "Made headings (## on the page) of these short lines, each followed by a paragraph:\n"
        f"    {text}:1: “1. Why allies need a shared view”\n"
        "Kept these captions, sources and notes as paragraphs of their own:\n"
        f"    {text}:6: “Figure 1: Share of world chip production, 1990-2022, in percent”\n"
        f"    {text}:8: “Source: Example Institute, 2024.”\n"
        "Could not decide whether these short lines are headings (no paragraph follows them), so left them as paragraphs "
        "(lines without a blank line between them joined): to make one a heading, give it a line of its own on the page, "
        "starting with '## ':\n"
        f"    {text}:12: “Recommendations Open questions”\n"
        f"    {text}:15: “Conclusion”\n"
        "Check the page with `make serve`"), out
    assert problems_of(project) == []
