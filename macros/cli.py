"""Command line: check the data, scaffold annotations and reports. Exit status 0 only when all is well."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros import scaffold
from macros.problems import Problem, format_problems, github_annotation
from macros.project import Project
from macros.validation import load_checked


def _project(args: argparse.Namespace):
    """The project as its mkdocs.yml describes it (the glue reads the configuration, once)."""
    from macros.glue.config import load_project

    return load_project(Path(args.root).resolve())


def cmd_check(args: argparse.Namespace) -> int:
    """Print every problem as path:line:col: id: message (with a hint); non-zero exit if any.

    ``--format github`` prints them as workflow commands instead (on standard output, where GitHub
    Actions reads them), so that a pull request shows each problem on the line it is about.
    """
    corpus, problems = load_checked(_project(args))
    if problems and args.format == "github":
        print("\n".join(github_annotation(p) for p in sorted(problems)))
        print(format_problems(problems).rsplit("\n", 1)[1], file=sys.stderr)
        return 1
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    recs = sum(a.is_recommendation for a in corpus.annotations)
    print(f"OK: {len(corpus.reports)} reports, {len(corpus.annotations)} annotations "
          f"({recs} recommendations), {len(corpus.topics)} topics, {len(corpus.actors)} actors.")
    return 0


def _ids(value: str) -> tuple[str, ...]:
    """Ids given as one argument, separated by commas or spaces (``TOPICS="trade security"`` in make)."""
    return tuple(dict.fromkeys(v for v in value.replace(",", " ").split() if v))


def _passage(args: argparse.Namespace, project: Project) -> tuple[str, list[Problem]]:
    """The passage, from --passage or --passage-file (a file avoids the shell's quoting rules)."""
    if bool(args.passage.strip()) == bool(args.passage_file):
        return "", [scaffold.argument_problem("passage", args.report,
                                              "give the passage either as PASSAGE='...' or as PASSAGE_FILE=file.txt (exactly one of them)",
                                              "copy the exact words from the report page", "no-passage")]
    if not args.passage_file:
        return args.passage, []
    text, problem = scaffold.read_text(Path(args.passage_file), project)
    return text, [problem] if problem else []


def _run(plan: scaffold.Plan) -> int:
    """Apply a plan: print what was done, or every problem and that nothing was changed."""
    problems = scaffold.apply(plan)
    if problems:
        print(format_problems(problems) + "\nNothing was changed.", file=sys.stderr)
        return 1
    print(plan.message)
    return 0


def cmd_new_annotation(args: argparse.Namespace) -> int:
    """Insert an annotation stub for a passage of a report into its annotation file, in reading order."""
    project = _project(args)
    passage, problems = _passage(args, project)
    if problems:
        return _run(scaffold.Plan(problems=problems))
    request = scaffold.AnnotationRequest(args.report, passage, args.kind, args.summary, _ids(args.topics), _ids(args.actors),
                                         args.claim_type.strip(), args.prefix, args.suffix, args.weight.strip(),
                                         args.force.strip(), args.wording)
    return _run(scaffold.plan_annotation(project, request))


def cmd_new_report(args: argparse.Namespace) -> int:
    """Create a report page from a plain-text file and a facts file, and its empty annotation file."""
    project = _project(args)
    return _run(scaffold.plan_report(project, Path(args.text), args.slug, Path(args.meta)))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (holding mkdocs.yml); default: current folder")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate all annotations, topics, actors and report front matter")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text: path:line:col: id: message, with a hint (default); "
                            "github: GitHub Actions ::error commands, shown on the pull request's lines")
    check.set_defaults(func=cmd_check)
    _add_new_annotation(sub)
    _add_new_report(sub)
    return parser


def _add_new_annotation(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new-annotation", help="add an annotation stub for a passage to the report's annotation file",
                         description="Check that PASSAGE occurs exactly once in the report, then insert a ready annotation "
                                     "with a fresh id into annotations/<report>.yml, in reading order. Fields not given are left empty "
                                     "for you to fill in (the check fails until they are). Nothing changes on failure.")
    new.add_argument("--report", required=True, help="the report's slug: its page is reports/<slug>.md in the docs folder")
    new.add_argument("--passage", default="", help="the exact words from the report")
    new.add_argument("--passage-file", default="", help="a UTF-8 text file holding the exact words (instead of --passage)")
    new.add_argument("--kind", required=True, help="claim or recommendation")
    new.add_argument("--summary", default="", help="one or two sentences in our own words")
    new.add_argument("--topics", default="", help="topic ids from annotations/topics.yml, separated by spaces or commas")
    new.add_argument("--actors", default="", help="actor ids from annotations/actors.yml, separated by spaces or commas")
    new.add_argument("--claim-type", default="", help="for a claim: fact, statistic, assessment or forecast")
    new.add_argument("--weight", default="", help="for a claim: key (the report's argument rests on it) or supporting")
    new.add_argument("--force", default="", help="for a recommendation: urged (must, should), proposed (we recommend) "
                                                 "or option (could, might)")
    new.add_argument("--wording", default="", help="for a recommendation: the passage's own word(s) that carry its force, e.g. should")
    new.add_argument("--prefix", default="", help="words just before the passage, when it occurs more than once")
    new.add_argument("--suffix", default="", help="words just after the passage, when it occurs more than once")
    new.set_defaults(func=cmd_new_annotation)


def _add_new_report(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new-report", help="create a report page from a plain-text file and a facts file",
                         description="Create reports/<slug>.md in the docs folder, its front matter taken from the facts file (checked "
                                     "against the schema) and its body from the text file (paragraphs separated by blank "
                                     "lines), and an empty annotations/<slug>.yml. Nothing changes on failure.")
    new.add_argument("--text", required=True, help="the report's text, a UTF-8 plain-text file")
    new.add_argument("--slug", required=True, help="the new page's name: lower-case words and digits joined by hyphens")
    new.add_argument("--meta", required=True, help="the bibliographic facts, a YAML file (see CONTRIBUTING.md)")
    new.set_defaults(func=cmd_new_report)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
