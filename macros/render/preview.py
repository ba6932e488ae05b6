"""The page the preview server shows in place of the site while the data has problems, or the build fails.

``make serve`` must never leave a contributor looking at the stale site or a dead server: the glue writes
this page at every address the site had, and the next good save rebuilds the site over it. Every value is
escaped by the template; the page needs no asset, so it reads the same at any depth.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from macros.problems import Problem
from macros.render.templates import package_environment


def problem_page(problems: Sequence[Problem], detail: str = "", templates: Environment | None = None) -> str:
    """The whole HTML page listing ``problems`` (file:line:col, id, message, hint), or ``detail`` when none."""
    env = templates or package_environment()
    noun = "problem" if len(problems) == 1 else "problems"
    return env.get_template("problems.html").render(problems=sorted(problems), noun=noun, detail=detail)
