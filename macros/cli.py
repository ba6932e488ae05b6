"""Command line: check the data, scaffold annotations and reports. Exit status 0 only when all is well."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros.corpus import Project
from macros.problems import format_problems
from macros.validation import load_checked


def cmd_check(args: argparse.Namespace) -> int:
    """Print every problem as path:line:col: id: message (with a hint); non-zero exit if any."""
    corpus, problems = load_checked(Project(Path(args.root).resolve()))
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    recs = sum(a.is_recommendation for a in corpus.annotations)
    print(f"OK: {len(corpus.reports)} reports, {len(corpus.annotations)} annotations "
          f"({recs} recommendations), {len(corpus.topics)} topics, {len(corpus.actors)} actors.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (holding docs/ and annotations/); default: current folder")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate all annotations, topics, actors and report front matter")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
