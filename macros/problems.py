"""Problems found in contributor files: values with a location, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

# Longest subject, message and hint shown: a 500 KB id pasted by mistake must not flood the output.
WIDTHS = {"subject": 80, "message": 400, "hint": 1200}  # a hint may list a few places, one per line


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when it was longer."""
    return text if len(text) <= width else text[: width - 1] + "…"


def shown(value: Any, width: int = 60) -> str:
    """A contributor's value quoted in a message (repr), shortened when long."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 2] + "…" + text[0]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place, with how to fix it.

    ``subject`` is the id of the annotation, topic, actor or report concerned ("-" when none applies),
    so that a contributor can find the entry even when line numbers moved.
    """

    path: str
    line: int
    col: int
    subject: str
    message: str
    hint: str = ""
    code: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for name, width in WIDTHS.items():
            object.__setattr__(self, name, clip(getattr(self, name), width))

    def moved(self, lines: int) -> "Problem":
        """The same problem ``lines`` further down (front matter is parsed apart from its page)."""
        return replace(self, line=self.line + lines)

    def format(self) -> str:
        """``path:line:col: id: message``, then the hint indented on its own line.

        Line 0 places a problem at a command's argument rather than in a file: ``KIND: id: message``.
        """
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        head = f"{where}: {self.subject}: {self.message}"
        return f"{head}\n    hint: {self.hint}" if self.hint else head


_EMPTINESS = ("empty", "invisible")


def said_once(problems: list[Problem]) -> list[Problem]:
    """One message per problem: an empty value fails the schema's length and pattern rules and the visible-text
    rule at once, and is reported once, as "is empty" (else "is blank", else "has no visible characters")."""
    best: dict[tuple[str, int, int, str], tuple[tuple[bool, bool], Problem]] = {}
    for p in problems:
        if p.code in _EMPTINESS:
            place, rank = (p.path, p.line, p.col, p.subject), (p.code != "empty", not p.message.endswith(" is empty"))
            if place not in best or rank < best[place][0]:
                best[place] = (rank, p)
    kept = {id(p) for _, p in best.values()}
    return [p for p in problems if p.code not in _EMPTINESS or id(p) in kept]


def _escape_data(text: str) -> str:
    """A workflow command's message as GitHub reads it back: '%', CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: as the message, and ':' and ',' too (they delimit properties)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions ``::error`` workflow command, shown on the file's line in a pull request.

    The title is the entry's id, the message says what is wrong and, on a second line, the hint.
    """
    props = {"file": problem.path, "line": problem.line, "col": problem.col, "title": problem.subject}
    head = ",".join(f"{key}={_escape_property(str(value))}" for key, value in props.items())
    text = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    return f"::error {head}::{_escape_data(text)}"


def format_problems(problems: list[Problem]) -> str:
    """All problems, sorted by file and position, with a closing count."""
    lines = [p.format() for p in sorted(problems)]
    noun = "problem" if len(problems) == 1 else "problems"
    lines.append(f"{len(problems)} {noun} found.")
    return "\n".join(lines)
