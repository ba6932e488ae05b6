"""Where each page lives in the built site, and links between pages relative to the current one.

The site's URL style comes from the glue (MkDocs' ``use_directory_urls``): ``reports/x/`` or
``reports/x.html``. Folder names are the core's own: it generates those pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.model import Annotation

REPORTS = "reports"
TOPICS = "topics"
ACTORS = "actors"
BRIEFING = "briefing"


@dataclass(frozen=True)
class Urls:
    """Addresses of the pages the core knows, in the site's URL style (directory URLs unless told)."""

    directory: bool = True

    def page(self, path: str) -> str:
        """``topics/x`` as the site addresses it: ``topics/x/`` or ``topics/x.html``."""
        return f"{path}/" if self.directory else f"{path}.html"

    def index(self, folder: str) -> str:
        """A folder's index page: ``topics/`` or ``topics/index.html``."""
        return f"{folder}/" if self.directory else f"{folder}/index.html"

    def report(self, slug: str) -> str:
        return self.page(f"{REPORTS}/{slug}")

    def passage(self, ann: Annotation) -> str:
        """The stable deep link to an annotated passage: reports/<slug>/#<annotation-id>."""
        return f"{self.report(ann.report)}#{ann.id}"

    def topic(self, topic_id: str) -> str:
        return self.page(f"{TOPICS}/{topic_id}")

    def actor(self, actor_id: str) -> str:
        return self.page(f"{ACTORS}/{actor_id}")

    def briefing(self, topic_id: str) -> str:
        """A topic's section of the briefing book, a printable page of its own."""
        return self.page(f"{BRIEFING}/{topic_id}")


def numbered(path: str, number: int) -> str:
    """The source path (no suffix) of page ``number`` of a long page: ``topics/x``, then ``topics/x/2``..."""
    return path if number == 1 else f"{path}/{number}"


def base_for(page_url: str) -> str:
    """The prefix that leads from a page (``topics/x/`` or ``topics/x.html``) back to the site root."""
    return "../" * page_url.count("/")


class EditLinks:
    """Links to a file in the project's repository: to edit it, and to view it at a line."""

    def __init__(self, repo_url: str = "", branch: str = "main"):
        self.repo_url = repo_url.rstrip("/")
        self.branch = branch

    def edit(self, path: str) -> str:
        return f"{self.repo_url}/edit/{self.branch}/{path}" if self.repo_url else ""

    def at_line(self, path: str, line: int) -> str:
        """The file at a line (GitHub and GitLab both read ``#L<n>``)."""
        return f"{self.repo_url}/blob/{self.branch}/{path}#L{line}" if self.repo_url else ""
