"""Everything a user can set is documented: make targets, command options, data fields, statuses."""

from __future__ import annotations

import json
import re

import pytest

from macros.cli import build_parser
from tests.sitebuild import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SCHEMA = json.loads((ROOT / "annotations/schema.json").read_text(encoding="utf-8"))


def documented_targets() -> list[str]:
    """Make targets with a '## name:' line above them: the ones meant for people."""
    return re.findall(r"^## ([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


def test_the_makefile_documents_its_targets() -> None:
    assert set(documented_targets()) >= {"serve", "test", "check", "build", "pdf", "bench", "new-annotation", "new-report"}


@pytest.mark.parametrize("target", documented_targets())
def test_every_make_target_is_in_the_readme(target: str) -> None:
    assert f"make {target}" in README


def test_readme_gives_the_two_setup_commands() -> None:
    assert "make serve" in README and "make test" in README and "http://127.0.0.1:8000" in README
    assert (ROOT / ".ci/run").read_text(encoding="utf-8").strip().endswith("exec make test")


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_and_option_is_documented(name: str) -> None:
    docs = README + CONTRIBUTING
    assert f"make {name}" in docs or f"python -m macros {name}" in docs
    for action in subcommands()[name]._actions:
        if action.dest == "help":
            continue
        assert action.help, (name, action.dest)
        make_var = action.dest.upper()
        assert make_var in CONTRIBUTING or action.option_strings[0] in docs, (name, action.option_strings)


def fields(definition: str) -> list[str]:
    return sorted(SCHEMA["$defs"][definition]["properties"])


@pytest.mark.parametrize("definition", ["annotation", "topic", "actor", "reportMeta", "evidence", "figure", "relation", "quote"])
def test_every_data_field_is_explained_in_the_guide(definition: str) -> None:
    missing = [f for f in fields(definition) if not re.search(rf"\b{re.escape(f)}\b", CONTRIBUTING)]
    assert missing == []


@pytest.mark.parametrize("vocabulary", ["status", "relationType", "claimType", "actorKind"])
def test_every_vocabulary_value_is_described(vocabulary: str) -> None:
    spec = SCHEMA["$defs"][vocabulary]
    assert len(spec["enumDescriptions"]) == len(spec["enum"])
    assert all(d.strip() for d in spec["enumDescriptions"])
    for value in spec["enum"]:
        assert value in CONTRIBUTING, value
