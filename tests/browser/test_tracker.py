"""The tracker in a browser: status chips that filter (several at once) and count, free text, drop-down
filters kept in the address, sorting by progress, the empty state and a caption saying what is shown,
downloads named after the filter holding exactly the rows shown, cards on a phone, the status chart,
and the page without JavaScript. Expected rows come from the YAML, not from the page; every expectation
is an invariant that holds for any corpus."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from macros.index import label
from tests.browser.helpers import new_context

pytestmark = pytest.mark.browser


def _values(ann, kind: str) -> list[str]:
    return {"status": [ann.status], "report": [ann.report], "actor": list(ann.actors), "topic": list(ann.topics)}[kind]


def pick(index, kind: str) -> tuple[str, list[str]]:
    """A filter value that shows some recommendations but not all (the most such), and those ids in order."""
    recs = index.recommendations
    values = {v for a in recs for v in _values(a, kind)}
    best = max((v for v in values if 0 < sum(v in _values(a, kind) for a in recs) < len(recs)),
               key=lambda v: (sum(v in _values(a, kind) for a in recs), v))
    return best, [a.id for a in recs if best in _values(a, kind)]


def statuses_in_use(index) -> list[str]:
    """The statuses some recommendation has, most used first."""
    return [s for s, _ in Counter(a.status for a in index.recommendations).most_common()]


def visible_ids(page) -> list[str]:
    return page.locator(".tracker-table tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.id)")


def caption(page) -> str:
    return page.locator(".tracker-table caption").inner_text()


def chip(page, status: str):
    return page.locator(f".status-totals button.status-chip[data-status={status}]")


@pytest.fixture
def tracker(page):
    page.goto("tracker/")
    page.locator(".tracker-filters").wait_for(state="visible")
    return page


def test_without_filters_every_recommendation_shows(tracker, index):
    assert visible_ids(tracker) == [a.id for a in index.recommendations]
    reports = len({a.report for a in index.recommendations})
    assert caption(tracker) == f"{len(index.recommendations)} recommendations from {reports} report{'s' * (reports != 1)}"
    assert tracker.locator(".tracker-empty").is_hidden()


def test_chips_show_every_status_with_its_count_and_filter(tracker, index):
    counts = dict(index.status_counts())
    shown = tracker.locator(".status-totals .status-chip").evaluate_all(
        "cs => cs.map(c => [c.tagName, c.dataset.status, c.querySelector('.total').textContent, c.disabled])")
    assert shown == [["BUTTON", s, str(n), n == 0] for s, n in counts.items()]  # zeros shown, and not choosable
    status = statuses_in_use(index)[-1]
    expected = [a.id for a in index.recommendations if a.status == status]
    chip(tracker, status).click()
    assert chip(tracker, status).get_attribute("aria-pressed") == "true"
    assert visible_ids(tracker) == expected
    total = len(index.recommendations)
    assert caption(tracker) == f"{len(expected)} of {total} recommendations: status {label(status).lower()}"
    assert f"status={status}" in tracker.url
    chip(tracker, status).click()  # pressed again: off
    assert len(visible_ids(tracker)) == total and "status=" not in tracker.url


def test_several_statuses_at_once(tracker, index):
    used = statuses_in_use(index)
    if len(used) < 2:
        pytest.fail("the test wants a corpus with recommendations at two statuses or more")
    first, second = used[-1], used[-2]
    chip(tracker, first).click()
    chip(tracker, second).click()
    assert visible_ids(tracker) == [a.id for a in index.recommendations if a.status in (first, second)]
    order = [s for s, _ in index.vocab.statuses]
    both = sorted([first, second], key=order.index)  # named in the vocabulary's order, as the chips are
    assert f"status {label(both[0]).lower()} or {label(both[1]).lower()}" in caption(tracker)
    tracker.goto(tracker.url)  # a shared link opens with the same chips pressed
    tracker.locator(".tracker-filters").wait_for(state="visible")
    pressed = tracker.locator(".status-chip[aria-pressed=true]").evaluate_all("cs => cs.map(c => c.dataset.status)")
    assert pressed == both


def test_chip_counts_follow_the_other_filters(tracker, index):
    report, ids = pick(index, "report")
    tracker.select_option("select[data-filter=report]", report)
    counts = Counter(a.status for a in index.recommendations if a.id in ids)
    for status, _ in index.vocab.statuses:
        assert chip(tracker, status).locator(".total").inner_text() == str(counts[status])
        assert chip(tracker, status).is_disabled() == (counts[status] == 0)


@pytest.mark.parametrize("kind", ["actor", "topic", "report"])
def test_a_drop_down_filter_shows_its_rows_only(tracker, index, kind):
    value, expected = pick(index, kind)
    tracker.select_option(f"select[data-filter={kind}]", value)
    assert visible_ids(tracker) == expected
    assert caption(tracker).startswith(f"{len(expected)} of {len(index.recommendations)} recommendations: ")
    assert f"{kind}={value}" in tracker.url


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def test_free_text_searches_recommendation_report_and_addressees(tracker, index):
    actor_id, _ = pick(index, "actor")
    name = index.corpus.actors[actor_id].name
    query = name.upper()  # any case

    def haystack(a) -> str:
        return fold(" ".join([a.summary, index.report(a).display_title, *(index.corpus.actors[x].name for x in a.actors)]))
    expected = [a.id for a in index.recommendations if all(w in haystack(a) for w in fold(query).split())]
    tracker.fill("input[data-filter=text]", query)
    assert visible_ids(tracker) == expected and expected
    assert caption(tracker).endswith(f"matching “{query}”")
    assert "text=" in tracker.url
    tracker.goto(tracker.url)  # a shared link opens with the same text, and not the site's search
    tracker.locator(".tracker-filters").wait_for(state="visible")
    assert tracker.input_value("input[data-filter=text]") == query and visible_ids(tracker) == expected
    assert not tracker.evaluate("document.querySelector('[data-md-toggle=search]').checked")
    title = index.reports[0].display_title  # a report's title finds its recommendations
    tracker.fill("input[data-filter=text]", title)
    assert set(visible_ids(tracker)) >= {a.id for a in index.recommendations if a.report == index.reports[0].slug}


def test_nothing_matches_row_and_caption(tracker, index):
    tracker.fill("input[data-filter=text]", "zzqx no such words anywhere")
    assert visible_ids(tracker) == []
    empty = tracker.locator(".tracker-empty")
    assert empty.is_visible() and "No recommendation matches" in empty.inner_text()
    assert caption(tracker) == f"0 of {len(index.recommendations)} recommendations: matching “zzqx no such words anywhere”"
    box = tracker.locator(".tracker-table").bounding_box()
    assert box["width"] > 300 and box["height"] > 80  # not a squashed header
    empty.locator("button[data-reset]").click()
    assert len(visible_ids(tracker)) == len(index.recommendations) and empty.is_hidden()
    assert tracker.input_value("input[data-filter=text]") == ""


def test_sorting_by_status_follows_progress(tracker, index):
    order = [s for s, _ in index.vocab.statuses]
    tracker.click("th[data-key=status] button")
    assert tracker.locator("th[data-key=status]").get_attribute("aria-sort") == "ascending"
    statuses = tracker.locator(".tracker-table tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses == sorted(statuses, key=order.index)  # the vocabulary's order, not alphabetical
    tracker.click("th[data-key=status] button")
    statuses = tracker.locator(".tracker-table tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses == sorted(statuses, key=order.index, reverse=True)


def _download(page, kind: str, name: str) -> str:
    with page.expect_download() as info:
        page.click(f".tracker-downloads [data-download={kind}]")
    download = info.value
    assert download.suggested_filename == name
    data = Path(download.path()).read_bytes()
    # The CSV starts with a byte-order mark, as data/tracker.csv, so that Excel reads UTF-8; JSON has none.
    assert data.startswith(b"\xef\xbb\xbf") == (kind == "csv")
    return data.decode("utf-8-sig")


def _published(site) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data" / "tracker.csv").read_text(encoding="utf-8-sig"))))


def _same_rows(got: list[dict], expected: list[dict]) -> None:
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    for mine, theirs in zip(got, expected):
        assert {k: v for k, v in mine.items() if k != "url"} == {k: v for k, v in theirs.items() if k != "url"}, mine["id"]
        assert urlsplit(mine["url"])[2:] == urlsplit(theirs["url"])[2:], mine["id"]


def test_downloads_are_named_after_the_filter_and_hold_the_visible_rows(tracker, index, site):
    published = _published(site)
    text = _download(tracker, "csv", "tracker.csv")  # no filter: the published file itself
    assert text == (site / "data" / "tracker.csv").read_bytes().decode("utf-8-sig")
    status = statuses_in_use(index)[-1]
    chip(tracker, status).click()
    shown = visible_ids(tracker)
    by_id = {r["id"]: r for r in published}
    text = _download(tracker, "csv", f"tracker-{status}.csv")
    assert text.splitlines()[0] == ",".join(published[0])  # the published columns, in order
    _same_rows(list(csv.DictReader(io.StringIO(text))), [by_id[i] for i in shown])
    topic, _ = pick(index, "topic")
    tracker.select_option("select[data-filter=topic]", topic)
    shown = visible_ids(tracker)
    records = json.loads(_download(tracker, "json", f"tracker-{status}-{topic}.json"))
    _same_rows([{k: str(v) for k, v in r.items()} for r in records], [by_id[i] for i in shown])


def test_sorted_rows_download_in_their_shown_order(tracker, index):
    chip(tracker, statuses_in_use(index)[0]).click()
    tracker.click("th[data-key=summary] button")
    ids = visible_ids(tracker)
    name = f"tracker-{statuses_in_use(index)[0]}.csv"
    assert [r["id"] for r in csv.DictReader(io.StringIO(_download(tracker, "csv", name)))] == ids


def test_chart_totals_match_the_index(tracker, index):
    """Per report and per topic, each bar's segments count the recommendations at each status."""
    recs = index.recommendations
    groups = tracker.locator(".tracker-chart .chart-group").evaluate_all("""gs => gs.map(g => [...g.querySelectorAll('.chart-row')]
        .map(r => [r.querySelector('.chart-label').getAttribute('href'),
                   Object.fromEntries([...r.querySelectorAll('rect')].map(x => [x.dataset.status, +x.dataset.count]))]))""")
    by_report, by_topic = groups
    assert sorted(h.rstrip("/").rsplit("/", 1)[-1] for h, _ in by_report) == sorted({a.report for a in recs})
    for href, counts in by_report:
        slug = href.rstrip("/").rsplit("/", 1)[-1]
        assert counts == Counter(a.status for a in recs if a.report == slug), slug
    assert sum(sum(c.values()) for _, c in by_report) == len(recs)
    for href, counts in by_topic:
        topic = href.rstrip("/").rsplit("/", 1)[-1]
        assert counts == Counter(a.status for a in recs if topic in a.topics), topic
    assert len(by_topic) == len({t for a in recs for t in a.topics})
    bar = tracker.locator(".tracker-chart svg.chart-bar").first.bounding_box()
    assert bar["height"] >= 10 and bar["width"] > 40


def test_without_javascript_the_table_chart_and_totals_read(browser, base_url, index):
    context = new_context(browser, base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("tracker/")
        assert page.locator(".tracker-filters").is_hidden()
        assert len(visible_ids(page)) == len(index.recommendations)
        assert page.locator(".tracker-chart svg.chart-bar").count() >= 1
        totals = page.locator(".status-totals .status-chip").evaluate_all("cs => cs.map(c => [c.tagName, c.dataset.status])")
        assert totals == [["SPAN", s] for s, _ in index.vocab.statuses]
        assert page.locator(".tracker-downloads a[data-download=csv]").get_attribute("href").endswith("data/tracker.csv")
    finally:
        context.close()


PHONE = {"width": 390, "height": 844}


def test_on_a_phone_rows_are_cards_and_nothing_is_clipped(browser, base_url, index):
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        page.goto("tracker/")
        page.locator(".tracker-filters").wait_for(state="visible")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        rows = page.locator(".tracker-table tbody tr").evaluate_all("""rows => rows.map(r => {
            const b = r.getBoundingClientRect();
            return [getComputedStyle(r).display, b.left, b.right, b.height,
                    Math.max(...[...r.cells].map(c => c.getBoundingClientRect().right))]; })""")
        for display, left, right, height, cells_right in rows:
            assert display != "table-row" and left >= 0 and right <= PHONE["width"] and cells_right <= right + 0.5
            assert height < 420  # a card, not a 9-column row
        # Chips and chart wrap inside the column: none clipped at either edge.
        edges = page.locator(".status-totals .status-chip, .tracker-chart .chart-row").evaluate_all(
            "es => es.map(e => { const b = e.getBoundingClientRect(); return [b.left, b.right]; })")
        assert all(0 <= left and right <= PHONE["width"] for left, right in edges)
        assert page.locator(".status-totals").evaluate("e => getComputedStyle(e).display") == "flex"
        height = page.evaluate("document.documentElement.scrollHeight")
        per_card = sum(r[3] for r in rows) / len(rows)
        print(f"\ntracker at {PHONE['width']} px: page {height} px tall, {len(rows)} cards, {per_card:.0f} px a card on average")
        assert per_card < 320
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_filtered_and_empty_tracker_has_no_serious_accessibility_violation(browser, base_url, index, scheme, width):
    """The states test_accessibility.py does not reach: chips pressed and disabled, the empty row, the cards."""
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser, base_url, color_scheme=scheme)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("tracker/")
        page.locator(".tracker-filters").wait_for(state="visible")
        page.locator("details.tracker-more").first.evaluate("d => d.open = true")
        chip(page, statuses_in_use(index)[-1]).click()
        found = [Axe().run(page).response]
        page.fill("input[data-filter=text]", "zzqx")
        found.append(Axe().run(page).response)
    finally:
        context.close()
    severe = [(v["id"], " ".join(map(str, n["target"])), n["failureSummary"]) for r in found for v in r["violations"]
              if v["impact"] in {"serious", "critical"} for n in v["nodes"]]
    assert not severe, "\n".join(map(str, severe))


def test_data_page_file_names_break_between_words_only(browser, base_url):
    """On a phone, each file name wraps only after a slash or a hyphen; each file shows its format and size."""
    context = new_context(browser, base_url)
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        page.goto("data/")
        # Each link's text, line by line as laid out (characters grouped by the top of their box).
        lines = page.locator("table.data-files .file-name a").evaluate_all("""links => links.map(a => {
            const out = [];
            for (const n of a.childNodes) if (n.nodeType === 3) for (let i = 0; i < n.length; i++) {
                const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                const top = Math.round(r.getClientRects()[0].top);
                if (!out.length || Math.abs(out[out.length - 1][0] - top) > 4) out.push([top, ""]);
                out[out.length - 1][1] += n.data[i];
            }
            return out.map(l => l[1]); })""")
        assert lines and all(len(l) >= 1 for l in lines)
        broken = [l for l in lines if any(not part.endswith(("/", "-")) for part in l[:-1])]
        assert not broken, broken
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        sizes = page.locator("table.data-files .file-size").all_inner_texts()
        assert sizes and all(re.fullmatch(r"\d+(\.\d)? (bytes?|kB|MB|GB)", s) for s in sizes), sizes
        assert page.locator("table.data-files .file-format").first.is_visible()
    finally:
        context.close()


def test_on_a_wide_screen_every_column_shows_without_scrolling(tracker):
    """At 1280 px the table fits its column (the page gives up the one-entry navigation sidebar for it)."""
    wrap = tracker.locator(".tracker-wrap").evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert wrap[0] <= wrap[1]
    assert tracker.locator("th[data-key=checked]").is_visible()
