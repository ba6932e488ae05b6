"""The site's search index: Pagefind run over the HTML a site generator wrote, into a chunked static index.

Pagefind (the ``pagefind[bin]`` package from PyPI, which ships the binary) reads every built page,
indexes the parts marked for it (``data-pagefind-body``, minus ``data-pagefind-ignore``), and writes
``pagefind/`` into the site: a small entry file, the search code, and the index split into chunks
and one fragment per page, so that a reader's search downloads only the chunks its words need.
Nothing here knows the site generator: the glue calls ``index_site`` once the site is written.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

OUTPUT = "pagefind"  # the folder, inside the site, that holds the index and the search code
_PAGES = re.compile(r"Indexed (\d+) pages?")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message holds what it printed."""


@dataclass(frozen=True)
class Indexed:
    """What a run did: the pages indexed and the time it took, for the build's log."""

    pages: int
    seconds: float


# What Pagefind writes for its own search interfaces, which the site does not load: the header's search
# (docs/assets/search.js) imports only pagefind.js, which reads the entry, the metadata, the index, the
# fragments, its worker and the WebAssembly of the index's languages.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
_WASM = re.compile(r"wasm\.(.+)\.pagefind")


_PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")  # no glob syntax: such paths can be listed in a glob as they are


def pages_glob(pages: Sequence[str]) -> str | None:
    """A glob that matches exactly ``pages`` (paths inside the site), or None (every page) when there are
    none or one holds a character the glob syntax would read, as a space, a comma or a brace could be."""
    if not pages or not all(_PLAIN_PATH.fullmatch(p) for p in pages):
        return None
    return "{" + ",".join(sorted(set(pages))) + "}"


def index_site(site: Path, exclude: Sequence[str] = (), pages: Sequence[str] | None = None) -> Indexed:
    """Index the built site in ``site`` (written to ``site/pagefind/``, replacing any index there), leaving
    out the elements that match a CSS selector of ``exclude`` (the site generator's own chrome inside a
    page's content, such as a heading's permalink sign).

    ``pages`` lists the HTML files (paths inside ``site``) that have something to index; Pagefind then reads
    only those. It would otherwise parse every page to learn that most have nothing marked for it: at 1,000
    reports the unmarked pages (the briefing, a topic's later pages) were two thirds of its 35 s. None: every page.

    The binary runs in its own process through ``python -m pagefind`` (the package's entry point, which
    finds the binary that ``pagefind_bin`` ships), so the build needs no network and no Node. Its settings
    go in a ``pagefind.json`` in a folder of its own, where it runs: the glob of 1,300 reports' pages is
    already longer than one command-line argument may be on Linux (128 KiB).
    """
    start = time.perf_counter()
    settings: dict[str, object] = {"site": str(Path(site).resolve()), "output_subdir": OUTPUT}
    if exclude:
        settings["exclude_selectors"] = list(exclude)
    glob = pages_glob(pages or ())
    if glob is not None:
        settings["glob"] = glob
    with tempfile.TemporaryDirectory(prefix="pagefind-") as folder:
        (Path(folder) / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pagefind"], capture_output=True, text=True, cwd=folder)
    if done.returncode:
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    _prune(Path(site) / OUTPUT)
    found = _PAGES.findall(done.stdout)
    return Indexed(int(found[-1]) if found else 0, time.perf_counter() - start)


def _prune(output: Path) -> None:
    """Remove what Pagefind wrote that no reader's browser loads: its UI bundles (about 400 KB) and the
    WebAssembly of a language the index does not hold (it writes ``wasm.unknown.pagefind`` for an
    English-only site). The entry file names the languages whose WebAssembly the search fetches."""
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = {language["wasm"] for language in entry["languages"].values()}
    for path in output.iterdir():
        wasm = _WASM.fullmatch(path.name)
        if path.name in UNUSED or (wasm is not None and wasm.group(1) not in languages):
            path.unlink()
