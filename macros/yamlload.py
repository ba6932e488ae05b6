"""The one strict YAML loader: plain data with the line and column of every node, or problems.

PyYAML's own loaders keep the last of two duplicate keys, expand anchors, honour ``!!python`` tags and
apply YAML 1.1 typing (``no`` -> False, ``012`` -> 10, ``2022-04-27`` -> date). Contributors should never
be surprised by any of that, so this loader builds values from the event stream itself:
mappings, sequences and scalars only; quoted scalars are strings; plain scalars become ``null``,
``true``/``false``, a canonical integer or a decimal number, and everything else stays the text as
written. Aliases, anchors, tags, several documents and duplicate keys are problems, not features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml

from macros.problems import Problem
from macros.sourcetext import YAML_MAX_BYTES, decode

MAX_BYTES = YAML_MAX_BYTES
MAX_DEPTH = 20  # real files nest 5 levels; a deeper one is a mistake or an attack on the builder's stack
Path = tuple[Any, ...]

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)?(\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?(0|[1-9][0-9]*)[eE][-+]?[0-9]+")


@dataclass
class Loaded:
    """A parsed file: its data and where each value (and each mapping key) starts, 1-based."""

    path: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    reparsed: Callable[[], "Loaded | None"] | None = None
    """For a file read back from the check's cache, which keeps only the locations of its top-level values
    and entries: the file parsed again, with all of them (asked for only to locate a problem)."""

    def at(self, path: Path) -> tuple[int, int]:
        """Location of the value at ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_at(self, path: Path) -> tuple[int, int]:
        """Location of the key of the mapping entry at ``path`` (falls back to the value)."""
        return self.keys.get(tuple(path)) or self.at(path)


class LazyPositions(Mapping[Path, tuple[int, int]]):
    """Locations worked out on first use, by ``make``: those of an entry's fields, in a file read from the cache."""

    def __init__(self, make: Callable[[], Mapping[Path, tuple[int, int]]]) -> None:
        self._make: Callable[[], Mapping[Path, tuple[int, int]]] | None = make
        self._got: Mapping[Path, tuple[int, int]] = {}

    def _data(self) -> Mapping[Path, tuple[int, int]]:
        if self._make is not None:
            self._got, self._make = self._make(), None
        return self._got

    def __getitem__(self, path: Path) -> tuple[int, int]:
        return self._data()[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


class _Reject(Exception):
    """A construct we refuse, at a mark."""

    def __init__(self, mark: Any, message: str, hint: str, code: str):
        super().__init__(message)
        self.mark, self.message, self.hint, self.code = mark, message, hint, code


def load_yaml(raw: bytes | str, path: str, *, max_bytes: int = MAX_BYTES, subject: str = "-") -> tuple[Loaded | None, list[Problem]]:
    """Parse one YAML document strictly; return the data with locations, or the problems found."""
    text, problem = decode(raw, path, max_bytes, subject)
    if problem:
        return None, [problem]
    try:
        return _build(text, path, subject, _FAST)
    except (_Reject, yaml.YAMLError):
        pass  # parse again with the pure-Python parser: its messages are the clearer ones
    try:
        return _build(text, path, subject, yaml.SafeLoader)
    except _Reject as err:
        return None, [_at_mark(path, err.mark, subject, err.message, err.hint, err.code)]
    except yaml.MarkedYAMLError as err:
        return None, [_unclosed_quote(text, path, subject, err) or _syntax_problem(err, path, subject)]
    except yaml.YAMLError as err:
        return None, [Problem(path, 1, 1, subject, f"YAML error: {err}", "", "yaml-syntax")]


_SWALLOWED_KEY = re.compile(r"\s(- )?[A-Za-z_]+: ")


def _unclosed_quote(text: str, path: str, subject: str, err: yaml.MarkedYAMLError) -> Problem | None:
    """A quoted text that runs over several lines and swallowed ``key: value`` lines: a closing quote is missing.

    The parser stops only where the swallowed text makes no sense any more, often many lines later,
    so the error is placed where the runaway quote opens.
    """
    failed_at = (err.problem_mark or err.context_mark).line if (err.problem_mark or err.context_mark) else 0
    suspect = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > failed_at:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line and _SWALLOWED_KEY.search(token.value)):
                suspect = token
    except yaml.YAMLError:
        pass
    if suspect is None:
        return None
    return _at_mark(path, suspect.start_mark, subject,
                    f"this quoted text runs on to line {suspect.end_mark.line + 1}, taking the lines between with it",
                    f"add the closing {suspect.style} at the end of the text on line {suspect.start_mark.line + 1}",
                    "yaml-syntax")


def _syntax_problem(err: yaml.MarkedYAMLError, path: str, subject: str) -> Problem:
    """A syntax error at the place to fix: for a quote that is never closed, where the quote opens
    (the parser notices only lines later, where the text runs out or stops making sense)."""
    message = err.problem or err.context or "not valid YAML"
    context = err.context or ""
    if "quoted scalar" in context and err.context_mark is not None:
        return _at_mark(path, err.context_mark, subject, "YAML syntax error: this quoted text is never closed",
                        "add the closing quote mark; inside \"...\" write a quote mark as \\\"", "yaml-syntax")
    if context and err.context_mark is not None and err.problem:
        where = err.context_mark
        message += f" ({context} that starts at line {where.line + 1}, column {where.column + 1})"
    return _at_mark(path, err.problem_mark or err.context_mark, subject, f"YAML syntax error: {message}",
                    "check indentation (spaces, not tabs) and quote text containing ': ' or '#'", "yaml-syntax")


def _build(text: str, path: str, subject: str, loader: type) -> tuple[Loaded | None, list[Problem]]:
    """Build the data from the events of ``loader``'s parser (libyaml's when present: 15x faster)."""
    loaded = Loaded(path, None)
    problems: list[Problem] = []
    loaded.data = _Builder(loaded, problems, path, subject).document(yaml.parse(text, Loader=loader))
    return (None if problems else loaded), problems


def _at_mark(path: str, mark: Any, subject: str, message: str, hint: str, code: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, line, col, subject, message, hint, code)


class _Builder:
    """Builds plain values from PyYAML events, recording locations and refusing what we do not allow."""

    def __init__(self, loaded: Loaded, problems: list[Problem], path: str, subject: str):
        self.loaded, self.problems, self.path, self.subject = loaded, problems, path, subject

    def document(self, events: Iterator[yaml.Event]) -> Any:
        data: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Reject(event.start_mark, "more than one YAML document in the file",
                                  "remove the '---' line(s) after the first document, or split the file", "multi-document")
            elif isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            else:
                data = self.node(event, events, ())
        return data

    def node(self, event: yaml.Event, events: Iterator[yaml.Event], path: Path) -> Any:
        self._refuse_extras(event)
        if len(path) > MAX_DEPTH:
            raise _Reject(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep",
                          "annotation files nest a few levels at most: check the brackets and indentation here", "too-deep")
        self.loaded.values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            return _scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(events, path)
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path)
        raise _Reject(event.start_mark, f"unexpected YAML construct {type(event).__name__}", "", "yaml-syntax")

    def sequence(self, events: Iterator[yaml.Event], path: Path) -> list[Any]:
        items: list[Any] = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            items.append(self.node(event, events, path + (len(items),)))
        return items

    def mapping(self, events: Iterator[yaml.Event], path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return result
            self._refuse_extras(event)
            if not isinstance(event, yaml.ScalarEvent):
                raise _Reject(event.start_mark, "a mapping key must be plain text",
                              "write keys as simple words followed by ':'", "complex-key")
            key, key_line = event.value, event.start_mark.line + 1
            value = self.node(next(events), events, path + (key,))
            if key in first_seen:
                self.problems.append(Problem(self.path, key_line, event.start_mark.column + 1, self.subject,
                                             f"duplicate key '{key}' (first at line {first_seen[key]})",
                                             "YAML keeps only one of them: delete or merge one", "duplicate-key"))
                continue
            first_seen[key] = key_line
            self.loaded.keys[path + (key,)] = (key_line, event.start_mark.column + 1)
            result[key] = value
        return result

    @staticmethod
    def _refuse_extras(event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise _Reject(event.start_mark, f"alias '*{event.anchor}' is not allowed",
                          "write the value out in full; anchors and aliases hide what an entry says", "alias")
        if getattr(event, "anchor", None):
            raise _Reject(event.start_mark, f"anchor '&{event.anchor}' is not allowed",
                          "remove the '&name'; write each value out in full", "anchor")
        if getattr(event, "tag", None) and event.tag != "!":
            raise _Reject(event.start_mark, f"tag '{event.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed",
                          "remove the tag; put text in quotes if you need it kept as written", "tag")


def _scalar(event: yaml.ScalarEvent) -> Any:
    """Resolve a scalar without YAML 1.1 surprises (see the module docstring)."""
    value = event.value
    if event.style:  # quoted or block scalar: always text (libyaml gives '' for plain, PyYAML None)
        return value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
