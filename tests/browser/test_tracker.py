"""The tracker in a browser: the filters change the visible rows, the address keeps them, and the CSV and
JSON downloads hold exactly the rows shown. Expected rows come from the YAML, not from the page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

COLUMNS = ["id", "summary", "report", "date", "addressees", "topics", "status", "as_of", "url"]


def _values(ann, kind: str) -> list[str]:
    return {"status": [ann.status], "report": [ann.report], "actor": list(ann.actors), "topic": list(ann.topics)}[kind]


def pick(index, kind: str) -> tuple[str, list[str]]:
    """A filter value that shows some recommendations but not all (the most such), and those ids in order."""
    recs = index.recommendations
    values = {v for a in recs for v in _values(a, kind)}
    best = max((v for v in values if 0 < sum(v in _values(a, kind) for a in recs) < len(recs)),
               key=lambda v: (sum(v in _values(a, kind) for a in recs), v))
    return best, [a.id for a in recs if best in _values(a, kind)]


def visible_ids(page) -> list[str]:
    return page.locator(".tracker-table tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.id)")


@pytest.fixture
def tracker(page):
    page.goto("tracker/")
    page.locator(".tracker-filters").wait_for(state="visible")
    return page


def test_without_filters_every_recommendation_shows(tracker, index):
    assert visible_ids(tracker) == [a.id for a in index.recommendations]
    assert tracker.locator(".shown-count").inner_text() == str(len(index.recommendations))


@pytest.mark.parametrize("kind", ["status", "actor", "topic", "report"])
def test_a_filter_shows_its_rows_only(tracker, index, kind):
    value, expected = pick(index, kind)
    tracker.select_option(f"select[data-filter={kind}]", value)
    assert visible_ids(tracker) == expected
    assert tracker.locator(".shown-count").inner_text() == str(len(expected))
    assert f"{kind}={value}" in tracker.url


def test_filters_combine_reset_and_live_in_the_address(tracker, index):
    status, _ = pick(index, "status")
    actor = next(a for r in index.recommendations if r.status == status for a in r.actors)
    expected = [a.id for a in index.recommendations if a.status == status and actor in a.actors]
    tracker.select_option("select[data-filter=status]", status)
    tracker.select_option("select[data-filter=actor]", actor)
    assert visible_ids(tracker) == expected
    address = tracker.url
    tracker.click("button[data-reset]")
    assert len(visible_ids(tracker)) == len(index.recommendations)
    assert "status=" not in tracker.url
    tracker.goto(address)  # a shared link opens with the same rows
    assert visible_ids(tracker) == expected
    assert tracker.locator("select[data-filter=status]").input_value() == status


def _download(page, kind: str) -> str:
    with page.expect_download() as info:
        page.click(f"button[data-download={kind}]")
    download = info.value
    assert download.suggested_filename == f"tracker.{kind}"
    data = Path(download.path()).read_bytes()
    # The CSV starts with a byte-order mark, as data/tracker.csv, so that Excel reads UTF-8; JSON has none.
    assert data.startswith(b"\xef\xbb\xbf") == (kind == "csv")
    return data.decode("utf-8-sig")


def _published(site, ids: list[str]) -> list[dict]:
    """The same rows from the site's own tracker.csv export (the Data page)."""
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "data" / "tracker.csv").read_text(encoding="utf-8-sig")))}
    return [rows[i] for i in ids]


def _same_rows(got: list[dict], expected: list[dict]) -> None:
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    for mine, theirs in zip(got, expected):
        for column in COLUMNS[:-1]:
            assert mine[column] == theirs[column], (mine["id"], column)
        # The address is the passage's, on whichever host serves the page.
        assert urlsplit(mine["url"])[2:] == urlsplit(theirs["url"])[2:], mine["id"]


@pytest.mark.parametrize("kind", ["status", "topic"])
def test_csv_download_holds_the_visible_rows(tracker, index, site, kind):
    value, expected = pick(index, kind)
    tracker.select_option(f"select[data-filter={kind}]", value)
    shown = visible_ids(tracker)
    assert shown == expected
    text = _download(tracker, "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    _same_rows(list(csv.DictReader(io.StringIO(text))), _published(site, shown))


def test_json_download_holds_the_visible_rows(tracker, index, site):
    value, expected = pick(index, "actor")
    tracker.select_option("select[data-filter=actor]", value)
    records = json.loads(_download(tracker, "json"))
    _same_rows([{k: str(v) for k, v in r.items()} for r in records], _published(site, expected))


def test_sorting_reorders_and_downloads_follow(tracker, index):
    tracker.click("th[data-key=status] button")
    assert tracker.locator("th[data-key=status]").get_attribute("aria-sort") == "ascending"
    statuses = tracker.locator(".tracker-table tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses == sorted(statuses)
    ids = visible_ids(tracker)
    assert [r["id"] for r in csv.DictReader(io.StringIO(_download(tracker, "csv")))] == ids
