"""Test helpers: build a site in-process, and make small throw-away projects to build or check.

A throw-away project is a copy of this repository's site configuration, theme overrides, hand-written
pages and schema, with the report pages and YAML the test supplies. Nothing here reads ../shared.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import textwrap
from pathlib import Path

# The project the tests read: the checkout holding these tests. tests/test_new_corpus.py runs the tests of a copy
# of the repository (a report added) in that copy, so there ROOT is the copy: no setting is needed.
ROOT = Path(__file__).resolve().parent.parent
SITE_PAGES = ("index.md", "about.md", "tracker.md", "data.md", "briefing.md", "assets")

MINI_REPORT_META = """\
title: "A Test Report"
title_supplied: false
authors:
  - name: "Ada Writer"
    affiliation: "Institute of Tests"
publisher: "Test Institute"
date: "2021-03-18"
date_precision: day
url: "https://example.org/report"
completeness: full
completeness_note: "The whole text."
"""

MINI_REPORT_BODY = """\
## First section

The alliance should build a new committee for economic security. Officials doubt it will work.

## Second section

Trade fell by 8.6 percent in 2017. The committee should meet every year.
"""

MINI_TOPICS = """\
topics:
  - id: security
    title: Economic security
    description: How states protect their economies.
  - id: trade
    title: Trade
    description: Flows of goods and services.
"""

MINI_ACTORS = """\
actors:
  - id: alliance
    name: The Alliance
    kind: multilateral-or-minilateral-body
  - id: officials
    name: Officials
    kind: national-government-body
    country: Japan
"""

MINI_ANNOTATIONS = """\
report: test-report
annotations:
  - id: test-committee
    kind: recommendation
    quote:
      exact: "The alliance should build a new committee for economic security."
    summary: "Create a committee on economic security."
    topics: [security]
    actors: [alliance]
    status: not-yet-assessed
    force: {level: urged, wording: "should"}
  - id: test-trade-fell
    kind: claim
    claim_type: statistic
    quote:
      exact: "Trade fell by 8.6 percent in 2017."
    summary: "Trade dropped in 2017."
    topics: [trade]
    actors: [officials]
    figures:
      - value: 8.6
        unit: percent
        year: 2017
        measures: "fall in trade"
    relations:
      - type: supports
        target: test-committee
    weight: key
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_project(dest: Path, *, reports: dict[str, str] | None = None, topics: str = MINI_TOPICS,
                 actors: str = MINI_ACTORS, annotations: dict[str, str] | None = None, real_reports: bool = False) -> Path:
    """A buildable project in ``dest``. ``reports`` maps slug -> whole page source (front matter included)."""
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copy(ROOT / "CONTRIBUTING.md", dest / "CONTRIBUTING.md")
    (dest / "macros").symlink_to(ROOT / "macros")
    for name in SITE_PAGES:
        src = ROOT / "docs" / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / "docs" / name)
    (dest / "annotations").mkdir()
    shutil.copy(ROOT / "annotations" / "schema.json", dest / "annotations" / "schema.json")
    if real_reports:
        shutil.copytree(ROOT / "docs" / "reports", dest / "docs" / "reports")
    reports = {"test-report": f"---\n{MINI_REPORT_META}---\n\n{MINI_REPORT_BODY}"} if reports is None else reports
    for slug, source in reports.items():
        write(dest / "docs" / "reports" / f"{slug}.md", source)
    write(dest / "annotations" / "topics.yml", topics)
    write(dest / "annotations" / "actors.yml", actors)
    for slug, source in ({"test-report": MINI_ANNOTATIONS} if annotations is None else annotations).items():
        write(dest / "annotations" / f"{slug}.yml", source)
    return dest


def repository_files(root: Path = ROOT) -> list[str]:
    """The files a clone would have: tracked and new files git does not ignore (uncommitted work included)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=root,
                         capture_output=True, text=True, check=True).stdout
    return sorted({f for f in out.split("\0") if f and (root / f).is_file()})


def copy_repository(dest: Path, root: Path = ROOT) -> Path:
    """A fresh copy of the repository as a contributor clones it (git's files only: no .venv, site or caches)."""
    for name in repository_files(root):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, dest / name)
    return dest


class BuildFailed(Exception):
    """The build stopped; the message holds every warning and error MkDocs logged."""


def build_site(root: Path, dest: Path) -> Path:
    """Build ``root``'s site into ``dest`` in-process, in strict mode (BuildFailed on any warning or error)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from macros.glue.plugin import Collect  # the handler the preview uses to show a failed rebuild's warnings

    collect = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(dest), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException, SystemExit) as err:
        raise BuildFailed("\n".join(collect.messages + [str(err)])) from None
    finally:
        logger.removeHandler(collect)
    return dest


def page(site: Path, url: str) -> str:
    """The HTML of a built page given its site URL (``topics/x/``)."""
    return (site / url / "index.html").read_text(encoding="utf-8") if url.endswith("/") or not url else (site / url).read_text(encoding="utf-8")
