"""Browser tests: the built site served on 127.0.0.1 and driven in Chromium through Playwright for Python.

One server and one browser per session, on the site the ``site`` fixture builds once. The browser is
$CHROMIUM or one on the PATH (``make test`` finds or installs Debian's chromium and exports CHROMIUM).
Without one the tests are skipped, and the summary says why; with CI=true they fail instead, since CI
must run them. Server, browser and printing code are scripts/pdf.py's, so `make pdf` is what is tested.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterator

import pytest

from tests.browser.helpers import new_context, pdf_script

NO_BROWSER = "no Chromium found: install Debian's chromium (apt-get install chromium) or set CHROMIUM=/path/to/chromium"
NO_PLAYWRIGHT = "Playwright for Python is not installed: run `make test` (it installs requirements.txt)"


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}: CI must run the browser tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser's path; skipped without one (failed in CI)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing(NO_PLAYWRIGHT)
    path = pdf_script.find_chromium()
    if not path:
        _missing(NO_BROWSER)
    return path


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 at a free port for the whole session."""
    with pdf_script.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pdf_script.launch(pw, chromium)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str):
    """A fresh page; the test fails if a script on it threw."""
    context = new_context(browser, base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def public_root(site: Path) -> str:
    """The site's public address (site_url), as its pages state it in <link rel=canonical>."""
    html = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    assert found, "the home page has no canonical address: is site_url set in mkdocs.yml?"
    return found.group(1)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say plainly, at the end of the run, that the browser tests did not run and why."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if any(reason in str(r.longrepr) for reason in (NO_BROWSER, NO_PLAYWRIGHT))]
    if skipped:
        reason = NO_PLAYWRIGHT if any(NO_PLAYWRIGHT in str(r.longrepr) for r in skipped) else NO_BROWSER
        terminalreporter.write_sep("!", f"{len(skipped)} browser tests were NOT run: {reason}", yellow=True, bold=True)

