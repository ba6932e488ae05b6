"""Validate parsed YAML against the project's one JSON Schema and turn errors into located problems."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from macros.problems import Problem, shown
from macros.yamlload import Loaded

SCHEMA_FILE = "schema.json"
_RECOMMENDATION_ONLY = {"status", "as_of", "history", "force", "checked"}
_CLAIM_ONLY = {"claim_type", "figures", "weight"}
_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping (key: value lines)", "null": "nothing"}


@lru_cache(maxsize=4)
def load_schema(path: str) -> dict[str, Any]:
    """The schema document (cached: it is read once per process)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _target(path: str, definition: str) -> dict[str, Any]:
    """The root schema, or one of its ``$defs`` as a schema of its own."""
    schema = load_schema(path)
    return {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]} if definition else schema


@lru_cache(maxsize=16)
def _validator(path: str, definition: str) -> Draft202012Validator:
    return Draft202012Validator(_target(path, definition), format_checker=FormatChecker())


@lru_cache(maxsize=16)
def _fast_validator(path: str, definition: str) -> Any:
    return jsonschema_rs.Draft202012Validator(_target(path, definition), validate_formats=True)


def validate(loaded: Loaded, schema_path: str, definition: str = "", subject: str = "-") -> list[Problem]:
    """Every schema problem in ``loaded``, each at the line and column of the offending key or value.

    ``definition`` names a ``$defs`` entry to validate against (e.g. ``reportMeta`` for front matter);
    by default the root schema picks the part by the file's top-level key. Valid data, the common
    case, is confirmed by jsonschema-rs (hundreds of times faster); only invalid data goes through
    jsonschema, whose errors carry what our messages need. Both read the same schema.
    """
    if _fast_validator(schema_path, definition).is_valid(loaded.data):
        return []
    errors = _validator(schema_path, definition).iter_errors(loaded.data)
    problems = {p for e in errors for p in _problems(e, loaded, subject)}
    return sorted(problems)


def _problems(error: ValidationError, loaded: Loaded, default_subject: str) -> list[Problem]:
    """Translate one jsonschema error into one or more contributor-facing problems."""
    path = tuple(error.absolute_path)
    subject = subject_at(loaded.data, path) or default_subject
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        return [_unknown_field(loaded, path + (key,), key, allowed, subject)
                for key in error.instance if key not in allowed]
    if error.schema is False:  # a `false` property schema: the field does not belong on this kind of entry
        key = _misplaced_key(loaded.data, path, error.instance)
        return [_here(loaded, path + (key,), subject, f"field '{key}' does not apply here", _misplaced_hint(key),
                      "misplaced-field", key=True)]
    message, hint, code = _describe(error, path)
    return [_here(loaded, path, subject, message, hint, code, key=error.validator == "required")]


def _describe(error: ValidationError, path: tuple[Any, ...]) -> tuple[str, str, str]:
    """Message, hint and code for the common validators; a generic fallback for the rest."""
    field = _field_name(path)
    value, spec = error.instance, error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return f"missing field '{missing}'", f"add a line '{missing}: ...' to this entry", "missing-field"
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{shown(value)} is not an allowed value for {field}", f"use one of: {allowed}", "bad-enum"
    if kind == "const":
        return f"{shown(value)} is not allowed for {field}", f"use {error.validator_value!r}", "bad-enum"
    if kind == "type":
        return _type_problem(value, error.validator_value, field)
    if kind == "format" and error.validator_value == "date":
        return f"{shown(value)} is not a real calendar date", "write the date as YYYY-MM-DD in quotes, e.g. \"2022-04-27\"", "bad-date"
    if kind == "pattern":
        return _pattern_problem(value, spec, field)
    if kind in ("minItems", "minLength"):
        return f"{field} is empty", "give at least one " + ("entry" if kind == "minItems" else "character"), "empty"
    if kind in ("minimum", "maximum"):
        return (f"{field} {shown(value)} is out of range",
                f"give a number from {spec.get('minimum', '…')} to {spec.get('maximum', '…')}", "out-of-range")
    if kind == "maxLength":
        return f"{field} is too long ({len(value)} characters, at most {error.validator_value})", "shorten it", "too-long"
    if kind == "uniqueItems":
        return f"{field} lists the same item twice", "remove the repeated item", "repeated-item"
    return error.message, spec.get("description", ""), kind or "schema"


def _type_problem(value: Any, expected: str | list[str], field: str) -> tuple[str, str, str]:
    wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    hint = f"give {field} as {wanted}"
    if expected == "string" and isinstance(value, (int, float, bool)) or value is None and expected == "string":
        hint = f"put the value of {field} in quotes, e.g. {field}: \"{'' if value is None else value}\""
    return f"{field} should be {wanted}, not {_TYPE_WORDS.get(_json_type(value), _json_type(value))}", hint, "bad-type"


def _pattern_problem(value: Any, spec: dict[str, Any], field: str) -> tuple[str, str, str]:
    pattern = spec.get("pattern", "")
    if pattern.startswith("^https?"):
        return f"{shown(value)} is not an http(s) URL", "give a full address starting with https:// (or http://)", "bad-url"
    if "[0-9]{4}" in pattern:
        return f"{shown(value)} is not a date in the expected form", spec.get("description", "write YYYY-MM-DD in quotes"), "bad-date"
    if pattern.startswith("^[a-z0-9]"):
        return f"{shown(value)} is not a valid id", "use lower-case letters, digits and hyphens only, e.g. spf-economic-2plus2", "bad-id"
    if pattern == "\\S":
        return f"{field} is blank", "write some text", "empty"
    return f"{shown(value)} does not have the expected form for {field}", spec.get("description", ""), "bad-format"


def _unknown_field(loaded: Loaded, path: tuple[Any, ...], key: str, allowed: list[str], subject: str) -> Problem:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "allowed fields: " + ", ".join(allowed)
    return _here(loaded, path, subject, f"unknown field '{key}'", hint, "unknown-field", key=True)


def _misplaced_key(data: Any, path: tuple[Any, ...], value: Any) -> str:
    """The key a `false` schema rejected (jsonschema loses it from the error path, so find it by value)."""
    node = data
    for step in path:
        node = node[step]
    keys = [k for k in node if node[k] == value] if isinstance(node, dict) else []
    preferred = [k for k in keys if k in _RECOMMENDATION_ONLY | _CLAIM_ONLY]
    return (preferred or keys or ["?"])[0]


def _misplaced_hint(key: str) -> str:
    if key in _RECOMMENDATION_ONLY:
        return f"'{key}' is only for recommendations: change kind, or remove '{key}'"
    if key in _CLAIM_ONLY:
        return f"'{key}' is only for claims: change kind, or remove '{key}'"
    return f"remove '{key}'"


def _here(loaded: Loaded, path: tuple[Any, ...], subject: str, message: str, hint: str, code: str, key: bool = False) -> Problem:
    line, col = loaded.key_at(path) if key else loaded.at(path)
    return Problem(loaded.path, line, col, subject, message, hint, code)


def _field_name(path: tuple[Any, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "the file"


def subject_at(data: Any, path: tuple[Any, ...]) -> str:
    """The id of the innermost entry along ``path`` that has one."""
    found, node = "", data
    for step in path:
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        found = node["id"]
    return found


_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"), (dict, "object"))


def _json_type(value: Any) -> str:
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "null")


def vocabulary(schema_path: str, definition: str, *properties: str) -> list[tuple[str, str]]:
    """(value, description) pairs of an enumerated ``$defs`` entry, or of a property nested in it
    (``"force", "level"``): the one place a vocabulary is defined."""
    spec = load_schema(schema_path)["$defs"][definition]
    for name in properties:
        spec = spec["properties"][name]
    return list(zip(spec["enum"], spec.get("enumDescriptions", [""] * len(spec["enum"]))))


def inverse_labels(schema_path: str) -> dict[str, str]:
    """How a relation reads from its target's side ("supports" -> "supported by")."""
    return dict(load_schema(schema_path)["$defs"]["relationType"]["x-inverseLabels"])
