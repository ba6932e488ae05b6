"""Helpers for the browser tests: scripts/pdf.py (server, browser, printing), scripts/bench_serve.py
(`make serve` on a copy of the project), a browser context that reaches nothing but 127.0.0.1, and PDF
text as it reads."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from tests.sitebuild import ROOT


def _load_script(name: str, file: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pdf_script = _load_script("pdf_script", "pdf.py")
bench_serve = _load_script("bench_serve", "bench_serve.py")  # `make serve` on a copy of the project


def _local_only(route) -> None:
    """Nothing leaves this machine: any request not for 127.0.0.1 is refused."""
    if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def new_context(browser, base_url: str, width: int = 1280, height: int = 900, **options):
    """A context that reaches nothing but 127.0.0.1, its window ``width`` × ``height`` CSS pixels."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height},
                                  accept_downloads=True, **options)
    context.route("**/*", _local_only)
    context.set_default_timeout(15_000)
    return context


def squeeze(text: str) -> str:
    """Text compared as it reads, whatever the line breaks: NFKC, no soft hyphens, no whitespace at all
    (a PDF's extracted text breaks lines, and long addresses, anywhere)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


FOOTER = re.compile(r"Page \d+ of \d+")


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, without the page-number footer."""
    from pypdf import PdfReader

    return [FOOTER.sub(" ", page.extract_text() or "") for page in PdfReader(str(path)).pages]
