"""Scaffolding for contributors: an annotation stub for a passage, a report page from a plain-text file.

Each command is planned first, by pure functions that return the files to write or the problems found;
``apply`` writes only a plan without problems, atomically, and only if the files did not change meanwhile.
So a refused command leaves every file as it was. Nothing here re-implements the checks: the plans are
verified with the same loader, schema and anchoring code that ``python -m macros check`` runs.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import os
import re
import shutil
import tempfile
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.anchoring import SearchText
from macros.checks import _nearest
from macros.project import ACTORS_FILE, TOPICS_FILE, Project
from macros.model import Corpus
from macros.problems import Problem
from macros.schema import load_schema, validate, vocabulary
from macros.text import html_text, markdown_html, normalize_quote
from macros.validation import load_checked
from macros.yamlload import Loaded, load_yaml

SCHEMA_HEADER = "# yaml-language-server: $schema=schema.json\n"
MODELINE = re.compile(r"#\s*yaml-language-server:")
WRAP = 76
ID_WORDS = 4
ID_MAX = 60
# Characters YAML can hold in a file (PyYAML's "printable" set); anything else cannot be quoted verbatim.
_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_STOPWORDS = frozenset("""a an the and or but nor of to in on at by for from with as into onto than that this these
those it its is are was were be been being will would should could can may might must shall has have had do does
did not no so such their there they them we our us he she his her which who whom whose what when where while""".split())


@dataclass(frozen=True)
class Write:
    """One file a plan writes: its new text, and what it held when planned (None: it must not exist)."""

    path: Path
    text: str
    before: bytes | None


@dataclass
class Plan:
    """What a command would do: the files to write and what to tell the contributor, or the problems."""

    writes: list[Write] = field(default_factory=list)
    message: str = ""
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class AnnotationRequest:
    """A new-annotation command's input; empty strings and tuples mean "not given" (left for the contributor)."""

    report: str
    passage: str
    kind: str
    summary: str = ""
    topics: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    claim_type: str = ""
    prefix: str = ""
    suffix: str = ""
    weight: str = ""
    force: str = ""
    wording: str = ""


# Where a command-line argument's problem is shown: its name as the contributor typed it (``KIND: ...``).
ARGUMENT = {"report": "REPORT", "kind": "KIND", "passage": "PASSAGE", "topics": "TOPICS", "actors": "ACTORS",
            "claim_type": "CLAIM_TYPE", "prefix": "PREFIX", "suffix": "SUFFIX", "weight": "WEIGHT", "force": "FORCE",
            "wording": "WORDING", "slug": "SLUG"}


def argument_problem(name: str, subject: str, message: str, hint: str, code: str) -> Problem:
    """A problem with an argument of the command, located at the argument (line 0: no file to open)."""
    return Problem(ARGUMENT[name], 0, 0, subject or "-", message, hint, code)


# --------------------------------------------------------------------------- new-annotation


def plan_annotation(project: Project, req: AnnotationRequest) -> Plan:
    """Insert a stub for ``req.passage`` into the report's annotation file, in reading order, if it anchors uniquely.

    Fields the command cannot know (summary, topics, claim_type, weight, force) are written empty when not
    given, so that the check fails on the unfinished stub and says which field to fill, instead of accepting
    placeholder text. The same passage annotated as the same kind again is refused, naming the annotation.
    """
    corpus, _ = load_checked(project)
    page = project.report_path(req.report)
    problems = _request_problems(project, corpus, req, page)
    if problems:
        return Plan(problems=problems)
    path = project.annotations_dir / f"{req.report}.yml"
    before = path.read_bytes() if path.exists() else None
    loaded, problems = _existing_annotations(project, path, before, req.report)
    if problems:
        return Plan(problems=problems)
    exact, span, problems = _anchored_passage(project, corpus, req, page)
    if problems:
        return Plan(problems=problems)
    mine = [a for a in corpus.annotations if a.report == req.report]
    same = [a for a in mine if a.span == span and a.kind == req.kind]
    if same:
        a = same[0]
        return Plan(problems=[Problem(a.origin.path, a.origin.line, a.origin.col, a.id,
                                      f"this passage is already annotated as a {a.kind}: '{a.id}'",
                                      f"edit '{a.id}' instead, or quote a different passage", "duplicate")])
    problems = _wording_problems(req, exact)
    if problems:
        return Plan(problems=problems)
    base = _base_id(loaded, req.report, exact)
    entry = _entry(req, exact, _fresh_id(corpus, loaded, base))
    position = _reading_position(loaded, mine, span)
    text, problems = _inserted(project, path, before, loaded, entry, position)
    if problems:
        return Plan(problems=problems)
    line = _entry_line(text, entry["id"])
    renamed = "" if entry["id"] == base else f"\n(The id '{base}' is taken by another annotation, so this one is '{entry['id']}'.)"
    return Plan([Write(path, text, before)], _annotation_message(project.rel(path), line, entry, req) + renamed)


def _request_problems(project: Project, corpus: Corpus, req: AnnotationRequest, page: str) -> list[Problem]:
    """Problems with the command's own arguments, all of them, each at its argument: the report, kind, ids,
    claim type, weight and force must exist and fit the kind."""
    subject = req.report or "-"
    kinds = load_schema(project.schema)["$defs"]["annotation"]["properties"]["kind"]["enum"]
    problems = [] if req.report in corpus.reports else [_unknown_report(project, corpus, req.report, page)]
    if req.kind not in kinds:
        problems.append(argument_problem("kind", subject, f"{req.kind!r} is not a kind of annotation",
                                         "use KIND=" + " or KIND=".join(kinds), "bad-enum"))
    problems += [_unknown(subject, "topic", t, corpus.topics, TOPICS_FILE) for t in req.topics if t not in corpus.topics]
    problems += [_unknown(subject, "actor", a, corpus.actors, ACTORS_FILE) for a in req.actors if a not in corpus.actors]
    return problems + _claim_type_problems(project, req) + _strength_problems(project, req)


def _unknown_report(project: Project, corpus: Corpus, slug: str, page: str) -> Problem:
    """Why REPORT names no loaded report: not a slug, no such page (with the likely ones), or a page that fails to load."""
    if not _is_id(project, slug):
        return argument_problem("report", slug, f"{slug!r} is not a report slug",
                                f"give the name of a page in {project.rel(project.reports_dir)}/ without .md, e.g. REPORT="
                                + next(iter(corpus.reports), "my-report"), "bad-id")
    if (project.reports_dir / f"{slug}.md").is_file():
        return Problem(page, 1, 1, slug, f"report page {page} has problems that stop it loading",
                       "run `make check` and fix the page's front matter first", "unknown-report")
    starting = [s for s in corpus.reports if s.startswith(slug)]
    hint = (f"did you mean '{starting[0]}'?" if len(starting) == 1 else _nearest(slug, corpus.reports)
            or "the reports are: " + ", ".join(sorted(corpus.reports)))
    return argument_problem("report", slug, f"report page {page} does not exist", hint, "unknown-report")


def _unknown(subject: str, noun: str, ident: str, pool: dict[str, Any], file: str) -> Problem:
    """An unknown topic or actor id, with the id probably meant (the same suggestion the check makes)."""
    hint = _nearest(ident, pool) or f"use an id from annotations/{file}, or add the {noun} there first"
    return argument_problem(f"{noun}s", subject, f"unknown {noun} '{ident}'", hint, f"unknown-{noun}")


def _claim_type_problems(project: Project, req: AnnotationRequest) -> list[Problem]:
    """A claim type given must be one of the schema's, and only on a claim."""
    types = [value for value, _ in vocabulary(project.schema, "claimType")]
    if not req.claim_type:
        return []
    if req.kind == "recommendation":
        return [argument_problem("claim_type", req.report, "a claim type is only for claims",
                                 "leave CLAIM_TYPE out, or use KIND=claim", "misplaced-field")]
    if req.claim_type not in types:
        return [argument_problem("claim_type", req.report, f"{req.claim_type!r} is not a claim type",
                                 "use one of: " + ", ".join(types), "bad-enum")]
    return []


def _strength_problems(project: Project, req: AnnotationRequest) -> list[Problem]:
    """WEIGHT (claims) and FORCE/WORDING (recommendations): values of the schema's, on the kind they belong to."""
    defs = load_schema(project.schema)["$defs"]
    problems = []
    for name, value, kind, allowed in (("weight", req.weight, "claim", defs.get("weight", {}).get("enum", [])),
                                       ("force", req.force, "recommendation", defs.get("force", {}).get("properties", {})
                                        .get("level", {}).get("enum", [])),
                                       ("wording", req.wording, "recommendation", None)):
        if not value:
            continue
        if req.kind in ("claim", "recommendation") and req.kind != kind:
            problems.append(argument_problem(name, req.report, f"{ARGUMENT[name]} is only for {kind}s",
                                             f"leave {ARGUMENT[name]} out, or use KIND={kind}", "misplaced-field"))
        elif allowed is not None and value not in allowed:
            noun = "weight" if name == "weight" else "level of force"
            problems.append(argument_problem(name, req.report, f"{value!r} is not a {noun}",
                                             "use one of: " + ", ".join(allowed), "bad-enum"))
    return problems


def _wording_problems(req: AnnotationRequest, exact: str) -> list[Problem]:
    """WORDING is the report's own words that carry the force: they must occur in the quote."""
    if req.wording and normalize_quote(req.wording).lower() not in normalize_quote(exact).lower():
        return [argument_problem("wording", req.report, f"{req.wording!r} does not occur in the passage",
                                 "give the word or words of the passage that carry its force, e.g. WORDING=should",
                                 "wording-not-in-quote")]
    return []


def _existing_annotations(project: Project, path: Path, before: bytes | None, slug: str) -> tuple[Loaded | None, list[Problem]]:
    """The report's annotation file, parsed; it must load and be laid out as a report's file to be appended to."""
    if before is None:
        return None, []
    rel = project.rel(path)
    loaded, problems = load_yaml(before, rel)
    if problems:
        return None, problems + [Problem(rel, 1, 1, slug, "the annotation file must load before a stub can be added to it",
                                         "fix the problems above (run `make check`), then run the command again", "cannot-append")]
    data = loaded.data
    if not isinstance(data, dict) or data.get("report") != slug or not isinstance(data.get("annotations", 0), (list, type(None))):
        return None, [Problem(rel, 1, 1, slug, "the file does not have the layout of an annotation file",
                              f"it should start with 'report: {slug}' and then 'annotations:' (see CONTRIBUTING.md)", "cannot-append")]
    return loaded, []


def _anchored_passage(project: Project, corpus: Corpus, req: AnnotationRequest,
                      page: str) -> tuple[str, tuple[int, int], list[Problem]]:
    """The passage exactly as the report has it (its quotes and dashes) and its span, or why it cannot be quoted."""
    for name, value in (("passage", req.passage), ("prefix", req.prefix), ("suffix", req.suffix)):
        bad = _PRINTABLE.search(value)
        if bad:
            return "", (-1, -1), [argument_problem(name, req.report, f"the {name} contains an invisible control character "
                                                   f"(U+{ord(bad.group()):04X})",
                                                   f"copy the {name} again from the report page, or type it", "bad-character")]
    if not normalize_quote(req.passage):
        return "", (-1, -1), [argument_problem("passage", req.report, "the passage is empty",
                                               "give the exact words with PASSAGE='...'", "empty")]
    text = SearchText(corpus.reports[req.report].text)
    match = text.anchor(req.passage, req.prefix, req.suffix)
    if match.count > 1:
        return "", (-1, -1), [argument_problem("passage", req.report, f"the passage occurs {match.count} times in the report",
                                               _occurrences_hint(project, text, req), "ambiguous-quote")]
    if not match.found:
        context = " with this prefix/suffix" if req.prefix or req.suffix else ""
        hint = (f"the closest passage is: “{match.closest}”" if match.closest
                else "copy the passage from the report page exactly")
        return "", (-1, -1), [argument_problem("passage", req.report, f"the passage was not found in the report text{context}",
                                               hint, "quote-not-found")]
    return _collapse(text.text[match.start:match.end]), (match.start, match.end), []


SHOWN_OCCURRENCES = 5
CONTEXT_WORDS = 6
MAX_PICK_WORDS = 12


def _occurrences_hint(project: Project, text: SearchText, req: AnnotationRequest) -> str:
    """Each place the passage occurs: its line in the report page, its surrounding words, and the shortest
    PREFIX or SUFFIX that picks it (checked with the same anchoring the check uses)."""
    needle = normalize_quote(req.passage)
    hits = [i for i in text.occurrences(needle) if text.context_fits(i, len(needle), req.prefix, req.suffix)]
    lines = _page_lines(project, req.report, needle, len(hits))
    rows = []
    for n, i in enumerate(hits[:SHOWN_OCCURRENCES]):
        start, end = text.original(i), text.original(i + len(needle) - 1) + 1  # shown as the report has it
        before, after = text.text[:start].split(), text.text[end:].split()
        shown = _clip_middle(" ".join(text.text[start:end].split()))
        around = f"“…{' '.join(before[-CONTEXT_WORDS:])} [{shown}] {' '.join(after[:CONTEXT_WORDS])}…”"
        where = f"line {lines[n]}: " if lines else ""
        rows.append(f"{n + 1}. {where}{around} {_picker(text, req, before, after, i)}")
    more = f"\n      ... and {len(hits) - SHOWN_OCCURRENCES} more" if len(hits) > SHOWN_OCCURRENCES else ""
    return "add PREFIX='...' or SUFFIX='...' to pick one:\n      " + "\n      ".join(rows) + more


def _picker(text: SearchText, req: AnnotationRequest, before: list[str], after: list[str], at: int) -> str:
    """The shortest PREFIX or SUFFIX (whole words; the shorter of the two) that makes this occurrence the only match."""
    options = []
    for k in range(1, MAX_PICK_WORDS + 1):
        if k <= len(before) and not any(o[0] == "PREFIX" for o in options):
            prefix = " ".join(before[-k:])
            if _picks(text, req, at, prefix=prefix):
                options.append(("PREFIX", prefix))
        if k <= len(after) and not any(o[0] == "SUFFIX" for o in options):
            suffix = " ".join(after[:k])
            if _picks(text, req, at, suffix=suffix):
                options.append(("SUFFIX", suffix))
        if options:
            break
    if not options:
        return "(no short prefix or suffix picks it: quote a longer passage)"
    name, words = min(options, key=lambda o: len(o[1]))
    return f"→ {name}='{words}'" if "'" not in words else f'→ {name}="{words}"'


def _picks(text: SearchText, req: AnnotationRequest, at: int, prefix: str = "", suffix: str = "") -> bool:
    match = text.anchor(req.passage, prefix or req.prefix, suffix or req.suffix)
    return match.found and match.start == text.original(at)


def _clip_middle(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width // 2 - 1] + " … " + text[-(width // 2 - 1):]


def _page_lines(project: Project, slug: str, needle: str, count: int) -> list[int]:
    """The line of each occurrence in the report page's Markdown, when its first words can be found there as often
    as in the text (Markdown markup inside the passage may hide them: then no line is given)."""
    try:
        source = (project.reports_dir / f"{slug}.md").read_text(encoding="utf-8-sig")
    except OSError:
        return []
    page = SearchText(source)
    key = " ".join(needle.split()[:4])
    starts = page.occurrences(key)
    if len(starts) != count:
        return []
    return [source.count("\n", 0, page.original(i)) + 1 for i in starts]


def _collapse(value: str) -> str:
    """White space as YAML folding writes it back: single spaces, none at the ends."""
    return re.sub(r"\s+", " ", value).strip()


def _existing_ids(loaded: Loaded | None) -> list[str]:
    return [a.get("id") for a in ((loaded.data.get("annotations") if loaded else None) or [])
            if isinstance(a, dict) and isinstance(a.get("id"), str)]


def _base_id(loaded: Loaded | None, slug: str, passage: str) -> str:
    """The file's id prefix and the passage's first few content words."""
    prefixes = collections.Counter(i.split("-")[0] for i in _existing_ids(loaded) if i)
    base = prefixes.most_common(1)[0][0] if prefixes else slug.split("-")[0]
    for word in _id_words(passage):
        if len(base) + 1 + len(word) > ID_MAX:
            break
        base += "-" + word
    return base


def _fresh_id(corpus: Corpus, loaded: Loaded | None, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... when it is taken anywhere on the site (the message then says so)."""
    taken = {a.id for a in corpus.annotations} | set(_existing_ids(loaded))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _id_words(passage: str) -> list[str]:
    """Lower-case ASCII content words: "The state's trade office" -> state, trade, office."""
    unquoted = re.sub(r"['’]", "", re.sub(r"['’]s\b", "", passage))
    plain = unicodedata.normalize("NFKD", unquoted).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    return ([w for w in words if w not in _STOPWORDS] or words)[:ID_WORDS]


def _entry(req: AnnotationRequest, exact: str, ident: str) -> dict[str, Any]:
    """The new annotation as data, its fields in the house order; unknown fields empty."""
    entry: dict[str, Any] = {"id": ident, "kind": req.kind}
    if req.kind == "claim":
        entry |= {"claim_type": req.claim_type, "weight": req.weight}
    quote = {"exact": exact} | ({"prefix": _collapse(req.prefix)} if req.prefix.strip() else {}) \
        | ({"suffix": _collapse(req.suffix)} if req.suffix.strip() else {})
    entry["quote"] = quote
    if req.kind == "recommendation":
        entry["force"] = {"level": req.force, "wording": _collapse(req.wording)}
    entry |= {"summary": _collapse(req.summary), "topics": list(req.topics), "actors": list(req.actors)}
    if req.kind == "recommendation":
        entry["status"] = "not-yet-assessed"
    return entry


_TODO = {
    "claim_type": "fill in: fact, statistic, assessment or forecast",
    "weight": "fill in: key (the report's argument rests on it) or supporting",
    "level": "fill in: urged (must, should), proposed (we recommend) or option (could, might)",
    "wording": "fill in: the report's own word(s) that carry the force, as they occur in the quote",
    "summary": "fill in: one or two sentences in our own words, neutral",
    "topics": "fill in: one or more ids from annotations/topics.yml",
    "actors": "ids from annotations/actors.yml: who is asked to act, or whom a claim is about",
}


def _item_text(entry: dict[str, Any], dash: int) -> str:
    """The entry as a YAML list item in the house style: folded text, block lists, a note on each empty field."""
    pad, inner = " " * dash, " " * (dash + 2)
    lines = [f"{pad}- id: {entry['id']}", f"{inner}kind: {entry['kind']}"]
    for key, value in list(entry.items())[2:]:
        if key == "quote":
            lines.append(f"{inner}quote:")
            lines += [line for k, v in value.items() for line in _folded(k, v, dash + 4)]
        elif key == "force":
            lines.append(f"{inner}force:")
            lines += [f'{inner}  {k}: ""  # {_TODO[k]}' if not v else f"{inner}  {k}: {_scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list) and (value or key == "actors" and entry["summary"]):
            lines += [f"{inner}{key}:"] + [f"{inner}  - {v}" for v in value] if value else [f"{inner}{key}: []"]
        elif isinstance(value, list):
            lines.append(f"{inner}{key}: []  # {_TODO[key]}")
        elif not value:
            lines.append(f'{inner}{key}: ""  # {_TODO[key]}')
        elif key == "summary":
            lines += _folded(key, value, dash + 2)
        else:
            lines.append(f"{inner}{key}: {value}")
    return "\n".join(lines) + "\n"


# Words that YAML 1.1 readers (yamllint's truthy rule, editors, other tools) take for a boolean or null.
YAML_11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _scalar(value: str) -> str:
    """A short value on one line, double-quoted as JSON (valid YAML) when it is not a plain word, or is a
    word that other YAML readers take for a boolean or null (a force worded "no")."""
    plain = re.fullmatch(r"[a-z][a-z-]*", value) and value not in YAML_11_WORDS
    return value if plain else json.dumps(value, ensure_ascii=False)


def _unfinished(value: Any) -> bool:
    """Left empty for the contributor: an empty text or list, or a mapping with an empty field (force)."""
    return value in ("", []) or isinstance(value, dict) and any(v == "" for v in value.values())


def _folded(key: str, value: str, indent: int) -> list[str]:
    """A folded block scalar: any text (quotes, colons, '#', braces) reads back exactly, wrapped at spaces."""
    pad = " " * (indent + 2)
    body = textwrap.wrap(value, WRAP - len(pad), break_long_words=False, break_on_hyphens=False)
    return [" " * indent + f"{key}: >-"] + [pad + line for line in body]


def _reading_position(loaded: Loaded | None, mine: list[Any], span: tuple[int, int]) -> int:
    """Where the new entry goes in the file's list: after the last entry whose passage starts no later than its own
    (entries the check could not anchor count as starting at the top)."""
    items = (loaded.data.get("annotations") if loaded else None) or []
    starts = {a.id: a.span[0] for a in mine}
    earlier = [n for n, item in enumerate(items) if isinstance(item, dict) and starts.get(item.get("id"), -1) <= span[0]]
    return earlier[-1] + 1 if earlier else 0


def _inserted(project: Project, path: Path, before: bytes | None, loaded: Loaded | None,
              entry: dict[str, Any], position: int) -> tuple[str, list[Problem]]:
    """The file with the entry inserted as list item ``position``, verified by reading it back with the strict loader.

    The existing text is kept byte for byte around the new item (with the comment lines just above the item it
    precedes, which belong to that item); a report's first annotation replaces the empty-list marker of
    ``annotations: []`` (as ``new-report`` writes it).
    """
    rel, slug = project.rel(path), path.stem
    items = ((loaded.data.get("annotations") if loaded else None) or [])
    if before is None:
        text = f"{SCHEMA_HEADER}report: {slug}\nannotations:\n" + _item_text(entry, 2)
    elif position < len(items):
        source = before.decode("utf-8-sig")
        lines = source.splitlines(keepends=True)
        first = lines[loaded.at(("annotations", 0))[0] - 1]
        at = loaded.at(("annotations", position))[0] - 1
        while at > 0 and lines[at - 1].lstrip().startswith("#"):
            at -= 1
        text = "".join(lines[:at]) + _item_text(entry, len(first) - len(first.lstrip(" "))) + "\n" + "".join(lines[at:])
    else:
        old, dash = _open_list(before.decode("utf-8-sig"), loaded)
        old += "" if old.endswith("\n") else "\n"
        old += "" if old.endswith("\n\n") or old.rstrip().endswith("annotations:") else "\n"
        text = old + _item_text(entry, dash)
    after, problems = load_yaml(text, rel)
    expected = dict(loaded.data) if loaded else {"report": slug, "annotations": []}
    expected["annotations"] = list(items[:position]) + [entry] + list(items[position:])
    if problems or after is None or after.data != expected:
        line, col = loaded.key_at(("annotations",)) if loaded else (1, 1)  # the list the stub was to join
        return "", [Problem(rel, line, col, entry["id"], "the stub could not be added without changing what the file says",
                            "'annotations:' must be the file's last key, its items written as '- id: ...' lines; "
                            "or add the annotation by hand (see CONTRIBUTING.md)", "cannot-append")]
    return text, _schema_problems(project, after, entry, position)


def _open_list(source: str, loaded: Loaded) -> tuple[str, int]:
    """The file text ready for a new item (an empty ``[]`` removed), and the indentation of its items' dashes."""
    lines = source.splitlines(keepends=True)
    if loaded.data.get("annotations"):
        first = lines[loaded.at(("annotations", 0))[0] - 1]
        return source, len(first) - len(first.lstrip(" "))
    line_no, col = loaded.at(("annotations",))
    line = lines[line_no - 1]
    empty = re.match(r"\[\s*\]", line[col - 1:])
    if empty:
        lines[line_no - 1] = line[:col - 1].rstrip(" ") + line[col - 1 + empty.end():]
    return "".join(lines), 2


def _schema_problems(project: Project, after: Loaded, entry: dict[str, Any], index: int) -> list[Problem]:
    """Schema problems of the new entry, except those of the fields deliberately left empty for the contributor."""
    empty = [("annotations", index, key) for key, value in entry.items() if value in ("", [])]
    empty += [("annotations", index, key, sub) for key, value in entry.items() if isinstance(value, dict) and key != "quote"
              for sub, v in value.items() if v == ""]
    left = {after.at(p) for p in empty} | {after.key_at(p) for p in empty}
    return [p for p in validate(after, project.schema) if p.subject == entry["id"] and (p.line, p.col) not in left]


def _entry_line(text: str, ident: str) -> int:
    """The line of the new entry's '- id:', to tell the contributor where to look."""
    pattern = re.compile(rf"\s*- id: {re.escape(ident)}\s*$")
    return next(n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line))


def _annotation_message(rel: str, line: int, entry: dict[str, Any], req: AnnotationRequest) -> str:
    """What was added and where, and what is left to do (the empty fields are named)."""
    head = f"Added {entry['kind']} '{entry['id']}' to {rel}, line {line}."
    required = [k for k, v in entry.items() if _unfinished(v) and k != "actors"]
    if required:
        return (f"{head}\nStill to fill in there: {', '.join(required)}"
                + (" (and actors, unless nobody in particular is concerned)" if not entry["actors"] else "")
                + ".\n`make check` fails, naming each empty field, until they are filled in.")
    actors = "" if entry["actors"] else "\nIts actors are empty: add ids from annotations/actors.yml if someone is concerned."
    return (f"{head}{actors}\nRun `make check`, then preview it with `make serve` at "
            f"http://127.0.0.1:8000/reports/{req.report}/#{entry['id']}")


# --------------------------------------------------------------------------- new-report


def plan_report(project: Project, text_file: Path, slug: str, meta_file: Path) -> Plan:
    """A report page (the facts as front matter, the text as paragraphs) and its empty annotation file.

    The page is verified by loading it with the project's own loader in a scratch copy of the data files,
    so it passes ``make check`` once written; problems in the facts point at the facts file's own lines.
    """
    page, notes = project.reports_dir / f"{slug}.md", project.annotations_dir / f"{slug}.yml"
    problems = _slug_problems(project, slug, page, notes)
    body, layout, more = _body_from_text(project, text_file)
    problems += more
    front, skipped, more = _front_matter(project, meta_file, slug)
    problems += more
    if problems:
        return Plan(problems=problems)
    source = f"---\n{front}---\n\n{body}"
    annotations = f"{SCHEMA_HEADER}report: {slug}\nannotations: []\n"
    problems = _verify_page(project, slug, source, annotations, meta_file, skipped)
    if problems:
        return Plan(problems=problems)
    counts = collections.Counter(kind for kind, _, _ in layout)
    paragraphs, headings = counts["paragraph"] + counts["caption"] + counts["undecided"], counts["heading"]
    made = f", {headings} heading{'s' * (headings != 1)}" if headings else ""
    message = (f"Created {project.rel(page)} ({paragraphs} paragraph{'s' * (paragraphs != 1)}{made}) and {project.rel(notes)}.\n"
               + _layout_notes(project.rel(text_file.resolve()), layout) +
               f"Check the page with `make serve` at http://127.0.0.1:8000/reports/{slug}/ , then add annotations:\n"
               f"    make new-annotation REPORT={slug} KIND=recommendation PASSAGE='exact words from the report'")
    return Plan([Write(page, source, None), Write(notes, annotations, None)], message)


def _slug_problems(project: Project, slug: str, page: Path, notes: Path) -> list[Problem]:
    """The slug must be a valid id (the schema's rule), not reserved, and not taken by a page or a data file."""
    rule = load_schema(project.schema)["$defs"]["id"]
    if not _is_id(project, slug) or page.stem != slug:
        return [argument_problem("slug", slug, f"{slug!r} is not a valid slug",
                                 f"use lower-case letters, digits and hyphens only (at most {rule['maxLength']}), "
                                 "e.g. publisher-year-short-title: csis-2023-chip-alliances", "bad-id")]
    if slug in {"index", Path(TOPICS_FILE).stem, Path(ACTORS_FILE).stem, "schema"}:
        return [argument_problem("slug", slug, f"'{slug}' is a reserved name",
                                 "choose another slug, e.g. publisher-year-short-title", "bad-id")]
    taken = [p for p in (page, notes) if p.exists()]
    return [argument_problem("slug", slug, f"{project.rel(p)} already exists",
                             "choose another slug; to change an existing report, edit its page instead", "exists") for p in taken]


def read_text(path: Path, project: Project) -> tuple[str, Problem | None]:
    """A contributor's input file as text, or a problem naming the file (missing, or not UTF-8)."""
    rel = project.rel(path.resolve())
    try:
        data = path.read_bytes()
    except OSError as err:
        return "", Problem(rel, 1, 1, "-", f"cannot read the file: {err.strerror or err}", "check the path you gave", "missing-file")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return "", Problem(rel, line, 1, "-", "not UTF-8 text", "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)", "not-utf8")


# A line that starts a figure's or table's caption, or the source or note under it: a paragraph of its own,
# never joined to the text before it (a caption and its source line are two things).
_CAPTION = re.compile(r"(?:Figure|Fig\.|Table|Chart|Graph|Exhibit|Map|Box)\s+[0-9]+[A-Za-z]?\b|(?:Sources?|Notes?)\s*:")
HEADING_WORDS = 12
HEADING_CHARS = 90
Block = tuple[str, int, str]  # kind (paragraph, heading, caption, undecided), first line in the text file, text


def _body_from_text(project: Project, path: Path) -> tuple[str, list[Block], list[Problem]]:
    """The page body: one Markdown block per block of the text, escaped so it reads exactly as the text, and
    what each block was taken for (headings made from plain lines, captions kept apart, cases left undecided)."""
    text, problem = read_text(path, project)
    if problem:
        return "", [], [problem]
    rel = project.rel(path.resolve())
    bad = _PRINTABLE.search(text)
    if bad:
        line = text[: bad.start()].count("\n") + 1
        return "", [], [Problem(rel, line, 1, "-", f"the text contains an invisible control character (U+{ord(bad.group()):04X})",
                                "remove it, or copy the text again", "bad-character")]
    layout = _layout(_blocks(text.replace("\r\n", "\n").replace("\r", "\n")))
    if not layout:
        return "", [], [Problem(rel, 1, 1, "-", "the text file is empty",
                                "paste the report's text into it, paragraphs separated by blank lines", "empty")]
    body = "\n\n".join("## " + _inline(t) if kind == "heading" else plain_to_markdown(t) for kind, _, t in layout) + "\n"
    if normalize_quote(html_text(markdown_html(body, project.markdown_extensions, project.markdown_configs))) \
            != normalize_quote(" ".join(t for _, _, t in layout)):
        return "", [], [Problem(rel, 1, 1, "-", "the text would not read the same once turned into a page",
                                "report this to the maintainers with the text file attached", "text-changed")]
    return body, layout, []


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The text's blocks with their first line: separated by blank lines, and a caption, source or note line
    starts a block of its own (its wrapped continuation lines stay with it)."""
    blocks: list[tuple[int, list[str]]] = []
    fresh = True
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            fresh = True
            continue
        if fresh or _CAPTION.match(line.strip()):
            blocks.append((number, []))
        blocks[-1][1].append(line)
        fresh = False
    return blocks


def _layout(blocks: list[tuple[int, list[str]]]) -> list[Block]:
    """What each block is: a heading when it obviously is one (a short line, no final period, a paragraph after it),
    a caption, a paragraph, or "undecided" (looks like a heading, but no paragraph follows: kept as a paragraph)."""
    texts = [(number, _collapse(" ".join(lines)), len(lines)) for number, lines in blocks]
    out: list[Block] = []
    for n, (number, text, size) in enumerate(texts):
        if _CAPTION.match(text):
            out.append(("caption", number, text))
        elif size == 1 and _heading_like(text):
            after = texts[n + 1][1] if n + 1 < len(texts) else ""
            out.append(("heading" if _paragraph_like(after) else "undecided", number, text))
        elif all(_heading_like(_collapse(line)) for line in blocks[n][1]):  # short lines: a list, or several headings?
            out.append(("undecided", number, text))
        else:
            out.append(("paragraph", number, text))
    return out


def _heading_like(text: str) -> bool:
    return (len(text) <= HEADING_CHARS and len(text.split()) <= HEADING_WORDS and (text[0].isupper() or text[0].isdigit())
            and text[-1] not in ".,;:" and "#" not in text and not _CAPTION.match(text))


def _paragraph_like(text: str) -> bool:
    return bool(text) and not _CAPTION.match(text) and (len(text.split()) > HEADING_WORDS or text[-1] in ".!?\"”’)")


def _layout_notes(rel: str, layout: list[Block]) -> str:
    """What new-report decided about the text's layout, and what it left to the contributor, line by line."""
    def quoted(number: int, text: str) -> str:
        return f"{rel}:{number}: “{_clip_middle(text, 80)}”"
    notes = []
    made = [quoted(n, t) for kind, n, t in layout if kind == "heading"]
    if made:
        notes.append("Made headings (## on the page) of these short lines, each followed by a paragraph:\n    " + "\n    ".join(made))
    kept = [quoted(n, t) for kind, n, t in layout if kind == "caption"]
    if kept:
        notes.append("Kept these captions, sources and notes as paragraphs of their own:\n    " + "\n    ".join(kept))
    left = [quoted(n, t) for kind, n, t in layout if kind == "undecided"]
    if left:
        notes.append("Could not decide whether these short lines are headings (no paragraph follows them), so left them "
                     "as paragraphs (lines without a blank line between them joined): to make one a heading, give it a "
                     "line of its own on the page, starting with '## ':\n    " + "\n    ".join(left))
    return "".join(note + "\n" for note in notes)


_INLINE = str.maketrans({"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
                         "{": "\\{", "}": "\\}", "<": "&lt;", "|": "\\|"})
_BLOCK_START = re.compile(r"[-+#>!=]|\d+(?=[.)](\s|$))")


def _inline(text: str) -> str:
    """Text escaped for use inside a Markdown line (a heading's), so it renders as the same words."""
    return re.sub(r"&(?=#?\w+;)", "&amp;", text).translate(_INLINE)


def plain_to_markdown(paragraph: str) -> str:
    """One paragraph of plain text as Markdown that renders to the same words (no headings, lists or links).

    Characters Markdown would read as markup are escaped, so that quotes copied from the text anchor.
    """
    escaped = _inline(paragraph)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start.group().isdigit():  # "1. " would start a list: escape its full stop or parenthesis
        return escaped[:start.end()] + "\\" + escaped[start.end():]
    return ("&#61;" + escaped[1:]) if escaped.startswith("=") else "\\" + escaped  # '=' has no backslash escape


def _front_matter(project: Project, meta_file: Path, slug: str) -> tuple[str, int, list[Problem]]:
    """The facts file as front matter text (its editor schema line dropped), and how many lines were dropped."""
    text, problem = read_text(meta_file, project)
    if problem:
        return "", 0, [problem]
    rel = project.rel(meta_file.resolve())
    loaded, problems = load_yaml(text, rel, subject=slug)
    if problems:
        return "", 0, problems
    if not isinstance(loaded.data, dict):
        return "", 0, [Problem(rel, 1, 1, slug, "the facts file should be a mapping of fields (key: value)",
                               "copy the example facts file in CONTRIBUTING.md and fill it in", "bad-type")]
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (MODELINE.match(lines[skipped]) or lines[skipped].strip() in ("", "---")):
        skipped += 1
    body = lines[skipped:]
    for n, line in enumerate(body, skipped + 1):
        if line.rstrip() in ("---", "..."):
            return "", 0, [Problem(rel, n, 1, slug, f"a line '{line.rstrip()}' would end the front matter early",
                                   "remove it: the facts file is one YAML document", "multi-document")]
    front = "".join(body)
    return front + ("" if front.endswith("\n") else "\n"), skipped, []


def _verify_page(project: Project, slug: str, source: str, annotations: str, meta_file: Path, skipped: int) -> list[Problem]:
    """Load the new page with the project's own loader, in a scratch copy of the data; problems moved to the facts file."""
    with tempfile.TemporaryDirectory(prefix="new-report-") as tmp:
        scratch = dataclasses.replace(project, root=Path(tmp))
        scratch.reports_dir.mkdir(parents=True)
        scratch.annotations_dir.mkdir()
        for name in (Path(project.schema).name, TOPICS_FILE, ACTORS_FILE):
            if (project.annotations_dir / name).exists():
                shutil.copy(project.annotations_dir / name, scratch.annotations_dir / name)
        (scratch.reports_dir / f"{slug}.md").write_text(source, encoding="utf-8")
        (scratch.annotations_dir / f"{slug}.yml").write_text(annotations, encoding="utf-8")
        _, problems = load_checked(scratch)
    page, rel = project.report_path(slug), project.rel(meta_file.resolve())
    ours = [p for p in problems if p.path in (page, f"{project.annotations}/{slug}.yml")]
    return [Problem(rel, p.line - 1 + skipped, p.col, p.subject, p.message, p.hint, p.code) if p.path == page else p for p in ours]


def _is_id(project: Project, value: str) -> bool:
    """Whether ``value`` follows the schema's rule for ids and slugs (the one place that rule is written)."""
    rule = load_schema(project.schema)["$defs"]["id"]
    return bool(re.fullmatch(rule["pattern"].strip("^$"), value)) and len(value) <= rule["maxLength"]


# --------------------------------------------------------------------------- writing


def apply(plan: Plan) -> list[Problem]:
    """Write a plan's files atomically (each through a temporary file and a rename), or none of them.

    Refuses, writing nothing, if a file changed since the plan was made (someone else saved it meanwhile).
    """
    changed = [w for w in plan.writes if _current(w.path) != w.before]
    if plan.problems or changed:
        return plan.problems + [Problem(str(w.path), 1, 1, "-", "the file changed while the command ran",
                                        "run the command again", "changed") for w in changed]
    temps: list[tuple[Path, Write]] = []
    done: list[Write] = []
    try:
        for w in plan.writes:
            tmp = w.path.with_name(f".{w.path.name}.{os.getpid()}.tmp")
            with open(tmp, "x", encoding="utf-8", newline="") as handle:
                handle.write(w.text)
            if w.before is not None:
                shutil.copymode(w.path, tmp)
            temps.append((tmp, w))
        for tmp, w in temps:
            os.replace(tmp, w.path)
            done.append(w)
    except OSError:
        _undo(done)
        raise
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return []


def _undo(done: list[Write]) -> None:
    """Put back what a failed ``apply`` had already written: remove new files, restore changed ones."""
    for w in done:
        if w.before is None:
            w.path.unlink(missing_ok=True)
        else:
            w.path.write_bytes(w.before)


def _current(path: Path) -> bytes | None:
    """What a file holds now (None if it does not exist), to compare with what the plan saw."""
    return path.read_bytes() if path.exists() else None
