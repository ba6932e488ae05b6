"""CONTRIBUTING.md, followed to the letter, and the edit links that lead contributors to the right file.

The end-to-end test copies the repository, writes the guide's example files, runs the guide's own
`make` commands (extracted from the guide, so guide and test cannot drift apart), checks, builds, and
looks for the new report, its topic and actor entries and its tracker row in the built site. The
guide's broken example must fail with exactly the output the guide shows.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from macros.glue.config import load_project
from macros.schema import load_schema, validate, vocabulary
from macros.yamlload import Loaded, load_yaml
from tests.sitebuild import ROOT, build_site, make_project, page

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SCHEMA = str(ROOT / "annotations" / "schema.json")
REPO_URL = "https://github.com/example-org/policy-reports"
EXAMPLE = re.compile(r"<!-- example: (?P<name>[\w.-]+) -->\n```\w*\n(?P<body>.*?)\n```", re.S)
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", "pdf", "__pycache__", ".pytest_cache", "*.egg-info", ".cache")


def examples(name: str) -> list[str]:
    """The guide's example blocks of one name, in order."""
    found = [m["body"] for m in EXAMPLE.finditer(GUIDE) if m["name"] == name]
    assert found, f"CONTRIBUTING.md has no example '{name}'"
    return found


def make(repo: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run a `make ...` line from the guide in ``repo``, with this test environment's Python as the venv."""
    words = shlex.split(command.replace("\\\n", " "))
    assert words[0] == "make", command
    argv = ["make", "--no-print-directory", "-o", ".venv/.installed", f"PY={sys.executable}", *words[1:]]
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}  # as typed in a terminal, not as a sub-make of `make test`
    env = {k: v for k, v in os.environ.items() if k not in outer} | {"PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=300, env=env)


def example_slug() -> str:
    return re.search(r"SLUG=(\S+)", examples("command")[0])[1]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def contribution(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the repository after following "Add a report", checked and built."""
    if shutil.which("make") is None:
        pytest.skip("the guide's commands need make")
    repo = tmp_path_factory.mktemp("contribution") / "repo"
    shutil.copytree(ROOT, repo, ignore=NOT_COPIED)
    (repo / "report.txt").write_text(examples("report.txt")[0] + "\n", encoding="utf-8")
    (repo / "report-facts.yml").write_text(examples("report-facts.yml")[0] + "\n", encoding="utf-8")
    outputs = [make(repo, command) for command in examples("command") + examples("annotation-command")]
    for out in outputs:
        assert out.returncode == 0, out.stdout + out.stderr
    check = make(repo, "make check")
    before_broken = tree(repo)
    broken = make(repo, examples("broken-command")[0])
    ambiguous = make(repo, examples("ambiguous-command")[0])
    assert tree(repo) == before_broken, "a refused command changed files"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REPO_URL", REPO_URL)
        site = build_site(repo, tmp_path_factory.mktemp("contribution-site"))
    slug = example_slug()
    loaded, problems = load_yaml((repo / "annotations" / f"{slug}.yml").read_bytes(), "x")
    assert not problems
    return {"repo": repo, "site": site, "slug": slug, "check": check, "broken": broken, "outputs": outputs,
            "ambiguous": ambiguous,
            "annotations": {a["kind"]: a | {"line": loaded.at(("annotations", i))[0]}
                            for i, a in enumerate(loaded.data["annotations"])}}


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(page(site, url), "html.parser")


# ----------------------------------------------------------------------------- the guide, end to end


def test_the_guides_commands_add_a_report_that_passes_the_check(contribution: dict[str, Any]) -> None:
    check = contribution["check"]
    assert check.returncode == 0, check.stdout + check.stderr
    reports = len(load_project(ROOT).report_pages())
    assert f"OK: {reports + 1} reports" in check.stdout
    assert set(contribution["annotations"]) == {"recommendation", "claim"}
    assert contribution["outputs"][0].stdout.startswith(f"Created docs/reports/{contribution['slug']}.md (3 paragraphs)")
    spf = "annotations/spf-iina-2022-economic-security-working-paper.yml"
    assert contribution["outputs"][-1].stdout.startswith(f"Added claim 'spf-ustr-believes-leading-role' to {spf}, line ")
    assert "'spf-ustr-believes-leading-role'" in GUIDE


def test_the_new_report_page_has_its_text_passages_and_edit_button(contribution: dict[str, Any]) -> None:
    slug, site = contribution["slug"], contribution["site"]
    html = soup(site, f"reports/{slug}/")
    assert "Chips, Allies and Supply Chains" in html.title.get_text()
    text = html.select_one("article").get_text(" ")
    assert "Both governments now treat chip supply chains" in " ".join(text.split())
    for ann in contribution["annotations"].values():
        assert html.find(id=ann["id"]) is not None, f"passage {ann['id']} is not highlighted"
    edit = html.select_one("a.md-content__button[rel=edit]")
    assert edit["href"] == f"{REPO_URL}/edit/main/docs/reports/{slug}.md"
    listing = soup(site, "reports/").get_text()
    assert "Chips, Allies and Supply Chains" in listing


@pytest.mark.parametrize("kind, url", [
    ("recommendation", "topics/semiconductors/"), ("recommendation", "topics/research-and-innovation/"),
    ("claim", "topics/semiconductors/"), ("claim", "topics/supply-chain-resilience/"),
    ("recommendation", "actors/japan/"), ("recommendation", "actors/united-states/"), ("claim", "actors/japan/"),
])
def test_topic_and_actor_pages_list_the_new_annotations(contribution: dict[str, Any], kind: str, url: str) -> None:
    ann = contribution["annotations"][kind]
    card = soup(contribution["site"], url).find(attrs={"data-anno": ann["id"]})
    assert card is not None, f"{ann['id']} is not on {url}"
    assert ann["summary"] in card.get_text()
    # the line links to the full card on the report page, where the edit link is
    assert card.select_one("a.card-title")["href"] == f"../../reports/{contribution['slug']}/#card-{ann['id']}"
    full = soup(contribution["site"], f"reports/{contribution['slug']}/").find(id=f"card-{ann['id']}").find_parent("article")
    edit = full.select_one("a.edit-annotation")
    assert edit["href"] == f"{REPO_URL}/blob/main/annotations/{contribution['slug']}.yml#L{ann['line']}"


def test_the_tracker_has_a_row_for_the_new_recommendation(contribution: dict[str, Any]) -> None:
    rec, slug = contribution["annotations"]["recommendation"], contribution["slug"]
    row = soup(contribution["site"], "tracker/").find("tr", id=f"rec-{rec['id']}")
    assert row is not None
    assert row["data-report"] == slug and row["data-status"] == "not-yet-assessed"
    assert row["data-actors"].split() == rec["actors"] and row["data-topics"].split() == rec["topics"]
    assert row.select_one("a.tracker-edit")["href"] == f"{REPO_URL}/blob/main/annotations/{slug}.yml#L{rec['line']}"
    claim = contribution["annotations"]["claim"]
    assert soup(contribution["site"], "tracker/").find("tr", id=f"rec-{claim['id']}") is None


@pytest.mark.parametrize("name", ["broken", "ambiguous"])
def test_the_refused_examples_fail_with_the_documented_output(contribution: dict[str, Any], name: str) -> None:
    broken = contribution[name]
    assert broken.returncode != 0
    printed = "\n".join(line for line in (broken.stdout + broken.stderr).splitlines() if not line.startswith("make"))
    assert printed == examples(f"{name}-output")[0]
    assert any(line.startswith("make: ***") for line in broken.stderr.splitlines())  # as the guide says


def test_the_guides_status_update_is_the_generated_entry_plus_evidence(contribution: dict[str, Any], tmp_path: Path) -> None:
    """The example shows the real generated entry; applied to the file, it passes the check and the tracker shows it."""
    repo, slug = contribution["repo"], contribution["slug"]
    update = examples("status-update")[0]
    path = repo / "annotations" / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    before_status = update.split("    status: in-progress\n")[0] + "    status: not-yet-assessed\n"
    assert before_status in text, "the guide's example is not what new-annotation writes"
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy)
    (copy / "annotations" / f"{slug}.yml").write_text(text.replace(before_status, update + "\n"), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "macros", "check"], cwd=copy, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    # As the guide says, the check insists on the evidence for any status but not-yet-assessed.
    (copy / "annotations" / f"{slug}.yml").write_text(text.replace(before_status, update.split("    evidence:")[0] + "\n"))
    check = subprocess.run([sys.executable, "-m", "macros", "check"], cwd=copy, capture_output=True, text=True)
    assert check.returncode == 1 and "missing field 'evidence'" in check.stderr


@pytest.mark.parametrize("name, file, definition", [
    ("topic", "topics.yml", "topic"), ("actor", "actors.yml", "actor"), ("actor-court", "actors.yml", "actor"),
    ("actor-period", "actors.yml", "actor"), ("status-update", "", "annotation")])
def test_the_guides_yaml_examples_are_valid(name: str, file: str, definition: str, tmp_path: Path) -> None:
    loaded, problems = load_yaml(examples(name)[0], name)
    assert not problems and isinstance(loaded.data, list) and len(loaded.data) == 1
    assert validate(Loaded(name, loaded.data[0]), SCHEMA, definition) == []
    if file:  # appended at the end of the real file, as the guide says, the project still checks
        project = make_project(tmp_path / "p")
        target = project / "annotations" / file
        target.write_text(target.read_text() + "\n" + examples(name)[0] + "\n")
        check = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


# ----------------------------------------------------------------------------- the guide agrees with the project


def test_the_status_vocabulary_is_the_schemas_word_for_word() -> None:
    for status, meaning in vocabulary(SCHEMA, "status"):
        assert f"| `{status}` | {meaning} |" in GUIDE, status


def test_the_actor_kinds_are_the_schemas_word_for_word() -> None:
    for kind, meaning in vocabulary(SCHEMA, "actorKind"):
        assert f"| `{kind}` | {meaning} |" in GUIDE, kind


@pytest.mark.parametrize("definition", ["annotation", "reportMeta"])
def test_every_field_is_explained(definition: str) -> None:
    fields = load_schema(SCHEMA)["$defs"][definition]["properties"]
    missing = [f for f in fields if f"`{f}`" not in GUIDE and f"`{f}." not in GUIDE]  # `quote.exact` explains quote
    assert not missing


def test_make_targets_and_repository_paths_named_in_the_guide_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"`make ([a-z-]+)", GUIDE)) | set(re.findall(r"^make ([a-z-]+)", GUIDE, re.M)):
        assert re.search(rf"^{target}:", makefile, re.M), f"no make target {target}"
    for path in set(re.findall(r"`([\w.-]+/[\w./-]+\.(?:md|yml|json))`", GUIDE)):
        if "example" not in path:
            assert (ROOT / path).exists(), path


def test_the_guide_links_only_to_web_addresses() -> None:
    """It is shown on GitHub and as a site page: a relative link would be broken in one of the two."""
    links = re.findall(r"\]\(([^)]+)\)", GUIDE)
    assert all(link.startswith("https://") for link in links), links


# ----------------------------------------------------------------------------- edit links (REPO_URL)


def _line_of(path: Path, ident: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if re.match(rf"\s*- id: {ident}\s*$", line))


def test_edit_links_open_the_file_that_holds_each_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    monkeypatch.setenv("REPO_URL", REPO_URL)
    site = build_site(project, tmp_path / "site")
    blob = f"{REPO_URL}/blob/main/annotations"
    report = soup(site, "reports/test-report/").select_one("a.md-content__button[rel=edit]")
    assert report["href"] == f"{REPO_URL}/edit/main/docs/reports/test-report.md"
    topic = soup(site, "topics/trade/").select_one("a.md-content__button[rel=edit]")
    assert topic["href"] == f"{blob}/topics.yml#L{_line_of(project / 'annotations/topics.yml', 'trade')}"
    actor = soup(site, "actors/officials/").select_one("a.md-content__button[rel=edit]")
    assert actor["href"] == f"{blob}/actors.yml#L{_line_of(project / 'annotations/actors.yml', 'officials')}"
    row = soup(site, "tracker/").find("tr", id="rec-test-committee")
    line = _line_of(project / "annotations/test-report.yml", "test-committee")
    assert row.select_one("a.tracker-edit")["href"] == f"{blob}/test-report.yml#L{line}"
    card = soup(site, "reports/test-report/").find(attrs={"data-anno": "test-trade-fell"}, class_="anno-card").select_one("a.edit-annotation")
    assert card["href"] == f"{blob}/test-report.yml#L{_line_of(project / 'annotations/test-report.yml', 'test-trade-fell')}"


def test_without_a_repository_there_are_no_edit_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    monkeypatch.delenv("REPO_URL", raising=False)
    site = build_site(project, tmp_path / "site")
    assert soup(site, "reports/test-report/").select_one("a.md-content__button[rel=edit]") is None
    assert soup(site, "tracker/").find("tr", id="rec-test-committee").select_one("a.tracker-edit") is None


# ----------------------------------------------------------------------------- the guide's other examples and answers


def _entry(path: Path, ident: str) -> dict[str, Any]:
    loaded, problems = load_yaml(path.read_bytes(), path.name)
    assert not problems
    return next(a for a in loaded.data["annotations"] if a["id"] == ident)


def test_the_guides_annotation_is_the_one_in_the_file_it_names() -> None:
    """The example quoted "from annotations/<file>" is that file's entry, id included, word for word."""
    before = GUIDE.split("<!-- example: annotation-from-file -->")[0].rstrip().rsplit("\n\n", 1)[-1]
    path = ROOT / re.search(r"\(from `(annotations/[\w.-]+\.yml)`\)", before)[1]
    loaded, problems = load_yaml(examples("annotation-from-file")[0], "example")
    assert not problems and len(loaded.data) == 1
    example = loaded.data[0]
    assert example == _entry(path, example["id"])


def test_the_guides_amount_is_written_as_the_data_writes_it() -> None:
    ident = re.search(r"\(from\s+`([\w-]+)`\)", GUIDE.split("<!-- example: figures-amount -->")[0].rstrip().rsplit("\n\n", 1)[-1])[1]
    loaded, problems = load_yaml(examples("figures-amount")[0], "example")
    assert not problems
    owner = next(p for p in (ROOT / "annotations").glob("*.yml") if f"id: {ident}\n" in p.read_text(encoding="utf-8"))
    assert loaded.data["figures"] == _entry(owner, ident)["figures"]
    for figure in loaded.data["figures"]:
        assert validate(Loaded("figure", figure), SCHEMA, "figure") == []
        assert isinstance(figure["value"], int) and figure["unit"] == "US dollars"


@pytest.mark.parametrize("question, answer", [
    ('**An "Updated" report.**', "`date` is the date of the version whose text you copied"),
    ("**Amounts.**", "Write `value` out in full as a plain number"),
    ("**An actor that covers a period.**", "do not widen the existing actor: add a new one"),
    ("A court is an actor of kind `court`", "<!-- example: actor-court -->"),
])
def test_the_guide_answers_the_newcomers_questions(question: str, answer: str) -> None:
    assert question in GUIDE and answer in GUIDE.split(question, 1)[1][:1200]


def test_the_helper_files_the_guide_names_are_ignored_by_git_and_yamllint(tmp_path: Path) -> None:
    """A leftover report.txt or facts file is never committed by mistake, nor fails the linters (as it did)."""
    from yamllint.config import YamlLintConfig

    if not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    names = ["report.txt", "report-facts.yml", "passage.txt", "chips.facts.yml"]
    assert set(re.findall(r"`([\w-]+\.(?:txt|yml))`", GUIDE)) >= {"report.txt", "report-facts.yml", "passage.txt"}
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == names
    lint = YamlLintConfig(file=str(ROOT / ".yamllint.yml"))
    assert all(lint.is_file_ignored(name) for name in names if name.endswith(".yml"))
    assert not lint.is_file_ignored("annotations/topics.yml") and not lint.is_file_ignored("docs/report-facts.yml")
