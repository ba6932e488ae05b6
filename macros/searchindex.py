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
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

OUTPUT = "pagefind"  # the folder, inside the site, that holds the index and the search code
PARTS = "parts.json"  # in OUTPUT: the folders of the index's other parts, relative to OUTPUT (docs/assets/search.js)
# The pages of one Pagefind run. Its memory grows with them: 403 MB for 500 report pages of the benchmark's
# corpus, 557 MB for 700, 808 MB for 1,000 (with 363 others).
PAGES_PER_PART = 500
_PAGES = re.compile(r"Indexed (\d+) pages?")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message holds what it printed."""


@dataclass(frozen=True)
class Indexed:
    """What a run did: the pages indexed, the time it took and the parts of the index, for the build's log."""

    pages: int
    seconds: float
    parts: int = 1


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


def index_site(site: Path, exclude: Sequence[str] = (), pages: Sequence[str] | None = None,
               per_part: int = PAGES_PER_PART) -> Indexed:
    """Index the built site in ``site`` (written to ``site/pagefind/``, replacing any index there), leaving
    out the elements that match a CSS selector of ``exclude`` (the site generator's own chrome inside a
    page's content, such as a heading's permalink sign).

    ``pages`` lists the HTML files (paths inside ``site``) that have something to index; Pagefind then reads
    only those. It would otherwise parse every page to learn that most have nothing marked for it: at 1,000
    reports the unmarked pages (the briefing, a topic's later pages) were two thirds of its 35 s. None: every page.

    Pagefind holds its whole index in memory until it writes it, about 0.8 MB per report page (808 MB at 1,000
    reports), so the pages are indexed in parts of at most ``per_part``, one Pagefind run after the other: the
    first part in ``pagefind/``, the others in ``pagefind/part-2/``... which ``PARTS`` lists for the search code
    to merge (``mergeIndex``). The parts share the first part's script and WebAssembly: each adds only its
    entry, metadata and the chunks of the words searched to a search.

    The binary runs in its own process through ``python -m pagefind`` (the package's entry point, which
    finds the binary that ``pagefind_bin`` ships), so the build needs no network and no Node. Its settings
    go in a ``pagefind.json`` in a folder of its own, where it runs: the glob of 1,300 reports' pages is
    already longer than one command-line argument may be on Linux (128 KiB).
    """
    start = time.perf_counter()
    output = Path(site) / OUTPUT
    shutil.rmtree(output, ignore_errors=True)  # no stale part or chunk of an earlier build (mkdocs serve)
    groups = split(pages or (), per_part)
    counts = [_run(Path(site), exclude, _part_folder(number), group) for number, group in enumerate(groups, 1)]
    (output / PARTS).write_text(json.dumps([f"part-{n}/" for n in range(2, len(groups) + 1)]), encoding="utf-8")
    return Indexed(sum(counts), time.perf_counter() - start, len(groups))


def split(pages: Sequence[str], per_part: int) -> list[Sequence[str] | None]:
    """The parts to index, each a list of pages, in path order; one part of every page (None) when ``pages``
    is empty or cannot be written as a glob."""
    ordered = sorted(set(pages))
    if pages_glob(ordered) is None:
        return [None]
    return [ordered[i:i + per_part] for i in range(0, len(ordered), max(1, per_part))]


def _part_folder(number: int) -> str:
    return OUTPUT if number == 1 else f"{OUTPUT}/part-{number}"


def _run(site: Path, exclude: Sequence[str], subdir: str, pages: Sequence[str] | None) -> int:
    """One Pagefind run over ``pages`` (None: every page) into ``subdir`` of the site, pruned; the pages it indexed."""
    settings: dict[str, object] = {"site": str(site.resolve()), "output_subdir": subdir}
    if exclude:
        settings["exclude_selectors"] = list(exclude)
    if pages is not None:
        settings["glob"] = pages_glob(pages)
    with tempfile.TemporaryDirectory(prefix="pagefind-") as folder:
        (Path(folder) / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pagefind"], capture_output=True, text=True, cwd=folder)
    if done.returncode:
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    _prune(site / subdir)
    found = _PAGES.findall(done.stdout)
    return int(found[-1]) if found else 0


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
