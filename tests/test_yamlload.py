"""The strict YAML loader: what it refuses, where it says so, and how it types scalars."""

from __future__ import annotations

import pytest

from macros.yamlload import load_yaml

BAD = [
    # (source, line, col, code, words in the message)
    ("id: a\nid: b\n", 2, 1, "duplicate-key", "duplicate key 'id' (first at line 1)"),
    ("a: &x 1\nb: 2\n", 1, 4, "anchor", "anchor '&x' is not allowed"),
    ("a: 1\nb: *x\n", 2, 4, "alias", "alias '*x' is not allowed"),
    ("x: &a [1]\ny: *a\n", 1, 4, "anchor", "anchor '&a'"),
    ("a: !!python/object/apply:os.system ['true']\n", 1, 4, "tag", "tag '!!python/object/apply:os.system' is not allowed"),
    ("a: !custom 1\n", 1, 4, "tag", "tag '!custom' is not allowed"),
    ("a: !!str 012\n", 1, 4, "tag", "tag '!!str' is not allowed"),
    ("a: 1\n---\nb: 2\n", 2, 1, "multi-document", "more than one YAML document"),
    ("a: [1, 2\n", 2, 1, "yaml-syntax", "YAML syntax error"),
    ("a:\n\t- b\n", 2, 1, "yaml-syntax", "YAML syntax error"),
    ("? [a, b]\n: 1\n", 1, 3, "complex-key", "a mapping key must be plain text"),
]


@pytest.mark.parametrize("source, line, col, code, words", BAD, ids=[b[3] + str(i) for i, b in enumerate(BAD)])
def test_refuses_with_location(source: str, line: int, col: int, code: str, words: str) -> None:
    loaded, problems = load_yaml(source, "annotations/x.yml")
    assert loaded is None
    assert len(problems) == 1
    p = problems[0]
    assert (p.path, p.line, p.col, p.code) == ("annotations/x.yml", line, col, code)
    assert words in p.message
    assert p.hint


def test_alias_to_a_defined_anchor_reports_the_anchor_first() -> None:
    _, problems = load_yaml("a: &x 1\nb: *x\n", "f.yml")
    assert [p.code for p in problems] == ["anchor"]


def test_non_utf8_names_line_and_column() -> None:
    loaded, problems = load_yaml(b"a: 1\nb: caf\xe9\n", "f.yml")
    assert loaded is None
    assert (problems[0].line, problems[0].col, problems[0].code) == (2, 7, "not-utf8")
    assert "0xe9" in problems[0].message


def test_size_cap() -> None:
    loaded, problems = load_yaml("a: " + "x" * 200 + "\n", "f.yml", max_bytes=100)
    assert loaded is None and problems[0].code == "too-large"
    assert "over the 100-byte limit" in problems[0].message


def test_every_duplicate_key_is_reported_not_just_the_first() -> None:
    _, problems = load_yaml("a: 1\nb: 2\na: 3\nb: 4\n", "f.yml")
    assert [(p.line, p.code) for p in problems] == [(3, "duplicate-key"), (4, "duplicate-key")]


@pytest.mark.parametrize("text, expected", [
    ("no", "no"), ("yes", "yes"), ("off", "off"), ("On", "On"), ("y", "y"),
    ("012", "012"), ("0x1F", "0x1F"), ("0o17", "0o17"), ("1_000", "1_000"),
    ("2022-04-27", "2022-04-27"), ("2022-04-27T10:00:00", "2022-04-27T10:00:00"), ("12:30", "12:30"),
    (".inf", ".inf"), (".nan", ".nan"), ("1e3", 1000.0), ("8.6", 8.6), ("-3", -3), ("0", 0), ("860000", 860000),
    ("true", True), ("false", False), ("null", None), ("~", None), ("'012'", "012"), ('"true"', "true"),
])
def test_no_yaml_1_1_surprises(text: str, expected: object) -> None:
    loaded, problems = load_yaml(f"v: {text}\n", "f.yml")
    assert problems == []
    assert loaded.data["v"] == expected
    assert type(loaded.data["v"]) is type(expected)


def test_keys_stay_text() -> None:
    loaded, _ = load_yaml("no: 1\n012: 2\n2022-01-01: 3\n", "f.yml")
    assert list(loaded.data) == ["no", "012", "2022-01-01"]


def test_locations_of_values_and_keys() -> None:
    loaded, _ = load_yaml("items:\n  - id: a\n    tags: [x, y]\n", "f.yml")
    assert loaded.at(("items", 0, "id")) == (2, 9)
    assert loaded.key_at(("items", 0, "tags")) == (3, 5)
    assert loaded.at(("items", 0, "tags", 1)) == (3, 15)
    assert loaded.at(("items", 0, "missing")) == (2, 5)  # nearest ancestor


@pytest.mark.parametrize("name", ["topics.yml", "actors.yml", "spf-iina-2022-economic-security-working-paper.yml"])
def test_libyaml_and_pure_python_parsers_agree(name: str) -> None:
    """The fast path (libyaml) must give the same values and locations as the pure-Python parser."""
    import yaml

    from macros.yamlload import _build
    from tests.sitebuild import ROOT

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.fail("PyYAML was installed without libyaml: the build would be 15x slower at parsing")
    text = (ROOT / "annotations" / name).read_text(encoding="utf-8")
    fast, slow = _build(text, name, "-", yaml.CSafeLoader), _build(text, name, "-", yaml.SafeLoader)
    assert fast[1] == slow[1] == []
    assert fast[0].data == slow[0].data and fast[0].values == slow[0].values and fast[0].keys == slow[0].keys
