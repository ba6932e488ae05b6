"""Each report's rendered text (and each data file as parsed), cached by content hash: the check redoes a file's work once per edit.

The check anchors quotes in the text a reader reads (``macros.text``), which means rendering every
report's Markdown: most of the check's time at 1,000 reports. The result depends only on the Markdown
body, the Markdown extensions and their settings, and the code that renders and cleans it, so an entry
is keyed by a SHA-256 of exactly those (``render_key``). Editing a report, the extension config, the
rendering code or the Markdown/nh3 versions gives a new key, so a stale entry is never read.

An entry is one file written atomically (a temporary file, then ``os.replace``): a header with its key
and the SHA-256 of its payload, then the payload as JSON; anything that does not parse, or whose key or digest does not match, is
ignored and rendered afresh (then overwritten). So a cache can make the check fast, never wrong. The
folder (``.cache/`` under the project root) is in .gitignore; deleting it is always safe.

Data files (``parsed``) are cached the same way, keyed by their bytes, the schema, the day (a date may not be
later than today) and the code that parses and checks them, and only when they have no problem: a file with
a problem is always read afresh, so its problems are always found and located.
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
from typing import Any

FORMAT = 1  # bump when an entry's layout changes
_CODE = ("text.py", "sanitize.py", "rendercache.py")  # the modules whose code decides the rendered text
_LIBRARIES = ("markdown", "nh3")
_DATA_CODE = ("yamlload.py", "schema.py", "plausible.py", "corpus.py", "sourcetext.py", "rendercache.py", "problems.py")
_DATA_LIBRARIES = ("pyyaml", "jsonschema-rs")


@lru_cache(maxsize=2)
def code_version(code: tuple[str, ...] = _CODE, libraries: tuple[str, ...] = _LIBRARIES) -> str:
    """A digest of the code that makes an entry and the versions of the libraries it calls."""
    digest = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).parent
    for name in code:
        digest.update((here / name).read_bytes())
    for lib in libraries:
        digest.update(f"{lib}={_version(lib)}".encode())
    return digest.hexdigest()


def data_key(raw: bytes, path: str, definition: str, schema: bytes, today: str) -> str:
    """The key of a data file as parsed and checked: its bytes and path, its schema definition, the day, the code."""
    digest = hashlib.sha256(code_version(_DATA_CODE, _DATA_LIBRARIES).encode())
    for part in (path.encode(), definition.encode(), today.encode(), schema, raw):
        digest.update(len(part).to_bytes(8, "big") + part)
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


class RenderCache:
    """Rendered report text (and its element ids) by key, in ``folder``; None: no cache (render every time)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> Any:
        """The payload stored for ``key`` if intact; None if absent, unreadable, corrupt or another key's.

        An entry is a header line (``{"key": ..., "digest": ...}``) and then the payload's JSON, whose SHA-256
        the digest is: checked on the bytes as read, before they are parsed.
        """
        if self.folder is None:
            return None
        try:
            raw = self._path(key).read_bytes()
            head, _, body = raw.partition(b"\n")
            header = json.loads(head)
            if header["key"] != key or header["digest"] != hashlib.sha256(body).hexdigest():
                return None
            return json.loads(body)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, key: str, payload: Any) -> None:
        """Store a payload atomically; a cache that cannot be written is no error (the work is just redone)."""
        if self.folder is None:
            return
        path = self._path(key)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        data = json.dumps({"key": key, "digest": hashlib.sha256(body).hexdigest()}).encode() + b"\n" + body
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def get(self, key: str) -> tuple[str, frozenset[str]] | None:
        """A report's cached text and element ids, or None."""
        payload = self.load(key)
        try:
            text, ids = payload["text"], payload["ids"]
            if isinstance(text, str) and isinstance(ids, list) and all(isinstance(i, str) for i in ids):
                return text, frozenset(ids)
        except (KeyError, TypeError):
            pass
        return None

    def put(self, key: str, text: str, ids: frozenset[str]) -> None:
        self.store(key, {"text": text, "ids": sorted(ids)})

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
