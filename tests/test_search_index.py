"""The search index Pagefind writes into the built site (macros/searchindex.py, run by macros/glue/search.py):
what each page gives it, read back from Pagefind's own page fragments, and the theme override it relies on.
The browser side (the header's search, its downloads and keyboard) is tests/browser/test_search.py."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from macros.render.citation import chicago
from tests.sitebuild import MINI_ACTORS, MINI_TOPICS, ROOT, build_site, make_project

MATERIAL = Path(__import__("material").__file__).parent / "templates"
OURS = ROOT / "overrides" / "partials" / "header.html"
SEARCH_BLOCK = re.compile(r"\n *\{#- search: begin.*?\{#- search: end #\}\n", re.S)
MATERIAL_SEARCH = re.compile(r'\n *\{% if "material/search" in config.plugins %\}.*?\n    \{% endif %\}\n', re.S)


def fragments(site: Path) -> dict[str, dict]:
    """Every indexed page, by address: Pagefind's fragment (url, content, meta, anchors), read as its code does,
    from every part of the index (pagefind/parts.json)."""
    pages = {}
    folders = [site / "pagefind"] + [site / "pagefind" / p for p in json.loads((site / "pagefind" / "parts.json").read_text())]
    for path in (p for folder in folders for p in (folder / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        page = json.loads(raw[len(b"pagefind_dcd"):])
        pages[page["url"]] = page | {"file": path.name}
    return pages


@pytest.fixture(scope="module")
def corpus(index):
    """This repository's index (tests/conftest.py), under the name these tests give it."""
    return index


def test_the_header_is_materials_but_for_its_search() -> None:
    """overrides/partials/header.html copies Material's: a theme update that changes the header shows here."""
    ours = OURS.read_text(encoding="utf-8")
    theirs = (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8")
    assert SEARCH_BLOCK.search(ours) and MATERIAL_SEARCH.search(theirs)
    ours_rest = SEARCH_BLOCK.sub("\n", ours.split("-#}\n", 1)[1])
    assert ours_rest == MATERIAL_SEARCH.sub("\n", theirs)


def test_the_search_script_writes_no_html() -> None:
    """Excerpts and titles come from contributor text: the script builds nodes and sets text, never markup."""
    script = (ROOT / "docs" / "assets" / "search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment", script)


def test_topic_and_actor_pages_are_indexed_by_title_and_description_only(site: Path, corpus) -> None:
    pages = fragments(site)
    for topic in corpus.topics:
        page = pages[f"/topics/{topic.id}/"]
        assert page["meta"]["title"] == topic.title
        assert page["content"] == topic.description  # not its cards: they are indexed on their report pages
        assert topic.title.lower() in page["filters"]["name"]  # the filter that lists it first for its name
    for actor in corpus.actors:
        page = pages[f"/actors/{actor.id}/"]
        assert page["meta"]["title"] == actor.name
        assert actor.name.lower() in page["filters"]["name"]
        if actor.description:
            assert actor.description in page["content"]
        assert not any(a.summary in page["content"] for a in corpus.by_actor.get(actor.id, [])), actor.id


def test_cards_are_indexed_on_their_report_pages_under_their_titles(site: Path, corpus) -> None:
    """A card's title (its summary) is a heading with the id card-<id>: a result for its words leads there, and
    the site's script leads on to the marked passage."""
    pages = fragments(site)
    for report in corpus.reports:
        page = pages[f"/reports/{report.slug}/"]
        assert page["meta"]["title"] == report.display_title
        headings = {a["id"]: a["text"] for a in page["anchors"] if re.fullmatch(r"h[1-6]", a["element"])}
        for ann in corpus.by_report.get(report.slug, []):
            assert headings.get(f"card-{ann.id}") == ann.summary, ann.id
    assert not any(pages[f"/reports/{r.slug}/"]["filters"] for r in corpus.reports)  # no name filter
    cards = [url for url, page in pages.items() if any(a["id"].startswith("card-") for a in page["anchors"])]
    assert all(url.startswith("/reports/") for url in cards), cards


def test_what_search_leaves_out(site: Path, corpus) -> None:
    """The tracker (each recommendation is found by its card) and the briefing book (copies of cards) are not
    indexed, nor the lists of every report; no page indexes the theme's navigation, header, footer, the print
    header or permalink signs."""
    pages = fragments(site)
    assert "/tracker/" not in pages and "/briefing/" not in pages and "/404.html" not in pages
    assert {"/", "/about/", "/data/", "/reports/", "/topics/", "/actors/", "/contributing/"} <= set(pages)
    for url, page in pages.items():
        text = page["content"]
        assert "¶" not in text and "Skip to content" not in text and "Status as of" not in text, url
        assert "Report texts belong to their authors" not in text, url  # the footer's copyright line
    for url in ("/", "/reports/"):  # the lists of every report: each report is found by its own page
        assert not [r.slug for r in corpus.reports if chicago(r) in pages[url]["content"]], url


def test_pagefind_is_given_exactly_the_pages_with_a_part_marked_for_it(site: Path, monkeypatch) -> None:
    """The glue hands Pagefind the pages that mark a part for search and no other (the briefing, the tracker,
    a topic's later pages are left unread), and the index built from them holds every such page."""
    from types import SimpleNamespace

    from macros.glue import search
    from macros.searchindex import Indexed

    def url(path: Path) -> str:
        rel = path.relative_to(site).as_posix()
        return "/" + rel.removesuffix("index.html")

    marked = {p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert len(marked) < len(list(site.rglob("*.html")))  # the site has unmarked pages (the tracker at least)
    assert set(fragments(site)) == {url(p) for p in marked}

    given = []
    monkeypatch.setattr(search, "index_site", lambda site, exclude, pages, per_part: given.extend(pages) or Indexed(0, 0.0))
    plugin = search.PagefindPlugin()
    plugin.load_config({})
    plugin.on_pre_build(config=None)
    for path in site.rglob("*.html"):
        page = SimpleNamespace(file=SimpleNamespace(dest_uri=path.relative_to(site).as_posix()))
        plugin.on_post_page(path.read_text(encoding="utf-8"), page=page, config=None)
    plugin.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert sorted(given) == sorted(p.relative_to(site).as_posix() for p in marked)


def test_the_glob_lists_the_pages_or_falls_back_to_every_page() -> None:
    from macros.searchindex import pages_glob

    assert pages_glob(["reports/a/index.html", "index.html", "index.html"]) == "{index.html,reports/a/index.html}"
    assert pages_glob([]) is None  # nothing marked: Pagefind's own rule (every page) rather than an empty glob
    for odd in ("a b/index.html", "a,b/index.html", "x/{y}.html", "x/*.html", "é/index.html"):
        assert pages_glob(["index.html", odd]) is None, odd


def test_index_site_indexes_only_the_pages_it_is_given(tmp_path: Path) -> None:
    from macros.searchindex import index_site

    for name in ("index.html", "kept/index.html", "left/index.html", "odd name/index.html"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        word = name.split("/")[0].replace(" ", "").replace(".html", "")
        path.write_text(f"<html><body><main data-pagefind-body><h1>{word}</h1><p>zebra{word}</p></main></body></html>")
    assert index_site(tmp_path, pages=["index.html", "kept/index.html"]).pages == 2
    assert set(fragments(tmp_path)) == {"/", "/kept/"}
    assert index_site(tmp_path, pages=["kept/index.html", "odd name/index.html"]).pages == 4  # no glob: every page


def test_the_index_keeps_what_the_search_loads_and_nothing_of_pagefinds_own_interfaces(tmp_path: Path) -> None:
    """The header's search imports pagefind.js, which loads its worker, the entry, the metadata, the chunks and
    the WebAssembly of the index's language: Pagefind's UI bundles and other languages' WebAssembly are dead weight."""
    from macros.searchindex import UNUSED, index_site

    (tmp_path / "index.html").write_text('<html lang="en"><body><main data-pagefind-body><p>zebra</p></main></body></html>')
    index_site(tmp_path)
    output = tmp_path / "pagefind"
    names = {path.name for path in output.iterdir()}
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"en"}
    assert {"pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "index", "fragment"} <= names
    assert any(name.startswith("pagefind.en_") and name.endswith(".pf_meta") for name in names)
    assert not names & set(UNUSED)
    assert [name for name in names if name.startswith("wasm.")] == ["wasm.en.pagefind"]
    assert not names & {"pagefind-ui.js", "pagefind-component-ui.js", "pagefind-highlight.js"}  # written by Pagefind 1.5


def test_pages_are_split_into_parts_in_path_order_and_a_glob_less_list_is_one_part() -> None:
    from macros.searchindex import split

    pages = [f"reports/r{i}/index.html" for i in (3, 1, 2, 1)] + ["index.html"]
    assert split(pages, 2) == [["index.html", "reports/r1/index.html"], ["reports/r2/index.html", "reports/r3/index.html"]]
    assert split(pages, 500) == [sorted(set(pages))]
    assert split([], 2) == [None] and split(["odd name/index.html", "index.html"], 1) == [None]  # every page, one run


def test_a_large_index_is_written_in_parts_that_hold_each_page_once(tmp_path: Path) -> None:
    """Pagefind's memory grows with the pages of one run: past ``per_part`` pages the index is written in parts,
    which parts.json lists for the search to merge; each page is in exactly one part."""
    from macros.searchindex import index_site

    names = ["index.html"] + [f"r{i}/index.html" for i in range(4)] + ["unmarked/index.html"]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<html lang="en"><body><main data-pagefind-body><p>zebra {name[:2]}</p></main></body></html>')
    (tmp_path / "pagefind" / "part-9").mkdir(parents=True)
    (tmp_path / "pagefind" / "part-9" / "stale.txt").write_text("from an earlier build")
    done = index_site(tmp_path, pages=names[:5], per_part=2)
    assert (done.pages, done.parts) == (5, 3)
    output = tmp_path / "pagefind"
    assert json.loads((output / "parts.json").read_text()) == ["part-2/", "part-3/"]
    assert not (output / "part-9").exists()  # nothing of an earlier build is left to be fetched
    urls = []
    for folder in (output, output / "part-2", output / "part-3"):
        entry = json.loads((folder / "pagefind-entry.json").read_text())
        assert [language["wasm"] for language in entry["languages"].values()] == ["en"]
        assert not {p.name for p in folder.iterdir()} & {"pagefind-ui.js", "wasm.unknown.pagefind"}  # pruned too
        urls += [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"] for p in (folder / "fragment").iterdir()]
    assert sorted(urls) == ["/", "/r0/", "/r1/", "/r2/", "/r3/"]
    assert set(fragments(tmp_path)) == set(urls)
    one = index_site(tmp_path, pages=names[:5])
    assert (one.pages, one.parts) == (5, 1) and json.loads((output / "parts.json").read_text()) == []
    assert not (output / "part-2").exists()


HOSTILE = 'Chips <script>alert(1)</script> & "quotes", commas: yes'


def test_contributor_text_reaches_the_index_escaped_once(tmp_path: Path) -> None:
    """A topic's title and description are the page's search metadata and text: exactly as written, never markup."""
    topics = MINI_TOPICS.replace("title: Economic security", f"title: '{HOSTILE}'") \
        .replace("description: How states protect their economies.", f"description: '{HOSTILE}.'")
    actors = MINI_ACTORS.replace("name: The Alliance", f"name: '{HOSTILE}'")
    site = build_site(make_project(tmp_path / "p", topics=topics, actors=actors), tmp_path / "site")
    pages = fragments(site)
    assert pages["/topics/security/"]["meta"]["title"] == HOSTILE
    assert pages["/topics/security/"]["content"] == HOSTILE + "."
    assert pages["/actors/alliance/"]["meta"]["title"] == HOSTILE
    assert pages["/actors/alliance/"]["filters"]["name"] == [HOSTILE.lower()]
    html = (site / "topics" / "security" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert 'data-pagefind-meta="title[content]" content="Chips &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;, commas: yes"' in html


def test_a_glob_longer_than_a_command_line_argument_reaches_pagefind(tmp_path: Path) -> None:
    """Linux caps one argument at 128 KiB: the page list of some 1,300 reports is longer, and still works."""
    from macros.searchindex import index_site, pages_glob

    names = [f"reports/r{i:04d}-{'long-report-slug-' * 5}/index.html" for i in range(3000)]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True)
        path.write_text(f"<html><body><main data-pagefind-body><p>words {name[8:13]}</p></main></body></html>")
    kept = names[::2]
    assert len(pages_glob(kept) or "") > 131072
    assert index_site(tmp_path, pages=kept).pages == len(kept)
