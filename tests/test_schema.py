"""The one schema: valid itself, and judged the same by both validators that read it."""

from __future__ import annotations

import json

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from macros.yamlload import load_yaml
from tests.sitebuild import ROOT
from tests.test_validation import CASES

SCHEMA = json.loads((ROOT / "annotations/schema.json").read_text(encoding="utf-8"))
SLOW = Draft202012Validator(SCHEMA, format_checker=FormatChecker())
FAST = jsonschema_rs.Draft202012Validator(SCHEMA, validate_formats=True)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def real_files() -> list[str]:
    return sorted(p.name for p in (ROOT / "annotations").glob("*.yml"))


@pytest.mark.parametrize("name", real_files())
def test_real_files_are_valid_for_both(name: str) -> None:
    loaded, problems = load_yaml((ROOT / "annotations" / name).read_bytes(), name)
    assert problems == []
    assert FAST.is_valid(loaded.data) and SLOW.is_valid(loaded.data)


PARSED = {name: load_yaml(text, "x.yml")[0] for name, (text, _) in CASES.items()}


def test_the_bad_inputs_include_schema_failures() -> None:
    assert sum(not SLOW.is_valid(d.data) for d in PARSED.values() if d) >= 10


@pytest.mark.parametrize("case", sorted(name for name, loaded in PARSED.items() if loaded is not None))
def test_both_validators_agree_on_every_bad_input(case: str) -> None:
    data = PARSED[case].data
    assert FAST.is_valid(data) == SLOW.is_valid(data)
