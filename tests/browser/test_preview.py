"""`make serve` as a contributor uses it: a copy of this project served by `mkdocs serve` on a free port, a
YAML summary edited (the page reloads with it), the YAML broken (the page lists the problems the check
finds, at the same address), then fixed (the report page again). Timings are scripts/bench_serve.py's job."""

from __future__ import annotations

import pytest

from tests.browser.helpers import bench_serve as bench
from tests.browser.helpers import new_context

pytestmark = pytest.mark.browser


def test_serve_shows_an_edit_then_the_problems_then_the_site_again(browser, tmp_path):
    from playwright.sync_api import expect

    from macros.glue.config import load_project
    from macros.validation import load_checked

    root = bench.copy_project(tmp_path / "project")
    source = min(p for p in (root / "annotations").glob("*.yml") if p.stem not in ("topics", "actors"))
    good = source.read_text(encoding="utf-8")
    with bench.serve(root, tmp_path / "serve.log") as (url, _):
        context = new_context(browser, url)
        page = context.new_page()
        page.goto(f"reports/{source.stem}/")
        expect(page.locator("#annotations-in-this-report")).to_be_visible()

        bench.edit_summary(source, "Livepreviewword")
        expect(page.locator(".anno-card").filter(has_text="Livepreviewword")).to_have_count(1, timeout=30_000)

        source.write_text(good + "  - id: [unclosed\n", encoding="utf-8")
        problems = load_checked(load_project(root))[1]
        assert problems
        expect(page.locator(".preview-problems")).to_be_visible(timeout=30_000)
        assert page.url.endswith(f"reports/{source.stem}/")  # the same address, now showing the problems
        items = page.locator(".problem")
        try:  # a save seen half-written shows first what it saw; the complete file follows (slow on a busy machine)
            expect(items).to_have_count(len(problems), timeout=60_000)
        except AssertionError as err:
            log = (tmp_path / "serve.log").read_text(encoding="utf-8")[-4000:]
            raise AssertionError(f"{err}\npage: {page.locator('main').inner_text()}\nserver log: {log}") from None
        for problem in problems:
            where = f"{problem.path}:{problem.line}:{problem.col}"
            item = items.filter(has=page.locator("code.where", has_text=where))
            expect(item).to_contain_text(problem.message)
            expect(item.locator(".hint")).to_have_text(f"hint: {problem.hint}")

        source.write_text(good, encoding="utf-8")
        expect(page.locator("#annotations-in-this-report")).to_be_visible(timeout=30_000)
        expect(page.locator(".preview-problems")).to_have_count(0)
        context.close()
