"""Read a contributor's file as MkDocs reads it: UTF-8 (a byte-order mark allowed), universal newlines, size-capped.

One reader for YAML files and report pages, so that every file gets the same limits and the same
located messages: a byte that is not UTF-8 is reported at its own line and column, not at 1:1.
"""

from __future__ import annotations

from macros.problems import Problem

YAML_MAX_BYTES = 1024 * 1024
PAGE_MAX_BYTES = 4 * 1024 * 1024


def decode(raw: bytes | str, path: str, max_bytes: int, subject: str = "-") -> tuple[str, Problem | None]:
    """The text of a file (newlines translated as Python's text mode does), or the problem that stops reading it."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if len(data) > max_bytes:
        return "", Problem(path, 1, 1, subject, f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit",
                           "split it, or remove pasted material that does not belong in it", "too-large")
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as err:
        return "", _undecodable(data, skip, skip + err.start, path, subject)
    return _newlines(text), None


BOM = b"\xef\xbb\xbf"


def _newlines(text: str) -> str:
    """CRLF and a lone CR read as LF, as Python's text mode (and so MkDocs) reads them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _undecodable(data: bytes, start: int, at: int, path: str, subject: str) -> Problem:
    """The byte at ``at`` is not UTF-8: located by its line (any line ending) and column (in characters
    after ``start``, the end of a byte-order mark)."""
    before = _newlines(data[start:at].decode("utf-8", "replace"))
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return Problem(path, line, col, subject, f"not UTF-8 text (byte 0x{data[at]:02x})",
                   "save the file as UTF-8 in your editor", "not-utf8")
