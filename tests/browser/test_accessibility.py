"""Accessibility: axe-core (bundled by the PyPI package axe-playwright-python) finds no serious or critical
violation on the home, report, topic, actor and tracker pages, nor in the open search with its results, in
the light and the dark scheme."""

from __future__ import annotations

import pytest

from tests.browser.helpers import new_context

pytestmark = pytest.mark.browser

SEVERE = {"serious", "critical"}
# (rule, CSS selector) pairs of violations in Material's own markup that we cannot fix. None at present:
# the search dialog is named in overrides/partials/search.html, contrast issues are fixed by annotations.css.
ALLOWED: set[tuple[str, str]] = set()


def pages(index) -> dict[str, str]:
    report = min(index.reports, key=lambda r: len(index.by_report.get(r.slug, [])))
    topic = max(index.topics, key=lambda t: len({a.report for a in index.by_topic.get(t.id, [])}))
    actor = max(index.actors, key=lambda a: (len({x.kind for x in index.by_actor.get(a.id, [])}),
                                             -len(index.by_actor.get(a.id, []))))
    return {"home": "", "report": f"reports/{report.slug}/", "topic": f"topics/{topic.id}/",
            "actor": f"actors/{actor.id}/", "tracker": "tracker/", "search": f"topics/{topic.id}/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["home", "report", "topic", "actor", "tracker", "search"])
def test_no_serious_accessibility_violations(browser, base_url, index, kind, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser, base_url, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(pages(index)[kind])
        if kind == "tracker":
            page.locator(".tracker-filters").wait_for(state="visible")  # scan the filters too
        if kind == "search":  # the search open, with results (and a result focused), over a topic page
            page.keyboard.press("/")
            page.locator(".md-search__input").fill(index.topics[0].title)
            page.locator(".md-search-result__link").first.wait_for(state="visible")
            page.keyboard.press("ArrowDown")
        results = Axe().run(page).response
    finally:
        context.close()
    severe = [(v["id"], v["impact"], target, node["failureSummary"])
              for v in results["violations"] if v["impact"] in SEVERE
              for node in v["nodes"] for target in [" ".join(map(str, node["target"]))]
              if (v["id"], target) not in ALLOWED]
    assert not severe, "\n".join(f"{rule} ({impact}) at {target}: {why}" for rule, impact, target, why in severe)
