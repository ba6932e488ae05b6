"""Each report's rendered text, cached by content hash so that the check renders a report's Markdown once per edit.

The check anchors quotes in the text a reader reads (``macros.text``), which means rendering every
report's Markdown: most of the check's time at 1,000 reports. The result depends only on the Markdown
body, the Markdown extensions and their settings, and the code that renders and cleans it, so an entry
is keyed by a SHA-256 of exactly those (``render_key``). Editing a report, the extension config, the
rendering code or the Markdown/nh3 versions gives a new key, so a stale entry is never read.

An entry is one JSON file written atomically (a temporary file, then ``os.replace``), holding its key
and a digest of its payload; anything that does not parse, or whose key or digest does not match, is
ignored and rendered afresh (then overwritten). So a cache can make the check fast, never wrong. The
folder (``.cache/`` under the project root) is in .gitignore; deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

FORMAT = 1  # bump when an entry's layout changes
_CODE = ("text.py", "sanitize.py", "rendercache.py")  # the modules whose code decides the rendered text
_LIBRARIES = ("markdown", "nh3")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the rendering code and the versions of the libraries it calls."""
    digest = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for lib in _LIBRARIES:
        digest.update(f"{lib}={_version(lib)}".encode())
    return digest.hexdigest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def render_key(body: str, extensions: tuple | list, configs: dict | None) -> str:
    """The key of a report's rendered text: its Markdown body, the extensions and settings, the code."""
    setup = json.dumps([list(map(str, extensions)), configs or {}], sort_keys=True, default=repr)
    digest = hashlib.sha256(code_version().encode())
    for part in (setup, body):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _payload_digest(text: str, ids: list[str]) -> str:
    return hashlib.sha256(json.dumps([text, ids], ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


class RenderCache:
    """Rendered report text (and its element ids) by key, in ``folder``; None: no cache (render every time)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[str, frozenset[str]] | None:
        """The entry for ``key`` if one is stored intact; None if absent, unreadable, corrupt or another key's."""
        if self.folder is None:
            return None
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            text, ids = entry["text"], entry["ids"]
            ok = (entry["key"] == key and isinstance(text, str) and isinstance(ids, list)
                  and all(isinstance(i, str) for i in ids) and entry["digest"] == _payload_digest(text, ids))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return (text, frozenset(ids)) if ok else None

    def put(self, key: str, text: str, ids: frozenset[str]) -> None:
        """Store an entry atomically; a cache that cannot be written is no error (the check just renders)."""
        if self.folder is None:
            return
        path, listed = self._path(key), sorted(ids)
        data = json.dumps({"key": key, "text": text, "ids": listed, "digest": _payload_digest(text, listed)},
                          ensure_ascii=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as out:
                    out.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def text(self, key: str, render: Callable[[], tuple[str, frozenset[str]]]) -> tuple[str, frozenset[str]]:
        """The cached text and ids for ``key``, or ``render()``'s (then stored)."""
        found = self.get(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        text, ids = render()
        self.put(key, text, ids)
        return text, ids
