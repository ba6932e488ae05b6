"""The contribution tooling: GitHub workflows and forms, pre-commit hooks, yamllint settings, editor setup.

Workflow and issue-form files are validated with check-jsonschema's vendored schemas (offline); the
pre-commit hooks are validated with pre-commit's own config loader and then run as pre-commit would
run them, from this environment, so that no test needs the network.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.schema import load_schema
from macros.yamlload import load_yaml
from tests.sitebuild import ROOT, copy_repository

pytestmark = pytest.mark.slow  # runs pre-commit, yamllint and check-jsonschema in subprocesses: seconds, not the edit-test loop

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
SCHEMA = ROOT / "annotations" / "schema.json"


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "check-jsonschema"), *map(str, args)], capture_output=True, text=True, timeout=120)


def load(path: Path) -> Any:
    """The file's data, read with the project's strict loader (PyYAML's own would turn the key 'on' into True)."""
    loaded, problems = load_yaml(path.read_bytes(), path.name)
    assert not problems, problems
    return loaded.data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def runs(workflow: dict[str, Any], job: str) -> list[str]:
    return [s["run"].strip() for s in steps(workflow, job) if "run" in s]


def uses(workflow: dict[str, Any], job: str) -> dict[str, dict[str, Any]]:
    """The actions a job uses, by name without version, with their step."""
    return {s["uses"].split("@")[0]: s for s in steps(workflow, job) if "uses" in s}


# ----------------------------------------------------------------------------- schemas


@pytest.mark.parametrize("schema, files", [("vendor.github-workflows", WORKFLOWS), ("vendor.github-issue-forms", ISSUE_FORMS)],
                         ids=["workflows", "issue-forms"])
def test_github_files_match_their_vendored_schema(schema: str, files: list[Path]) -> None:
    assert files, f"no files for {schema}"
    result = check_jsonschema("--builtin-schema", schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The validation above can fail: a job without runs-on and a misspelt trigger are refused."""
    broken = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    broken["on"] = {"pull_requests": None}
    del broken["jobs"]["check-test-build"]["runs-on"]
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", path)
    assert result.returncode == 1 and "runs-on" in result.stdout


# ----------------------------------------------------------------------------- what the workflows do


def test_pull_requests_install_check_test_build_strictly_and_upload_a_preview() -> None:
    wf = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert set(wf["on"]) == {"pull_request"}
    job = wf["jobs"]["check-test-build"]
    assert [r for r in runs(wf, "check-test-build") if r.startswith("make")] == [
        "make .venv/.installed", 'make check CHECK_ARGS="--format github"', "make test", "make build"]
    assert "$(PY) -m macros check $(CHECK_ARGS)" in _make_recipe("check")  # problems shown on the pull request's lines
    assert any("GITHUB_STEP_SUMMARY" in r and "http.server" in r for r in runs(wf, "check-test-build"))
    assert "--strict" in _make_recipe("build") and "strict: true" in (ROOT / "mkdocs.yml").read_text()
    upload = uses(wf, "check-test-build")["actions/upload-artifact"]
    assert upload["with"]["path"] == "site/" and upload["with"]["if-no-files-found"] == "error"
    assert upload["with"]["name"].startswith("site-preview-pr-")
    assert job["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert wf["permissions"] == {"contents": "read"}


def test_pushes_to_main_deploy_with_the_official_pages_actions() -> None:
    wf = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    build = uses(wf, "build")
    assert {"actions/configure-pages", "actions/upload-pages-artifact"} <= set(build)
    assert build["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert runs(wf, "build") == ["make .venv/.installed", "make check", "make build"]
    env = next(s for s in steps(wf, "build") if s.get("run") == "make build")["env"]
    pages_id = build["actions/configure-pages"]["id"]
    assert env["SITE_URL"] == f"${{{{ steps.{pages_id}.outputs.base_url }}}}/"  # MkDocs wants the trailing slash
    assert env["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert set(uses(wf, "deploy")) == {"actions/deploy-pages"}
    assert wf["concurrency"]["cancel-in-progress"] is False


def test_workflows_use_only_githubs_own_actions_at_a_major_version() -> None:
    for path in WORKFLOWS:
        wf = load(path)
        for name in wf["jobs"]:
            for step in steps(wf, name):
                if "uses" in step:
                    assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), f"{path.name}: {step['uses']}"


def _make_recipe(target: str) -> str:
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M)
    assert match, f"no make target {target}"
    return match.group(1)


# ----------------------------------------------------------------------------- issue form and PR template


def test_issue_form_offers_the_schemas_kinds_and_statuses() -> None:
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-annotation.yml")
    fields = {f["id"]: f for f in form["body"] if "id" in f}
    defs = load_schema(str(SCHEMA))["$defs"]
    assert fields["kind"]["attributes"]["options"] == sorted(defs["annotation"]["properties"]["kind"]["enum"], reverse=True)
    assert fields["status"]["attributes"]["options"] == defs["status"]["enum"]
    assert {n for n, f in fields.items() if f.get("validations", {}).get("required")} == {"report", "kind", "passage"}


def test_pull_request_template_has_the_checklist() -> None:
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert any("verbatim" in b for b in boxes) and any("source" in b for b in boxes) and any("`make check` passes" in b for b in boxes)


# ----------------------------------------------------------------------------- pre-commit


def pre_commit_hooks() -> list[dict[str, Any]]:
    from pre_commit.clientlib import load_config

    config = load_config(str(ROOT / ".pre-commit-config.yaml"))  # pre-commit's own validation; raises if invalid
    assert [r["repo"] for r in config["repos"]] == ["local"], "hooks must be local: nothing downloaded from Git"
    return config["repos"][0]["hooks"]


def requirement_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_pre_commit_hooks_install_pinned_tools_from_the_package_registry() -> None:
    hooks = pre_commit_hooks()
    pins = requirement_pins()
    assert {h["id"] for h in hooks} >= {"macros-check", "yamllint", "annotation-schema", "github-workflows", "github-issue-forms"}
    for hook in hooks:
        assert hook["language"] in ("python", "unsupported"), hook["id"]  # "unsupported": run as is (make check)
        for dep in hook["additional_dependencies"]:
            name, _, version = dep.partition("==")
            assert pins.get(re.sub(r"[-_.]+", "-", name).lower()) == version, f"{hook['id']}: {dep} is not the version in requirements.txt"


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return sorted({f for f in out.splitlines() if (ROOT / f).is_file()})


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout to list files as pre-commit does")
@pytest.mark.parametrize("hook", [h["id"] for h in pre_commit_hooks()])
def test_each_pre_commit_hook_passes_on_the_repository(hook: str) -> None:
    """Run the hook's command on the files pre-commit would give it, with this environment's tools."""
    from identify.identify import tags_from_path

    spec = next(h for h in pre_commit_hooks() if h["id"] == hook)
    files = [f for f in tracked_files() if re.search(spec["files"], f) and not re.search(spec["exclude"], f)
             and set(spec["types"]) <= tags_from_path(str(ROOT / f))]
    assert files, f"hook {hook} matches no file"
    command = shlex.split(spec["entry"]) + spec["args"] + (files if spec["pass_filenames"] else [])
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pre-commit as a contributor runs it: its own fresh environments under ``home``, the project's tools not on PATH
    (a hook that imports what it does not declare fails here, as on a contributor's machine)."""
    outside = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and Path(p).resolve() != BIN.resolve()]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env |= {"PRE_COMMIT_HOME": str(home), "PATH": os.pathsep.join(outside)}
    return subprocess.run([str(BIN / "pre-commit"), *args], cwd=repo, env=env, capture_output=True, text=True, timeout=1200)


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A git repository holding a copy of this one, and an empty pre-commit home: no environment exists yet."""
    repo = copy_repository(tmp_path_factory.mktemp("clone"))
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=repo, check=True, capture_output=True)
    return repo, tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.parametrize("hook", [h["id"] for h in pre_commit_hooks()])
def test_each_hook_runs_in_a_fresh_environment_built_from_its_declared_dependencies(hook: str, fresh_clone) -> None:
    """pre-commit installs a local hook's additional_dependencies only (never the project): each hook must
    declare all it imports. The project check runs through make, which installs requirements.txt in .venv."""
    repo, home = fresh_clone
    result = pre_commit(repo, home, "run", hook, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout and "Skipped" not in result.stdout


def test_a_hook_missing_a_dependency_fails_in_a_fresh_environment(fresh_clone, tmp_path: Path) -> None:
    """The test above can fail: a hook whose tool is not among its dependencies is not found."""
    repo, home = fresh_clone
    config = tmp_path / "pre-commit-config.yaml"
    config.write_text("repos:\n  - repo: local\n    hooks:\n      - id: lint\n        name: lint\n        language: python\n"
                      "        entry: yamllint\n        types: [yaml]\n        additional_dependencies: []\n")
    result = pre_commit(repo, home, "run", "--config", str(config), "--all-files")
    assert result.returncode == 1 and "yamllint" in result.stdout and "not found" in result.stdout


# ----------------------------------------------------------------------------- yamllint


def yamllint(*paths: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "yamllint"), "--strict", "-c", str(ROOT / ".yamllint.yml"), "-f", "parsable", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_yamllint_passes_on_the_annotations_with_the_repository_settings() -> None:
    result = yamllint("annotations")
    assert result.returncode == 0, result.stdout


def test_yamllint_settings_still_catch_real_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("report: x\nreport: y\nannotations:\n  - id: a   \n\tkind: claim\n", encoding="utf-8")
    result = yamllint(bad)
    assert result.returncode == 1
    assert "key-duplicates" in result.stdout and "trailing-spaces" in result.stdout


# ----------------------------------------------------------------------------- editor support


def test_every_data_file_names_the_schema_for_the_editor() -> None:
    for path in sorted((ROOT / "annotations").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name} does not start with the schema line"
        assert (path.parent / match.group(1)).resolve() == SCHEMA.resolve()


def test_vscode_recommends_the_yaml_extension_and_maps_the_schema() -> None:
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text())
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert "redhat.vscode-yaml" in extensions["recommendations"]
    assert settings["yaml.schemas"]["./annotations/schema.json"] == ["annotations/*.yml"]
    assert settings["[yaml]"]["editor.insertSpaces"] is True


# Keywords that VS Code's YAML extension (draft-07 validation, $ref into $defs) applies, plus annotations.
DRAFT7_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "default", "examples", "type", "enum", "const",
    "properties", "additionalProperties", "required", "items", "minItems", "maxItems", "uniqueItems", "minLength",
    "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "propertyNames", "patternProperties", "contains",
    "dependencies", "minProperties", "maxProperties", "enumDescriptions", "markdownDescription",
}


def _keywords(node: Any, in_properties: bool = False) -> set[str]:
    """Every keyword used in a schema (names under properties / $defs are names, not keywords)."""
    if isinstance(node, list):
        return set().union(*(_keywords(n) for n in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set() if in_properties else {k for k in node if not k.startswith("x-")}
    for key, value in node.items():
        if key.startswith("x-") or key in ("enum", "const", "examples", "default", "required", "enumDescriptions"):
            continue
        found |= _keywords(value, in_properties=key in ("properties", "$defs", "patternProperties") and not in_properties)
    return found


def test_schema_uses_only_keywords_the_editor_understands() -> None:
    """Newer keywords (unevaluatedProperties, prefixItems, ...) would be ignored as you type: keep to draft 7's."""
    unknown = _keywords(load_schema(str(SCHEMA))) - DRAFT7_KEYWORDS
    assert not unknown, f"keywords VS Code's YAML extension would ignore: {sorted(unknown)}"
