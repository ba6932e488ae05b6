"""Each report's rendered text (and each data file as parsed), cached by content hash: the check redoes a file's work once per edit.

The check anchors quotes in the text a reader reads (``macros.text``), which means rendering every
report's Markdown: most of the check's time at 1,000 reports. The result depends only on the Markdown
body, the Markdown extensions and their settings, and the code that renders and cleans it, so an entry
is keyed by a SHA-256 of exactly those (``render_key``). Editing a report, the extension config, the
rendering code or the Markdown/nh3 versions gives a new key, so a stale entry is never read.

An entry is one file written atomically (a temporary file, then ``os.replace``): a header with its key
and a signature of its payload, then the payload as JSON; anything that does not parse, or whose key or signature does not match, is
ignored and rendered afresh (then overwritten). So a cache can make the check fast, never wrong. The
folder (``.cache/`` under the project root) is in .gitignore; deleting it is always safe.

The signature is an HMAC-SHA256 under a key that this machine's user made (``signing_key``), kept outside
the project, in the user's cache folder. A pull request can add files under ``.cache/`` in spite of
.gitignore, and a forged entry under the right key would hand the check data the reviewer never saw:
signed, such an entry is ignored like a corrupt one. Without a key (a home that cannot be written), no cache.

Data files (``parsed``) are cached the same way, keyed by their bytes, the schema, the day (a date may not be
later than today) and the code that parses and checks them, and only when they have no problem: a file with
a problem is always read afresh, so its problems are always found and located.
"""

from __future__ import annotations

import hashlib
import hmac
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


KEY_FILE = "policy-reports-check.key"  # in the user's cache folder ($XDG_CACHE_HOME or ~/.cache), never a project's


def signing_key() -> bytes | None:
    """This user's secret for signing cache entries, made on first use (32 random bytes, readable by the user
    alone); None when it can be neither read nor made."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = home / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=home, prefix=".tmp-key-")  # made readable by the user alone
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(32))
        os.replace(tmp, path)
        key = path.read_bytes()
        return key if len(key) == 32 else None
    except OSError:
        return None


class RenderCache:
    """Rendered report text (and its element ids) by key, in ``folder``; None: no cache (render every time)."""

    def __init__(self, folder: Path | None) -> None:
        self.secret = signing_key() if folder is not None else None
        self.folder = folder if self.secret is not None else None
        self.hits = self.misses = 0

    def _sign(self, body: bytes) -> str:
        assert self.secret is not None
        return hmac.new(self.secret, body, hashlib.sha256).hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> Any:
        """The payload stored for ``key`` if intact; None if absent, unreadable, corrupt or another key's.

        An entry is a header line (``{"key": ..., "digest": ...}``) and then the payload's JSON, whose signature
        (``_sign``) the digest is: checked on the bytes as read, before they are parsed.
        """
        if self.folder is None:
            return None
        try:
            raw = self._path(key).read_bytes()
            head, _, body = raw.partition(b"\n")
            header = json.loads(head)
            if header["key"] != key or not hmac.compare_digest(str(header["digest"]), self._sign(body)):
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
        data = json.dumps({"key": key, "digest": self._sign(body)}).encode() + b"\n" + body
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
