#!/usr/bin/env python3
"""PDFs of every topic page and of the briefing book, printed by headless Chromium from the built site.

    python scripts/pdf.py SITE_DIR OUT_DIR [--paper A4|Letter] [--page URL ...]

``make pdf`` builds the site and runs ``scripts/pdf.py site pdf``. The site is served on 127.0.0.1 (a free
port) for the time it takes, each page is loaded in Chromium and printed with the print stylesheet
(``docs/assets/print.css``) exactly as "Print" / "Save as PDF" in the browser would; the page count of each
PDF is printed. The browser is the one in the environment variable CHROMIUM, else the first of
chromium, chromium-browser, google-chrome on the PATH (Debian: ``apt-get install chromium``).

The browser tests import this file for the same server, browser and printing code.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterator

# Headless, no GPU, and nothing that reaches the network on the browser's own account.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PAPERS = ("A4", "Letter")
BRIEFING = "briefing/"


def find_chromium() -> str | None:
    """The browser to drive: $CHROMIUM if it is an executable (path or name), else one on the PATH."""
    wanted = os.environ.get("CHROMIUM", "").strip()
    if wanted:
        return shutil.which(wanted)
    for name in BROWSER_NAMES:
        if path := shutil.which(name):
            return path
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 at a free port; yields its base URL (ending in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def launch(playwright, executable: str):
    """Headless Chromium from ``executable`` (Playwright cannot download a browser here)."""
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


def print_to_pdf(page, url: str, path: Path, paper: str = "A4") -> int:
    """Load ``url`` and print it to ``path`` as the browser's print dialog would; returns the page count."""
    page.goto(url, wait_until="load")
    return _print_loaded(page, path, paper)


def _print_loaded(page, path: Path, paper: str) -> int:
    from pypdf import PdfReader

    page.evaluate("document.fonts.ready.then(() => true)")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Chromium fires beforeprint/afterprint around page.pdf() as around the print dialog, so the page's own
    # print preparation (annotations.js: every <details> opened) runs as it would for a reader. The outline
    # (PDF bookmarks) comes from the headings.
    page.pdf(path=str(path), format=paper, print_background=True, prefer_css_page_size=False,
             outline=True, tagged=True)
    return len(PdfReader(str(path)).pages)


_NUMBER_CONTENTS = """(pages) => {
  let done = 0;
  for (const a of document.querySelectorAll(".briefing-toc a")) {
    const number = pages[a.href];
    if (!number) continue;
    let span = a.parentElement.querySelector(".toc-page");
    if (!span) { span = document.createElement("span"); span.className = "toc-page"; a.parentElement.appendChild(span); }
    span.textContent = String(number);
    done++;
  }
  return done;
}"""


_TOPIC_LINKS = """() => [...document.querySelectorAll(".briefing-toc a")].map(a => a.href)"""
_NO_PRINT_HEADER = ".print-header { display: none !important; }"  # a topic inside the book is no document of its own


def print_briefing_book(page, url: str, path: Path, paper: str = "A4") -> int:
    """The briefing book as one PDF: its contents page (``url``), numbered with the page each topic starts on,
    then each topic's page (``briefing/<topic>/``, without the print header, which the contents page has),
    each starting on a new page. The topics are printed one by one, so no page of everything is ever loaded."""
    from pypdf import PdfWriter

    page.goto(url, wait_until="load")
    topics = page.evaluate(_TOPIC_LINKS)
    parts: list[Path] = []
    counts: list[int] = []
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        for i, href in enumerate(topics):
            page.goto(href, wait_until="load")
            page.add_style_tag(content=_NO_PRINT_HEADER)
            parts.append(Path(tmp) / f"{i:04d}.pdf")
            counts.append(_print_loaded(page, parts[-1], paper))
        contents = Path(tmp) / "contents.pdf"
        page.goto(url, wait_until="load")
        front = _print_loaded(page, contents, paper)
        for _ in range(3):  # the numbers take room on the contents pages only; settle in a pass or two
            starts, number = {}, front + 1
            for href, count in zip(topics, counts):
                starts[href] = number
                number += count
            page.evaluate(_NUMBER_CONTENTS, starts)
            now = _print_loaded(page, contents, paper)
            if now == front:
                break
            front = now
        writer = PdfWriter()
        for part in [contents, *parts]:
            writer.append(str(part))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            writer.write(out)
    return front + sum(counts)


def topic_pages(site_dir: Path) -> list[str]:
    """The site URLs of every topic page (``topics/<id>/``), in name order; the topic index is not one."""
    return sorted(f"topics/{p.parent.name}/" for p in (site_dir / "topics").glob("*/index.html"))


def pdf_name(url: str) -> str:
    """``topics/export-controls/`` -> ``export-controls.pdf``; the briefing -> ``briefing-book.pdf``;
    any other page by its path (``actors/japan/`` -> ``actors-japan.pdf``, the home page -> ``home.pdf``)."""
    if url == BRIEFING:
        return "briefing-book.pdf"
    parts = url.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "topics":
        return parts[1] + ".pdf"
    return ("-".join(p for p in parts if p) or "home") + ".pdf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site (e.g. site, from `make build`)")
    parser.add_argument("out", type=Path, help="where the PDFs go (created if needed)")
    parser.add_argument("--paper", choices=PAPERS, default="A4", help="paper size (default: A4)")
    parser.add_argument("--page", action="append", metavar="URL",
                        help="print only this site page (e.g. tracker/ or actors/japan/); repeatable")
    args = parser.parse_args(argv)

    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} holds no built site: run `make build` first")
    executable = find_chromium()
    if not executable:
        print("No Chromium found: install Debian's chromium (apt-get install chromium) or set CHROMIUM=/path/to/chrome.",
              file=sys.stderr)
        return 2
    urls = args.page or [*topic_pages(args.site), BRIEFING]
    missing = [u for u in urls if not (args.site / u / "index.html").is_file()]
    if missing:
        parser.error("no such page in the site: " + ", ".join(missing))

    from playwright.sync_api import sync_playwright

    with serve(args.site) as base, sync_playwright() as pw:
        browser = launch(pw, executable)
        try:
            page = browser.new_page()
            total = 0
            for url in urls:
                path = args.out / pdf_name(url)
                printer = print_briefing_book if url == BRIEFING else print_to_pdf
                count = printer(page, base + url, path, args.paper)
                total += count
                print(f"{path}  {count} page{'' if count == 1 else 's'} ({args.paper})")
        finally:
            browser.close()
    print(f"{len(urls)} PDFs, {total} pages, in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
