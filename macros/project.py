"""Where a project's files are and which site settings the checks need: one value, filled in by the glue."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from macros.text import MARKDOWN_EXTENSIONS

TOPICS_FILE = "topics.yml"
ACTORS_FILE = "actors.yml"
SCHEMA_FILE = "schema.json"
REPORTS_FOLDER = "reports"
GENERATED_FOLDERS = ("topics", "actors")


@dataclass(frozen=True)
class Project:
    """The project's layout and the site settings that decide what a page may be.

    ``template_pages`` are the hand-written pages (relative to the docs folder) that may call our
    macros; ``macro_names`` are the macros they may call; ``declared_files`` are static files the site
    configuration names (its own stylesheets and scripts). The glue reads these from the MkDocs
    configuration (``macros.glue.config``); the core names none of these paths itself.
    """

    root: Path
    docs: str
    annotations: str
    template_pages: frozenset[str] = frozenset()
    macro_names: frozenset[str] = frozenset()
    declared_files: frozenset[str] = frozenset()
    markdown_extensions: tuple = MARKDOWN_EXTENSIONS
    markdown_configs: dict = field(default_factory=dict, hash=False, compare=False)
    contributing: str = "CONTRIBUTING.md"
    cache: str = ""
    """The folder (under ``root``) of the rendered-text cache (``macros.rendercache``); "" for none."""

    @property
    def docs_dir(self) -> Path:
        return self.root / self.docs

    @property
    def reports_dir(self) -> Path:
        return self.docs_dir / REPORTS_FOLDER

    @property
    def annotations_dir(self) -> Path:
        return self.root / self.annotations

    @property
    def cache_dir(self) -> Path | None:
        return self.root / self.cache if self.cache else None

    @property
    def schema(self) -> str:
        return str(self.annotations_dir / SCHEMA_FILE)

    def rel(self, path: Path) -> str:
        """A path as contributors see it: relative to the project root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def report_path(self, slug: str) -> str:
        """Where the page of report ``slug`` is, as contributors see it."""
        return self.rel(self.reports_dir / f"{slug}.md")

    def report_pages(self) -> list[Path]:
        """The report pages the inventory accepts (see ``macros.inventory`` for what it refuses)."""
        from macros.inventory import take_stock

        return take_stock(self).reports
