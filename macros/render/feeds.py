"""Atom feeds (RFC 4287): status changes of recommendations, new reports, and status changes by topic.

Every id and date comes from the data, never from the build's clock, so that two builds of the same
data write the same feeds and a feed reader shows an entry as new only when the data has a new event:

- A status is an event when it differs from the one before it: checking a recommendation again and
  finding the same status (a later ``as_of``, the same ``status``) is no change and no new entry.
- An entry's ``id`` is a ``tag:`` URI (RFC 4151), ``tag:<site host>,2026:<what>``: for a status, the
  annotation id, ``status``, the status and the ``as_of`` of the first check that found it; for evidence, the annotation id,
  ``evidence``, its date as written and the first 12 hex digits of the SHA-256 of its source URL;
  for a report, ``report`` and its slug. Two events that would share an id get ``~2``, ``~3``... in
  the order the YAML lists them.
- ``updated`` is the event's own date; a partial date stands for the first day of its period
  (``2023-05`` is 2023-05-01, ``2023`` is 2023-01-01), at midnight UTC. The date as written is kept
  in the entry's title.
- A feed's ``updated`` is its newest entry's; a feed without entries takes the newest date of the
  reports it covers (their publication dates), so it too is the same from build to build. A report's
  unverified date never stands as a feed's ``updated``: a timestamp cannot carry the mark.
- Entries are newest first; entries of the same date by id.
- A feed holds its newest ``ENTRIES`` entries: a feed reader fetches the whole file on every poll and
  keeps what it has seen, so older events need not travel again (every status and piece of evidence stays
  on its recommendation's card, every report in the list of reports). Its ``updated`` is the same either way.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from macros.index import Index, label
from macros.model import Annotation, Report
from macros.render.citation import chicago, human_date, marked
from macros.render.exports import file_size
from macros.render.templates import render
from macros.render.urls import Urls

if TYPE_CHECKING:
    from macros.render.kit import Kit

ATOM = "http://www.w3.org/2005/Atom"
FEEDS = {"status": "feeds/status.xml", "reports": "feeds/reports.xml"}
TOPIC_FEEDS = "feeds/topics"
# The entries a feed holds, newest first. Holding every one, the benchmark's 1,000-report status feed had 4,173
# entries (5.8 MB), which each subscriber's reader would fetch whole on every poll.
ENTRIES = 50
TAG_DATE = "2026"  # the year the site's feeds began: part of every entry id (RFC 4151), never the build's
_FALLBACK_HOST = "policy-reports.invalid"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def topic_feed(topic_id: str) -> str:
    """The site path of a topic's feed."""
    return f"{TOPIC_FEEDS}/{topic_id}.xml"


def timestamp(date: str) -> str:
    """A (partial) date as an RFC 3339 time: the first day of its period, midnight UTC."""
    year, month, day = (date.split("-") + ["01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


@dataclass(frozen=True)
class Entry:
    """One event: ``key`` is the id's last part, ``date`` the date as written, ``link`` an absolute URL."""

    key: str
    date: str
    title: str
    link: str
    content: str
    related: str = ""
    published: str = ""
    verified: bool = True
    """False when ``date`` is a report's unverified date: the entry's title says so; the feed's updated skips it."""


def status_entries(ann: Annotation, report: Report, site_url: str, urls: Urls = Urls()) -> list[Entry]:
    """A recommendation's events: each earlier status, the current one (when dated), each piece of evidence."""
    link = site_url + urls.passage(ann)
    entries = []
    statuses = [(h.status, h.as_of, h.note) for h in ann.history]
    if ann.as_of:  # a status never checked ('not yet assessed' without a date) is no event
        statuses.append((ann.status, ann.as_of, ""))
    for status, as_of, note in _changes(statuses):
        text = f"{ann.summary}\n\nStatus: {label(status)}, as of {as_of}." + (f"\n\n{note}" if note else "")
        entries.append(Entry(f"{ann.id}/status/{status}/{as_of}", as_of,
                             f"{label(status)} (as of {as_of}): {ann.summary}", link, text + _from(report)))
    for ev in ann.evidence:
        digest = hashlib.sha256(ev.source.encode("utf-8")).hexdigest()[:12]
        entries.append(Entry(f"{ann.id}/evidence/{ev.date}/{digest}", ev.date, f"Evidence ({ev.date}): {ann.summary}",
                             link, f"{ann.summary}\n\n{ev.date}: {ev.event}\n\nSource: {ev.source}" + _from(report),
                             related=ev.source))
    return entries


def _changes(statuses: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The statuses (oldest first) that differ from the one before: a re-check that found no change is dropped."""
    return [s for i, s in enumerate(statuses) if i == 0 or s[0] != statuses[i - 1][0]]


def _from(report: Report) -> str:
    return f"\n\nFrom: {chicago(report)}"


def report_entry(report: Report, index: Index, site_url: str, urls: Urls = Urls()) -> Entry:
    """A report as a new page on the site, dated by its publication date (unverified dates are said so)."""
    items = index.by_report.get(report.slug, [])
    recs = sum(a.is_recommendation for a in items)
    text = f"{chicago(report)}\n\n{len(items)} annotations, {recs} of them recommendations."
    verified = not report.is_uncertain("date")
    when = human_date(report.date) + ("" if verified else ", unverified")
    publisher = marked(report.publisher, report, "publisher")
    return Entry(f"report/{report.slug}", report.date, f"{report.display_title} ({publisher}, {when})",
                 site_url + urls.report(report.slug), text, published=timestamp(report.date) if verified else "",
                 verified=verified)


def _host(site_url: str) -> str:
    return urlsplit(site_url).hostname or _FALLBACK_HOST


def _ordered(entries: list[Entry]) -> list[Entry]:
    """Newest first; a key met again gets ~2, ~3 (in the order given, which is the YAML's)."""
    seen: Counter[str] = Counter()
    unique = []
    for e in entries:
        seen[e.key] += 1
        unique.append(e if seen[e.key] == 1 else replace(e, key=f"{e.key}~{seen[e.key]}"))
    return sorted(unique, key=lambda e: (timestamp(e.date), e.key), reverse=True)


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def atom(title: str, path: str, alternate: str, entries: list[Entry], fallback_date: str, site_url: str,
         author: str, limit: int | None = ENTRIES) -> str:
    """An Atom document of the newest ``limit`` entries (None: all): ``path`` is the feed's own site path,
    ``alternate`` the page it follows."""
    host = _host(site_url)
    entries = _ordered(entries)
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "id").text = f"tag:{host},{TAG_DATE}:{path}"
    ET.SubElement(feed, "title").text = _text(title)
    dated = [e for e in entries if e.verified]
    ET.SubElement(feed, "updated").text = timestamp(dated[0].date) if dated else timestamp(fallback_date)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=site_url + path)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=site_url + alternate)
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = _text(author)
    for e in entries[:limit]:
        item = ET.SubElement(feed, "entry")
        ET.SubElement(item, "id").text = f"tag:{host},{TAG_DATE}:{e.key}"
        ET.SubElement(item, "title").text = _text(e.title)
        ET.SubElement(item, "updated").text = timestamp(e.date)
        if e.published:
            ET.SubElement(item, "published").text = e.published
        ET.SubElement(item, "link", rel="alternate", type="text/html", href=e.link)
        if e.related:
            ET.SubElement(item, "link", rel="related", href=e.related)
        ET.SubElement(item, "content", type="text").text = _text(e.content)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _newest(reports: list[Report]) -> str:
    return max((r.date for r in reports if not r.is_uncertain("date")), key=timestamp, default="1970")


def feeds(index: Index, site_url: str, urls: Urls = Urls(), site_name: str = "Policy reports",
          limit: int | None = ENTRIES) -> dict[str, str]:
    """Every feed file: site path -> Atom XML, each of its newest ``limit`` entries (None: all)."""
    def events(items: list[Annotation]) -> list[Entry]:
        return [e for a in items if a.is_recommendation for e in status_entries(a, index.report(a), site_url, urls)]

    out = {FEEDS["status"]: atom(f"{site_name}: status changes", FEEDS["status"], urls.page("tracker"),
                                 events(list(index.annotations.values())), _newest(index.reports), site_url, site_name, limit),
           FEEDS["reports"]: atom(f"{site_name}: new reports", FEEDS["reports"], urls.index("reports"),
                                  [report_entry(r, index, site_url, urls) for r in index.reports], _newest(index.reports),
                                  site_url, site_name, limit)}
    for topic in index.topics:
        items = index.by_topic.get(topic.id, [])
        covered = [index.corpus.reports[s] for s in {a.report for a in items}] or index.reports
        out[topic_feed(topic.id)] = atom(f"{site_name}: status changes in {topic.title}", topic_feed(topic.id),
                                         urls.topic(topic.id), events(items), _newest(covered), site_url, site_name, limit)
    return out


def feed_links(topic_id: str | None = None) -> list[tuple[str, str]]:
    """The feeds a page offers in its head, as (title, site path): every page the two site-wide ones,
    a topic page its own first."""
    links = [("Status changes", FEEDS["status"]), ("New reports", FEEDS["reports"])]
    return ([("Status changes in this topic", topic_feed(topic_id))] if topic_id else []) + links


def feed_list(kit: Kit, base: str, sizes: Mapping[str, int] | None = None) -> Markup:
    """The feeds, for the Data page (``feed-list.html`` lays them out): the site-wide ones, then one per topic,
    each with its size in bytes as written (``sizes``, by site path, from the build; else counted here)."""
    if sizes is None:
        sizes = {path: len(xml.encode("utf-8")) for path, xml in feeds(kit.index, kit.site_url, kit.urls).items()}

    def item(title: str, path: str) -> dict[str, Any]:
        return {"title": title, "href": base + path, "path": path, "bytes": sizes[path], "size": file_size(sizes[path])}
    return render(kit.templates, "feed-list.html",
                  feeds=[item("Status changes of every recommendation", FEEDS["status"]), item("New reports", FEEDS["reports"])],
                  topics=[item(t.title, topic_feed(t.id)) for t in kit.index.topics])
