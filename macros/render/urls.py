"""Where each page lives in the built site, and links between pages relative to the current one."""

from __future__ import annotations

from macros.model import Annotation


def report(slug: str) -> str:
    return f"reports/{slug}/"


def passage(ann: Annotation) -> str:
    """The stable deep link to an annotated passage: reports/<slug>/#<annotation-id>."""
    return f"{report(ann.report)}#{ann.id}"


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}/"


def actor(actor_id: str) -> str:
    return f"actors/{actor_id}/"


TRACKER = "tracker/"
TOPICS = "topics/"
ACTORS = "actors/"
REPORTS = "reports/"
DATA = "data/"


def base_for(page_url: str) -> str:
    """The prefix that leads from a page (``topics/x/``) back to the site root (``../../``)."""
    depth = page_url.count("/") if page_url.endswith("/") else page_url.count("/")
    return "../" * depth


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
